"""Fixtures of the letters' tests: a facility, a dispatcher, a posted letter."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.files.storage import FileSystemStorage

from tests.factories import gomel_colony
from tests.letters.helpers import RETURN_ADDRESS, approved_letter, named_prisoner
from vestka.letters.dispatch import batch_create, batch_post
from vestka.letters.models import Reply


@pytest.fixture
def dispatch_settings(settings):
    """A return address, an email key and a public address, as an installation has."""
    settings.VESTKA_RETURN_ADDRESS = RETURN_ADDRESS
    settings.VESTKA_EMAIL_KEYS = [Fernet.generate_key().decode()]
    settings.SITE_URL = "https://vestka.example"


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    """Reply scans go to a temporary folder, not the installation's var/private."""
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(Reply._meta.get_field("scan"), "storage", storage)
    return storage


@pytest.fixture
def dispatcher(django_user_model):
    return django_user_model.objects.create_user("dispatcher", is_staff=True)


@pytest.fixture
def colony(db):
    return gomel_colony()


@pytest.fixture
def posted(colony, dispatcher):
    """A posted letter whose sender asked for notices, in Belarusian."""
    person = named_prisoner("Выдуманная Алёна Петровна", facility=colony)
    letter = approved_letter(person, email="ala@example.org", ui_language="be")
    batch = batch_create(facility=colony, actor=dispatcher)
    batch_post(batch=batch, actor=dispatcher)
    letter.refresh_from_db()
    return letter

import datetime

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import PersonNameFactory, prisoner
from vestka.calendar import services
from vestka.registry.models import PersonName


@pytest.fixture(autouse=True)
def _english(settings):
    settings.SITE_URL = "https://vestka.example"
    # The feed is cached for an hour: each test starts without it.
    cache.clear()
    translation.activate("en")
    yield
    translation.activate("en")


def held(name: str, *, detained=datetime.date(2021, 3, 1), birthday=None, latin="", **fields):
    """A fictional political prisoner held now, with a public birthday (month, day)."""
    person = prisoner(name=name, detained=detained, **fields)
    if latin:
        PersonNameFactory(person=person, form=PersonName.Form.LATIN, text=latin)
    if birthday:
        services.public_birthday_publish(person=person, month=birthday[0], day=birthday[1])
    return person

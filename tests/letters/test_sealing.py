"""Senders' emails are sealed at rest: the database holds tokens, never addresses."""

import os

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from tests.factories import prisoner
from vestka.letters import sealing
from vestka.letters.models import Letter
from vestka.letters.services import letter_submit

EMAIL = "fictional.writer@example.org"
KEY, OTHER_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
TEXT = "Прывітанне! Як ты? У нас выпаў снег. Што ты чытаеш? Абдымаю! " * 4


@pytest.fixture(autouse=True)
def _key(settings):
    settings.VESTKA_EMAIL_KEYS = [KEY]


def test_an_email_comes_back_out_of_its_seal():
    sealed = sealing.seal(EMAIL)
    assert sealed != EMAIL and EMAIL not in sealed
    assert sealing.unseal(sealed) == EMAIL


def test_sealing_twice_gives_two_different_tokens():
    # A sealed column cannot be searched or compared for "the same writer".
    assert sealing.seal(EMAIL) != sealing.seal(EMAIL)


def test_no_email_seals_to_nothing():
    assert (sealing.seal(""), sealing.unseal(""), sealing.reseal("")) == ("", "", "")


@pytest.mark.django_db
def test_the_database_column_never_holds_the_address():
    letter = letter_submit(person=prisoner(), sender_name="Ala", text=TEXT, email=EMAIL)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sender_email_sealed FROM letters_letter WHERE id = %s", [letter.pk])
        [(stored,)] = cursor.fetchall()
    assert stored and "@" not in stored and "fictional" not in stored
    assert sealing.unseal(stored) == EMAIL
    assert not Letter.objects.filter(sender_email_sealed__icontains="example.org").exists()


def test_a_seal_made_with_another_key_is_broken(settings):
    settings.VESTKA_EMAIL_KEYS = [OTHER_KEY]
    sealed = sealing.seal(EMAIL)
    settings.VESTKA_EMAIL_KEYS = [KEY]
    with pytest.raises(sealing.SealBroken, match="rotate-keys"):
        sealing.unseal(sealed)
    with pytest.raises(sealing.SealBroken):
        sealing.reseal(sealed)


def test_a_tampered_seal_is_broken():
    sealed = sealing.seal(EMAIL)
    tampered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(sealing.SealBroken):
        sealing.unseal(tampered)


def test_an_older_key_still_opens_and_reseal_moves_to_the_newest(settings):
    sealed = sealing.seal(EMAIL)
    settings.VESTKA_EMAIL_KEYS = [OTHER_KEY, KEY]
    assert sealing.unseal(sealed) == EMAIL
    resealed = sealing.reseal(sealed)
    settings.VESTKA_EMAIL_KEYS = [OTHER_KEY]
    assert sealing.unseal(resealed) == EMAIL


@pytest.mark.parametrize("keys", [["not-a-key"], [KEY, "short"], ["x" * 44]])
def test_a_bad_key_configuration_is_a_clear_error(settings, keys):
    settings.VESTKA_EMAIL_KEYS = keys
    with pytest.raises(ImproperlyConfigured, match="must be Fernet keys.*letters new-key"):
        sealing.seal(EMAIL)


def test_a_new_key_works_as_a_key(settings):
    settings.VESTKA_EMAIL_KEYS = [sealing.new_key()]
    assert sealing.unseal(sealing.seal(EMAIL)) == EMAIL


def test_without_configured_keys_one_is_made_once_and_kept_private(settings, tmp_path):
    settings.VESTKA_EMAIL_KEYS = []
    settings.VAR_DIR = tmp_path
    first = sealing.installation_keys()
    assert sealing.installation_keys() == first and len(first) == 1
    path = tmp_path / sealing.KEY_FILE
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert sealing.unseal(sealing.seal(EMAIL)) == EMAIL

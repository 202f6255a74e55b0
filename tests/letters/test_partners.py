"""Partner apps: a token shown once, kept only as a digest, revoked at once."""

import hashlib

import pytest

from tests.factories import prisoner
from vestka.letters.models import PartnerApp
from vestka.letters.partners import (
    PartnerRefused,
    partner_app_by_token,
    partner_app_create,
    partner_app_revoke,
    partner_apps_with_letter_counts,
)
from vestka.letters.services import letter_submit

pytestmark = pytest.mark.django_db

TEXT = "Прывітанне! Як ты? У нас выпаў снег. Што ты чытаеш? Абдымаю! " * 4


def test_the_token_is_returned_once_and_only_its_digest_is_stored():
    app, token = partner_app_create(name="Fictional Pen Pals", letters_per_hour=50)
    assert token.startswith("vka_") and len(token) >= 40
    app.refresh_from_db()
    assert app.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert app.token_prefix == token[:8]
    assert (app.name, app.letters_per_hour, app.revoked_at) == ("Fictional Pen Pals", 50, None)
    stored = PartnerApp.objects.values().get()
    assert not any(token in str(value) for value in stored.values())


def test_each_app_gets_its_own_token():
    tokens = {partner_app_create(name=f"App {n}")[1] for n in range(5)}
    assert len(tokens) == 5


def test_a_token_finds_its_app_and_nothing_else_does():
    app, token = partner_app_create(name="Fictional Pen Pals")
    assert partner_app_by_token(token=token) == app
    for wrong in (
        "",
        token[:-1],
        token + "x",
        token.upper(),
        "vka_",
        "x" * 10_000,
        app.token_digest,
    ):
        assert partner_app_by_token(token=wrong) is None


def test_a_revoked_token_finds_nothing_and_revoking_again_keeps_the_first_time():
    app, token = partner_app_create(name="Fictional Pen Pals")
    revoked = partner_app_revoke(name=" Fictional Pen Pals ")
    assert revoked.revoked_at is not None
    assert partner_app_by_token(token=token) is None
    again = partner_app_revoke(name="Fictional Pen Pals")
    assert again.revoked_at == revoked.revoked_at


@pytest.mark.parametrize(
    ("name", "per_hour", "message"),
    [
        ("  ", 600, "Give the partner app a name"),
        ("x" * 101, 600, "longer than 100"),
        ("Fine", 0, "between 1 and"),
        ("Fine", 1_000_000, "between 1 and"),
    ],
)
def test_bad_partner_apps_are_refused_and_nothing_is_stored(name, per_hour, message):
    with pytest.raises(PartnerRefused, match=message):
        partner_app_create(name=name, letters_per_hour=per_hour)
    assert not PartnerApp.objects.exists()


def test_a_name_is_used_once():
    partner_app_create(name="Fictional Pen Pals")
    with pytest.raises(PartnerRefused, match="already a partner app named 'Fictional Pen Pals'"):
        partner_app_create(name=" Fictional Pen Pals")
    assert PartnerApp.objects.count() == 1


def test_revoking_an_unknown_app_says_so():
    with pytest.raises(PartnerRefused, match="no partner app named 'Nobody'"):
        partner_app_revoke(name="Nobody")


def test_the_list_counts_each_apps_letters():
    busy, _ = partner_app_create(name="B busy app")
    partner_app_create(name="A quiet app")
    person = prisoner()
    for n in range(3):
        letter_submit(person=person, sender_name="Ala", text=f"{TEXT} {n}", partner=busy)
    listed = [(app.name, app.letters_count) for app in partner_apps_with_letter_counts()]
    assert listed == [("A quiet app", 0), ("B busy app", 3)]

"""`vestka letters …`: purge, keys and partner apps from the console."""

import datetime
import json
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.factories import prisoner
from vestka.letters import sealing
from vestka.letters.models import Letter, LetterEvent, PartnerApp
from vestka.letters.partners import partner_app_by_token
from vestka.letters.services import letter_act, letter_submit

pytestmark = pytest.mark.django_db

TEXT = "Прывітанне! Як ты? У нас выпаў снег. Што ты чытаеш? Абдымаю! " * 4
EMAIL = "fictional.writer@example.org"
OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _keys(settings):
    settings.VESTKA_EMAIL_KEYS = [OLD_KEY]


def letters(*args) -> str:
    out = StringIO()
    call_command("letters", *args, stdout=out)
    return out.getvalue()


def purgeable_letters():
    """A rejected letter and a posted one, both with an email, acted on 200 days ago."""
    person = prisoner()
    for actions in (("reject",), ("approve", "batch", "post")):
        letter = letter_submit(person=person, sender_name="Ala", text=TEXT, email=EMAIL)
        for action in actions:
            role = "moderator" if action in ("reject", "approve") else "dispatcher"
            letter_act(letter_id=letter.pk, action=action, role=role, reason="Fictional.")
    long_ago = timezone.now() - datetime.timedelta(days=200)
    Letter.objects.update(email_purge_after=long_ago)
    LetterEvent.objects.update(at=long_ago)


# purge


def test_purge_prints_what_it_deleted_and_a_dry_run_only_counts():
    purgeable_letters()
    dry = letters("purge", "--dry-run")
    assert "Emails would be deleted: 2 (2 kept the longest allowed" in dry
    assert "Letter texts would be deleted: 2 (1 after posting, 1 after rejection)" in dry
    assert not Letter.objects.filter(text="").exists()
    done = letters("purge")
    assert "Emails deleted: 2" in done and "Letter texts deleted: 2" in done
    assert Letter.objects.filter(text="", sender_email_sealed="").count() == 2
    again = letters("purge")
    assert "Emails deleted: 0" in again and "Letter texts deleted: 0" in again


def test_purge_prints_json_for_a_timer_to_log():
    purgeable_letters()
    report = json.loads(letters("purge", "--json"))
    assert report == {
        "emails_expired": 2,
        "emails_after_end": 0,
        "texts_after_posting": 1,
        "texts_after_rejection": 1,
        "batch_pdfs": 0,
        "dry_run": False,
        "emails": 2,
        "texts": 2,
    }


# keys


def test_new_key_prints_a_fernet_key():
    key = letters("new-key").strip()
    Fernet(key.encode())  # a valid key, or this raises
    assert key != letters("new-key").strip()


def test_rotate_keys_reseals_and_says_how_many(settings):
    letter_submit(person=prisoner(), sender_name="Ala", text=TEXT, email=EMAIL)
    settings.VESTKA_EMAIL_KEYS = [NEW_KEY, OLD_KEY]
    assert "Resealed 1 email with the newest key" in letters("rotate-keys")
    settings.VESTKA_EMAIL_KEYS = [NEW_KEY]
    assert sealing.unseal(Letter.objects.get().sender_email_sealed) == EMAIL


def test_rotate_keys_without_the_old_key_stops_with_a_clear_message(settings):
    letter_submit(person=prisoner(), sender_name="Ala", text=TEXT, email=EMAIL)
    before = Letter.objects.get().sender_email_sealed
    settings.VESTKA_EMAIL_KEYS = [NEW_KEY]
    with pytest.raises(CommandError, match="put back the key they were sealed with"):
        letters("rotate-keys")
    assert Letter.objects.get().sender_email_sealed == before


def test_rotate_keys_with_a_malformed_key_stops_with_a_clear_message(settings):
    settings.VESTKA_EMAIL_KEYS = ["not-a-key"]
    with pytest.raises(CommandError, match="must be Fernet keys"):
        letters("rotate-keys")


# partner apps


def test_partner_create_prints_the_token_once_with_a_warning():
    out = letters("partner", "create", "Fictional Pen Pals", "--per-hour", "50")
    assert "shown this once only" in out
    [token] = [word for word in out.split() if word.startswith("vka_")]
    app = partner_app_by_token(token=token)
    assert (app.name, app.letters_per_hour) == ("Fictional Pen Pals", 50)


def test_partner_list_shows_prefix_dates_revocation_and_letters():
    letters("partner", "create", "Fictional Pen Pals")
    letters("partner", "create", "Revoked fictional app")
    letters("partner", "revoke", "Revoked fictional app")
    app = PartnerApp.objects.get(name="Fictional Pen Pals")
    letter_submit(person=prisoner(), sender_name="Ala", text=TEXT, partner=app)
    lines = letters("partner", "list").splitlines()
    assert lines[0].split() == ["name", "token", "made", "revoked", "per", "hour", "letters"]
    today = f"{timezone.now():%Y-%m-%d}"
    assert lines[1].split()[-5:] == [f"{app.token_prefix}…", today, "-", "600", "1"]
    assert lines[2].startswith("Revoked fictional app")
    assert lines[2].split()[-4:] == [today, today, "600", "0"]


def test_partner_list_with_no_apps_says_how_to_make_one():
    assert "partner create NAME" in letters("partner", "list")


def test_partner_revoke_stops_the_token_and_says_so_twice_differently():
    out = letters("partner", "create", "Fictional Pen Pals")
    [token] = [word for word in out.split() if word.startswith("vka_")]
    assert "is revoked" in letters("partner", "revoke", "Fictional Pen Pals")
    assert partner_app_by_token(token=token) is None
    assert "was already revoked on" in letters("partner", "revoke", "Fictional Pen Pals")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("partner", "revoke", "Nobody"), "no partner app named 'Nobody'"),
        (("partner", "create", "X", "--per-hour", "0"), "between 1 and"),
        (("partner", "create", " "), "Give the partner app a name"),
        (("partner",), "ACTION"),
        ((), "SUBCOMMAND"),
        (("shred",), "invalid choice"),
    ],
)
def test_bad_input_stops_with_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        letters(*args)
    assert not PartnerApp.objects.exists()


def test_a_duplicate_name_is_refused():
    letters("partner", "create", "Fictional Pen Pals")
    with pytest.raises(CommandError, match="already a partner app named"):
        letters("partner", "create", "Fictional Pen Pals")
    assert PartnerApp.objects.count() == 1

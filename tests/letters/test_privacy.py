"""Emails and letter texts are deleted on schedule, and sealed emails survive a key change."""

import datetime
import json

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone

from tests.factories import minsk_pretrial, prisoner
from vestka.letters import lifecycle, privacy, sealing
from vestka.letters.models import Letter
from vestka.letters.privacy import (
    PurgeReport,
    ResealRefused,
    emails_reseal,
    letter_forget_email,
    letters_purge,
)
from vestka.letters.services import letter_act, letter_submit
from vestka.screening import RULES

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TEXT = (
    "Прывітанне! Як ты? У нас выпаў снег, і ў вольны час я катаюся на лыжах. Учора пякла "
    "пірог з яблыкамі. Што ты чытаеш? Напішы, якія кнігі табе даслаць. Абдымаю! "
) * 2
EMAIL = "fictional.writer@example.org"
OLD_KEY, NEW_KEY, OTHER_KEY = (Fernet.generate_key().decode() for _ in range(3))


@pytest.fixture(autouse=True)
def _keys(settings):
    settings.VESTKA_EMAIL_KEYS = [OLD_KEY]
    settings.VESTKA_EMAIL_KEEP_DAYS = 180
    settings.VESTKA_EMAIL_KEEP_DAYS_AFTER_END = 14
    settings.VESTKA_TEXT_KEEP_DAYS_AFTER_POSTING = 7


@pytest.fixture
def person():
    # Pre-trial: every route is open, so letters may be sent now or kept for release.
    return prisoner(facility=minsk_pretrial())


def letter(person, *actions, email=EMAIL, route="send_now", text=TEXT):
    """A letter taken through ``actions`` (each by the role that may take it), now."""
    made = letter_submit(person=person, sender_name="Ala", text=text, email=email, route=route)
    for action in actions:
        role = lifecycle.ACTIONS[action].roles[0]
        made = letter_act(
            letter_id=made.pk,
            action=action,
            role=role,
            reason="Fictional reason.",
            text="Прывітанне! Пераклад." if action == "translate" else "",
        )
    return made


def posted(person, **kwargs):
    return letter(person, "approve", "batch", "post", **kwargs)


def snapshot():
    return list(Letter.objects.order_by("pk").values())


def later(days):
    return timezone.now() + days * DAY


# Emails


def test_an_email_is_kept_until_its_purge_date():
    made = letter(prisoner())
    assert made.email_purge_after.date() == (timezone.now() + 180 * DAY).date()
    assert letters_purge(now=later(179)).emails == 0
    report = letters_purge(now=later(181))
    assert (report.emails_expired, report.emails_after_end) == (1, 0)
    made.refresh_from_db()
    assert (made.sender_email_sealed, made.email_purge_after) == ("", None)
    assert made.text == TEXT.strip()  # the letter itself is untouched


@pytest.mark.parametrize(
    "actions",
    [
        ("reject",),
        ("approve", "batch", "post", "return"),
        ("approve", "batch", "post", "reply"),
        ("approve", "batch", "post", "archive"),
    ],
)
def test_an_email_goes_two_weeks_after_the_letters_story_ends(person, actions):
    made = letter(person, *actions)
    assert letters_purge(now=later(13)).emails == 0
    report = letters_purge(now=later(15))
    assert report.emails_after_end == 1
    made.refresh_from_db()
    assert made.sender_email_sealed == "" and made.email_purge_after is None


def test_a_story_ends_when_it_first_reaches_an_end_not_when_it_is_archived(person):
    made = letter(person, "approve", "batch", "post", "reply", "archive")
    # The reply came 20 days ago; the letter was filed away only yesterday.
    made.events.filter(action="reply").update(at=timezone.now() - 20 * DAY)
    made.events.filter(action="archive").update(at=timezone.now() - DAY)
    assert letters_purge().emails_after_end == 1


def test_letters_still_on_their_way_keep_the_email(person):
    waiting = [
        letter(person),
        letter(person, "approve"),
        letter(person, "approve", "batch", "post"),
        letter(person, "request_edit"),
    ]
    assert letters_purge(now=later(100)).emails == 0
    assert all(Letter.objects.get(pk=w.pk).sender_email_sealed for w in waiting)


def test_the_sender_can_have_their_email_forgotten_at_once(person):
    made = letter(person)
    other = letter(person, text=TEXT + " Другі ліст.")
    letter_forget_email(letter=made)
    assert (made.sender_email_sealed, made.email_purge_after) == ("", None)
    made.refresh_from_db()
    assert (made.sender_email_sealed, made.email_purge_after) == ("", None)
    assert made.state == lifecycle.SUBMITTED and made.text
    assert sealing.unseal(Letter.objects.get(pk=other.pk).sender_email_sealed) == EMAIL


# Texts


def test_a_text_and_its_translation_go_a_week_after_posting(person):
    made = letter(
        person, "send_to_translation", "translate", "approve", "batch", "post", text="Hello!"
    )
    assert made.translation
    assert letters_purge(now=later(6)).texts == 0
    now = later(8)
    report = letters_purge(now=now)
    assert (report.texts_after_posting, report.texts_after_rejection) == (1, 0)
    made.refresh_from_db()
    assert (made.text, made.translation, made.text_purged_at) == ("", "", now)


def test_a_letter_kept_for_release_keeps_its_text_until_it_is_handed_over(person):
    waiting = letter(person, "approve", route="keep_for_release")
    handed_over = posted(person, route="keep_for_release")
    sent = posted(person)
    assert letters_purge(now=later(400)).texts_after_posting == 2
    assert Letter.objects.get(pk=waiting.pk).text == TEXT.strip()
    assert Letter.objects.get(pk=handed_over.pk).text == ""
    assert Letter.objects.get(pk=sent.pk).text == ""


@pytest.mark.parametrize(
    ("route", "actions"),
    [
        ("send_now", ("reject",)),
        ("keep_for_release", ("reject",)),
        ("send_now", ("reject", "archive")),
    ],
)
def test_a_rejected_text_goes_a_week_after_rejection(person, route, actions):
    made = letter(person, *actions, route=route)
    assert letters_purge(now=later(6)).texts == 0
    assert letters_purge(now=later(8)).texts_after_rejection == 1
    made.refresh_from_db()
    assert made.text == "" and made.text_purged_at is not None


def test_texts_not_yet_posted_are_kept(person):
    for actions in [(), ("approve",), ("approve", "batch"), ("request_edit",)]:
        letter(person, *actions)
    assert letters_purge(now=later(365)).texts == 0
    assert not Letter.objects.filter(text="").exists()


def test_the_screening_that_stays_holds_no_words_of_the_letter(person):
    secret_bits = ["+375 29 765 43 21", "zbor-fictional.org", "Зьмітрок Выдуманы", "fictional.x@"]
    text = (
        TEXT + " Звані +375 29 765 43 21, zbor-fictional.org, Зьмітрок Выдуманы, fictional.x@ex.org"
    )
    made = posted(person, text=text)
    letters_purge(now=later(8))
    made.refresh_from_db()
    assert made.text == "" and len(made.screening["flags"]) >= 3
    for flag in made.screening["flags"]:
        # A rule, its severity, its fixed explanation and two offsets: nothing else.
        assert set(flag) == {"rule", "severity", "message", "start", "end"}
        assert flag["message"] == RULES[flag["rule"]].message(made.ui_language)
        assert isinstance(flag["start"], int) and isinstance(flag["end"], int)
    stored = json.dumps(made.screening, ensure_ascii=False)
    assert not [bit for bit in secret_bits if bit in stored]


# Every purge


def test_purging_twice_changes_nothing_more(person):
    posted(person), letter(person, "reject"), letter(person)
    now = later(200)
    first = letters_purge(now=now)
    assert (first.emails, first.texts) == (3, 2)
    after_first = snapshot()
    second = letters_purge(now=now + DAY)
    assert second == PurgeReport()
    assert snapshot() == after_first


def test_a_dry_run_counts_what_a_purge_would_do_and_changes_nothing(person):
    (
        posted(person),
        letter(person, "reject"),
        letter(person),
        posted(person, route="keep_for_release"),
    )
    before = snapshot()
    now = later(200)
    dry = letters_purge(now=now, dry_run=True)
    assert snapshot() == before
    real = letters_purge(now=now)
    assert dry.dry_run and not real.dry_run
    assert dry.as_dict() | {"dry_run": False} == real.as_dict()
    assert (real.emails_expired, real.texts_after_posting, real.texts_after_rejection) == (4, 2, 1)


def test_a_purge_adds_no_event(person):
    posted(person)
    events = list(person.letters.get().events.values_list("pk", flat=True))
    letters_purge(now=later(200))
    assert list(person.letters.get().events.values_list("pk", flat=True)) == events


def test_the_report_adds_up():
    report = PurgeReport(emails_expired=1, emails_after_end=2, texts_after_posting=3, batch_pdfs=4)
    assert report.as_dict() == {
        "emails_expired": 1,
        "emails_after_end": 2,
        "texts_after_posting": 3,
        "texts_after_rejection": 0,
        "batch_pdfs": 4,
        "dry_run": False,
        "emails": 3,
        "texts": 3,
    }


# Key rotation


def test_rotation_reseals_every_email_with_the_newest_key(person, settings, monkeypatch):
    monkeypatch.setattr(privacy, "RESEAL_CHUNK", 2)  # several chunks
    sealed = [letter(person, text=f"{TEXT} {n}") for n in range(5)]
    without = letter(person, email="", text=TEXT + " Без адраса.")
    before = {m.pk: m.sender_email_sealed for m in sealed}
    settings.VESTKA_EMAIL_KEYS = [NEW_KEY, OLD_KEY]
    assert emails_reseal() == 5
    settings.VESTKA_EMAIL_KEYS = [NEW_KEY]  # the old key can go now
    for made in sealed:
        made.refresh_from_db()
        assert made.sender_email_sealed != before[made.pk]
        assert sealing.unseal(made.sender_email_sealed) == EMAIL
    assert Letter.objects.get(pk=without.pk).sender_email_sealed == ""


def test_rotation_is_refused_before_any_change_when_a_key_is_missing(person, settings):
    settings.VESTKA_EMAIL_KEYS = [OTHER_KEY]
    lost = letter(person, text=TEXT + " Сакрэтны ключ.")
    settings.VESTKA_EMAIL_KEYS = [OLD_KEY]
    kept = [letter(person, text=f"{TEXT} {n}") for n in range(3)]
    before = snapshot()
    settings.VESTKA_EMAIL_KEYS = [NEW_KEY, OLD_KEY]
    with pytest.raises(ResealRefused, match=rf"1 letter \(id {lost.pk}\)\. Nothing was resealed"):
        emails_reseal()
    assert snapshot() == before
    assert len(kept) == 3


def test_a_refusal_names_the_first_letters_and_counts_the_rest(person, settings):
    settings.VESTKA_EMAIL_KEYS = [OTHER_KEY]
    lost = [letter(person, text=f"{TEXT} {n}") for n in range(12)]
    settings.VESTKA_EMAIL_KEYS = [NEW_KEY]
    with pytest.raises(ResealRefused, match="12 letters .* and 2 more") as refusal:
        emails_reseal()
    assert str(lost[0].pk) in str(refusal.value)

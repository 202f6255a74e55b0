"""letter_submit: a sealed email with a purge date, routes the person's situation allows,
one letter per submission, and the brakes on how many letters arrive."""

import datetime

import pytest
from cryptography.fernet import Fernet
from django.db.models import QuerySet
from django.utils import timezone

from tests.factories import gomel_colony, minsk_pretrial, prisoner
from vestka.letters import deliverability, sealing
from vestka.letters.models import Letter, LetterEvent
from vestka.letters.partners import partner_app_create, partner_app_revoke
from vestka.letters.selectors import person_deliverability
from vestka.letters.services import LetterRefused, LettersBusy, letter_submit

pytestmark = pytest.mark.django_db

TEXT = (
    "Прывітанне! Як ты? У нас выпаў снег, і ў вольны час я катаюся на лыжах. Учора пякла "
    "пірог з яблыкамі. Што ты чытаеш? Напішы, якія кнігі табе даслаць. Абдымаю! "
) * 2
EMAIL = "fictional.writer@example.org"


@pytest.fixture(autouse=True)
def _key(settings):
    settings.VESTKA_EMAIL_KEYS = [Fernet.generate_key().decode()]
    settings.VESTKA_EMAIL_KEEP_DAYS = 180
    settings.VESTKA_LETTERS_PER_MINUTE = 3000


def submit(person=None, **fields):
    return letter_submit(
        person=person or prisoner(), **{"sender_name": "Ala", "text": TEXT, **fields}
    )


def nothing_stored():
    return not Letter.objects.exists() and not LetterEvent.objects.exists()


# The email


def test_an_email_is_sealed_and_given_a_purge_date():
    before = timezone.now()
    letter = submit(email=f"  {EMAIL} ")
    letter.refresh_from_db()
    assert EMAIL not in letter.sender_email_sealed
    assert sealing.unseal(letter.sender_email_sealed) == EMAIL
    kept = letter.email_purge_after - before
    assert datetime.timedelta(days=180) <= kept < datetime.timedelta(days=180, minutes=1)


def test_without_an_email_nothing_is_sealed_and_nothing_is_to_purge():
    letter = submit()
    assert (letter.sender_email_sealed, letter.email_purge_after) == ("", None)


@pytest.mark.parametrize("email", ["fictional.writer", "a@b", "two@at@example.org", "x y@ex.org"])
def test_something_that_is_not_an_email_is_refused(email):
    with pytest.raises(LetterRefused, match="is not an email address"):
        submit(email=email)
    assert nothing_stored()


# Routes and deliverability


def pretrial():
    return prisoner(facility=minsk_pretrial())


def sentenced():
    person = prisoner(facility=gomel_colony())
    person.prosecutions.update(verdict_on=datetime.date(2021, 9, 14))
    return person


def incommunicado():
    person = sentenced()
    person.incommunicado = True
    person.save()
    return person


def released():
    return prisoner(released=datetime.date(2023, 5, 1))


def died():
    return prisoner(facility=gomel_colony(), died=datetime.date(2023, 1, 2))


@pytest.mark.parametrize(
    ("make", "kind", "send_now", "keep_for_release"),
    [
        (pretrial, deliverability.PRETRIAL, True, True),
        (sentenced, deliverability.SENTENCED, True, True),
        (incommunicado, deliverability.INCOMMUNICADO, "kept for delivery on release", True),
        (released, deliverability.RELEASED, "not in prison", "not in prison"),
        (died, deliverability.DIED, "not in prison", "not in prison"),
    ],
)
def test_the_route_must_be_one_the_persons_situation_allows(make, kind, send_now, keep_for_release):
    person = make()
    assert person_deliverability(person=person).kind == kind
    made = []
    for route, expected in (("send_now", send_now), ("keep_for_release", keep_for_release)):
        if expected is True:
            made.append(submit(person, route=route, text=f"{TEXT} {route}").route)
        else:
            with pytest.raises(LetterRefused, match=expected):
                submit(person, route=route)
    stored = Letter.objects.filter(person=person).values_list("route", flat=True)
    assert sorted(stored) == sorted(made)


def test_a_route_that_does_not_exist_is_refused():
    with pytest.raises(LetterRefused, match="no route 'by_pigeon'"):
        submit(route="by_pigeon")
    with pytest.raises(LetterRefused, match="no route 'write_to_fewest'"):
        # Writing to someone else is advice for the writer, not a way to send a letter.
        submit(route="write_to_fewest")
    assert nothing_stored()


# One submission, one letter


def test_a_submission_key_used_again_returns_the_first_letter():
    person = prisoner()
    first = submit(person, submission_key="form-1")
    again = submit(person, submission_key="form-1", text=TEXT + " Зноў.")
    assert again.pk == first.pk and again.text == first.text
    assert Letter.objects.count() == 1 and LetterEvent.objects.count() == 1


def test_a_repeated_submission_is_answered_even_when_letters_are_busy(settings):
    person = prisoner()
    first = submit(person, submission_key="form-1")
    settings.VESTKA_LETTERS_PER_MINUTE = 1
    assert submit(person, submission_key="form-1").pk == first.pk


def test_two_submissions_with_one_key_at_once_make_one_letter(monkeypatch):
    person = prisoner()
    first = submit(person, submission_key="form-1")
    # The second arrives while the first is being stored: its look-up finds nothing,
    # and the database's unique key stops it making a second letter.
    original_first = QuerySet.first
    calls = []

    def missed_once(queryset):
        calls.append(queryset.model)
        return None if len(calls) == 1 else original_first(queryset)

    monkeypatch.setattr(QuerySet, "first", missed_once)
    again = submit(person, submission_key="form-1")
    assert again.pk == first.pk
    assert Letter.objects.count() == 1 and LetterEvent.objects.count() == 1


def test_different_keys_make_different_letters():
    person = prisoner()
    assert submit(person, submission_key="a").pk != submit(person, submission_key="b").pk


# Pace


def test_the_site_wide_brake_asks_writers_to_wait_a_minute(settings):
    settings.VESTKA_LETTERS_PER_MINUTE = 2
    person = prisoner()
    submit(person), submit(person)
    with pytest.raises(LettersBusy, match="in a minute") as busy:
        submit(person)
    assert isinstance(busy.value, LetterRefused)  # callers that catch refusals catch this
    assert Letter.objects.count() == 2
    Letter.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    submit(person)  # a minute later the brake is off again
    assert Letter.objects.count() == 3


def test_a_partner_app_gets_its_hourly_allowance_and_no_more():
    small, _ = partner_app_create(name="A small fictional app", letters_per_hour=2)
    other, _ = partner_app_create(name="Another fictional app", letters_per_hour=2)
    person = prisoner()
    submit(person), submit(person), submit(person)  # the site's own letters do not count
    submit(person, partner=small), submit(person, partner=small)
    with pytest.raises(LettersBusy, match="2 letters in the last hour"):
        submit(person, partner=small)
    submit(person, partner=other)  # each app has its own allowance
    small.letters.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    submit(person, partner=small)
    assert small.letters.count() == 3 and other.letters.count() == 1


def test_a_revoked_partner_app_cannot_submit():
    app, _ = partner_app_create(name="A fictional app")
    app = partner_app_revoke(name="A fictional app")
    with pytest.raises(LetterRefused, match="revoked"):
        submit(partner=app)
    assert nothing_stored()

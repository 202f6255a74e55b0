"""Per-person letter counters and the fewest-letters ranking, from the event log."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import prisoner
from vestka.letters import lifecycle
from vestka.letters.selectors import people_fewest_letters, person_letter_counts
from vestka.letters.services import letter_act, letter_submit

pytestmark = pytest.mark.django_db

TEXT = "Прывітанне! Як ты? У нас выпаў снег. Што ты чытаеш? Абдымаю! " * 6


def posted_letter(person):
    letter = letter_submit(person=person, sender_name="Ala", text=TEXT)
    for action, role in (
        ("approve", lifecycle.MODERATOR),
        ("batch", "dispatcher"),
        ("post", "dispatcher"),
    ):
        letter = letter_act(letter_id=letter.pk, action=action, role=role)
    return letter


def test_counters_follow_what_happened_to_the_letters():
    person = prisoner()
    first, second, _third = posted_letter(person), posted_letter(person), posted_letter(person)
    letter_act(letter_id=first.pk, action="return", role="dispatcher")
    letter_act(letter_id=second.pk, action="reply", role="dispatcher")
    letter_submit(person=person, sender_name="Ala", text=TEXT)  # not posted yet
    counts = person_letter_counts(person=person)
    assert (counts.posted, counts.returned, counts.replies) == (3, 1, 1)
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert person_letter_counts(person=person, since=later).posted == 0


def test_the_fewest_letters_come_first_and_incommunicado_people_are_left_out():
    many, one, none = (
        prisoner(name="А Многа"),
        prisoner(name="Б Адзін"),
        prisoner(name="В Ніводнага"),
    )
    cut_off = prisoner(name="Г Без сувязі")
    cut_off.incommunicado = True
    cut_off.save()
    posted_letter(many), posted_letter(many), posted_letter(one)
    since = timezone.now() - datetime.timedelta(days=30)
    ranked = list(people_fewest_letters(since=since))
    assert ranked == [none, one, many]
    assert [p.letters_posted for p in ranked] == [0, 1, 2]


def test_deliverability_follows_the_registry():
    from tests.factories import gomel_colony, minsk_pretrial
    from vestka.letters import deliverability
    from vestka.letters.selectors import person_deliverability

    waiting = prisoner(facility=minsk_pretrial())
    assert person_deliverability(person=waiting).kind == deliverability.PRETRIAL
    sentenced = prisoner(facility=gomel_colony())
    sentenced.prosecutions.update(verdict_on=datetime.date(2021, 9, 14))
    result = person_deliverability(person=sentenced)
    assert (result.kind, result.can_send_now) == (deliverability.SENTENCED, True)
    sentenced.incommunicado = True
    result = person_deliverability(person=sentenced)
    assert (result.kind, result.can_send_now) == (deliverability.INCOMMUNICADO, False)
    assert result.routes == (deliverability.KEEP_FOR_RELEASE, deliverability.WRITE_TO_FEWEST)

"""Reads of letters: counters per person, built from the event log, and the people who
have received the fewest letters lately."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from vestka.letters import deliverability
from vestka.letters.models import LetterEvent
from vestka.registry.models import Person
from vestka.registry.selectors import people_behind_bars_now


@dataclass(frozen=True)
class LetterCounts:
    posted: int = 0
    returned: int = 0
    replies: int = 0
    # Letters written (submitted) in the time counted that no moderator has rejected:
    # they are on their way, so a campaign's progress moves the day they are written.
    written: int = 0


def person_letter_counts(*, person: Person, since: datetime | None = None) -> LetterCounts:
    """How many letters to a person were posted, came back undelivered and were answered
    (since a time, or ever), counted from what was done to the letters."""
    return letter_counts_by_person(person_ids=[person.pk], since=since).get(
        person.pk, LetterCounts()
    )


def letter_counts_by_person(
    *,
    person_ids: Iterable[int] | QuerySet,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[int, LetterCounts]:
    """The letter counters of many people at once, in one query over the event log:
    events from ``since`` (inclusive) to ``until`` (exclusive), either open. People with
    no event in that time are left out (their counts are all zero). ``person_ids`` may
    be a query of people's ids, which the database then reads as a subquery (any number
    of people, no list of parameters)."""
    ids = person_ids if isinstance(person_ids, QuerySet) else list(person_ids)
    events = LetterEvent.objects.filter(letter__person_id__in=ids)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    rejected = LetterEvent.objects.filter(letter_id=OuterRef("letter_id"), action="reject")
    rows = (
        events.values("letter__person_id")
        .annotate(
            posted=Count("pk", filter=Q(action="post")),
            returned=Count("pk", filter=Q(action="return")),
            replies=Count("pk", filter=Q(action="reply")),
            written=Count("pk", filter=Q(action="submit") & ~Exists(rejected)),
        )
        .order_by()
    )
    return {row.pop("letter__person_id"): LetterCounts(**row) for row in rows}


def people_fewest_letters(*, since: datetime, limit: int = 10) -> QuerySet[Person]:
    """Political prisoners held now who can receive letters (not held incommunicado),
    those with the fewest letters posted to them since ``since`` first: whom to write
    to when any letter will do."""
    return (
        people_behind_bars_now()
        .filter(incommunicado=False)
        .annotate(
            letters_posted=Count(
                "letters__events",
                filter=Q(letters__events__action="post", letters__events__at__gte=since),
            )
        )
        .order_by("letters_posted", "name", "pk")[:limit]
    )


def person_deliverability(*, person: Person) -> deliverability.Deliverability:
    """What honestly happens to a letter written to this person now (see
    ``letters.deliverability``), from their derived custody, facility and cases."""
    return deliverability.deliverability(
        custody=person.custody,
        incommunicado=person.incommunicado,
        facility_kind=person.facility.kind if person.facility is not None else None,
        sentenced=person.prosecutions.filter(verdict_on__isnull=False).exists(),
    )

"""Derive a person's custody status from dated events.

Status is never typed in: it follows from the event history. This module is the
one place that knows how, so the cached fields on a person, the "days behind
bars" on the person page and the "behind bars on date D" query agree. It has no
Django import so that it can be tested and reused alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

DETAINED = "detained"
CHARGED = "charged"
RECOGNISED = "recognised"
SENTENCED = "sentenced"
TRANSFERRED = "transferred"
PUNISHMENT_CELL = "punishment_cell"
INCOMMUNICADO = "incommunicado"
CONTACT_RESTORED = "contact_restored"
MEDICAL_CARE_DENIED = "medical_care_denied"
ILL_TREATMENT = "ill_treatment"
RELEASED = "released"
DIED_IN_CUSTODY = "died_in_custody"
DIED = "died"

STARTS_CUSTODY = frozenset({DETAINED})
ENDS_CUSTODY = frozenset({RELEASED, DIED_IN_CUSTODY})
# Events that place a person in a facility while they are held.
PLACES_IN_FACILITY = frozenset({DETAINED, SENTENCED, TRANSFERRED, PUNISHMENT_CELL})

IN_CUSTODY = "in_custody"
RELEASED_STATE = "released"
DIED_IN_CUSTODY_STATE = "died_in_custody"
DIED_STATE = "died"
UNKNOWN = "unknown"

# Same-day events are applied in the order they happen in a life: a person is
# detained before being sentenced, and released after the day's transfer.
_KIND_ORDER = {
    DETAINED: 0,
    CHARGED: 1,
    RECOGNISED: 2,
    SENTENCED: 3,
    TRANSFERRED: 4,
    PUNISHMENT_CELL: 5,
    INCOMMUNICADO: 6,
    CONTACT_RESTORED: 7,
    MEDICAL_CARE_DENIED: 8,
    ILL_TREATMENT: 9,
    RELEASED: 10,
    DIED_IN_CUSTODY: 11,
    DIED: 12,
}


@dataclass(frozen=True)
class EventFact:
    """The part of an event that custody depends on."""

    kind: str
    on: date | None
    facility_id: int | None = None


@dataclass(frozen=True)
class Custody:
    state: str
    recognised: bool
    facility_id: int | None
    since: date | None  # start of the current (or last) spell behind bars
    until: date | None  # end of the last spell, when it has ended
    incommunicado: bool
    spells: tuple[tuple[date, date | None], ...]  # (start, end) of each spell; end None = ongoing

    def days_behind_bars(self, today: date) -> int:
        """Whole days spent behind bars up to today, counting every spell."""
        total = 0
        for start, end in self.spells:
            stop = min(end or today, today)
            if stop >= start:
                total += (stop - start).days
        return total


def order_key(kind: str, on: date | None) -> tuple[bool, date, int]:
    """Sort key putting events in the order they happened; undated events last."""
    return (on is None, on or date.min, _KIND_ORDER.get(kind, 99))


def ordered(events: Iterable[EventFact]) -> list[EventFact]:
    """Events in the order they happened; undated events come last."""
    return sorted(events, key=lambda e: order_key(e.kind, e.on))


def derive_custody(events: Iterable[EventFact]) -> Custody:
    """Replay the events and return where the person stands now.

    An undated release or death still ends custody (the person is not claimed to
    be behind bars), but it closes no dated spell: the days count stops at the
    last dated fact.
    """
    state = UNKNOWN
    recognised = False
    facility_id: int | None = None
    since: date | None = None
    until: date | None = None
    incommunicado = False
    spells: list[tuple[date, date | None]] = []
    open_start: date | None = None

    for event in ordered(events):
        kind = event.kind
        if kind == RECOGNISED:
            recognised = True
        elif kind in STARTS_CUSTODY:
            if state != IN_CUSTODY:
                since, until = event.on, None
                open_start = event.on
                incommunicado = False
            state = IN_CUSTODY
        elif kind in ENDS_CUSTODY:
            state = RELEASED_STATE if kind == RELEASED else DIED_IN_CUSTODY_STATE
            until = event.on
            if open_start is not None:
                spells.append((open_start, event.on or open_start))
                open_start = None
            facility_id = None if kind == RELEASED else facility_id
            incommunicado = False
        elif kind == DIED:
            state = DIED_STATE
        elif kind == INCOMMUNICADO and state == IN_CUSTODY:
            incommunicado = True
        elif kind == CONTACT_RESTORED:
            incommunicado = False

        if kind in PLACES_IN_FACILITY and event.facility_id is not None:
            if state == IN_CUSTODY or state == UNKNOWN:
                facility_id = event.facility_id

    if open_start is not None:
        spells.append((open_start, None))
    if state != IN_CUSTODY and state != DIED_IN_CUSTODY_STATE:
        facility_id = None
    return Custody(
        state=state,
        recognised=recognised,
        facility_id=facility_id,
        since=since,
        until=until,
        incommunicado=incommunicado,
        spells=tuple(spells),
    )

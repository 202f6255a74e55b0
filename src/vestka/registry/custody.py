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
from typing import NamedTuple

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


class Standing(NamedTuple):
    """Where a person stands after the events of one day (see ``custody_history``);
    a tuple, since a million events make hundreds of thousands of them."""

    on: date
    state: str
    recognised: bool
    facility_id: int | None
    incommunicado: bool


class _Replay:
    """The custody replay, one event at a time: ``derive_custody`` reads its end,
    ``custody_history`` reads it after every day."""

    def __init__(self) -> None:
        self.state = UNKNOWN
        self.recognised = False
        self.facility_id: int | None = None
        self.since: date | None = None
        self.until: date | None = None
        self.incommunicado = False
        self.spells: list[tuple[date, date | None]] = []
        self.open_start: date | None = None

    def apply(self, event: EventFact) -> None:
        kind = event.kind
        if kind == RECOGNISED:
            self.recognised = True
        elif kind in STARTS_CUSTODY:
            # A spell still open (a death recorded as "after release" while held ended
            # nothing) goes on; only a person not held starts a new one.
            if self.state != IN_CUSTODY and self.open_start is None:
                self.since, self.until = event.on, None
                self.open_start = event.on
                self.incommunicado = False
            self.state = IN_CUSTODY
        elif kind in ENDS_CUSTODY:
            self.state = RELEASED_STATE if kind == RELEASED else DIED_IN_CUSTODY_STATE
            self.until = event.on
            if self.open_start is not None:
                self.spells.append((self.open_start, event.on or self.open_start))
                self.open_start = None
            self.facility_id = None if kind == RELEASED else self.facility_id
            self.incommunicado = False
        elif kind == DIED:
            self.state = DIED_STATE
        elif kind == INCOMMUNICADO and self.state == IN_CUSTODY:
            self.incommunicado = True
        elif kind == CONTACT_RESTORED:
            self.incommunicado = False

        if kind in PLACES_IN_FACILITY and event.facility_id is not None:
            if self.state == IN_CUSTODY or self.state == UNKNOWN:
                self.facility_id = event.facility_id

    def shown_facility(self) -> int | None:
        if self.state != IN_CUSTODY and self.state != DIED_IN_CUSTODY_STATE:
            return None
        return self.facility_id

    def standing(self, on: date) -> Standing:
        state = self.state
        shown = state == IN_CUSTODY or state == DIED_IN_CUSTODY_STATE
        return Standing(
            on, state, self.recognised, self.facility_id if shown else None, self.incommunicado
        )

    def custody(self) -> Custody:
        spells = list(self.spells)
        if self.open_start is not None:
            spells.append((self.open_start, None))
        return Custody(
            state=self.state,
            recognised=self.recognised,
            facility_id=self.shown_facility(),
            since=self.since,
            until=self.until,
            incommunicado=self.incommunicado,
            spells=tuple(spells),
        )


def derive_custody(events: Iterable[EventFact]) -> Custody:
    """Replay the events and return where the person stands now.

    An undated release or death still ends custody (the person is not claimed to
    be behind bars), but it closes no dated spell: the days count stops at the
    last dated fact.
    """
    replay = _Replay()
    for event in ordered(events):
        replay.apply(event)
    return replay.custody()


def custody_history(events: Iterable[EventFact]) -> tuple[Custody, list[Standing]]:
    """The replay of ``derive_custody`` read after every day: where the person stands
    now, and where they stood at the end of each day that has dated events, in date
    order. Undated events happen at no known time and make no day (the spells say
    whether an undated release keeps a person from being counted behind bars on any
    day)."""
    replay = _Replay()
    days: list[Standing] = []
    events = ordered(events)
    last = len(events) - 1
    for index, event in enumerate(events):
        replay.apply(event)
        if event.on is not None and (index == last or events[index + 1].on != event.on):
            days.append(replay.standing(event.on))
    return replay.custody(), days

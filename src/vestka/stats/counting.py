"""Counting political prisoners on any date, from their events.

The registry's custody replay (``vestka.registry.custody``) says, person by person,
where someone stood after each dated day and which spells they spent behind bars.
This module turns those replays into one table of date intervals ("segments": a
person was behind bars in facility F, or released, or dead in custody, from day A
to day B) and answers every question about a date D by selecting the intervals that
hold D. Building the table costs one replay per person; each date afterwards is a
few array operations, so every number for a date at 100,000 people takes
milliseconds.

Only people recognised as political prisoners are counted, as in
``registry.selectors.people_behind_bars``. No Django import: tested and benchmarked
alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from vestka.registry import custody

# What a segment says of a person on the days it covers.
BEHIND_BARS = 0
RELEASED = 1
DIED_IN_CUSTODY = 2

# A segment that has not ended (no later dated event) runs to here.
OPEN_END = date.max.toordinal() + 1
# A sentence whose pronouncement is not dated counts on every date.
ALWAYS = 0

# Monthly series start here: the wave of arrests after the 2020 election.
SERIES_START = date(2020, 1, 1)

# Age bands, from the birth year: (key, lowest age, highest age).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-17", 0, 17),
    ("18-29", 18, 29),
    ("30-39", 30, 39),
    ("40-49", 40, 49),
    ("50-59", 50, 59),
    ("60-69", 60, 69),
    ("70+", 70, 200),
)
AGE_UNKNOWN = "unknown"

# Sentence bands, by the longest prison term pronounced: (key, fewest months, most months).
SENTENCE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under-2", 0, 23),
    ("2-5", 24, 59),
    ("5-10", 60, 119),
    ("10-15", 120, 179),
    ("15+", 180, 10**6),
)
SENTENCE_LIFE = "life"
SENTENCE_TERM_UNKNOWN = "term-unknown"
SENTENCE_NONE = "not-sentenced"
SENTENCE_KEYS = (
    SENTENCE_NONE,
    *(key for key, _low, _high in SENTENCE_BANDS),
    SENTENCE_LIFE,
    SENTENCE_TERM_UNKNOWN,
)

GENDERS = ("female", "male", "other", "unknown")
# A life sentence, longer than any term when sentences are compared.
LIFE_MONTHS = 10**6


@dataclass(frozen=True)
class Sentence:
    """A prison sentence of one prosecution: what counts for sentence lengths."""

    term_months: int | None  # None: a prison sentence whose term is not known
    life: bool = False
    pronounced_on: date | None = None  # None: counted on every date


@dataclass(frozen=True)
class PersonRecord:
    """What the counting needs to know of one person."""

    person_id: int
    events: tuple[custody.EventFact, ...]
    gender: str = ""
    birth_year: int | None = None
    article_ids: tuple[int, ...] = ()
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    arrests: int
    recognitions: int
    releases: int


@dataclass(frozen=True)
class Counts:
    """Every number for one date. Breakdowns count the people behind bars on the date;
    facilities, regions and articles by their ids (None: not known)."""

    on: date
    behind_bars: int
    recognised: int
    released: int
    died_in_custody: int
    incommunicado: int
    sentence_years: float
    by_article: dict[int, int]
    by_facility: dict[int | None, int]
    by_region: dict[int | None, int]
    by_sentence: dict[str, int]
    by_gender: dict[str, int]
    by_age: dict[str, int]
    monthly: tuple[MonthCount, ...]


def _ordinal(on: date | None) -> int:
    return on.toordinal() if on is not None else ALWAYS


# Columns of the four tables, in the order _Rows keeps them.
SEGMENT_COLUMNS = ("person", "start", "end", "code", "facility", "incommunicado")
PEOPLE_COLUMNS = ("gender", "birth_year", "recognised_on", "died_on")
ARTICLE_COLUMNS = ("person", "article")
SENTENCE_COLUMNS = ("person", "pronounced", "term", "life")
EVENT_COLUMNS = ("person", "kind", "day")  # arrests (0) and releases (1) for the series


class _Rows:
    """The rows that some people contribute to the timeline's tables, as plain lists
    (far cheaper than arrays to grow row by row)."""

    def __init__(self) -> None:
        self.segments: tuple[list[int], ...] = tuple([] for _ in SEGMENT_COLUMNS)
        self.articles: tuple[list[int], ...] = tuple([] for _ in ARTICLE_COLUMNS)
        self.sentences: tuple[list[int], ...] = tuple([] for _ in SENTENCE_COLUMNS)
        self.events: tuple[list[int], ...] = tuple([] for _ in EVENT_COLUMNS)
        # index -> (gender, birth year, recognised on, died on)
        self.people: dict[int, tuple[int, int, int, int]] = {}

    def add(self, index: int, record: PersonRecord) -> bool:
        """Replay one person and add their rows; False (nothing added) when they are
        not recognised as a political prisoner."""
        derived, days = custody.custody_history(record.events)
        if not derived.recognised:
            return False
        recognised_on, died_on = _add_segments(self.segments, index, record, derived, days)
        gender = GENDERS.index(record.gender) if record.gender in GENDERS else 3
        self.people[index] = (gender, record.birth_year or 0, recognised_on, died_on)
        for article_id in set(record.article_ids):
            self.articles[0].append(index)
            self.articles[1].append(article_id)
        for sentence in record.sentences:
            self.sentences[0].append(index)
            self.sentences[1].append(_ordinal(sentence.pronounced_on))
            self.sentences[2].append(-1 if sentence.term_months is None else sentence.term_months)
            self.sentences[3].append(int(sentence.life))
        for event in record.events:
            if event.on is not None and event.kind in _SERIES_KINDS:
                self.events[0].append(index)
                self.events[1].append(_SERIES_KINDS[event.kind])
                self.events[2].append(event.on.toordinal())
        return True


_SERIES_KINDS = {custody.DETAINED: 0, custody.RELEASED: 1}


def _arrays(columns: tuple[list[int], ...]) -> list[np.ndarray]:
    return [np.asarray(column, dtype=np.int64) for column in columns]


class Timeline:
    """Every recognised political prisoner's history as date intervals, ready to be
    counted on any date. ``update`` replays only the people who changed."""

    def __init__(
        self, people: Iterable[PersonRecord], *, facility_regions: Mapping[int, int | None]
    ):
        self.person_ids: list[int] = []
        self._index: dict[int, int] = {}
        rows = _Rows()
        for record in people:
            index = len(self.person_ids)
            if rows.add(index, record):
                self.person_ids.append(record.person_id)
                self._index[record.person_id] = index
        empty = _Rows()
        self._tables = {
            name: [np.zeros(0, dtype=np.int64) for _ in getattr(empty, name)]
            for name in ("segments", "articles", "sentences", "events")
        }
        self._people = np.zeros((0, len(PEOPLE_COLUMNS)), dtype=np.int64)
        self._apply(rows, replaced=np.zeros(0, dtype=np.int64), facility_regions=facility_regions)

    def update(
        self,
        people: Iterable[PersonRecord],
        *,
        person_ids: Iterable[int],
        facility_regions: Mapping[int, int | None],
    ) -> None:
        """Replace what the timeline holds of the given people (deleted ones, and those
        no longer recognised, leave it) with their records in ``people``."""
        replaced = [self._index[pk] for pk in person_ids if pk in self._index]
        rows = _Rows()
        for record in people:
            index = self._index.get(record.person_id)
            if index is None:
                index = len(self.person_ids)
                if rows.add(index, record):
                    self.person_ids.append(record.person_id)
                    self._index[record.person_id] = index
            else:
                rows.add(index, record)
        self._apply(
            rows, replaced=np.asarray(replaced, dtype=np.int64), facility_regions=facility_regions
        )

    def _apply(
        self,
        rows: _Rows,
        *,
        replaced: np.ndarray,
        facility_regions: Mapping[int, int | None],
    ) -> None:
        for name, old in self._tables.items():
            keep = ~np.isin(old[0], replaced)
            new = _arrays(getattr(rows, name))
            self._tables[name] = [
                np.concatenate([column[keep], added])
                for column, added in zip(old, new, strict=True)
            ]
        people = np.zeros((len(self.person_ids), len(PEOPLE_COLUMNS)), dtype=np.int64)
        people[: len(self._people)] = self._people
        people[replaced] = 0  # gone unless added again below
        for index, values in rows.people.items():
            people[index] = values
        self._people = people

        self.size = len(self.person_ids)
        (
            self.seg_person,
            self.seg_start,
            self.seg_end,
            self.seg_code,
            seg_facility,
            seg_incommunicado,
        ) = self._tables["segments"]
        self.seg_incommunicado = seg_incommunicado.astype(bool)
        self.gender, self.birth_year, self.recognised_on, self.died_on = people.T
        self.art_person, art_ids = self._tables["articles"]
        self.article_ids, self.art_index = np.unique(art_ids, return_inverse=True)
        self.sent_person, self.sent_pronounced, self.sent_term, sent_life = self._tables[
            "sentences"
        ]
        self.sent_life = sent_life.astype(bool)
        _person, kinds, days = self._tables["events"]
        self.arrests = np.sort(days[kinds == 0])
        self.releases = np.sort(days[kinds == 1])
        self.recognitions = np.sort(self.recognised_on[self.recognised_on > 0])
        # Facilities by slot for counting; an unknown facility (-1) takes the last slot.
        known = np.asarray(sorted(facility_regions), dtype=np.int64)
        self._facilities = known
        self._facility_region = dict(facility_regions)
        slots = np.searchsorted(known, seg_facility)
        found = np.zeros(len(seg_facility), dtype=bool)
        if len(known):
            found = (slots < len(known)) & (
                known[np.minimum(slots, len(known) - 1)] == seg_facility
            )
        self.seg_facility_slot = np.where(found, slots, len(known))

    # Who is where on a date

    def _holding(self, on: date) -> np.ndarray:
        day = on.toordinal()
        return (self.seg_start <= day) & (day < self.seg_end)

    def behind_bars(self, on: date) -> list[int]:
        """Ids of the people behind bars on the date."""
        mask = self._holding(on) & (self.seg_code == BEHIND_BARS)
        return sorted(self.person_ids[i] for i in self.seg_person[mask])

    def counts(self, on: date) -> Counts:
        """Every number for the date."""
        day = on.toordinal()
        holding = self._holding(on)
        held = holding & (self.seg_code == BEHIND_BARS)
        held_people = self.seg_person[held]
        inside = np.zeros(self.size, dtype=bool)
        inside[held_people] = True

        facility_counts = np.bincount(
            self.seg_facility_slot[held], minlength=len(self._facilities) + 1
        )
        by_facility: dict[int | None, int] = {}
        by_region: dict[int | None, int] = {}
        for slot, count in enumerate(facility_counts.tolist()):
            if not count:
                continue
            pk = int(self._facilities[slot]) if slot < len(self._facilities) else None
            by_facility[pk] = by_facility.get(pk, 0) + count
            region = self._facility_region.get(pk) if pk is not None else None
            by_region[region] = by_region.get(region, 0) + count

        article_counts = np.bincount(
            self.art_index[inside[self.art_person]], minlength=len(self.article_ids)
        )
        by_article = {
            int(pk): int(n) for pk, n in zip(self.article_ids, article_counts, strict=True) if n
        }

        genders = np.bincount(self.gender[held_people], minlength=len(GENDERS))
        by_gender = {name: int(n) for name, n in zip(GENDERS, genders, strict=True)}

        return Counts(
            on=on,
            behind_bars=int(held.sum()),
            recognised=int(((self.recognised_on > 0) & (self.recognised_on <= day)).sum()),
            released=int((holding & (self.seg_code == RELEASED)).sum()),
            died_in_custody=int((holding & (self.seg_code == DIED_IN_CUSTODY)).sum()),
            incommunicado=int((held & self.seg_incommunicado).sum()),
            sentence_years=self.sentence_years(on),
            by_article=by_article,
            by_facility=by_facility,
            by_region=by_region,
            by_sentence=self._by_sentence(day, inside),
            by_gender=by_gender,
            by_age=self._by_age(on.year, held_people),
            monthly=self.monthly(on),
        )

    def _by_age(self, year: int, people: np.ndarray) -> dict[str, int]:
        births = self.birth_year[people]
        known = births[births > 0]
        ages = year - known
        by_age = {key: int(((ages >= low) & (ages <= high)).sum()) for key, low, high in AGE_BANDS}
        by_age[AGE_UNKNOWN] = int(len(births) - len(known))
        return by_age

    def _pronounced(self, day: int) -> np.ndarray:
        return self.sent_pronounced <= day

    def longest_terms(self, on: date) -> dict[int, int]:
        """For each person behind bars on the date and sentenced by then: the longest
        prison term pronounced, in months (-1: term not known; a life sentence counts
        as longer than any term), keyed by person index."""
        day = on.toordinal()
        held = self._holding(on) & (self.seg_code == BEHIND_BARS)
        inside = np.zeros(self.size, dtype=bool)
        inside[self.seg_person[held]] = True
        return self._longest(day, inside)

    def _longest(self, day: int, inside: np.ndarray) -> dict[int, int]:
        chosen = self._pronounced(day) & inside[self.sent_person]
        terms = np.where(self.sent_life, LIFE_MONTHS, self.sent_term)[chosen]
        longest = np.full(self.size, -2, dtype=np.int64)  # -2: no sentence yet
        np.maximum.at(longest, self.sent_person[chosen], terms)
        people = np.nonzero(longest > -2)[0]
        return {int(i): int(longest[i]) for i in people}

    def _by_sentence(self, day: int, inside: np.ndarray) -> dict[str, int]:
        longest = self._longest(day, inside)
        terms = np.asarray(list(longest.values()), dtype=np.int64)
        by_sentence = {SENTENCE_NONE: int(inside.sum()) - len(terms)}
        for key, low, high in SENTENCE_BANDS:
            by_sentence[key] = int(((terms >= low) & (terms <= high)).sum())
        by_sentence[SENTENCE_LIFE] = int((terms == LIFE_MONTHS).sum())
        by_sentence[SENTENCE_TERM_UNKNOWN] = int((terms == -1).sum())
        return by_sentence

    def sentence_years(self, on: date) -> float:
        """Years of prison pronounced on or before the date in every case of every
        recognised political prisoner, released or not (life sentences and unknown
        terms not included)."""
        chosen = self._pronounced(on.toordinal()) & ~self.sent_life & (self.sent_term > 0)
        return round(float(self.sent_term[chosen].sum()) / 12, 1)

    def monthly(self, on: date) -> tuple[MonthCount, ...]:
        """Arrests, first recognitions and releases in each month from January 2020 to
        the date's month (that month counted up to the date)."""
        if on < SERIES_START:
            return ()
        months = []
        year, month = SERIES_START.year, SERIES_START.month
        while (year, month) <= (on.year, on.month):
            months.append(date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        edges = [m.toordinal() for m in months] + [on.toordinal() + 1]

        def per_month(days: np.ndarray) -> list[int]:
            positions = np.searchsorted(days, edges, side="left")
            return np.diff(positions).tolist()

        arrests, recognitions, releases = (
            per_month(self.arrests),
            per_month(self.recognitions),
            per_month(self.releases),
        )
        return tuple(
            MonthCount(
                month=f"{m.year:04d}-{m.month:02d}",
                arrests=arrests[i],
                recognitions=recognitions[i],
                releases=releases[i],
            )
            for i, m in enumerate(months)
        )

    # Lists for the report

    def incommunicado(self, on: date) -> list[int]:
        """Ids of the people held incommunicado on the date."""
        mask = self._holding(on) & (self.seg_code == BEHIND_BARS) & self.seg_incommunicado
        return sorted(self.person_ids[i] for i in self.seg_person[mask])

    def deaths_in_custody(self, on: date) -> list[tuple[int, date]]:
        """(id, day of death) of the people who died in custody on or before the date,
        most recent first."""
        day = on.toordinal()
        dead = np.nonzero((self.died_on > 0) & (self.died_on <= day))[0]
        found = [(self.person_ids[i], date.fromordinal(int(self.died_on[i]))) for i in dead]
        return sorted(found, key=lambda item: (item[1], item[0]), reverse=True)

    def longest_sentences(self, on: date, *, limit: int = 20) -> list[tuple[int, int]]:
        """(id, months) of the people behind bars on the date with the longest prison
        terms pronounced by then, longest first (life sentences first of all)."""
        terms = [(months, index) for index, months in self.longest_terms(on).items() if months > 0]
        terms.sort(key=lambda item: (-item[0], self.person_ids[item[1]]))
        return [(self.person_ids[index], months) for months, index in terms[:limit]]

    def recognised_between(self, first: date, last: date) -> list[tuple[int, date]]:
        """(id, day) of the people first recognised between the two dates (both
        included), most recent first."""
        low, high = first.toordinal(), last.toordinal()
        found = np.nonzero((self.recognised_on >= low) & (self.recognised_on <= high))[0]
        people = [(self.person_ids[i], date.fromordinal(int(self.recognised_on[i]))) for i in found]
        return sorted(people, key=lambda item: (item[1], item[0]), reverse=True)


def _add_segments(
    seg: tuple[list[int], ...],
    index: int,
    record: PersonRecord,
    derived: custody.Custody,
    days: list[custody.Standing],
) -> tuple[int, int]:
    """Add one person's intervals to the segment columns; return the ordinals of their
    first dated recognition and of their death in custody (0 when there is none).

    Days, spells and releases are all in date order, so one walk over the days with a
    pointer into the spells and the first release day is enough."""
    spells = [(s.toordinal(), OPEN_END if e is None else e.toordinal()) for s, e in derived.spells]
    # As in registry.selectors.people_behind_bars: a release or death in custody with no
    # date ends custody at an unknown time, so the person is behind bars on no day.
    if any(e.on is None and e.kind in custody.ENDS_CUSTODY for e in record.events):
        spells = []
    first_release = min(
        (e.on.toordinal() for e in record.events if e.kind == custody.RELEASED and e.on),
        default=OPEN_END,
    )
    recognised_on = 0
    died_on = 0
    previous_code = previous_facility = previous_incommunicado = -2
    spell = 0
    spell_count = len(spells)
    starts, ends, codes, facilities, silent = seg[1], seg[2], seg[3], seg[4], seg[5]
    last = len(days) - 1
    for position, standing in enumerate(days):
        start = standing.on.toordinal()
        end = days[position + 1].on.toordinal() if position < last else OPEN_END
        if not recognised_on and standing.recognised:
            recognised_on = start
        # Spells begin and end on days with dated events, so one look at the first
        # day tells whether the whole interval lies in a spell.
        while spell < spell_count and spells[spell][1] <= start:
            spell += 1
        facility = -1
        incommunicado = 0
        if spell < spell_count and spells[spell][0] <= start:
            code = BEHIND_BARS
            if standing.facility_id is not None:
                facility = standing.facility_id
            incommunicado = 1 if standing.incommunicado else 0
        elif standing.state == custody.DIED_IN_CUSTODY_STATE:
            code = DIED_IN_CUSTODY
            died_on = died_on or start
        elif standing.state in _FREE_STATES and first_release <= start:
            code = RELEASED
        else:
            previous_code = -2
            continue  # not yet held, or held with no datable end: counted nowhere
        if (
            code == previous_code
            and facility == previous_facility
            and incommunicado == previous_incommunicado
        ):
            ends[-1] = end
            continue
        previous_code, previous_facility, previous_incommunicado = code, facility, incommunicado
        seg[0].append(index)
        starts.append(start)
        ends.append(end)
        codes.append(code)
        facilities.append(facility)
        silent.append(incommunicado)
    return recognised_on, died_on


_FREE_STATES = (custody.RELEASED_STATE, custody.DIED_STATE)

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

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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


@dataclass
class _Columns:
    """Growing columns, turned into arrays once the replay is done."""

    values: dict[str, list[int]] = field(default_factory=dict)

    def add(self, **row: int) -> None:
        for name, value in row.items():
            self.values.setdefault(name, []).append(value)

    def array(self, name: str) -> np.ndarray:
        return np.asarray(self.values.get(name, []), dtype=np.int64)


def _ordinal(on: date | None) -> int:
    return on.toordinal() if on is not None else ALWAYS


class Timeline:
    """Every recognised political prisoner's history as date intervals, ready to be
    counted on any date."""

    def __init__(
        self, people: Iterable[PersonRecord], *, facility_regions: Mapping[int, int | None]
    ):
        segments, people_cols, articles, sentences = _Columns(), _Columns(), _Columns(), _Columns()
        arrests: list[int] = []
        releases: list[int] = []
        self.person_ids: list[int] = []
        for record in people:
            derived = custody.derive_custody(record.events)
            if not derived.recognised:
                continue
            index = len(self.person_ids)
            self.person_ids.append(record.person_id)
            recognised_on, died_on = self._add_segments(segments, index, record, derived)
            people_cols.add(
                gender=GENDERS.index(record.gender) if record.gender in GENDERS else 3,
                birth_year=record.birth_year or 0,
                recognised_on=recognised_on,
                died_on=died_on,
            )
            for article_id in set(record.article_ids):
                articles.add(person=index, article=article_id)
            for sentence in record.sentences:
                sentences.add(
                    person=index,
                    pronounced=_ordinal(sentence.pronounced_on),
                    term=-1 if sentence.term_months is None else sentence.term_months,
                    life=int(sentence.life),
                )
            for event in record.events:
                if event.on is None:
                    continue
                if event.kind == custody.DETAINED:
                    arrests.append(event.on.toordinal())
                elif event.kind == custody.RELEASED:
                    releases.append(event.on.toordinal())

        self.size = len(self.person_ids)
        self.seg_person = segments.array("person")
        self.seg_start = segments.array("start")
        self.seg_end = segments.array("end")
        self.seg_code = segments.array("code")
        self.seg_facility = segments.array("facility")  # -1: not known
        self.seg_incommunicado = segments.array("incommunicado").astype(bool)
        self.gender = people_cols.array("gender")
        self.birth_year = people_cols.array("birth_year")
        self.recognised_on = people_cols.array("recognised_on")  # 0: no dated recognition
        self.died_on = people_cols.array("died_on")  # 0: did not die in custody (dated)
        self.art_person = articles.array("person")
        art_ids = articles.array("article")
        self.article_ids, self.art_index = (
            np.unique(art_ids, return_inverse=True) if len(art_ids) else (art_ids, art_ids)
        )
        self.sent_person = sentences.array("person")
        self.sent_pronounced = sentences.array("pronounced")
        self.sent_term = sentences.array("term")
        self.sent_life = sentences.array("life").astype(bool)
        self.arrests = np.sort(np.asarray(arrests, dtype=np.int64))
        self.releases = np.sort(np.asarray(releases, dtype=np.int64))
        self.recognitions = np.sort(self.recognised_on[self.recognised_on > 0])
        facility_list = sorted(facility_regions)
        self._facility_region = dict(facility_regions)

        # Facilities by index for counting; -1 (not known) maps to the last slot.
        self._facilities = np.asarray(facility_list, dtype=np.int64)
        self._facility_slot = {pk: i for i, pk in enumerate(facility_list)}
        self.seg_facility_slot = np.asarray(
            [self._facility_slot.get(pk, len(facility_list)) for pk in segments.values.get(
                "facility", []
            )],
            dtype=np.int64,
        )

    @staticmethod
    def _add_segments(
        segments: _Columns, index: int, record: PersonRecord, derived: custody.Custody
    ) -> tuple[int, int]:
        """Add one person's intervals; return the ordinals of their first dated
        recognition and of their death in custody (0 when there is none)."""
        days = custody.standings(record.events)
        spells = [(s.toordinal(), OPEN_END if e is None else e.toordinal()) for s, e in derived.spells]
        release_days = sorted(
            e.on.toordinal() for e in record.events if e.kind == custody.RELEASED and e.on
        )
        recognised_on = 0
        died_on = 0
        previous: tuple[int, int, int] | None = None
        for position, standing in enumerate(days):
            start = standing.on.toordinal()
            end = days[position + 1].on.toordinal() if position + 1 < len(days) else OPEN_END
            if standing.recognised and not recognised_on:
                recognised_on = start
            # Spells begin and end on days with dated events, so one look at the first
            # day tells whether the whole interval lies in a spell.
            if any(low <= start < high for low, high in spells):
                code = BEHIND_BARS
            elif standing.state == custody.DIED_IN_CUSTODY_STATE:
                code = DIED_IN_CUSTODY
                died_on = died_on or start
            elif standing.state in (custody.RELEASED_STATE, custody.DIED_STATE) and (
                bisect.bisect_right(release_days, start) > 0
            ):
                code = RELEASED
            else:
                previous = None
                continue  # not yet held, or held with no datable end: counted nowhere
            facility = standing.facility_id if code == BEHIND_BARS else None
            facility = -1 if facility is None else facility
            key = (code, facility, int(standing.incommunicado and code == BEHIND_BARS))
            if key == previous:
                segments.values["end"][-1] = end
                continue
            previous = key
            segments.add(
                person=index,
                start=start,
                end=end,
                code=code,
                facility=facility,
                incommunicado=key[2],
            )
        return recognised_on, died_on

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
        people = [
            (self.person_ids[i], date.fromordinal(int(self.recognised_on[i]))) for i in found
        ]
        return sorted(people, key=lambda item: (item[1], item[0]), reverse=True)

"""Reads of the numbers: every statistic of a country on a date, cached until the
registry changes, and the lists and sources of the report.

Counting happens in ``counting.Timeline`` (no Django); this module loads what it
needs from the registry and keeps two caches, both keyed on the registry version
(the newest ``RegistryChange``), so nothing stale is ever served:

- the timeline of a country, in this process's memory (arrays of a few megabytes at
  100,000 people, rebuilt once per registry change);
- the numbers of a date, in Django's default cache (local memory unless the
  deployment configures a shared one).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, Max, Prefetch, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from vestka.registry import custody
from vestka.registry.models import (
    Article,
    Country,
    Event,
    Facility,
    Person,
    Prosecution,
    Region,
)
from vestka.stats import counting
from vestka.stats.models import RegistryChange
from vestka.stats.services import KEEP_CHANGES

# Belarus, the first country; a deployment for another sets VESTKA_STATS_COUNTRY.
DEFAULT_COUNTRY = getattr(settings, "VESTKA_STATS_COUNTRY", "BY")
# The report lists the people first recognised in this many days before the date.
NEWLY_RECOGNISED_DAYS = 90
LONGEST_SENTENCES = 20
# The report's lists show at most this many people each (the most recent first) and
# say how many there are in all; the downloads count everyone.
REPORT_LIST_MAX = 100
# Numbers of a date stay cached this long even without a change (a day).
CACHE_SECONDS = 24 * 60 * 60

# Events that the custody replay reads; the others (charged, medical care denied,
# ill-treatment) change nothing that is counted.
COUNTED_KINDS = (
    custody.DETAINED,
    custody.RECOGNISED,
    custody.SENTENCED,
    custody.TRANSFERRED,
    custody.PUNISHMENT_CELL,
    custody.INCOMMUNICADO,
    custody.CONTACT_RESTORED,
    custody.RELEASED,
    custody.DIED_IN_CUSTODY,
    custody.DIED,
)
# Sentences that put a person in prison; restricted freedom, house arrest and fines do not.
PRISON_KINDS = {
    Prosecution.SentenceKind.COLONY,
    Prosecution.SentenceKind.PRISON,
    Prosecution.SentenceKind.ARREST,
    Prosecution.SentenceKind.LIFE,
}

SENTENCE_LABELS = {
    counting.SENTENCE_NONE: _("not yet sentenced to prison"),
    "under-2": _("under 2 years"),
    "2-5": _("2 to 5 years"),
    "5-10": _("5 to 10 years"),
    "10-15": _("10 to 15 years"),
    "15+": _("15 years or more"),
    counting.SENTENCE_LIFE: _("life"),
    counting.SENTENCE_TERM_UNKNOWN: _("term not known"),
}
AGE_LABELS = {
    "0-17": _("under 18"),
    "18-29": _("18 to 29"),
    "30-39": _("30 to 39"),
    "40-49": _("40 to 49"),
    "50-59": _("50 to 59"),
    "60-69": _("60 to 69"),
    "70+": _("70 or older"),
    counting.AGE_UNKNOWN: _("birth year not known"),
}
GENDER_LABELS = {
    "female": _("women"),
    "male": _("men"),
    "other": _("other"),
    "unknown": _("not known"),
}


class UnknownCountry(ValueError):
    """The country code names no country in the registry."""


def registry_version() -> str:
    """The registry's version: changes with every write to it (see RegistryChange)."""
    log = RegistryChange.objects.aggregate(newest=Max("pk"), changes=Count("pk"))
    if log["newest"] is None:
        return "0"
    token = RegistryChange.objects.filter(pk=log["newest"]).values_list("token", flat=True).first()
    return f"{log['newest']}-{log['changes']}-{token}"


def stats_country(*, code: str) -> Country:
    """The country of the numbers. Raises UnknownCountry for a code the registry
    does not know."""
    code = code.strip().upper()
    country = Country.objects.filter(code=code).first()
    if country is None:
        known = ", ".join(Country.objects.values_list("code", flat=True)) or "none"
        raise UnknownCountry(f"Unknown country {code!r}; the registry knows: {known}.")
    return country


@dataclass
class _Kept:
    """A country's timeline and the registry changes it includes."""

    version: str
    changes: set[tuple[int, str]]
    timeline: counting.Timeline


_timelines: dict[str, _Kept] = {}
_timelines_lock = threading.Lock()


def stats_timeline(*, country: str, version: str | None = None) -> counting.Timeline:
    """The counting timeline of a country's recognised political prisoners, kept in this
    process. A registry change that names its people replays only them; any other
    change (an import, an edited facility) builds the timeline again."""
    version = version or registry_version()
    kept = _timelines.get(country)
    if kept is not None and kept.version == version:
        return kept.timeline
    with _timelines_lock:
        kept = _timelines.get(country)
        if kept is not None and kept.version == version:
            return kept.timeline
        log = list(RegistryChange.objects.values_list("pk", "token", "people"))
        changes = {(pk, token) for pk, token, _people in log}
        people = _changed_people(kept, log) if kept is not None else None
        if kept is not None and people is not None:
            kept.timeline.update(
                _person_records(country, person_ids=people),
                person_ids=people,
                facility_regions=_facility_regions(country),
            )
            timeline = kept.timeline
        else:
            timeline = counting.Timeline(
                _person_records(country), facility_regions=_facility_regions(country)
            )
        _timelines[country] = _Kept(version=version, changes=changes, timeline=timeline)
        return timeline


def _changed_people(kept: _Kept, log: list[tuple[int, str, Any]]) -> set[int] | None:
    """The people named by the changes the kept timeline has not seen, or None when
    it must be built again: a change names no people, or the log no longer holds
    every change since (rolled back, or pruned)."""
    present = {(pk, token) for pk, token, _people in log}
    newest = max((pk for pk, _token, _people in log), default=0)
    oldest_kept = newest - KEEP_CHANGES
    if any(key[0] > oldest_kept and key not in present for key in kept.changes):
        return None  # a change it included is gone: rolled back, not pruned
    if kept.changes and max(pk for pk, _token in kept.changes) < oldest_kept:
        return None  # changes since may have been pruned
    people: set[int] = set()
    for pk, token, named in log:
        if (pk, token) in kept.changes:
            continue
        if named is None:
            return None
        people.update(named)
    return people


def _facility_regions(country: str) -> dict[int, int | None]:
    return dict(Facility.objects.filter(country_id=country).values_list("pk", "region_id"))


def stats_warm() -> list[str]:
    """Build the timeline of every country that has recognised political prisoners, so
    that the first visitor of the numbers does not wait for it (``vestka serve`` runs
    this when it starts). Returns the countries built."""
    countries = list(
        Person.objects.filter(recognised=True)
        .values_list("country_id", flat=True)
        .distinct()
        .order_by("country_id")
    )
    version = registry_version()
    for country in countries:
        stats_timeline(country=country, version=version)
    return countries


def stats_forget() -> None:
    """Drop the timelines kept in this process (benchmarks measure cold counts)."""
    with _timelines_lock:
        _timelines.clear()


def _person_records(
    country: str, *, person_ids: set[int] | None = None
) -> Iterator[counting.PersonRecord]:
    """One record per recognised person of the country (or of those of them named),
    read in four passes over the registry in person order (events alone can be a
    million rows)."""
    people = Person.objects.filter(country_id=country, recognised=True)
    if person_ids is not None:
        people = people.filter(pk__in=sorted(person_ids))
    articles: dict[int, list[int]] = defaultdict(list)
    for person_id, article_id in Prosecution.articles.through.objects.filter(
        prosecution__person__in=people
    ).values_list("prosecution__person_id", "article_id"):
        articles[person_id].append(article_id)
    sentences: dict[int, list[counting.Sentence]] = defaultdict(list)
    for person_id, kind, term, verdict_on in Prosecution.objects.filter(
        person__in=people
    ).values_list("person_id", "sentence_kind", "term_months", "verdict_on"):
        if kind in PRISON_KINDS or (not kind and term):
            sentences[person_id].append(
                counting.Sentence(
                    term_months=term,
                    life=kind == Prosecution.SentenceKind.LIFE,
                    pronounced_on=verdict_on,
                )
            )
    events = _raw_rows(
        Event.objects.filter(person__in=people, kind__in=COUNTED_KINDS)
        .order_by("person_id")
        # As text: both databases then skip their per-row date conversion.
        .values_list("person_id", "kind", Cast("date", CharField()), "facility_id")
    )
    by_person = groupby(events, key=itemgetter(0))
    pending = next(by_person, None)
    for person_id, gender, birth_year in people.order_by("pk").values_list(
        "pk", "gender", "birth_year"
    ):
        while pending is not None and pending[0] < person_id:
            pending = next(by_person, None)  # an event of someone not counted
        facts: tuple[custody.EventFact, ...] = ()
        if pending is not None and pending[0] == person_id:
            facts = tuple(custody.EventFact(k, d, f) for _p, k, d, f in pending[1])
            pending = next(by_person, None)
        yield counting.PersonRecord(
            person_id=person_id,
            events=facts,
            gender=gender or "unknown",
            birth_year=birth_year,
            article_ids=tuple(articles.get(person_id, ())),
            sentences=tuple(sentences.get(person_id, ())),
        )


def _raw_rows(rows: QuerySet) -> Iterator[tuple[int, str, date | None, int | None]]:
    """The (person, kind, date, facility) rows of an event query straight from the
    database cursor, in chunks: at a million events Django's per-value converters
    would take most of the time. Dates come as text; each distinct day is parsed
    once."""
    sql, params = rows.query.sql_with_params()
    days: dict[Any, date | None] = {None: None}
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(20000):
            for person_id, kind, day, facility_id in chunk:
                on = days.get(day)
                if on is None and day is not None:
                    on = days[day] = date.fromisoformat(day)
                yield person_id, kind, on, facility_id


def stats_counts(*, on: date, country: str = DEFAULT_COUNTRY) -> counting.Counts:
    """Every number of a country on a date, from Django's cache when the registry
    has not changed since they were counted."""
    version = registry_version()
    key = f"vestka-stats:{version}:{country}:{on.isoformat()}"
    counts = cache.get(key)
    if counts is None:
        counts = stats_timeline(country=country, version=version).counts(on)
        cache.set(key, counts, CACHE_SECONDS)
    return counts


# What pages, downloads and the API show


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a key for machines, a label for people, a count."""

    key: str
    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class Numbers:
    """The numbers of a country on a date, labelled in the active language."""

    country: Country
    counts: counting.Counts
    by_article: list[Row]
    by_facility: list[Row]
    by_region: list[Row]
    by_sentence: list[Row]
    by_gender: list[Row]
    by_age: list[Row]

    @property
    def on(self) -> date:
        return self.counts.on

    def as_dict(self) -> dict[str, Any]:
        """The public JSON shape of the numbers (downloads, the API, ``vestka stats``)."""
        c = self.counts
        return {
            "as_of": c.on.isoformat(),
            "country": self.country.code,
            "behind_bars": c.behind_bars,
            "recognised": c.recognised,
            "released": c.released,
            "died_in_custody": c.died_in_custody,
            "incommunicado": c.incommunicado,
            "sentence_years": c.sentence_years,
            "by_article": {row.key: row.count for row in self.by_article},
            "by_facility": [
                {"id": int(row.key) if row.key else None, "name": row.label, "people": row.count}
                for row in self.by_facility
            ],
            "by_region": [
                {"code": row.key or None, "name": row.label, "people": row.count}
                for row in self.by_region
            ],
            "by_sentence": {row.key: row.count for row in self.by_sentence},
            "by_gender": {row.key: row.count for row in self.by_gender},
            "by_age": {row.key: row.count for row in self.by_age},
            "monthly": [
                {
                    "month": m.month,
                    "arrests": m.arrests,
                    "recognitions": m.recognitions,
                    "releases": m.releases,
                }
                for m in c.monthly
            ],
        }


def stats_numbers(*, on: date, country: str = DEFAULT_COUNTRY) -> Numbers:
    """The numbers of a country on a date with every breakdown labelled. Raises
    UnknownCountry."""
    place = stats_country(code=country)
    counts = stats_counts(on=on, country=place.code)
    articles = Article.objects.filter(pk__in=list(counts.by_article)).order_by("sort_key", "number")
    by_article = [
        Row(key=a.number, label=a.title or a.number, count=counts.by_article[a.pk])
        for a in articles
    ]
    facilities = Facility.objects.in_bulk([pk for pk in counts.by_facility if pk is not None])
    by_facility = sorted(
        (
            Row(
                key="" if pk is None else str(pk),
                label=str(_("not known")) if pk is None else facilities[pk].name,
                count=n,
                url="" if pk is None else facilities[pk].get_absolute_url(),
            )
            for pk, n in counts.by_facility.items()
            if pk is None or pk in facilities
        ),
        key=lambda row: (row.key == "", -row.count, row.label),
    )
    regions = Region.objects.in_bulk([pk for pk in counts.by_region if pk is not None])
    by_region = sorted(
        (
            Row(
                key="" if pk is None else regions[pk].code,
                label=str(_("not known")) if pk is None else regions[pk].name,
                count=n,
            )
            for pk, n in counts.by_region.items()
            if pk is None or pk in regions
        ),
        key=lambda row: (row.key == "", -row.count, row.label),
    )
    return Numbers(
        country=place,
        counts=counts,
        by_article=by_article,
        by_facility=by_facility,
        by_region=by_region,
        by_sentence=_labelled(counts.by_sentence, SENTENCE_LABELS),
        by_gender=_labelled(counts.by_gender, GENDER_LABELS),
        by_age=_labelled(counts.by_age, AGE_LABELS),
    )


def _labelled(counts: dict[str, int], labels: dict[str, Any]) -> list[Row]:
    return [Row(key=key, label=str(labels[key]), count=counts.get(key, 0)) for key in labels]


# The report's lists


@dataclass(frozen=True)
class Listed:
    """A person in one of the report's lists, with the fact and the sources behind it."""

    person: Person
    on: date | None = None
    months: int | None = None
    facility: Facility | None = None
    sources: tuple[tuple[str, str], ...] = ()  # (title or publisher, url)


@dataclass(frozen=True)
class Report:
    numbers: Numbers
    deaths_in_custody: list[Listed]
    incommunicado: list[Listed]
    longest_sentences: list[Listed]
    newly_recognised: list[Listed]
    newly_recognised_since: date
    sources: list[tuple[str, str]]  # every source the lists cite, once
    # How many people each list holds in all (a list shows at most REPORT_LIST_MAX).
    totals: dict[str, int]


def stats_report(*, on: date, country: str = DEFAULT_COUNTRY) -> Report:
    """Everything the report on a date shows: the numbers and the lists of people
    behind them (public fields only), each with its sources. Raises UnknownCountry."""
    numbers = stats_numbers(on=on, country=country)
    timeline = stats_timeline(country=numbers.country.code)
    since = on - timedelta(days=NEWLY_RECOGNISED_DAYS)
    deaths = timeline.deaths_in_custody(on)
    held_incommunicado = timeline.incommunicado(on)
    longest = timeline.longest_sentences(on, limit=LONGEST_SENTENCES)
    recognised = timeline.recognised_between(since, on)
    totals = {
        "deaths_in_custody": len(deaths),
        "incommunicado": len(held_incommunicado),
        "newly_recognised": len(recognised),
    }
    deaths, held_incommunicado, recognised = (
        deaths[:REPORT_LIST_MAX],
        held_incommunicado[:REPORT_LIST_MAX],
        recognised[:REPORT_LIST_MAX],
    )
    people = _listed_people(
        {pk for pk, _d in deaths}
        | set(held_incommunicado)
        | {pk for pk, _m in longest}
        | {pk for pk, _d in recognised},
        on=on,
    )
    kinds = {
        "death": (custody.DIED_IN_CUSTODY,),
        "incommunicado": (custody.INCOMMUNICADO,),
        "sentence": (custody.SENTENCED,),
        "recognised": (custody.RECOGNISED,),
    }
    cited: dict[str, str] = {}

    def listed(pk: int, kind: str, **facts: Any) -> Listed:
        person = people[pk]
        sources = _sources(person, kinds[kind], on=on)
        for label, url in sources:
            cited.setdefault(url, label)
        held_in = _facility_on(person, on)
        return Listed(person=person, facility=held_in, sources=sources, **facts)

    return Report(
        numbers=numbers,
        deaths_in_custody=[listed(pk, "death", on=day) for pk, day in deaths if pk in people],
        incommunicado=[
            listed(pk, "incommunicado", on=_last_event_day(people[pk], custody.INCOMMUNICADO, on))
            for pk in held_incommunicado
            if pk in people
        ],
        longest_sentences=[
            listed(pk, "sentence", months=months) for pk, months in longest if pk in people
        ],
        newly_recognised=[
            listed(pk, "recognised", on=day) for pk, day in recognised if pk in people
        ],
        newly_recognised_since=since,
        sources=sorted(((label, url) for url, label in cited.items()), key=lambda s: s[0]),
        totals=totals,
    )


def _listed_people(ids: set[int], *, on: date) -> dict[int, Person]:
    return (
        Person.objects.only("pk", "name", "country_id")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=Event.objects.filter(date__lte=on)
                .select_related("source", "facility")
                .order_by("date", "pk"),
            )
        )
        .in_bulk(list(ids))
    )


def _sources(person: Person, kinds: tuple[str, ...], *, on: date) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for event in person.events.all():
        if event.kind in kinds and event.source is not None and event.source.url:
            label = event.source.title or event.source.publisher or event.source.url
            found.setdefault(event.source.url, label)
    return tuple((label, url) for url, label in found.items())


def _facility_on(person: Person, on: date) -> Facility | None:
    """The facility the person was held in on the date (the custody replay of the
    events up to it)."""
    facts = [e.as_fact() for e in person.events.all()]
    facility_id = custody.derive_custody(facts).facility_id
    if facility_id is None:
        return None
    return next((e.facility for e in person.events.all() if e.facility_id == facility_id), None)


def _last_event_day(person: Person, kind: str, on: date) -> date | None:
    days = [e.date for e in person.events.all() if e.kind == kind and e.date is not None]
    return max(days) if days else None

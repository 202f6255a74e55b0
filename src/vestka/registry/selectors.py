"""Reads of the registry. Views, the API, exports and commands query through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from vestka import names
from vestka.registry import custody
from vestka.registry.models import (
    Article,
    Event,
    Facility,
    NameKey,
    Person,
    PersonName,
    PersonRedirect,
    Prosecution,
)


def registry_has_demo_data() -> bool:
    """Whether any fictional demo person is in the registry (every page then says so)."""
    return Person.objects.filter(is_demo=True).exists()


def people_behind_bars(*, on: date, recognised_only: bool = True) -> QuerySet[Person]:
    """People held on the given day: detained on or before it, and no release or
    death in custody between that detention and the day.

    A release or death with no known date ends custody at an unknown time, so such
    a person is not counted on any day (the registry never claims custody it
    cannot date).
    """
    endings = Event.objects.filter(
        person=OuterRef(OuterRef("pk")), kind__in=custody.ENDS_CUSTODY
    ).filter(Q(date__isnull=True) | Q(date__gte=OuterRef("date"), date__lte=on))
    detentions = Event.objects.filter(
        person=OuterRef("pk"), kind__in=custody.STARTS_CUSTODY, date__lte=on
    ).filter(~Exists(endings))
    people = Person.objects.filter(Exists(detentions))
    if recognised_only:
        people = people.filter(recognised=True)
    return people


def people_behind_bars_now() -> QuerySet[Person]:
    """Recognised political prisoners held today, from the status derived from events."""
    return Person.objects.filter(custody=custody.IN_CUSTODY, recognised=True)


@dataclass(frozen=True)
class PeopleFilter:
    """The filters the public list and the API share. Empty values do not filter."""

    status: str = ""  # active | former | np | in_custody | released | died_in_custody | died
    article: str = ""  # article number, e.g. "361-1"
    facility: int | None = None
    region: str = ""  # region code
    gender: str = ""
    tag: str = ""  # tag slug
    country: str = ""  # ISO code
    name: str = ""  # a name in any spelling: the list is then ranked by how well it matches


# Long fields a list row never shows.
LIST_DEFERRED_FIELDS = (
    "biography_en",
    "biography_be",
    "biography_ru",
    "relatives",
    "notes",
    "import_snapshot",
)

STATUS_CHOICES = ("active", "former", "np", *Person.CustodyState.values)


def people_list(*, filters: PeopleFilter) -> QuerySet[Person] | RankedPeople:
    """The public list of people, filtered, with what a list row shows loaded: in name
    order, or, with a name to find, best match first."""
    people = Person.objects.all()
    status = filters.status
    if status == "active":
        people = people.filter(recognised=True, custody=custody.IN_CUSTODY)
    elif status == "former":
        people = people.filter(recognised=True).exclude(custody=custody.IN_CUSTODY)
    elif status == "np":
        people = people.filter(recognised=False)
    elif status:
        people = people.filter(custody=status)
    if filters.article:
        people = people.filter(
            Exists(
                Prosecution.articles.through.objects.filter(
                    prosecution__person=OuterRef("pk"), article__number=filters.article
                )
            )
        )
    if filters.facility:
        people = people.filter(facility_id=filters.facility)
    if filters.region:
        people = people.filter(facility__region__code=filters.region)
    if filters.gender:
        people = people.filter(gender=filters.gender)
    if filters.tag:
        people = people.filter(tags__slug=filters.tag)
    if filters.country:
        people = people.filter(country_id=filters.country.upper())
    loaded = people.select_related("facility", "facility__region").defer(*LIST_DEFERRED_FIELDS)
    loaded = loaded.prefetch_related(
        "tags",
        Prefetch("prosecutions", queryset=Prosecution.objects.prefetch_related("articles")),
    )
    if filters.name:
        return people_named(loaded, filters.name)
    return loaded.order_by("name", "pk")


# A name query ranks at most this many people: enough for every spelling of one person
# and for a page of people sharing a common name; a query matching more is too vague.
SEARCH_RESULTS_MAX = 200
# How many people found by key are ranked by their full names.
SEARCH_CANDIDATES = 300
# Keys per database query. SQLite's planner scans the whole key table instead of
# probing its index once the IN list is long (some hundreds of keys); short lists
# keep every lookup on the index.
KEYS_PER_QUERY = 250


@dataclass(frozen=True)
class NameMatch:
    """A person a name query found: how well, and through which written form."""

    person_id: int
    score: float
    name: str
    form: str  # a PersonName form, or "" for the display name


def name_matches(*, query: str, limit: int = SEARCH_RESULTS_MAX) -> list[NameMatch]:
    """People whose name, in any of its written forms, is the one the query spells, in
    any script, language, word order or with a typo or two: best first.

    Candidates come off the index on NameKey; they are then ranked by ``vestka.names``.
    """
    found = names.lookup(query)
    if not found.keys:
        return []
    keys = list(found.keys)
    hits: list[tuple[int, str]] = []
    for start in range(0, len(keys), KEYS_PER_QUERY):
        hits.extend(
            NameKey.objects.filter(key__in=keys[start : start + KEYS_PER_QUERY]).values_list(
                "person_id", "key"
            )
        )
    forms: dict[int, dict[str, str]] = {}

    def forms_of(person_ids: list[int]) -> dict[int, dict[str, str]]:
        written = _written_forms(person_ids)
        forms.update(written)  # kept to tell which form matched
        return written

    matches = names.rank_candidates(
        found, hits, forms_of=forms_of, limit=limit, count=max(SEARCH_CANDIDATES, limit)
    )
    return [
        NameMatch(
            person_id=m.person_id, score=m.score, name=m.name, form=forms[m.person_id][m.name]
        )
        for m in matches
    ]


def _written_forms(person_ids: list[int]) -> dict[int, dict[str, str]]:
    """Every written form of each person's name, with its form code ("" for the display
    name when no form has the same text)."""
    forms: dict[int, dict[str, str]] = {pk: {} for pk in person_ids}
    if not person_ids:
        return forms
    for pk, form, text in PersonName.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "form", "text"
    ):
        forms[pk].setdefault(text, form)
    for pk, name in Person.objects.filter(pk__in=person_ids).values_list("pk", "name"):
        forms[pk].setdefault(name, "")
    return forms


@dataclass(frozen=True)
class NameHit:
    """A person found by name, loaded for showing."""

    person: Person
    score: float
    name: str
    form: str


def people_search(*, query: str, limit: int = 20) -> list[NameHit]:
    """The people a name query finds, best first, each with what list rows show."""
    matches = name_matches(query=query, limit=limit)
    people = (
        Person.objects.select_related("facility")
        .defer(*LIST_DEFERRED_FIELDS)
        .in_bulk([m.person_id for m in matches])
    )
    return [
        NameHit(person=people[m.person_id], score=m.score, name=m.name, form=m.form)
        for m in matches
        if m.person_id in people
    ]


class RankedPeople:
    """The people a name query found, best match first, paged like a queryset (Django's
    paginator and the API call ``count()`` and slice it). A slice loads only its own
    people, each with ``match_score``, ``match_name`` (the written form that matched)
    and ``match_form``."""

    def __init__(self, people: QuerySet[Person], matches: list[NameMatch]):
        self._people = people
        self._matches = matches

    def count(self) -> int:
        return len(self._matches)

    def __len__(self) -> int:
        return len(self._matches)

    def __getitem__(self, index: slice) -> list[Person]:
        page = self._matches[index]
        loaded = self._people.in_bulk([m.person_id for m in page])
        people = []
        for match in page:
            person = loaded.get(match.person_id)
            if person is None:
                continue  # deleted since the search
            person.match_score = match.score  # type: ignore[attr-defined]
            person.match_name = match.name  # type: ignore[attr-defined]
            person.match_form = match.form  # type: ignore[attr-defined]
            people.append(person)
        return people


def people_named(people_qs: QuerySet[Person], query: str) -> RankedPeople:
    """The people of ``people_qs`` a name query finds, best match first."""
    matches = name_matches(query=query)
    if matches:
        kept = set(
            people_qs.filter(pk__in=[m.person_id for m in matches]).values_list("pk", flat=True)
        )
        matches = [m for m in matches if m.person_id in kept]
    return RankedPeople(people_qs, matches)


def person_pk_by_source_id(*, source_id: str) -> int | None:
    """The id of the person with this id in the imported list, if any."""
    return Person.objects.filter(source_id=source_id).values_list("pk", flat=True).first()


def person_detail(*, pk: int) -> Person:
    """One person with everything the public page and API show. Raises Person.DoesNotExist."""
    return (
        Person.objects.select_related(
            "facility", "facility__region", "facility__country", "country"
        )
        .prefetch_related(
            "names",
            "tags",
            Prefetch("prosecutions", queryset=Prosecution.objects.prefetch_related("articles")),
            Prefetch(
                "events",
                queryset=Event.objects.select_related("source", "facility").order_by("date", "id"),
            ),
        )
        .get(pk=pk)
    )


def person_timeline(*, person: Person) -> list[Event]:
    """The person's events in the order they happened (undated ones last)."""
    return sorted(person.events.all(), key=lambda e: (*custody.order_key(e.kind, e.date), e.pk))


def person_custody(*, person: Person) -> custody.Custody:
    """The custody history of a person, replayed from their events."""
    return custody.derive_custody(e.as_fact() for e in person.events.all())


def facilities_list(*, country: str = "", region: str = "", kind: str = "") -> QuerySet[Facility]:
    facilities = Facility.objects.select_related("region", "country")
    if country:
        facilities = facilities.filter(country_id=country.upper())
    if region:
        facilities = facilities.filter(region__code=region)
    if kind:
        facilities = facilities.filter(kind=kind)
    return facilities.order_by("country", "name_en", "name_ru", "pk")


def articles_list(*, country: str = "") -> QuerySet[Article]:
    articles = Article.objects.select_related("country")
    if country:
        articles = articles.filter(country_id=country.upper())
    return articles.order_by("country", "sort_key", "number")


def articles_with_people_behind_bars(*, country: str = "") -> list[tuple[Article, int]]:
    """Articles in code order, each with how many political prisoners held now are
    prosecuted under it (a person with several cases under one article counts once)."""
    articles = list(articles_list(country=country))
    counts = dict(
        Prosecution.articles.through.objects.filter(
            article__in=[a.pk for a in articles],
            prosecution__person__in=people_behind_bars_now(),
        )
        .values_list("article")
        .annotate(people=Count("prosecution__person", distinct=True))
    )
    return [(article, counts.get(article.pk, 0)) for article in articles]


def person_redirect(*, old_id: int) -> int | None:
    """The id of the person that the person with ``old_id`` was merged into, if they were.

    Merges re-point earlier redirects, so one look-up always ends at a person.
    """
    return PersonRedirect.objects.filter(old_id=old_id).values_list("person_id", flat=True).first()


def person_redirect_by_source_id(*, source_id: str) -> int | None:
    """The id of the person that the person with this id in the imported list was
    merged into, if they were (the latest merge, should the id have been seen twice)."""
    if not source_id:
        return None
    return (
        PersonRedirect.objects.filter(old_source_id=source_id)
        .order_by("-merged_at", "-pk")
        .values_list("person_id", flat=True)
        .first()
    )


def person_envelope_recipient(*, person: Person) -> str:
    """The recipient line of an envelope: a Cyrillic name form and the birth year,
    as censors expect them ("Иванов Иван Иванович, 1985 г. р.")."""
    cyrillic = [n.text for n in person.names.all() if n.form in ("ru", "be")]
    if not cyrillic and any("\u0400" <= ch <= "\u04ff" for ch in person.name):
        cyrillic = [person.name]
    if not cyrillic:
        return ""
    # Russian first: the form prison censors read most reliably.
    ru = [n.text for n in person.names.all() if n.form == "ru"]
    name = (ru or cyrillic)[0]
    # No-break spaces keep "1985 г. р." together when the line wraps.
    return f"{name}, {person.birth_year}\u00a0г.\u00a0р." if person.birth_year else name

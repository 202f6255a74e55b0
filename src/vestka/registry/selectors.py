"""Reads of the registry. Views, the API, exports and commands query through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from vestka.registry import custody
from vestka.registry.db import Lower
from vestka.registry.models import Article, Event, Facility, Person, PersonName, Prosecution


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
    name: str = ""  # any written form of the name contains this


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


def people_list(*, filters: PeopleFilter) -> QuerySet[Person]:
    """The public list of people, filtered, with what a list row shows loaded."""
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
    if filters.name:
        people = people_named(people, filters.name)
    return (
        people.select_related("facility", "facility__region")
        .defer(*LIST_DEFERRED_FIELDS)
        .prefetch_related(
            "tags",
            Prefetch("prosecutions", queryset=Prosecution.objects.prefetch_related("articles")),
        )
        .order_by("name", "pk")
    )


def people_named(people_qs: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People any of whose written names contains ``text``, in any case.

    A plain substring match for now; the cross-spelling name search replaces it.
    """
    needle = text.strip().lower()
    if not needle:
        return people_qs
    other_forms = PersonName.objects.alias(lowered=Lower("text")).filter(
        person=OuterRef("pk"), lowered__contains=needle
    )
    return people_qs.alias(lowered_name=Lower("name")).filter(
        Q(lowered_name__contains=needle) | Exists(other_forms)
    )


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

"""Reads of the registry. Views, the API, exports and commands query through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from vestka.registry import custody
from vestka.registry.models import Article, Event, Facility, Person, Prosecution


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
    return (
        people.select_related("facility", "facility__region", "country")
        .prefetch_related(
            "tags",
            Prefetch("prosecutions", queryset=Prosecution.objects.prefetch_related("articles")),
        )
        .order_by("name", "pk")
    )


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

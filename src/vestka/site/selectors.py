"""Reads the public site needs beyond the registry's own selectors."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from vestka.registry import custody
from vestka.registry.models import Facility, Person, Region, Tag
from vestka.registry.selectors import PeopleFilter, people_behind_bars_now, people_list


@dataclass(frozen=True)
class RegistryNumbers:
    behind_bars: int
    released: int
    died_in_custody: int


def registry_numbers() -> RegistryNumbers:
    """The headline numbers of the home page: recognised political prisoners only."""
    return RegistryNumbers(
        behind_bars=people_behind_bars_now().count(),
        released=Person.objects.filter(recognised=True, custody=custody.RELEASED_STATE).count(),
        died_in_custody=Person.objects.filter(
            recognised=True, custody=custody.DIED_IN_CUSTODY_STATE
        ).count(),
    )


def people_recently_detained(*, limit: int = 6) -> QuerySet[Person]:
    """Recognised political prisoners held now, the most recently detained first."""
    return (
        people_behind_bars_now()
        .exclude(custody_since__isnull=True)
        .select_related("facility")
        .prefetch_related("prosecutions__articles")
        .order_by("-custody_since", "name")[:limit]
    )


def people_held_at(*, facility_id: int) -> QuerySet[Person]:
    """Everyone behind bars now at one facility, as the people list shows them."""
    return people_list(filters=PeopleFilter(status=custody.IN_CUSTODY, facility=facility_id))


def regions_list() -> QuerySet[Region]:
    return Region.objects.select_related("country").order_by("country", "name_en")


def tags_list() -> QuerySet[Tag]:
    return Tag.objects.order_by("slug")


def facility_detail(*, pk: int) -> Facility:
    """One facility with what its public page shows. Raises Facility.DoesNotExist."""
    return Facility.objects.select_related("country", "region").get(pk=pk)

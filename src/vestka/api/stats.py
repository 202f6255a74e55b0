"""GET /api/v1/stats: the numbers of political prisoners of a country on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from vestka.api import schemas
from vestka.api.errors import ApiError
from vestka.stats import selectors
from vestka.stats.dates import BadDate, parse_as_of

router = Router(tags=["numbers"])


class StatsQuery(schemas._Query):
    as_of: str | None = Field(
        None,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="The day, YYYY-MM-DD, up to today (default: today). A day still to "
        "come, or before 1900, has no numbers (404).",
        json_schema_extra={"format": "date"},
    )
    country: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{2}$",
        description=f"ISO 3166-1 alpha-2 code (default: {selectors.DEFAULT_COUNTRY}).",
    )


class FacilityCount(Schema):
    id: int | None = Field(description="The facility's id; null: not known.")
    name: str
    people: int


class RegionCount(Schema):
    code: str | None = Field(description="The region's code; null: not known.")
    name: str
    people: int


class MonthOut(Schema):
    month: str = Field(description="YYYY-MM.")
    arrests: int
    recognitions: int
    releases: int


class StatsOut(Schema):
    as_of: str = Field(description="The day counted, YYYY-MM-DD.")
    country: str
    behind_bars: int = Field(
        description="Recognised political prisoners detained on or before the day and "
        "neither released nor dead in custody by then."
    )
    recognised: int = Field(description="People first recognised on or before the day.")
    released: int = Field(description="Released by the day and not behind bars again on it.")
    died_in_custody: int = Field(description="Deaths in custody dated on or before the day.")
    incommunicado: int = Field(description="Behind bars and held incommunicado on the day.")
    sentence_years: float = Field(
        description="Years of prison pronounced by the day in every case of every recognised "
        "political prisoner (life sentences and unknown terms not included)."
    )
    by_article: dict[str, int] = Field(
        description="People behind bars whose cases cite the article, by article number."
    )
    by_facility: list[FacilityCount]
    by_region: list[RegionCount]
    by_sentence: dict[str, int] = Field(
        description="People behind bars by their longest prison term pronounced by the day."
    )
    by_gender: dict[str, int]
    by_age: dict[str, int] = Field(description="People behind bars by age, from the birth year.")
    monthly: list[MonthOut] = Field(
        description="Arrests, first recognitions and releases per month since January 2020."
    )


@router.get(
    "",
    response={200: StatsOut, 404: schemas.Error, **schemas.LIST_ERRORS},
    summary="Numbers on a date",
    url_name="stats",
)
def stats(request: HttpRequest, query: Query[StatsQuery]) -> dict[str, Any]:
    """Every number of a country's political prisoners on a day, counted from the
    registry's events (see docs/stats.md for the definitions)."""
    today = timezone.localdate()
    try:
        on = parse_as_of(query.as_of, today=today) if query.as_of else today
    except BadDate as error:
        if query.as_of and _is_a_date(query.as_of):
            # A real day that has no numbers: one still to come, or before the registry.
            raise ApiError(404, "no_numbers", str(error)) from None
        raise ApiError(
            422,
            "invalid_parameters",
            f"Invalid request parameters: as_of ({error}).",
            [{"location": "query", "parameter": "as_of", "message": str(error), "type": "date"}],
        ) from None
    try:
        numbers = selectors.stats_numbers(on=on, country=query.country or selectors.DEFAULT_COUNTRY)
    except selectors.UnknownCountry as error:
        raise ApiError(404, "country_not_found", str(error)) from None
    return numbers.as_dict()


def _is_a_date(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return False
    return len(text.strip()) == 10

"""GET /api/v1/campaigns and /api/v1/campaigns/{slug}: public campaigns, read-only,
through the one serialiser of their public fields (``campaigns.public``)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from vestka.api.errors import ApiError
from vestka.api.schemas import DETAIL_ERRORS, PAGE_ERRORS, Pagination, Translations, _Page, _Query
from vestka.api.views import paginate
from vestka.campaigns import public, selectors
from vestka.campaigns.models import Campaign

router = Router(tags=["campaigns"])

# Campaign.Kind and Campaign.GoalPeriod, spelt out for the type checker (a test keeps them equal).
Kind = Literal["person", "group", "day_of_action"]
GoalPeriod = Literal["campaign", "month"]
When = Literal[selectors.WHEN_CHOICES]  # type: ignore[valid-type]
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class CampaignsQuery(_Query):
    when: When | None = Field(
        None, description="current (running today), upcoming (not started) or past (ended)."
    )
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. BY."
    )


class GoalOut(Schema):
    letters_per_person: int = Field(description="Every person gets at least this many letters.")
    period: GoalPeriod = Field(description="campaign (its whole time) or month (this month).")


class CampaignSummary(Schema):
    slug: str
    kind: Kind = Field(description="person, group (by tag) or day_of_action.")
    country: str
    title: Translations
    starts_on: datetime.date
    ends_on: datetime.date | None
    day_of_action: datetime.date | None = Field(description="A day of action's (first) date.")
    recurs_yearly: bool
    next_day_of_action: datetime.date | None = Field(
        description="The next date (today included) a day of action falls on."
    )
    hashtag: str | None = Field(description="Without the “#”.")
    tag: str | None = Field(description="A group campaign's tag: its people carry it.")
    goal: GoalOut | None
    url: str = Field(description="The campaign's public page.")


class CountersOut(Schema):
    letters: int = Field(
        description="Letters written to the campaign's people during it that no moderator "
        "rejected, from the letter event log."
    )
    messages: int = Field(description="Approved solidarity messages to the campaign.")
    shares: int = Field(description="Share links of the campaign followed.")


class ProgressOut(Schema):
    counted_from: datetime.date = Field(description="The first day the goal counts.")
    counted_to: datetime.date = Field(description="The last day counted so far.")
    people: int
    reached_goal: int = Field(description="People who have reached the goal.")


class CampaignPersonOut(Schema):
    id: int
    name: str
    url: str
    letters: int = Field(description="Letters counted toward the goal.")
    reached_goal: bool


class CampaignDetail(CampaignSummary):
    description: Translations
    counters: CountersOut
    progress: ProgressOut
    people: list[CampaignPersonOut]


class CampaignsPage(_Page):
    results: list[CampaignSummary]


@router.get(
    "",
    response={200: CampaignsPage, **PAGE_ERRORS},
    summary="List campaigns",
    url_name="campaigns",
)
def campaigns_list(
    request: HttpRequest, filters: Query[CampaignsQuery], pagination: Query[Pagination]
):
    """Campaigns for one person, for a group by tag, and days of action; the latest to
    start first."""
    today = timezone.localdate()
    campaigns = selectors.campaigns_list(
        today=today, when=filters.when or "", country=filters.country or ""
    )
    return paginate(
        request, campaigns, pagination, lambda c: public.campaign_summary(c, today=today)
    )


@router.get(
    "/{slug}",
    response={200: CampaignDetail, **DETAIL_ERRORS},
    summary="One campaign",
    url_name="campaign",
)
def campaign_detail(
    request: HttpRequest, slug: str = Path(..., max_length=100, pattern=SLUG_PATTERN)
):
    """One campaign with its description, counters, and each person's progress toward
    its goal, all counted from the event logs."""
    try:
        campaign = selectors.campaign_by_slug(slug=slug)
    except Campaign.DoesNotExist:
        raise ApiError(404, "campaign_not_found", f"There is no campaign {slug!r}.") from None
    return public.campaign_public(campaign, today=timezone.localdate())

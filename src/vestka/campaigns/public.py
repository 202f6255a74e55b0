"""The public fields of a campaign, for the API: the one place that says what of a
campaign leaves the site (no staff fields, no message writer's details)."""

from __future__ import annotations

import datetime
from typing import Any

from vestka.campaigns import selectors
from vestka.campaigns.models import Campaign
from vestka.registry.public import absolute_url


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _translations(campaign: Campaign, field: str) -> dict[str, str]:
    return {code: getattr(campaign, f"{field}_{code}") for code in ("en", "be", "ru")}


def campaign_summary(campaign: Campaign, *, today: datetime.date) -> dict[str, Any]:
    """What a list of campaigns shows of each."""
    next_day = selectors.next_day_of_action(campaign, today=today)
    return {
        "slug": campaign.slug,
        "kind": campaign.kind,
        "country": campaign.country_id,
        "title": _translations(campaign, "title"),
        "starts_on": _iso(campaign.starts_on),
        "ends_on": _iso(campaign.ends_on),
        "day_of_action": _iso(campaign.day_of_action),
        "recurs_yearly": campaign.recurs_yearly,
        "next_day_of_action": _iso(next_day),
        "hashtag": campaign.hashtag or None,
        "tag": campaign.tag.slug if campaign.tag else None,
        "goal": (
            {"letters_per_person": campaign.goal_letters, "period": campaign.goal_period}
            if campaign.goal_letters
            else None
        ),
        "url": absolute_url(campaign.get_absolute_url()),
    }


def campaign_public(campaign: Campaign, *, today: datetime.date) -> dict[str, Any]:
    """Everything public about one campaign: its description, counters and every
    person's progress toward the goal."""
    counters = selectors.campaign_counters(campaign=campaign, today=today)
    progress = selectors.campaign_progress(campaign=campaign, today=today, limit=None)
    return {
        **campaign_summary(campaign, today=today),
        "description": _translations(campaign, "description"),
        "counters": {
            "letters": counters.letters,
            "messages": counters.messages,
            "shares": counters.shares,
        },
        "progress": {
            "counted_from": progress.window.start.isoformat(),
            "counted_to": progress.window.end.isoformat(),
            "people": progress.people_count,
            "reached_goal": progress.reached,
        },
        "people": [
            {
                "id": row.person.pk,
                "name": row.person.name,
                "url": absolute_url(row.person.get_absolute_url()),
                "letters": row.letters,
                "reached_goal": row.reached,
            }
            for row in sorted(progress.people, key=lambda row: (row.person.name, row.person.pk))
        ],
    }

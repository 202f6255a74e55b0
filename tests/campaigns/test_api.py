"""GET /api/v1/campaigns and /api/v1/campaigns/{slug}: public fields, counters and
progress from the event logs."""

import datetime
from typing import get_args

import pytest

from tests.campaigns.conftest import make_campaign
from vestka.api import campaigns as api_campaigns
from vestka.campaigns.models import Campaign, SolidarityMessage
from vestka.campaigns.services import message_act, message_submit, share_record

pytestmark = pytest.mark.django_db


def test_the_api_kinds_are_the_models():
    assert set(get_args(api_campaigns.Kind)) == set(Campaign.Kind.values)
    assert set(get_args(api_campaigns.GoalPeriod)) == set(Campaign.GoalPeriod.values)


def test_the_list_filters_by_when_and_country(client, ihar):
    make_campaign(people=[ihar], slug="now")
    make_campaign(people=[ihar], slug="soon", starts_on=datetime.date(2099, 1, 1))
    body = client.get("/api/v1/campaigns").json()
    assert [c["slug"] for c in body["results"]] == ["soon", "now"]
    assert body["results"][1]["url"].endswith("/campaigns/now/")
    current = client.get("/api/v1/campaigns?when=current").json()
    assert [c["slug"] for c in current["results"]] == ["now"]
    assert client.get("/api/v1/campaigns?country=ru").json()["count"] == 0
    assert client.get("/api/v1/campaigns?when=someday").status_code == 422


def test_one_campaign_has_counters_and_progress_and_no_writers_details(client, campaign, ihar):
    message = message_submit(sender_name="Secret Name", text="Hi", campaign=campaign)
    message_act(message_id=message.pk, action="approve")
    share_record(campaign=campaign, network="x")
    body = client.get("/api/v1/campaigns/letters-for-ihar").json()
    assert body["kind"] == "person" and body["hashtag"] == "LettersForIhar"
    assert body["goal"] == {"letters_per_person": 3, "period": "campaign"}
    assert body["counters"] == {"letters": 0, "messages": 1, "shares": 1}
    assert body["people"] == [
        {
            "id": ihar.pk,
            "name": ihar.name,
            "url": body["people"][0]["url"],
            "letters": 0,
            "reached_goal": False,
        }
    ]
    assert body["progress"]["people"] == 1 and body["progress"]["counted_from"] == "2026-05-01"
    assert "Secret Name" not in str(body)
    assert SolidarityMessage.objects.count() == 1


def test_an_unknown_campaign_is_a_404_in_the_one_error_shape(client):
    response = client.get("/api/v1/campaigns/no-such")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "campaign_not_found"

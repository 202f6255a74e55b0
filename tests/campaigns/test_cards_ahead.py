"""Saving a campaign has the worker draw its people's share cards ahead, so the first
shares on the day are read from disk."""

from __future__ import annotations

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from tests.campaigns.conftest import make_campaign
from tests.factories import prisoner
from vestka.campaigns import tasks
from vestka.campaigns.models import Campaign
from vestka.campaigns.services import CampaignRefused

pytestmark = pytest.mark.django_db
CARDS_A_PERSON = 6  # og and square, in English, Belarusian and Russian


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.VESTKA_CARDS_DRAW_AHEAD = 500


def drawn(settings, person) -> list:
    return sorted((settings.VESTKA_CARDS_CACHE / f"people/{person.pk}").glob("*.png"))


def run_queued() -> list:
    results = []
    for queued_task in DBTaskResult.objects.filter(
        task_path="vestka.campaigns.tasks.campaign_cards_draw"
    ):
        results.append(tasks.campaign_cards_draw.call(**queued_task.args_kwargs["kwargs"]))
    return results


def test_a_new_campaign_queues_its_cards_and_the_worker_draws_each_once(
    queued, settings, ihar, alena
):
    make_campaign(
        slug="day-of-action",
        kind=Campaign.Kind.DAY_OF_ACTION,
        day_of_action=datetime.date(2026, 5, 21),
        people=[ihar, alena],
    )
    assert drawn(settings, ihar) == []  # nothing drawn in the request
    assert run_queued() == [2 * CARDS_A_PERSON]
    assert len(drawn(settings, ihar)) == len(drawn(settings, alena)) == CARDS_A_PERSON
    # Again (a worker killed after drawing runs it again): read from disk, none drawn.
    assert run_queued() == [0]
    assert len(drawn(settings, ihar)) == CARDS_A_PERSON


def test_the_served_card_is_the_one_drawn_ahead(queued, settings, client, ihar):
    make_campaign(people=[ihar])
    run_queued()
    [before] = [p for p in drawn(settings, ihar) if p.name.startswith("og-en-")]
    response = client.get(f"/people/{ihar.pk}/card-og.png")
    assert response.status_code == 200
    assert response.content == before.read_bytes()
    assert len(drawn(settings, ihar)) == CARDS_A_PERSON  # none drawn again


def test_a_group_campaign_draws_its_tag_s_people_up_to_the_limit(
    queued, settings, ihar, journalists, colony
):
    other = prisoner(name="Сяргей Выдуманы", facility=colony)
    other.tags.add(journalists)
    settings.VESTKA_CARDS_DRAW_AHEAD = 1
    make_campaign(slug="journalists", kind=Campaign.Kind.GROUP, tag=journalists)
    assert run_queued() == [CARDS_A_PERSON]
    first = min((ihar, other), key=lambda person: person.pk)
    assert len(drawn(settings, first)) == CARDS_A_PERSON


def test_a_campaign_refused_queues_nothing(queued, ihar):
    with pytest.raises(CampaignRefused):
        make_campaign(people=[ihar], ends_on=datetime.date(2020, 1, 1))
    assert not DBTaskResult.objects.exists()


def test_a_campaign_gone_draws_nothing(queued):
    assert tasks.campaign_cards_draw.call(campaign_id=987654) == 0


def test_saving_a_campaign_in_the_staff_pages_queues_its_cards(queued, admin_client, ihar):
    from vestka.registry.models import Country

    response = admin_client.post(
        "/staff/campaigns/campaign/add/",
        {
            "kind": Campaign.Kind.PERSON,
            "country": Country.objects.get(code="BY").pk,
            "slug": "letters-for-ihar",
            "hashtag": "LettersForIhar",
            "title_en": "Letters for Ihar",
            "starts_on": "2026-05-01",
            "people": [ihar.pk],
            "goal_period": Campaign.GoalPeriod.CAMPAIGN,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get(slug="letters-for-ihar")
    [queued_task] = DBTaskResult.objects.all()
    assert queued_task.args_kwargs["kwargs"] == {"campaign_id": campaign.pk}

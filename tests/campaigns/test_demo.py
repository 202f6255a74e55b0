"""The demo campaigns: every kind, messages in every state, made through the services."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import TagFactory, gomel_colony, prisoner
from vestka.campaigns import selectors
from vestka.campaigns.demo import MESSAGES, demo_campaigns
from vestka.campaigns.message_rules import message_screening
from vestka.campaigns.models import Campaign, MessageEvent, SolidarityMessage
from vestka.screening import screen

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 14)


def fill_registry():
    colony = gomel_colony()
    journalists = TagFactory(slug="journalists", name_en="Journalists")
    for number in range(6):
        person = prisoner(facility=colony, name=f"Демо Чалавек {number}")
        if number % 2:
            person.tags.add(journalists)


def snapshot():
    return (
        list(Campaign.objects.order_by("slug").values_list("slug", "kind", "title_en")),
        sorted(
            SolidarityMessage.objects.values_list("text", "sender_name", "state", "campaign__slug")
        ),
    )


def test_the_demo_messages_pass_the_message_screening():
    assert [message_screening(t, screen(t)).refused for t in MESSAGES] == [()] * len(MESSAGES)


def test_demo_campaigns_cover_every_kind_and_every_message_state():
    fill_registry()
    made = demo_campaigns(seed=2)  # today: the demo letters are written now
    assert made["campaigns"] == 4
    assert set(Campaign.objects.values_list("kind", flat=True)) == set(Campaign.Kind.values)
    assert {"pending", "approved", "rejected"} <= set(
        SolidarityMessage.objects.values_list("state", flat=True)
    )
    assert MessageEvent.objects.filter(action="submit").count() == len(MESSAGES)
    days = selectors.campaign_days_of_action(
        start=datetime.date(2026, 1, 1), end=datetime.date(2027, 12, 31)
    )
    assert [d.date for d in days] == [datetime.date(2026, 5, 21), datetime.date(2027, 5, 21)]
    person = Campaign.objects.get(slug="letters-for-a-journalist")
    progress = selectors.campaign_progress(campaign=person, today=timezone.localdate())
    assert progress.people[0].letters == 3


def test_the_same_seed_and_day_give_the_same_campaigns():
    fill_registry()
    demo_campaigns(seed=5, today=TODAY)
    first = snapshot()
    SolidarityMessage.objects.all().delete()
    Campaign.objects.all().delete()
    demo_campaigns(seed=5, today=TODAY)
    assert snapshot() == first


def test_no_campaigns_without_people_to_campaign_for():
    assert demo_campaigns(seed=1, today=TODAY).total() == 0

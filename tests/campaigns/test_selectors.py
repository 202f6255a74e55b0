"""Reads: which people a campaign has, goal progress and counters from the event logs
on hand-made letters, the index, and days of action with their recurrences."""

import datetime

import pytest
from django.utils import timezone

from tests.campaigns.conftest import make_campaign
from tests.factories import TagFactory, prisoner
from vestka.campaigns import selectors
from vestka.campaigns.models import Campaign
from vestka.campaigns.services import message_act, message_submit, share_record
from vestka.letters import lifecycle
from vestka.letters.models import LetterEvent
from vestka.letters.services import letter_act, letter_submit
from vestka.registry.models import Country

pytestmark = pytest.mark.django_db

TEXT = "Прывітанне! Як ты? У нас выпаў снег. Што ты чытаеш? Абдымаю! " * 6


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def letter_written(person, day: datetime.date, *, rejected: bool = False, hour: int = 12):
    """A letter to ``person`` as if written on ``day`` (its events moved to that day)."""
    letter = letter_submit(person=person, sender_name="Ala", text=TEXT)
    if rejected:
        letter_act(letter_id=letter.pk, action="reject", role=lifecycle.MODERATOR, reason="no")
    LetterEvent.objects.filter(letter=letter).update(at=at(day, hour))
    return letter


# Who is in a campaign


def test_a_group_campaign_has_everyone_with_its_tag_held_now_in_its_country(
    ihar, alena, colony, journalists
):
    freed = prisoner(name="Вольга Вызваленая", released=datetime.date(2022, 9, 1))
    unrecognised = prisoner(name="Пётр Непрызнаны", recognised=False, facility=colony)
    teacher = prisoner(name="Ян Настаўнік", facility=colony)
    teacher.tags.add(TagFactory(slug="teachers"))
    for person in (freed, unrecognised):
        person.tags.add(journalists)
    campaign = make_campaign(kind=Campaign.Kind.GROUP, tag=journalists, slug="journalists")
    assert list(selectors.campaign_people(campaign=campaign)) == [ihar]
    # The group follows the registry: a newly detained journalist joins it.
    newcomer = prisoner(name="Новы Журналіст", facility=colony)
    newcomer.tags.add(journalists)
    assert set(selectors.campaign_people(campaign=campaign)) == {ihar, newcomer}


def test_person_campaigns_are_those_that_name_them_or_their_tag_and_have_not_ended(
    ihar, alena, journalists
):
    named = make_campaign(people=[ihar])
    group = make_campaign(kind=Campaign.Kind.GROUP, tag=journalists, slug="journalists")
    ended = make_campaign(people=[ihar], slug="ended", ends_on=datetime.date(2026, 5, 31))
    today = datetime.date(2026, 6, 10)
    assert selectors.person_campaigns(person=ihar, today=today) == [group, named]  # by slug
    assert selectors.person_campaigns(person=alena, today=today) == []
    assert ended in selectors.person_campaigns(person=ihar, today=datetime.date(2026, 5, 2))


# Goal progress and counters


def test_goal_progress_counts_letters_written_in_the_campaign_not_rejected(ihar, alena):
    campaign = make_campaign(
        kind=Campaign.Kind.DAY_OF_ACTION,
        people=[ihar, alena],
        slug="day",
        day_of_action=datetime.date(2026, 5, 21),
        ends_on=datetime.date(2026, 5, 31),
        goal_letters=2,
    )
    letter_written(ihar, datetime.date(2026, 4, 30))  # before the campaign
    letter_written(ihar, datetime.date(2026, 5, 1), hour=0)  # its first hour counts
    letter_written(ihar, datetime.date(2026, 5, 21))
    letter_written(ihar, datetime.date(2026, 5, 22), rejected=True)  # stopped: not counted
    letter_written(alena, datetime.date(2026, 5, 31), hour=23)
    letter_written(alena, datetime.date(2026, 6, 1))  # after it ended
    progress = selectors.campaign_progress(campaign=campaign, today=datetime.date(2026, 6, 5))
    assert [(row.person, row.letters, row.reached) for row in progress.people] == [
        (alena, 1, False),  # the fewest first
        (ihar, 2, True),
    ]
    assert (progress.people_count, progress.reached, progress.percent) == (2, 1, 50)
    assert progress.people[0].percent == 50
    counters = selectors.campaign_counters(campaign=campaign, today=datetime.date(2026, 6, 5))
    assert counters.letters == 3


def test_a_monthly_goal_counts_this_month_only(ihar):
    campaign = make_campaign(
        people=[ihar],
        starts_on=datetime.date(2026, 4, 1),
        goal_letters=1,
        goal_period=Campaign.GoalPeriod.MONTH,
    )
    letter_written(ihar, datetime.date(2026, 4, 20))
    in_may = selectors.campaign_progress(campaign=campaign, today=datetime.date(2026, 5, 3))
    assert (in_may.window.start, in_may.window.end) == (
        datetime.date(2026, 5, 1),
        datetime.date(2026, 5, 3),
    )
    assert (in_may.people[0].letters, in_may.reached) == (0, 0)
    in_april = selectors.campaign_progress(campaign=campaign, today=datetime.date(2026, 4, 30))
    assert (in_april.people[0].letters, in_april.reached) == (1, 1)
    # The campaign's own counter counts the whole campaign.
    counters = selectors.campaign_counters(campaign=campaign, today=datetime.date(2026, 5, 3))
    assert counters.letters == 1


def test_a_campaign_without_a_goal_still_counts_letters_but_nobody_reaches_it(ihar):
    campaign = make_campaign(people=[ihar], starts_on=datetime.date(2026, 5, 1))
    letter_written(ihar, datetime.date(2026, 5, 2))
    progress = selectors.campaign_progress(campaign=campaign, today=datetime.date(2026, 5, 3))
    assert (progress.goal, progress.people[0].letters, progress.reached) == (None, 1, 0)
    assert progress.people[0].percent == 0


def test_progress_lists_at_most_the_limit_but_counts_everyone(colony, journalists):
    for n in range(5):
        prisoner(name=f"Журналіст {n}", facility=colony).tags.add(journalists)
    campaign = make_campaign(kind=Campaign.Kind.GROUP, tag=journalists, goal_letters=1)
    progress = selectors.campaign_progress(
        campaign=campaign, today=datetime.date(2026, 5, 3), limit=3
    )
    assert (len(progress.people), progress.people_count) == (3, 5)


def test_message_and_share_counters_come_from_their_logs(campaign, ihar):
    shown = message_submit(sender_name="Ala", text="One", campaign=campaign)
    withdrawn = message_submit(sender_name="Ala", text="Two", campaign=campaign)
    message_submit(sender_name="Ala", text="Three", campaign=campaign)  # waiting
    rejected = message_submit(sender_name="Ala", text="Four", campaign=campaign)
    to_person = message_submit(sender_name="Ala", text="Five", person=ihar)
    for message in (shown, withdrawn, to_person):
        message_act(message_id=message.pk, action="approve")
    message_act(message_id=withdrawn.pk, action="withdraw")
    message_act(message_id=rejected.pk, action="reject")
    for network in ("telegram", "x", "telegram"):
        share_record(campaign=campaign, network=network)
    counters = selectors.campaign_counters(campaign=campaign, today=datetime.date(2026, 5, 3))
    assert (counters.messages, counters.shares) == (1, 3)
    assert list(selectors.messages_shown(campaign=campaign)) == [shown]
    assert list(selectors.messages_shown(person=ihar)) == [to_person]
    assert selectors.person_message_count(person=ihar) == 1
    assert [m.text for m in selectors.messages_waiting()] == ["Three"]


# The index


def test_the_index_sorts_campaigns_into_current_upcoming_and_past(ihar):
    current = make_campaign(people=[ihar], slug="now", starts_on=datetime.date(2026, 5, 1))
    upcoming = make_campaign(people=[ihar], slug="soon", starts_on=datetime.date(2026, 7, 1))
    past = make_campaign(
        people=[ihar],
        slug="over",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 2, 1),
    )
    last_day = make_campaign(
        people=[ihar],
        slug="last-day",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 6, 1),
    )
    index = selectors.campaign_index(today=datetime.date(2026, 6, 1))
    assert (index.current, index.upcoming, index.past) == ([current, last_day], [upcoming], [past])
    assert selectors.campaign_index(today=datetime.date(2026, 6, 1), country="ru").current == []


# Days of action


def day_of_action(slug, day, *, recurs=True, **fields):
    return make_campaign(
        kind=Campaign.Kind.DAY_OF_ACTION,
        slug=slug,
        day_of_action=day,
        recurs_yearly=recurs,
        starts_on=fields.pop("starts_on", day),
        **fields,
    )


def test_days_of_action_in_a_range_include_every_yearly_recurrence():
    may21 = day_of_action("may-21", datetime.date(2021, 5, 21))
    once = day_of_action("once", datetime.date(2024, 3, 8), recurs=False)
    ended = day_of_action("ended", datetime.date(2020, 8, 9), ends_on=datetime.date(2022, 12, 31))
    days = selectors.campaign_days_of_action(
        start=datetime.date(2020, 1, 1), end=datetime.date(2026, 12, 31)
    )
    assert [(d.date, d.campaign.slug) for d in days] == [
        (datetime.date(2020, 8, 9), "ended"),
        (datetime.date(2021, 5, 21), "may-21"),
        (datetime.date(2021, 8, 9), "ended"),
        (datetime.date(2022, 5, 21), "may-21"),
        (datetime.date(2022, 8, 9), "ended"),
        (datetime.date(2023, 5, 21), "may-21"),
        (datetime.date(2024, 3, 8), "once"),
        (datetime.date(2024, 5, 21), "may-21"),
        (datetime.date(2025, 5, 21), "may-21"),
        (datetime.date(2026, 5, 21), "may-21"),
    ]
    week = selectors.campaign_days_of_action(
        start=datetime.date(2027, 5, 17), end=datetime.date(2027, 5, 23)
    )
    assert [(d.date, d.campaign) for d in week] == [(datetime.date(2027, 5, 21), may21)]
    assert once and ended


def test_a_day_of_action_on_29_february_falls_on_28_february_in_other_years():
    day_of_action("leap", datetime.date(2024, 2, 29))
    days = selectors.campaign_days_of_action(
        start=datetime.date(2024, 1, 1), end=datetime.date(2025, 12, 31)
    )
    assert [d.date for d in days] == [datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)]


def test_days_of_action_are_of_the_country_asked_for_and_not_before_they_began():
    day_of_action("by", datetime.date(2021, 5, 21))
    russia = Country.objects.create(code="RU", name_en="Russia", postal_line="RUSSIA")
    day_of_action("ru", datetime.date(2021, 10, 30), country=russia)
    days = selectors.campaign_days_of_action(
        start=datetime.date(2019, 1, 1), end=datetime.date(2021, 12, 31), country="by"
    )
    assert [(d.date, d.campaign.slug) for d in days] == [(datetime.date(2021, 5, 21), "by")]
    assert (
        selectors.campaign_days_of_action(
            start=datetime.date(2021, 6, 1), end=datetime.date(2021, 5, 1)
        )
        == []
    )


def test_the_next_day_of_action_is_today_or_later():
    campaign = day_of_action("may-21", datetime.date(2021, 5, 21))
    assert selectors.next_day_of_action(campaign, today=datetime.date(2026, 5, 21)) == (
        datetime.date(2026, 5, 21)
    )
    assert selectors.next_day_of_action(campaign, today=datetime.date(2026, 5, 22)) == (
        datetime.date(2027, 5, 21)
    )


def test_the_people_shown_are_those_with_fewest_letters_then_by_name(colony, journalists):
    names = ["Б Другі", "А Першы", "В Трэці", "Г Чацвёрты"]
    people = {}
    for name in names:
        people[name] = prisoner(name=name, facility=colony)
        people[name].tags.add(journalists)
    campaign = make_campaign(kind=Campaign.Kind.GROUP, tag=journalists, goal_letters=2)
    day = datetime.date(2026, 5, 10)
    for name, letters in (("А Першы", 2), ("Б Другі", 1), ("В Трэці", 0), ("Г Чацвёрты", 3)):
        for _ in range(letters):
            letter_written(people[name], day)
    today = datetime.date(2026, 5, 20)
    shown = selectors.campaign_progress(campaign=campaign, today=today, limit=2)
    assert [(row.person.name, row.letters) for row in shown.people] == [
        ("В Трэці", 0),
        ("Б Другі", 1),
    ]
    assert (shown.people_count, shown.reached) == (4, 2)
    everyone = selectors.campaign_progress(campaign=campaign, today=today, limit=None)
    assert [(row.person.name, row.letters) for row in everyone.people] == [
        ("В Трэці", 0),
        ("Б Другі", 1),
        ("А Першы", 2),
        ("Г Чацвёрты", 3),
    ]
    assert (everyone.people_count, everyone.reached) == (4, 2)

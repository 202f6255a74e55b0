"""In a real browser: a supporter opens a campaign and leaves a message; a moderator,
signed in in a second browser, approves it; the supporter's page then shows it and
the message counter has gone up. Screenshots of the index and a campaign page on a
desktop and a phone."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from tests.campaigns.conftest import make_campaign
from tests.factories import TagFactory, gomel_colony, prisoner
from tests.letters.helpers import restore_migration_data
from tests.letters.test_journey_browser import PASSWORD, sign_in
from vestka.campaigns.models import Campaign, SolidarityMessage
from vestka.campaigns.services import message_act, message_submit, share_record
from vestka.site import writing_forms

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data_kept"),
]

MESSAGE = "Трымайся, Ігар! Мы памятаем пра цябе і чакаем дома. <b>not bold</b>"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def campaigns(transactional_db, monkeypatch):
    restore_migration_data()  # an earlier transactional test may have emptied the tables
    # The browser fills the form faster than a person; the minimum age has its own tests.
    monkeypatch.setattr(writing_forms, "FORM_MIN_SECONDS", 0)
    colony = gomel_colony()
    journalists = TagFactory(slug="journalists", name_en="Journalists", name_be="Журналісты")
    people = []
    for name in (
        "Ігар Прыдуманы",
        "Алена Выдуманая",
        "Максім Несапраўдны-Доўгапрозвішчны",
        "Зміцер Прыкладны",
    ):
        person = prisoner(name=name, facility=colony, is_demo=True)
        person.tags.add(journalists)
        people.append(person)
    today = timezone.localdate()
    group = make_campaign(
        kind=Campaign.Kind.GROUP,
        tag=journalists,
        slug="journalists-behind-bars",
        title_en="Journalists behind bars",
        title_be="Журналісты за кратамі",
        description_en=(
            "Every journalist held for their work gets at least three letters this month. "
            "The list follows the registry."
        ),
        starts_on=today - datetime.timedelta(days=20),
        hashtag="JournalismIsNotACrime",
        goal_letters=3,
        goal_period=Campaign.GoalPeriod.MONTH,
    )
    make_campaign(
        kind=Campaign.Kind.DAY_OF_ACTION,
        slug="day-of-solidarity-21-may",
        title_en="Day of Solidarity with Political Prisoners in Belarus",
        starts_on=datetime.date(2021, 5, 1),
        day_of_action=datetime.date(2021, 5, 21),
        recurs_yearly=True,
        hashtag="SolidarityWithBelarus",
        people=people[:2],
        goal_letters=2,
    )
    make_campaign(
        people=[people[0]],
        slug="new-year-postcards",
        title_en="New Year postcards for Ihar",
        starts_on=today - datetime.timedelta(days=120),
        ends_on=today - datetime.timedelta(days=60),
    )
    make_campaign(
        people=[people[1]],
        slug="spring-letters",
        title_en="Spring letters for Alena",
        starts_on=today + datetime.timedelta(days=30),
    )
    earlier = message_submit(sender_name="Marta", text="We think of you every day.", campaign=group)
    message_act(message_id=earlier.pk, action="approve")
    share_record(campaign=group, network="telegram")
    moderator = User.objects.create_user("moderator", password=PASSWORD, is_staff=True)
    moderator.groups.add(Group.objects.get(name="Message moderators"))
    return {"group": group, "people": people}


def test_a_message_left_on_a_campaign_appears_once_a_moderator_approves_it(
    live_server, browser, page, screenshot, campaigns
):
    from playwright.sync_api import expect

    group = campaigns["group"]

    # The index, desktop and phone.
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns").click()
    page.wait_for_url("**/campaigns/")
    expect(page.locator("#current-heading")).to_have_text("Now")
    screenshot("campaigns-index-desktop")
    phone = browser.new_context(viewport=PHONE)
    phone_page = phone.new_page()
    phone_page.goto(live_server.url + "/campaigns/")
    screenshot("campaigns-index-phone", target=phone_page)

    # The supporter opens the campaign and leaves a message.
    page.get_by_role("link", name="Journalists behind bars").click()
    page.wait_for_url(f"**{group.get_absolute_url()}")
    expect(page.locator("#count-messages")).to_have_text("1")
    expect(page.locator(".campaign-person")).to_have_count(4)
    screenshot("campaign-page-desktop")
    page.get_by_label("Sign with the name").fill("Ала")
    page.get_by_label("Your message").fill(MESSAGE)
    page.get_by_role("button", name="Leave the message").click()
    expect(page.locator("#message-sent")).to_contain_text("once a moderator has read it")
    expect(page.locator(".solidarity-messages")).not_to_contain_text("Трымайся")
    expect(page.locator("#count-messages")).to_have_text("1")
    message = SolidarityMessage.objects.get(sender_name="Ала")
    assert message.state == "pending"

    # The moderator, in a second browser, approves it from the queue.
    context, staff_page = sign_in(browser, live_server, "moderator", "/staff/")
    staff_page.get_by_role("link", name="Solidarity messages", exact=True).click()
    staff_page.locator("#result_list").get_by_role("link", name="waiting for a moderator").click()
    staff_page.wait_for_url(f"**/staff/campaigns/solidaritymessage/{message.pk}/moderate/")
    expect(staff_page.locator("#message-text")).to_have_text(MESSAGE)
    screenshot("campaign-moderate-message", target=staff_page)
    staff_page.get_by_label("Decision").select_option("approve")
    staff_page.locator("#moderation input[type=submit]").click()
    staff_page.wait_for_url("**/staff/campaigns/solidaritymessage/")
    expect(staff_page.locator(".messagelist")).to_contain_text("Done.")
    screenshot("campaign-moderation-queue", target=staff_page)
    context.close()

    # The supporter reloads: the message is there, escaped, and the counter went up.
    page.reload()
    expect(page.locator("#count-messages")).to_have_text("2")
    expect(page.locator("#messages-heading")).to_have_text("2 solidarity messages")
    shown = page.locator(".solidarity-message", has_text="Трымайся")
    expect(shown.locator("blockquote")).to_have_text(MESSAGE)
    expect(shown).to_contain_text("Ала")
    assert page.locator(".solidarity-message b").count() == 0

    phone_page.goto(live_server.url + group.get_absolute_url())
    screenshot("campaign-page-phone", target=phone_page)
    day = phone_page.context.new_page()
    day.goto(live_server.url + "/be/campaigns/day-of-solidarity-21-may/")
    screenshot("campaign-day-of-action-phone-be", target=day)
    phone.close()

    # The person page lists the campaign.
    page.goto(live_server.url + campaigns["people"][0].get_absolute_url())
    expect(page.locator("#campaigns-heading")).to_be_visible()
    expect(page.get_by_role("link", name="Journalists behind bars")).to_be_visible()
    screenshot("campaign-person-page")

"""Writes: campaigns refused when kind, dates, tag and people do not fit; messages
screened, refused with a reason, taken once per submission; moderation logged and never
decided twice; shares logged with nothing about who shared."""

import datetime
import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection

from tests.campaigns.conftest import TODAY, make_campaign
from tests.factories import TagFactory, belarus, prisoner
from tests.letters.helpers import restore_migration_data
from vestka.campaigns import services
from vestka.campaigns.models import Campaign, MessageEvent, ShareEvent, SolidarityMessage
from vestka.campaigns.services import CampaignRefused, message_act, message_submit

pytestmark = pytest.mark.django_db


# Campaigns


def test_a_person_campaign_needs_exactly_one_person(ihar, alena):
    with pytest.raises(CampaignRefused, match="people: A campaign for one person needs exactly"):
        make_campaign(people=[ihar, alena])
    with pytest.raises(CampaignRefused, match="exactly one person"):
        make_campaign(people=[])
    assert not Campaign.objects.exists()


def test_a_group_campaign_takes_its_people_from_a_tag_only(ihar, journalists):
    with pytest.raises(CampaignRefused, match="tag: A group campaign needs a tag"):
        make_campaign(kind=Campaign.Kind.GROUP)
    with pytest.raises(CampaignRefused, match="leave the people empty"):
        make_campaign(kind=Campaign.Kind.GROUP, tag=journalists, people=[ihar])
    with pytest.raises(CampaignRefused, match="Only a group campaign takes its people from a tag"):
        make_campaign(tag=journalists, people=[ihar])
    assert make_campaign(kind=Campaign.Kind.GROUP, tag=journalists).tag == journalists


def test_a_day_of_action_needs_its_date_and_only_it_has_one(ihar):
    with pytest.raises(CampaignRefused, match="day_of_action: A day of action needs its date"):
        make_campaign(kind=Campaign.Kind.DAY_OF_ACTION)
    with pytest.raises(CampaignRefused, match="Only a day of action has a date"):
        make_campaign(people=[ihar], day_of_action=datetime.date(2026, 5, 21))


def test_dates_hashtag_slug_and_country_are_checked(ihar):
    with pytest.raises(CampaignRefused, match="ends_on: A campaign cannot end before it starts"):
        make_campaign(people=[ihar], ends_on=datetime.date(2026, 4, 30))
    with pytest.raises(CampaignRefused, match="hashtag: A hashtag is letters"):
        make_campaign(people=[ihar], hashtag="two words")
    with pytest.raises(CampaignRefused, match="slug"):
        make_campaign(people=[ihar], slug="not a slug!")
    from vestka.registry.models import Country

    elsewhere = Country.objects.create(code="RU", name_en="Russia", postal_line="RUSSIA")
    with pytest.raises(CampaignRefused, match="Not in this campaign's country: Ігар Прыдуманы"):
        make_campaign(people=[ihar], country=elsewhere)
    assert not Campaign.objects.exists()


def test_a_hashtag_is_stored_without_its_hash_and_written_with_it(ihar):
    campaign = make_campaign(people=[ihar], hashtag="#LettersForIhar")
    assert campaign.hashtag == "LettersForIhar"
    assert campaign.hashtag_text == "#LettersForIhar"
    assert campaign.get_absolute_url() == "/campaigns/letters-for-ihar/"


# Messages


def test_a_message_waits_for_a_moderator_with_its_screening_and_an_event(campaign):
    message = message_submit(sender_name=" Ala ", text=" Трымайся! ", campaign=campaign)
    assert (message.state, message.sender_name, message.text) == ("pending", "Ala", "Трымайся!")
    assert message.screening["flags"] == []
    assert list(message.events.values_list("action", "to_state")) == [("submit", "pending")]


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        ("", "Hello", "Sign the message with a name"),
        ("   ", "Hello", "Sign the message with a name"),
        ("A" * 61, "Hello", "The name is longer than 60 characters"),
        ("Ala", "", "The message is empty"),
        ("Ala", " \n ", "The message is empty"),
        ("Ala", "x" * 501, "The message is 501 characters long; at most 500 are taken"),
        ("Ala", "Call +375 29 123-45-67", "No phone numbers"),
        ("Ala", "see www.example.com", "No links"),
        ("www.spam.example.com", "Hello", "No links"),  # the name is published too
    ],
)
def test_bad_messages_are_refused_with_the_reason_and_nothing_is_stored(
    campaign, name, text, error
):
    with pytest.raises(CampaignRefused, match=error):
        message_submit(sender_name=name, text=text, campaign=campaign)
    assert not SolidarityMessage.objects.exists()
    assert not MessageEvent.objects.exists()


def test_a_message_goes_to_one_person_or_one_campaign(campaign, ihar):
    with pytest.raises(CampaignRefused, match="one person or to one campaign"):
        message_submit(sender_name="Ala", text="Hi", campaign=campaign, person=ihar)
    with pytest.raises(CampaignRefused, match="one person or to one campaign"):
        message_submit(sender_name="Ala", text="Hi")


def test_an_ended_campaign_takes_no_more_messages(ihar):
    campaign = make_campaign(people=[ihar], ends_on=datetime.date(2026, 6, 30))
    with pytest.raises(CampaignRefused, match="This campaign has ended"):
        message_submit(
            sender_name="Ala", text="Hi", campaign=campaign, today=datetime.date(2026, 7, 1)
        )
    assert message_submit(sender_name="Ala", text="Hi", campaign=campaign, today=TODAY)


def test_hostile_markup_is_stored_as_typed_for_the_templates_to_escape(campaign):
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    message = message_submit(sender_name="<b>Ala</b>", text=text, campaign=campaign)
    assert message.text == text and message.sender_name == "<b>Ala</b>"


def test_the_same_message_twice_in_one_place_is_refused(campaign, ihar):
    message_submit(sender_name="Ala", text="Трымайся!", campaign=campaign)
    with pytest.raises(CampaignRefused, match="already been left here"):
        message_submit(sender_name="Ян", text="Трымайся!", campaign=campaign)
    assert message_submit(sender_name="Ала", text="Трымайся!", person=ihar)  # elsewhere: fine


def test_one_submission_makes_one_message(campaign):
    first = message_submit(sender_name="Ala", text="Hi", campaign=campaign, submission_key="k1")
    again = message_submit(sender_name="Ala", text="Hi", campaign=campaign, submission_key="k1")
    assert first.pk == again.pk and SolidarityMessage.objects.count() == 1


def test_the_site_wide_brake_asks_to_send_again_in_a_minute(campaign, settings):
    settings.VESTKA_MESSAGES_PER_MINUTE = 2
    message_submit(sender_name="Ala", text="One", campaign=campaign)
    message_submit(sender_name="Ala", text="Two", campaign=campaign)
    with pytest.raises(services.MessagesBusy, match="in a minute"):
        message_submit(sender_name="Ala", text="Three", campaign=campaign)


# Moderation


@pytest.fixture
def moderator(db):
    return User.objects.create_user("moderator", is_staff=True)


def test_every_decision_is_an_event_with_actor_time_and_reason(campaign, moderator):
    message = message_submit(sender_name="Ala", text="Hi", campaign=campaign)
    message = message_act(message_id=message.pk, action="approve", actor=moderator)
    assert message.state == "approved"
    message = message_act(
        message_id=message.pk, action="withdraw", actor=moderator, reason=" a name in it "
    )
    events = list(message.events.order_by("pk"))
    assert [(e.action, e.from_state, e.to_state) for e in events] == [
        ("submit", "", "pending"),
        ("approve", "pending", "approved"),
        ("withdraw", "approved", "withdrawn"),
    ]
    assert events[2].actor == moderator and events[2].reason == "a name in it"
    assert events[2].at >= events[1].at


def test_a_decision_the_state_does_not_allow_is_refused_naming_what_is(campaign):
    message = message_submit(sender_name="Ala", text="Hi", campaign=campaign)
    message_act(message_id=message.pk, action="reject")
    with pytest.raises(CampaignRefused, match="rejected cannot be approve; possible: nothing"):
        message_act(message_id=message.pk, action="approve")
    with pytest.raises(CampaignRefused, match="There is no solidarity message 987654"):
        message_act(message_id=987654, action="approve")
    assert message.events.count() == 2


def test_a_stale_page_cannot_decide_again(campaign, moderator):
    message = message_submit(sender_name="Ala", text="Hi", campaign=campaign)
    message_act(message_id=message.pk, action="approve", expected_state="pending")
    with pytest.raises(CampaignRefused, match="Someone acted on this message first"):
        message_act(message_id=message.pk, action="withdraw", expected_state="pending")
    assert list(message.events.values_list("action", flat=True)) == ["submit", "approve"]


@pytest.mark.django_db(transaction=True)
def test_two_moderators_at_once_decide_a_message_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are PostgreSQL's")
    restore_migration_data()
    person = prisoner(name="Ігар Прыдуманы")
    campaign = make_campaign(people=[person])
    message = message_submit(sender_name="Ala", text="Hi", campaign=campaign)
    users = [User.objects.create_user(f"moderator-{n}", is_staff=True) for n in range(2)]
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def decide(user, action):
        try:
            start.wait()
            outcomes.append(message_act(message_id=message.pk, action=action, actor=user))
        except CampaignRefused as refusal:
            outcomes.append(refusal)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(users[0], "approve")),
        threading.Thread(target=decide, args=(users[1], "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(o, CampaignRefused) for o in outcomes) == 1
    assert MessageEvent.objects.filter(message=message).exclude(action="submit").count() == 1


# Shares


def test_a_share_is_logged_with_its_network_and_time_only(campaign):
    event = services.share_record(campaign=campaign, network="telegram")
    assert {f.name for f in ShareEvent._meta.fields} == {"id", "campaign", "network", "at"}
    assert event.network == "telegram"
    with pytest.raises(CampaignRefused, match="no share network 'myspace'"):
        services.share_record(campaign=campaign, network="myspace")


def test_tag_factory_people_of_another_tag_are_not_in_a_group(journalists):
    # A guard for the fixtures the selectors' tests rely on.
    assert TagFactory(slug="teachers").slug != journalists.slug
    assert belarus().code == "BY"

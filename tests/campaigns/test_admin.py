"""Staff: Campaigners manage campaigns and nothing else; message moderators work the
queue, each decision logged, and a stale page cannot decide twice."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from tests.factories import belarus
from vestka.campaigns.models import Campaign, MessageEvent
from vestka.campaigns.services import message_act, message_submit

pytestmark = pytest.mark.django_db


def staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def moderate_url(message) -> str:
    return reverse("admin:campaigns_solidaritymessage_moderate", args=[message.pk])


@pytest.fixture
def pending(campaign):
    return message_submit(sender_name="Ala", text="Трымайся!", campaign=campaign)


def test_the_roles_hold_only_their_permissions():
    def permissions(name):
        group = Group.objects.get(name=name)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    assert permissions("Campaigners") == {
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "campaigns.view_campaign",
        "registry.view_person",
        "registry.view_tag",
    }
    assert permissions("Message moderators") == {
        "campaigns.moderate_message",
        "campaigns.view_solidaritymessage",
    }
    assert {"campaigns.moderate_message", "letters.moderate_letter"} <= permissions("Moderators")


def test_a_moderator_approves_a_message_and_it_is_logged(client, pending):
    moderator = staff("mod", "Message moderators")
    client.force_login(moderator)
    queue = reverse("admin:campaigns_solidaritymessage_changelist")
    assert "Трымайся!" in client.get(queue).content.decode()
    response = client.post(
        moderate_url(pending), {"action": "approve", "reason": "", "state": "pending"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == "approved"
    event = MessageEvent.objects.get(action="approve")
    assert event.actor == moderator and event.from_state == "pending"


def test_a_second_moderator_on_a_stale_page_cannot_decide_again(client, pending):
    first, second = staff("first", "Moderators"), staff("second", "Message moderators")
    client.force_login(first)
    client.post(moderate_url(pending), {"action": "approve", "state": "pending"})
    client.force_login(second)
    response = client.post(
        moderate_url(pending), {"action": "reject", "state": "pending"}, follow=True
    )
    assert "Someone acted on this message first: it is now approved." in response.content.decode()
    pending.refresh_from_db()
    assert pending.state == "approved"
    assert MessageEvent.objects.exclude(action="submit").count() == 1


def test_the_queue_opens_on_waiting_messages_and_can_show_all(client, campaign, pending):
    decided = message_submit(sender_name="Ян", text="Already approved", campaign=campaign)
    message_act(message_id=decided.pk, action="approve")
    client.force_login(staff("mod", "Message moderators"))
    url = reverse("admin:campaigns_solidaritymessage_changelist")
    queue = client.get(url).content.decode()
    assert "Трымайся!" in queue and "Already approved" not in queue
    everything = client.get(url + "?state=all").content.decode()
    assert "Трымайся!" in everything and "Already approved" in everything
    approved = client.get(url + "?state=approved").content.decode()
    assert "Трымайся!" not in approved and "Already approved" in approved


def test_campaigners_and_letter_staff_without_the_permission_cannot_moderate(client, pending):
    for username, group in (("campaigner", "Campaigners"), ("dispatcher", "Dispatchers")):
        client.force_login(staff(username, group))
        response = client.post(moderate_url(pending), {"action": "approve", "state": "pending"})
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_message_moderators_see_no_letters(client):
    client.force_login(staff("mod", "Message moderators"))
    assert client.get(reverse("admin:letters_letter_changelist")).status_code == 403


def test_a_campaigner_makes_a_group_campaign_and_the_form_explains_what_is_wrong(
    client, journalists, ihar
):
    client.force_login(staff("campaigner", "Campaigners"))
    url = reverse("admin:campaigns_campaign_add")
    data = {
        "kind": "group",
        "country": "BY",
        "slug": "journalists",
        "hashtag": "JournalismIsNotACrime",
        "title_en": "Journalists behind bars",
        "starts_on": "2026-05-01",
        "goal_letters": "3",
        "goal_period": "month",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A group campaign needs a tag" in response.content.decode()
    assert not Campaign.objects.exists()
    response = client.post(url, {**data, "tag": journalists.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert (campaign.kind, campaign.tag, campaign.country) == ("group", journalists, belarus())
    assert campaign.starts_on == datetime.date(2026, 5, 1)
    # Campaigns are never deleted: their counters and messages are their history.
    delete = reverse("admin:campaigns_campaign_delete", args=[campaign.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    page = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    assert "0 letters, 0 messages, 0 shares" in page.content.decode()

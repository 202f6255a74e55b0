"""The public pages: the index, a campaign, share links that count, and the message
forms with the letter form's robot defences; hostile text escaped everywhere."""

import datetime
import time

import pytest
from django.urls import reverse

from tests.campaigns.conftest import make_campaign
from vestka.campaigns.forms import TOKEN_SALTS
from vestka.campaigns.models import Campaign, ShareEvent, SolidarityMessage
from vestka.campaigns.services import message_act, message_submit
from vestka.site import writing_forms

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def token(kind: str, pk: int, *, age: float = 60) -> str:
    return writing_forms.form_token_issue(
        person_id=pk, issued_at=time.time() - age, salt=TOKEN_SALTS[kind]
    )


def post_message(client, campaign, **fields):
    data = {
        "sender_name": "Ala",
        "text": "Трымайся!",
        writing_forms.TOKEN_FIELD: token("campaign", campaign.pk),
        **fields,
    }
    return client.post(reverse("campaigns:campaign_message", args=[campaign.slug]), data)


def test_the_index_shows_current_upcoming_and_past_campaigns(client, ihar):
    make_campaign(people=[ihar], slug="now", title_en="Letters now")
    make_campaign(
        people=[ihar], slug="soon", title_en="Letters soon", starts_on=datetime.date(2099, 1, 1)
    )
    make_campaign(
        people=[ihar],
        slug="over",
        title_en="Letters over",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 2, 1),
    )
    page = client.get(reverse("campaigns:index")).content.decode()
    now, soon, over = (page.index(t) for t in ("Letters now", "Letters soon", "Letters over"))
    assert page.index("Now") < now < page.index("Coming up") < soon < page.index("Past") < over
    assert 'href="/campaigns/"' in page  # the main nav links to the index


def test_a_campaign_page_shows_people_progress_counters_and_how_to_act(client, campaign, ihar):
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Letters for Ihar" in page and "#LettersForIhar" in page
    assert "Goal: every person gets at least 3 letters during the campaign." in page
    assert "0 of 3 letters" in page
    assert f'href="/people/{ihar.pk}/write/"' in page
    assert 'id="count-letters">0<' in page and 'id="count-shares">0<' in page
    assert f'href="/campaigns/{campaign.slug}/share/telegram/"' in page
    assert "<script" not in page.split("<main", 1)[1]  # no script at all, ours or theirs


def test_the_description_falls_back_to_another_language_with_a_note(client, ihar):
    campaign = make_campaign(people=[ihar], description_en="Write to Ihar.")
    page = client.get(campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="be").content.decode()
    assert "Write to Ihar." in page and 'lang="en"' in page


def test_an_unknown_campaign_is_a_404_that_says_so(client):
    response = client.get("/campaigns/no-such-campaign/")
    assert response.status_code == 404
    assert "no-such-campaign" in response.content.decode()


# Share links


def test_a_share_link_counts_the_click_and_leads_to_the_network(client, campaign):
    response = client.get(reverse("campaigns:share", args=[campaign.slug, "telegram"]))
    assert response.status_code == 302
    assert response["Location"].startswith("https://t.me/share/url?url=http")
    assert "campaigns%2Fletters-for-ihar%2F" in response["Location"]
    assert "%23LettersForIhar" in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    email = client.get(reverse("campaigns:share", args=[campaign.slug, "email"]))
    assert email["Location"].startswith("mailto:?subject=Letters%20for%20Ihar")
    x = client.get(reverse("campaigns:share", args=[campaign.slug, "x"]))
    assert "hashtags=LettersForIhar" in x["Location"]
    assert list(ShareEvent.objects.values_list("network", flat=True)) == ["telegram", "email", "x"]


def test_prefetches_and_a_sessions_clicks_beyond_its_allowance_are_not_counted(
    client, campaign, settings
):
    url = reverse("campaigns:share", args=[campaign.slug, "x"])
    assert client.get(url, HTTP_SEC_PURPOSE="prefetch").status_code == 302
    assert ShareEvent.objects.count() == 0
    settings.VESTKA_SHARES_PER_SESSION_HOUR = 2
    for _ in range(4):
        assert client.get(url).status_code == 302  # still leads to the share page
    assert ShareEvent.objects.count() == 2


def test_an_unknown_network_or_campaign_is_a_404_and_counts_nothing(client, campaign):
    assert client.get(f"/campaigns/{campaign.slug}/share/myspace/").status_code == 404
    assert client.get("/campaigns/nope/share/x/").status_code == 404
    assert client.post(reverse("campaigns:share", args=[campaign.slug, "x"])).status_code == 405
    assert ShareEvent.objects.count() == 0


# Messages


def test_a_message_is_taken_and_waits_for_a_moderator_before_it_appears(client, campaign):
    response = post_message(client, campaign, text="Трымайся, Ігар!")
    assert response.status_code == 303
    assert response["Location"] == f"{campaign.get_absolute_url()}?message=sent#messages"
    page = client.get(response["Location"]).content.decode()
    assert "once a moderator has read it" in page
    assert "Трымайся, Ігар!" not in page
    message = SolidarityMessage.objects.get()
    assert (message.state, message.campaign) == ("pending", campaign)


def test_the_same_form_posted_twice_makes_one_message(client, campaign):
    form_token = token("campaign", campaign.pk)
    for _ in range(2):
        assert post_message(client, campaign, **{"form_token": form_token}).status_code == 303
    assert SolidarityMessage.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"text": ""}, "The message is empty."),
        ({"text": "x" * 501}, "The message is 501 characters long; at most 500 are taken."),
        ({"sender_name": ""}, "Sign the message with a name"),
        ({"text": "Call me +375 29 123-45-67"}, "No phone numbers"),
        ({"website": "http://spam.example"}, "a hidden field that catches robots"),
        ({"form_token": "forged"}, "This form could not be checked"),
    ],
)
def test_bad_posts_come_back_with_the_reason_and_the_text_kept(client, campaign, fields, error):
    response = post_message(client, campaign, **fields)
    page = response.content.decode()
    assert response.status_code == 400
    assert error in page
    assert not SolidarityMessage.objects.exists()
    if fields.get("text", "").startswith("Call me"):
        assert "Call me +375 29 123-45-67</textarea>" in page


def test_a_post_faster_than_anyone_writes_is_refused(client, campaign):
    response = post_message(client, campaign, form_token=token("campaign", campaign.pk, age=0))
    assert response.status_code == 400
    assert "faster than anyone can write a message" in response.content.decode()


def test_a_form_for_one_campaign_cannot_post_to_another_or_to_a_person(client, campaign, ihar):
    other = make_campaign(people=[ihar], slug="other")
    wrong = token("campaign", other.pk)
    assert post_message(client, campaign, form_token=wrong).status_code == 400
    as_person = client.post(
        reverse("campaigns:person_messages", args=[ihar.pk]),
        {"sender_name": "Ala", "text": "Hi", "form_token": token("campaign", ihar.pk)},
    )
    assert as_person.status_code == 400
    assert client.post("/campaigns/no-such/messages/", {}).status_code == 404
    assert not SolidarityMessage.objects.exists()


def test_an_ended_campaign_shows_its_messages_but_takes_no_more(client, ihar):
    ended = make_campaign(
        people=[ihar], starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 2, 1)
    )
    assert "takes no more messages" in client.get(ended.get_absolute_url()).content.decode()
    response = post_message(client, ended)
    assert response.status_code == 400 and not SolidarityMessage.objects.exists()


def test_a_session_has_an_hourly_allowance_of_messages(client, campaign, settings):
    settings.VESTKA_MESSAGES_PER_SESSION_HOUR = 1
    assert post_message(client, campaign, text="One").status_code == 303
    response = post_message(client, campaign, text="Two")
    assert response.status_code == 429 and "in the last hour" in response.content.decode()


def test_approved_hostile_text_is_escaped_on_every_page(client, admin_client, campaign, ihar):
    for target in ({"campaign": campaign}, {"person": ihar}):
        message = message_submit(sender_name="<b>Ala</b>", text=HOSTILE, **target)
        message_act(message_id=message.pk, action="approve")
    pages = [
        client.get(campaign.get_absolute_url()),
        client.get(ihar.get_absolute_url()),
        client.get(reverse("campaigns:person_messages", args=[ihar.pk])),
        admin_client.get(reverse("admin:campaigns_solidaritymessage_moderate", args=[message.pk])),
        admin_client.get(reverse("admin:campaigns_solidaritymessage_changelist") + "?state=all"),
    ]
    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>Ala" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in pages[0].content.decode()


def test_a_person_page_shows_their_campaigns_and_approved_messages(client, campaign, ihar):
    shown = message_submit(sender_name="Ala", text="Мы памятаем!", person=ihar)
    message_act(message_id=shown.pk, action="approve")
    message_submit(sender_name="Ян", text="Not yet approved", person=ihar)
    page = client.get(ihar.get_absolute_url()).content.decode()
    assert "Letters for Ihar" in page and campaign.get_absolute_url() in page
    assert "1 solidarity message" in page and "Мы памятаем!" in page
    assert "Not yet approved" not in page
    assert reverse("campaigns:person_messages", args=[ihar.pk]) in page


def test_a_message_to_a_person_is_left_on_their_messages_page(client, ihar):
    url = reverse("campaigns:person_messages", args=[ihar.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"sender_name": "Ala", "text": "Трымайся!", "form_token": token("person", ihar.pk)}
    )
    assert response.status_code == 303 and response["Location"] == f"{url}?message=sent#messages"
    assert SolidarityMessage.objects.get().person == ihar
    assert client.get("/people/987654/messages/").status_code == 404


def test_campaign_kinds_have_labels(ihar):
    assert {str(label) for _value, label in Campaign.Kind.choices} == {
        "for one person",
        "for a group",
        "day of action",
    }


def test_a_campaign_page_makes_the_same_few_queries_however_many_people_it_has(
    client, colony, journalists, django_assert_max_num_queries
):
    from tests.factories import prisoner

    for n in range(12):
        prisoner(name=f"Журналіст Выдуманы {n}", facility=colony).tags.add(journalists)
    campaign = make_campaign(kind=Campaign.Kind.GROUP, tag=journalists, goal_letters=2)
    for n in range(3):
        message = message_submit(sender_name="Ala", text=f"Трымайцеся! {n}", campaign=campaign)
        message_act(message_id=message.pk, action="approve")
    # The campaign; letters, the people shown and their number for progress; letters,
    # messages and shares for the counters; the messages shown; the demo banner's check.
    with django_assert_max_num_queries(9):
        assert client.get(campaign.get_absolute_url()).status_code == 200


def test_a_message_form_token_is_no_letter_form_token(ihar):
    message_token = token("person", ihar.pk)
    data = {writing_forms.TOKEN_FIELD: message_token}
    with pytest.raises(writing_forms.FormRefused, match="could not be checked"):
        writing_forms.form_guard_check(data=data, person_id=ihar.pk)
    letter_token = writing_forms.form_token_issue(person_id=ihar.pk, issued_at=time.time() - 60)
    with pytest.raises(writing_forms.FormRefused):
        writing_forms.form_guard_check(
            data={writing_forms.TOKEN_FIELD: letter_token},
            person_id=ihar.pk,
            salt=TOKEN_SALTS["person"],
        )

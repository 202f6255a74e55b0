"""Moderators decide on letters in the staff pages; a stale page cannot decide twice."""

import pytest
from django.urls import reverse

from tests.factories import prisoner
from vestka.letters.models import Letter
from vestka.letters.services import letter_submit

pytestmark = pytest.mark.django_db

TEXT = "Прывітанне! Як ты? У нас выпаў снег. Звані: +375 29 123 45 67. Абдымаю! " * 4


@pytest.fixture
def letter():
    return letter_submit(person=prisoner(), sender_name="Ala", text=TEXT)


def test_the_queue_and_the_letter_show_the_screening_flags(admin_client, letter):
    assert admin_client.get(reverse("admin:letters_letter_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:letters_letter_moderate", args=[letter.pk]))
    html = page.content.decode()
    assert "safety.phone" in html and "+375 29 123 45 67" in html


def test_a_moderator_rejects_with_a_reason_and_a_second_decision_is_refused(admin_client, letter):
    url = reverse("admin:letters_letter_moderate", args=[letter.pk])
    data = {
        "action": "reject",
        "reason": "Please leave out the phone number.",
        "state": "submitted",
    }
    assert admin_client.post(url, data).status_code == 302
    letter.refresh_from_db()
    assert letter.state == "rejected"
    event = letter.events.get(action="reject")
    assert event.reason == "Please leave out the phone number." and event.actor is not None
    # A second moderator, looking at the same submitted letter, approves it.
    response = admin_client.post(url, {"action": "approve", "state": "submitted"}, follow=True)
    assert "acted on this letter first" in response.content.decode()
    assert Letter.objects.get().state == "rejected"


def test_rejecting_without_a_reason_is_refused(admin_client, letter):
    url = reverse("admin:letters_letter_moderate", args=[letter.pk])
    response = admin_client.post(url, {"action": "reject", "reason": "", "state": "submitted"})
    assert "give the sender a reason" in response.content.decode()
    assert Letter.objects.get().state == "submitted"

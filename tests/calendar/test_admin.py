import pytest
from django.urls import reverse

from tests.calendar.conftest import held
from vestka.calendar import services
from vestka.calendar.models import PublicBirthday

pytestmark = pytest.mark.django_db


def test_the_calendar_admin_pages_open(admin_client):
    person = held("Прыдуманая Алена", birthday=(5, 21))
    services.digest_subscribe(email="a@example.org", language="en")
    for name in ("publicbirthday", "digestsubscription"):
        assert (
            admin_client.get(reverse(f"admin:vestka_calendar_{name}_changelist")).status_code == 200
        )
    birthday = PublicBirthday.objects.get(person=person)
    change = reverse("admin:vestka_calendar_publicbirthday_change", args=[birthday.pk])
    assert admin_client.get(change).status_code == 200


def test_staff_publish_a_birthday_and_a_day_that_is_no_date_is_refused(admin_client, admin_user):
    person = held("Прыдуманы Ігар")
    add = reverse("admin:vestka_calendar_publicbirthday_add")
    refused = admin_client.post(add, {"person": person.pk, "day": 31, "month": 4})
    assert (
        refused.status_code == 200 and "31.4 is not a day of the year" in refused.content.decode()
    )
    assert not PublicBirthday.objects.exists()
    admin_client.post(add, {"person": person.pk, "day": 29, "month": 2})
    birthday = PublicBirthday.objects.get()
    assert (birthday.day, birthday.month, birthday.published_by) == (29, 2, admin_user)


def test_subscribers_addresses_are_not_shown_to_staff(admin_client):
    subscription = services.digest_subscribe(email="secret@example.org", language="en").subscription
    page = admin_client.get(
        reverse("admin:vestka_calendar_digestsubscription_change", args=[subscription.pk])
    ).content.decode()
    assert "secret@example.org" not in page and subscription.email_sealed not in page

"""Staff editing through the admin: every page opens, and status follows events."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import FacilityFactory, prisoner
from vestka.registry.models import Event, Person

pytestmark = pytest.mark.django_db


def test_every_registry_admin_page_opens(admin_client):
    person = prisoner(facility=FacilityFactory())
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label != "registry":
            continue
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
    page = admin_client.get(reverse("admin:registry_person_change", args=[person.pk]))
    assert page.status_code == 200
    history = admin_client.get(reverse("admin:registry_person_history", args=[person.pk]))
    assert history.status_code == 200


def test_adding_a_release_in_the_admin_updates_the_derived_status(admin_client):
    person = prisoner(detained=date(2021, 1, 1))
    response = admin_client.post(
        reverse("admin:registry_event_add"),
        {"person": person.pk, "kind": Event.Kind.RELEASED, "date": "2023-05-05"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.custody == Person.CustodyState.RELEASED
    assert person.custody_until == date(2023, 5, 5)


def test_deleting_the_release_puts_the_person_back_behind_bars(admin_client):
    person = prisoner(detained=date(2021, 1, 1), released=date(2022, 1, 1))
    release = person.events.get(kind=Event.Kind.RELEASED)
    admin_client.post(reverse("admin:registry_event_delete", args=[release.pk]), {"post": "yes"})
    person.refresh_from_db()
    assert person.custody == Person.CustodyState.IN_CUSTODY
    assert release.history.filter(history_type="-").exists()

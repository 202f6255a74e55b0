"""Staff-only fields never reach a public page."""

import datetime

import pytest
from django.db import models
from django.urls import reverse

from tests.factories import EventFactory, FacilityFactory, SourceFactory, prisoner
from vestka.registry import services
from vestka.registry.models import STAFF_ONLY_FIELDS, Event, Facility, Person, Prosecution

pytestmark = pytest.mark.django_db

BIRTH_DATE = datetime.date(1979, 11, 23)
BIRTH_DATE_FORMS = [
    "1979-11-23",
    "23.11.1979",
    "23 November 1979",
    "November 23, 1979",
    "23 лістапада 1979",
    "23 ноября 1979",
]


def staff_marker(model, field_name: str):
    """A value no page could show by chance, shaped for the field's type."""
    field = model._meta.get_field(field_name)
    text = f"STAFFONLY{model.__name__}{field_name}".replace("_", "")
    if isinstance(field, models.URLField):
        return f"https://staff-only.example.org/{text}"
    if isinstance(field, models.JSONField):
        return {"marker": text}
    return text


def marker_text(value) -> str:
    return value["marker"] if isinstance(value, dict) else value


STAFF_MARKERS = {
    (model, field): staff_marker(model, field)
    for model, fields in STAFF_ONLY_FIELDS.items()
    for field in fields
    # The models the public pages show; birth_date is checked in every written form below.
    if model in (Person, Prosecution, Event, Facility) and (model, field) != (Person, "birth_date")
}


def staff_values(model) -> dict:
    return {field: value for (m, field), value in STAFF_MARKERS.items() if m is model}


@pytest.fixture
def secretive_person(db):
    facility = FacilityFactory(**staff_values(Facility))
    person = prisoner(
        name="Сакрэтны Фіктыўны",
        facility=facility,
        birth_date=BIRTH_DATE,
        birth_year=1979,
        **staff_values(Person),
    )
    person.prosecutions.update(**staff_values(Prosecution))
    EventFactory(
        person=person,
        kind=Event.Kind.TRANSFERRED,
        date=datetime.date(2022, 2, 2),
        facility=facility,
        source=SourceFactory(),
    )
    person.events.update(**staff_values(Event))
    return services.person_refresh_custody(person=person)


def test_staff_only_values_never_appear_on_any_page(client, secretive_person):
    facility = secretive_person.facility
    paths = [
        reverse("site:home"),
        reverse("site:people"),
        reverse("site:people") + f"?facility={facility.pk}",
        reverse("site:people") + "?status=active",
        secretive_person.get_absolute_url(),
        facility.get_absolute_url(),
    ]
    pages = []
    for prefix in ("", "/be", "/ru"):
        for path in paths:
            response = client.get(prefix + path)
            assert response.status_code == 200, prefix + path
            pages.append((prefix + path, response.content.decode()))
    assert any("Сакрэтны Фіктыўны" in html for _path, html in pages)
    assert any("1979" in html for _path, html in pages)  # the birth year is public
    for path, html in pages:
        for marker in STAFF_MARKERS.values():
            assert marker_text(marker) not in html, (path, marker)
        for form in BIRTH_DATE_FORMS:
            assert form not in html, (path, form)

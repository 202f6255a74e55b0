"""No staff-only field (models.STAFF_ONLY_FIELDS) leaves through any API response."""

import datetime

import pytest
from django.db import models

from tests.factories import (
    EventFactory,
    FacilityFactory,
    PersonFactory,
    PersonNameFactory,
    ProsecutionFactory,
)
from vestka.registry import services
from vestka.registry.models import STAFF_ONLY_FIELDS, Event, Facility, Person, Prosecution

BIRTH_DATE = datetime.date(1985, 7, 19)
BIRTH_DATE_FORMS = ["1985-07-19", "19.07.1985", "07/19/1985", "19/07/1985", "1985-7-19"]


def staff_only_values(model) -> dict:
    """A recognisable value for each staff-only field of ``model``, whatever its type."""
    values = {}
    for name in STAFF_ONLY_FIELDS.get(model, []):
        field = model._meta.get_field(name)
        marker = f"MARKER-{model.__name__}-{name}".upper()
        if isinstance(field, models.DateField):
            values[name] = BIRTH_DATE
        elif isinstance(field, models.URLField):
            values[name] = f"https://example.org/{marker}.jpg"
        elif isinstance(field, models.JSONField):
            values[name] = {"staff": marker}
        elif isinstance(field, models.CharField | models.TextField):
            values[name] = marker
        else:
            pytest.fail(f"give {model.__name__}.{name} a marker value in this test")
    return values


def markers() -> list[str]:
    return [
        f"MARKER-{model.__name__}-{name}".upper()
        for model, names in STAFF_ONLY_FIELDS.items()
        for name in names
        if not isinstance(model._meta.get_field(name), models.DateField)
    ]


def test_every_model_with_staff_only_fields_is_covered_here():
    assert set(STAFF_ONLY_FIELDS) <= {Person, Prosecution, Event, Facility}
    assert "birth_date" in STAFF_ONLY_FIELDS[Person]


def test_no_staff_only_value_appears_in_any_response(api):
    facility = FacilityFactory(**staff_only_values(Facility))
    person = PersonFactory(
        source_id="leak-1",
        name="Фіктыўная Асоба",
        birth_year=1985,
        **staff_only_values(Person),
    )
    PersonNameFactory(person=person, text="Fiktyunaja Asoba")
    prosecution = ProsecutionFactory(
        person=person, article_numbers=["342"], **staff_only_values(Prosecution)
    )
    EventFactory(
        person=person,
        kind=Event.Kind.DETAINED,
        date=datetime.date(2021, 3, 1),
        facility=facility,
        prosecution=prosecution,
        **staff_only_values(Event),
    )
    EventFactory(person=person, kind=Event.Kind.RECOGNISED, **staff_only_values(Event))
    services.person_refresh_custody(person=person)
    person.refresh_from_db()
    assert person.birth_date == BIRTH_DATE
    assert person.relatives.startswith("MARKER-")

    urls = [
        "/api/v1/people",
        "/api/v1/people?q=fiktyunaja",
        "/api/v1/people?status=active&article=342&region=gomel",
        f"/api/v1/people?facility={facility.pk}",
        f"/api/v1/people/{person.pk}",
        "/api/v1/people/by-source-id/leak-1",
        "/api/v1/facilities",
        f"/api/v1/facilities/{facility.pk}",
        "/api/v1/articles",
        "/api/v1/openapi.json",
        "/api/v1/docs",
    ]
    for url in urls:
        response = api.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for marker in markers():
            assert marker not in text, (url, marker)
        for form in BIRTH_DATE_FORMS:
            assert form not in text, (url, form)

    detail = api.get(f"/api/v1/people/{person.pk}").json()
    assert detail["birth_year"] == 1985
    assert detail["events"][0]["kind"] == "detained"  # the event is shown, its notes are not

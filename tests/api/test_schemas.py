"""The response schemas document exactly what vestka.registry.public serialises, and
the API sends exactly that."""

import datetime
import json

from tests.factories import EventFactory, FacilityFactory, PersonNameFactory, prisoner
from vestka.api import schemas
from vestka.registry import public, selectors
from vestka.registry.models import Event


def as_json(data):
    return json.loads(json.dumps(data))


def fields(schema) -> set[str]:
    return set(schema.model_fields)


def test_schemas_document_every_public_field(db):
    facility = FacilityFactory()
    person = prisoner(facility=facility, articles=("342",))
    EventFactory(person=person, kind=Event.Kind.TRANSFERRED, date=datetime.date(2022, 1, 1))
    person = selectors.person_detail(pk=person.pk)
    detail = public.person_public(person, timeline=selectors.person_timeline(person=person))

    assert set(public.person_summary(person)) == fields(schemas.PersonSummary)
    assert set(detail) == fields(schemas.PersonDetail)
    assert set(detail["prosecutions"][0]) == fields(schemas.ProsecutionOut)
    assert set(detail["events"][0]) == fields(schemas.EventOut)
    assert set(detail["events"][0]["source"]) == fields(schemas.SourceOut)
    assert set(detail["names"] or [{"form": "", "text": ""}][0]) == fields(schemas.PersonNameOut)
    assert set(public.facility_public(facility)) | {"people_behind_bars"} == fields(
        schemas.FacilityDetail
    )
    article = person.prosecutions.first().articles.first()
    assert set(public.article_public(article)) | {"people_behind_bars"} == fields(
        schemas.ArticleOut
    )


def test_the_api_sends_what_public_serialises_unchanged(api):
    facility = FacilityFactory()
    person = prisoner(facility=facility, articles=("361-1", "342"))
    PersonNameFactory(person=person)
    EventFactory(person=person, kind=Event.Kind.SENTENCED, date=datetime.date(2022, 1, 1))
    person = selectors.person_detail(pk=person.pk)

    detail = api.get(f"/api/v1/people/{person.pk}").json()
    expected = public.person_public(person, timeline=selectors.person_timeline(person=person))
    assert detail == as_json(expected)

    [row] = api.get("/api/v1/people").json()["results"]
    # A list row is the summary, plus how the name matched when the list is a name search.
    assert row == {**as_json(public.person_summary(person)), "match": None}

    [listed] = api.get("/api/v1/facilities").json()["results"]
    assert listed == as_json(public.facility_public(facility))

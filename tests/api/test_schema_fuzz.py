"""The API under schemathesis: requests generated from the OpenAPI schema — valid ones and
hostile ones — get no server error, and every answer matches what the schema documents
(status codes, content types, bodies)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.factories import PersonNameFactory, gomel_colony, minsk_pretrial, prisoner
from vestka.letters.partners import partner_app_create
from vestka.registry.models import PersonName

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _the_test_keeps_its_connection():
    # Django closes a connection in a transaction when a request ends; the test's
    # transaction is one. Django's own test client holds the signal back in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def registry(db, settings):
    settings.VESTKA_EMAIL_KEYS = ["0" * 43 + "="]
    colony, pretrial = gomel_colony(), minsk_pretrial()
    alena = prisoner(name="Алёна Выдуманная", facility=colony, source_id="1", birth_year=1985)
    PersonNameFactory(person=alena, form=PersonName.Form.LATIN, text="Alena Vydumanaja")
    prisoner(name="Ігар Прыдуманы", facility=pretrial, source_id="2")
    return partner_app_create(name="The schema walker", letters_per_hour=100_000)[1]


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_the_api_answers_every_generated_request_as_its_schema_says(case, registry):
    case.call_and_validate(headers={"Authorization": f"Bearer {registry}"})

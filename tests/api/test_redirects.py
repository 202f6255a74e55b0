"""The API id and source id of a person merged into another lead to the person kept."""

import pytest

from tests.api.conftest import assert_error_shape
from tests.factories import PersonFactory
from vestka.registry import merging


@pytest.fixture
def merged(db):
    keep = PersonFactory(source_id="100")
    duplicate = PersonFactory(source_id="200")
    duplicate_id = duplicate.pk
    merging.person_merge(keep=keep, duplicate=duplicate, actor=None)
    return {"keep": keep, "old_id": duplicate_id}


def test_the_id_of_a_merged_person_redirects_to_the_person_kept(api, merged, settings):
    response = api.get(f"/api/v1/people/{merged['old_id']}")

    assert response.status_code == 301
    assert response["Location"] == f"{settings.SITE_URL}/api/v1/people/{merged['keep'].pk}"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_source_id_of_a_merged_person_redirects_to_the_person_kept(api, merged, settings):
    response = api.get("/api/v1/people/by-source-id/200")

    assert response.status_code == 301
    assert response["Location"] == f"{settings.SITE_URL}/api/v1/people/{merged['keep'].pk}"


def test_the_redirect_leads_to_the_person_kept_with_their_record(api, merged, settings):
    settings.SITE_URL = "http://testserver"

    response = api.get(f"/api/v1/people/{merged['old_id']}", follow=True)

    assert response.status_code == 200
    assert response.json()["id"] == merged["keep"].pk


def test_ids_no_person_ever_had_are_still_a_404(api, merged):
    assert_error_shape(api.get("/api/v1/people/999999"), 404, "person_not_found")
    assert_error_shape(api.get("/api/v1/people/by-source-id/999"), 404, "person_not_found")


def test_the_schema_documents_the_redirects(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/people/{person_id}", "/api/v1/people/by-source-id/{source_id}"):
        operation = paths[path]["get"]
        assert "301" in operation["responses"], path
        assert "301" in operation["description"], path

"""The interactive docs load nothing from another host."""

import re
from html.parser import HTMLParser

import pytest


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"src", "href"} and value:
                self.urls.append(value)


def test_the_docs_page_references_no_external_host(api):
    response = api.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.findall(r"https?://", html, flags=re.IGNORECASE)
    assert "//" not in "".join(re.findall(r"""(?:src|href)=["']([^"']*)""", html))


def test_every_file_the_docs_page_loads_is_served_here(api):
    parser = _Resources()
    parser.feed(api.get("/api/v1/docs").content.decode())
    assert len(parser.urls) >= 4
    for url in parser.urls:
        assert url.startswith("/api/v1/docs/assets/"), url
        response = api.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)


def test_the_docs_point_swagger_at_our_schema_and_switch_off_its_validator(api):
    html = api.get("/api/v1/docs").content.decode()
    assert '"url": "/api/v1/openapi.json"' in html
    assert '"validatorUrl": null' in html


def test_the_openapi_schema_is_json(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = response.json()
    assert schema["info"]["title"] == "Vestka API"
    assert "PersonDetail" in schema["components"]["schemas"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_render_in_a_browser_without_any_outside_request(live_server, page, screenshot):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/api/v1/docs")
    page.get_by_text("/api/v1/people/by-source-id/{source_id}").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot("api-docs")
    assert requested
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []
    assert any(url.endswith("/api/v1/openapi.json") for url in requested)

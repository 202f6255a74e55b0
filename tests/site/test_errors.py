import pytest
from django.db import connection
from django.test import RequestFactory

from vestka.site import views


def test_server_error_page_renders_without_the_database(monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connection, "cursor", no_database)
    response = views.server_error(RequestFactory().get("/people/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "/static/site/vestka.css" in html


@pytest.mark.django_db
def test_stylesheet_is_served_by_the_site(client):
    response = client.get("/static/site/vestka.css")
    assert response.status_code == 200
    css = b"".join(response.streaming_content).decode()
    assert "@import" not in css and "http" not in css  # no external resources

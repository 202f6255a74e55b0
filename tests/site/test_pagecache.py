"""The page cache keeps one copy of a public page for everyone, never past a change to
what the page shows, and never a page that is one reader's own."""

import datetime
import socket

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vestka.campaigns.services import message_act, message_submit
from vestka.registry import services
from vestka.registry.models import Event
from vestka.settings import caches_from_url

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/people/",
        "/people/?name=Alena",
        "/be/people/?status=active",
        "/api/v1/people?q=Alena",
    ],
)
def test_the_second_reader_gets_the_same_page_for_one_query(client, registry, url):
    first, made = queries(client, url)
    again, kept = queries(Client(), url)
    assert again == first
    assert kept == 1 < made  # only the look at what changed


def test_a_kept_page_carries_the_site_headers(client, registry):
    url = registry["alena"].get_absolute_url()
    first = client.get(url)
    kept = Client().get(url)
    for header in ("Content-Type", "Content-Security-Policy", "Content-Language"):
        assert kept[header] == first[header], header
    assert not kept.cookies


def test_each_language_is_kept_apart(client, registry):
    url = registry["alena"].get_absolute_url()
    assert '<html lang="en">' in client.get(url).content.decode()
    assert '<html lang="be">' in client.get("/be" + url).content.decode()
    assert '<html lang="ru">' in client.get("/ru" + url).content.decode()
    assert '<html lang="en">' in client.get(url).content.decode()


def test_a_change_to_the_registry_shows_at_once(client, registry):
    alena = registry["alena"]
    url = alena.get_absolute_url()
    assert "Released" not in client.get(url).content.decode()
    client.get(reverse("site:people") + "?status=active")
    services.event_record(person=alena, kind=Event.Kind.RELEASED, on=datetime.date(2026, 1, 5))
    assert "Released" in Client().get(url).content.decode()
    listed = Client().get(reverse("site:people") + "?status=active").content.decode()
    assert "Алена Выдуманая" not in listed


def test_a_withdrawn_message_is_gone_at_once(client, registry):
    ihar = registry["ihar"]
    url = ihar.get_absolute_url()
    message = message_submit(sender_name="Ала", text="Трымайся, мы з табой!", person=ihar)
    message_act(message_id=message.pk, action="approve")
    assert "Трымайся, мы з табой!" in client.get(url).content.decode()
    message_act(message_id=message.pk, action="withdraw", reason="names a guard")
    assert "Трымайся, мы з табой!" not in Client().get(url).content.decode()


def test_signed_in_staff_see_the_page_as_it_is_now(client, registry, django_user_model):
    alena = registry["alena"]
    url = alena.get_absolute_url()
    assert "Алена Выдуманая" in client.get(url).content.decode()
    # A write that records no change (only code paths that skip the change log do
    # this): readers keep the kept page, a signed-in editor sees the row as it is.
    type(alena).objects.filter(pk=alena.pk).update(name="Алена Пераназваная")
    assert "Алена Выдуманая" in Client().get(url).content.decode()
    staff = Client()
    staff.force_login(
        django_user_model.objects.create_user("editor", password="x" * 16, is_staff=True)
    )
    assert "Алена Пераназваная" in staff.get(url).content.decode()


def test_the_write_page_with_its_form_is_never_kept(client, registry):
    write = reverse("site:write", kwargs={"pk": registry["alena"].pk})
    first = client.get(write)
    assert "csrftoken" in first.cookies
    _html, made = queries(Client(), write)
    assert made > 1
    response = Client().get(write)
    assert "csrftoken" in response.cookies  # a fresh token for every new reader


def test_the_cache_can_be_turned_off(client, registry, settings):
    settings.VESTKA_PAGE_CACHE_SECONDS = 0
    client.get("/people/")
    _html, made = queries(Client(), "/people/")
    assert made > 1


def test_only_a_page_answered_200_is_kept(client, registry):
    for url, status in (("/people/?status=nonsense", 400), ("/people/999999/", 404)):
        assert client.get(url).status_code == status
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == status
        assert len(captured) > 1, url


def test_the_cache_backend_follows_the_url(tmp_path):
    assert {c["BACKEND"].rsplit(".", 1)[1] for c in caches_from_url("").values()} == {"LocMemCache"}
    redis = caches_from_url("redis://127.0.0.1:6379/3")
    assert redis["pages"]["BACKEND"].endswith("RedisCache")
    assert redis["pages"]["KEY_PREFIX"] != redis["default"]["KEY_PREFIX"]
    files = caches_from_url(f"file://{tmp_path}")
    assert files["pages"]["LOCATION"] == str(tmp_path / "pages")
    for wrong in ("file://relative/path", "memcached://127.0.0.1", "127.0.0.1:6379"):
        with pytest.raises(ImproperlyConfigured, match="VESTKA_CACHE_URL"):
            caches_from_url(wrong)


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_pages_kept_in_redis_are_shared_and_follow_changes(client, registry, settings):
    settings.CACHES = caches_from_url("redis://127.0.0.1:6379/15")
    from django.core.cache import caches

    caches["pages"].clear()
    alena = registry["alena"]
    url = alena.get_absolute_url()
    first, made = queries(client, url)
    again, kept = queries(Client(), url)
    assert (again, kept) == (first, 1)
    services.event_record(person=alena, kind=Event.Kind.RELEASED, on=datetime.date(2026, 1, 5))
    assert "Released" in Client().get(url).content.decode()
    caches["pages"].clear()

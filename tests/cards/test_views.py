import datetime
import io
import re

import pytest
from PIL import Image

from tests.factories import PersonNameFactory, gomel_colony, prisoner
from vestka.registry.models import PersonName

pytestmark = pytest.mark.django_db


@pytest.fixture
def ihar(db):
    person = prisoner(
        name="Прыдуманы Ігар", detained=datetime.date(2021, 3, 1), facility=gomel_colony()
    )
    PersonNameFactory(person=person, form=PersonName.Form.LATIN, text="Ihar Prydumany")
    return person


@pytest.mark.parametrize(("size", "dimensions"), [("og", (1200, 630)), ("square", (1080, 1080))])
def test_cards_are_served_as_png_with_cache_headers(client, ihar, size, dimensions):
    response = client.get(f"/people/{ihar.pk}/card-{size}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == dimensions
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
    assert response["Cache-Control"].startswith("public, max-age=")


def test_a_client_holding_the_card_gets_304(client, ihar):
    etag = client.get(f"/people/{ihar.pk}/card-og.png")["ETag"]
    again = client.get(f"/people/{ihar.pk}/card-og.png", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and not again.content


def test_the_language_comes_from_the_prefix_or_lang(client, ihar):
    english = client.get(f"/people/{ihar.pk}/card-og.png")["ETag"]
    prefixed = client.get(f"/be/people/{ihar.pk}/card-og.png")["ETag"]
    asked = client.get(f"/people/{ihar.pk}/card-og.png?lang=be")["ETag"]
    assert prefixed == asked != english


def test_bad_card_addresses_say_what_is_wrong(client, ihar):
    unknown_size = client.get(f"/people/{ihar.pk}/card-huge.png")
    assert unknown_size.status_code == 404
    bad_language = client.get(f"/people/{ihar.pk}/card-og.png?lang=xx")
    assert bad_language.status_code == 400
    assert "Unknown language “xx”" in bad_language.content.decode()
    assert client.get("/people/999999/card-og.png").status_code == 404


def test_a_merged_persons_card_leads_to_the_person_kept(client, ihar):
    from vestka.registry.models import PersonRedirect

    PersonRedirect.objects.create(old_id=424242, old_name="old", person=ihar)
    response = client.get("/people/424242/card-og.png")
    assert response.status_code == 301
    assert response["Location"] == f"/people/{ihar.pk}/card-og.png"


def test_the_person_page_carries_open_graph_and_twitter_card_tags(client, ihar):
    html = client.get(f"/people/{ihar.pk}/").content.decode()
    image = f"https://vestka.example/people/{ihar.pk}/card-og.png"
    assert f'<meta property="og:image" content="{image}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{image}">' in html
    assert html.count('name="twitter:card"') == 1


def test_the_belarusian_page_shares_the_belarusian_card(client, ihar):
    html = client.get(f"/be/people/{ihar.pk}/").content.decode()
    assert f"https://vestka.example/be/people/{ihar.pk}/card-og.png" in html


def test_share_buttons_are_plain_links_and_no_third_party_script_loads(client, ihar):
    html = client.get(f"/people/{ihar.pk}/").content.decode()
    for start in (
        "https://t.me/share/url?",
        "https://x.com/intent/post?",
        "https://www.facebook.com/sharer/sharer.php?",
        "https://vk.com/share.php?",
        "mailto:?subject=",
    ):
        assert f'href="{start}' in html
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert all(src.startswith("/static/") for src in scripts)
    assert f'href="https://vestka.example/people/{ihar.pk}/card-square.png" download' in html


def test_other_pages_keep_a_plain_twitter_summary(client, db):
    html = client.get("/").content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html

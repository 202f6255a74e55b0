"""A shared person page in a real browser: its Open Graph image is the card."""

import datetime
import io

import pytest
from PIL import Image

from tests.conftest import ARTIFACTS
from tests.factories import PersonNameFactory, gomel_colony, prisoner
from vestka.registry.models import Article, Country, PersonName, Region
from vestka.registry.seed import seed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_person(transactional_db, live_server, settings):
    # A transactional test empties every table afterwards, the migrations' reference data too.
    seed_reference_data(Country, Region, Article)
    # Cards link to the site's public address: here, the test server.
    settings.SITE_URL = live_server.url
    person = prisoner(
        name="Прыдуманая-Вялікапольская Аляксандра Уладзіміраўна",
        detained=datetime.date(2021, 8, 9),
        facility=gomel_colony(),
        is_demo=True,
    )
    PersonNameFactory(
        person=person,
        form=PersonName.Form.BELARUSIAN,
        text="Аляксандра Прыдуманая-Вялікапольская",
    )
    PersonNameFactory(
        person=person, form=PersonName.Form.LATIN, text="Aliaksandra Prydumanaya-Vialikapolskaya"
    )
    return person


@pytest.mark.parametrize("prefix", ["", "/be"])
def test_the_open_graph_image_of_a_person_page_is_their_card(
    live_server, page, screenshot, shared_person, prefix
):
    page.goto(f"{live_server.url}{prefix}{shared_person.get_absolute_url()}")
    image_url = page.locator('meta[property="og:image"]').get_attribute("content")
    assert image_url == f"{live_server.url}{prefix}/people/{shared_person.pk}/card-og.png"
    assert page.locator('meta[name="twitter:card"]').get_attribute("content") == (
        "summary_large_image"
    )
    response = page.request.get(image_url)
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    card = Image.open(io.BytesIO(response.body()))
    assert card.size == (1200, 630)
    ARTIFACTS.mkdir(exist_ok=True)
    card.save(ARTIFACTS / f"card-og-browser{prefix.replace('/', '-') or '-en'}.png")

    share = page.locator("section.share")
    share.scroll_into_view_if_needed()
    for network in ("Telegram", "X", "Facebook", "VK"):
        href = share.get_by_role("link", name=network, exact=True).get_attribute("href")
        assert href.startswith("https://") and "card" not in href
    screenshot(f"person-share{prefix.replace('/', '-') or '-en'}")


def test_share_links_fit_a_phone(live_server, browser, shared_person):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(live_server.url + shared_person.get_absolute_url())
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.locator("section.share").screenshot(path=str(ARTIFACTS / "person-share-phone.png"))
    context.close()
    assert width <= 390

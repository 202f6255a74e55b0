"""The calendar in a real browser: a month, a week, the printable list, on a phone."""

import datetime

import pytest

from tests.calendar.conftest import held
from tests.conftest import ARTIFACTS
from vestka.registry.models import Article, Country, Region
from vestka.registry.seed import seed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def calendar_people(transactional_db):
    seed_reference_data(Country, Region, Article)
    held("Прыдуманая Алена", birthday=(5, 21), latin="Alena Prydumanaya", is_demo=True)
    held(
        "Прыдуманы-Вялікапольскі Аляксандр Уладзіміравіч",
        birthday=(5, 3),
        detained=datetime.date(2021, 5, 9),
        latin="Aliaksandr Prydumany-Vialikapolski",
        is_demo=True,
    )


def test_a_month_is_browsed_with_plain_links_and_printed(
    live_server, page, screenshot, calendar_people
):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/calendar/?month=2027-04")
    page.get_by_role("link", name="Next month →").click()
    expect(page.get_by_role("heading", name="Calendar: May 2027")).to_be_visible()
    expect(page.get_by_role("link", name="Birthday: Alena Prydumanaya")).to_be_visible()
    expect(
        page.get_by_text("Aliaksandr Prydumany-Vialikapolski: 6 years behind bars")
    ).to_be_visible()
    screenshot("calendar-month-en")

    page.get_by_label("Arrest anniversaries").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Birthday: Alena Prydumanaya")).to_have_count(0)
    expect(page.get_by_text("6 years behind bars")).to_be_visible()

    page.goto(live_server.url + "/calendar/?month=2027-05")
    page.get_by_role("link", name="Printable list").click()
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="← Back to the calendar")).to_be_hidden()
    page.pdf(path=str(ARTIFACTS / "calendar-print.pdf"))
    screenshot("calendar-print")


def test_the_calendar_fits_a_phone_in_belarusian(live_server, browser, calendar_people):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(live_server.url + "/be/calendar/week/?week=2027-05-20")
    width = phone.evaluate("document.documentElement.scrollWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "calendar-week-be-phone.png"), full_page=True)
    context.close()
    assert width <= 390

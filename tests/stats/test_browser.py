"""The numbers page in a real browser: pick a date, see the charts and tables change,
download the data and the report."""

import csv
import io

import pytest
from pypdf import PdfReader

from tests.stats.conftest import build_registry
from vestka.registry.models import Article, Country, Region
from vestka.registry.seed import seed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def numbers_registry(transactional_db):
    # A transactional test empties every table afterwards, the migrations' reference data too.
    seed_reference_data(Country, Region, Article)
    return build_registry()


def facility_rows(page) -> list[tuple[str, str]]:
    rows = page.locator("#by-facility tbody tr")
    return [
        (rows.nth(i).locator("th").inner_text(), rows.nth(i).locator("td").inner_text())
        for i in range(rows.count())
    ]


def test_picking_a_date_changes_the_charts_and_tables_and_the_data_downloads(
    live_server, page, numbers_registry, screenshot
):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Numbers").click()
    page.wait_for_url("**/numbers/")
    page.get_by_label("As of").fill("2022-06-01")
    page.get_by_role("button", name="Show the numbers").click()
    page.wait_for_url("**/numbers/?as_of=2022-06-01*")
    expect(page.locator("h1")).to_contain_text("as of June 1, 2022")
    expect(page.locator("#stat-behind-bars")).to_have_text("3")
    assert facility_rows(page) == [("Penal colony No. 4", "2"), ("Pre-trial centre No. 1", "1")]
    chart = page.locator("#by-facility svg")
    expect(chart).to_have_attribute("role", "img")
    before = chart.inner_html()
    screenshot("numbers-desktop")

    page.get_by_label("As of").fill("2023-06-01")
    page.get_by_role("button", name="Show the numbers").click()
    page.wait_for_url("**/numbers/?as_of=2023-06-01*")
    assert facility_rows(page) == [
        ("Penal colony No. 4", "1"),
        ("Pre-trial centre No. 1", "1"),
        ("not known", "1"),
    ]
    assert page.locator("#by-facility svg").inner_html() != before
    expect(page.locator(".stats-cards li").nth(3)).to_contain_text("1")  # died in custody

    with page.expect_download() as download:
        page.get_by_role("link", name="Data (CSV)").click()
    assert download.value.suggested_filename == "vestka-numbers-by-2023-06-01.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    values = {(r["section"], r["key"]): r["value"] for r in rows}
    assert values[("headline", "died_in_custody")] == "1"
    assert values[("by_article", "342")] == "2"

    page.get_by_role("link", name="Report", exact=True).click()
    page.wait_for_url("**/numbers/report/2023-06-01/")
    expect(page.locator("h1")).to_contain_text("Political prisoners in Belarus as of")
    expect(page.locator("#deaths-heading + div")).to_contain_text("Цімафей Несапраўдны")
    screenshot("numbers-report-desktop")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    assert download.value.suggested_filename == "vestka-report-by-2023-06-01.pdf"
    reader = PdfReader(download.value.path())
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Political prisoners in Belarus as of 2023-06-01" in text
    assert "Цімафей Несапраўдны" in text


def test_the_numbers_page_fits_a_phone(live_server, browser, numbers_registry):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/numbers/?as_of=2023-06-01")
    # Nothing is wider than the screen: the page does not scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "numbers-phone.png"), full_page=True)
    page.goto(live_server.url + "/numbers/report/2023-06-01/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    page.screenshot(path=str(ARTIFACTS / "numbers-report-phone.png"), full_page=True)
    page.goto(live_server.url + "/be/numbers/counter/")
    page.screenshot(path=str(ARTIFACTS / "numbers-counter-be.png"))
    context.close()

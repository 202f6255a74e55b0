"""The supporter's path through the site in a real browser, with screenshots."""

import datetime

import pytest

from tests.factories import (
    PersonNameFactory,
    SourceFactory,
    gomel_colony,
    minsk_pretrial,
    prisoner,
)
from vestka.registry import services
from vestka.registry.models import Article, Country, Event, PersonName, Region
from vestka.registry.seed import seed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def supporter_registry(transactional_db):
    # A transactional test empties every table afterwards, the migrations' reference data too.
    seed_reference_data(Country, Region, Article)
    colony = gomel_colony()
    pretrial = minsk_pretrial()
    for n in range(8):
        prisoner(
            name=f"Фіктыўная Асоба {n}",
            facility=pretrial if n % 2 else colony,
            detained=datetime.date(2022, 1, 1 + n),
            is_demo=True,
        )
    alena = prisoner(
        name="Алена Выдуманая",
        facility=colony,
        articles=("342", "361-1"),
        is_demo=True,
        detained=datetime.date(2021, 3, 1),
        birth_year=1985,
        biography_en="A fictional librarian from Hrodna who organised a reading club.",
    )
    PersonNameFactory(person=alena, form=PersonName.Form.RUSSIAN, text="Выдуманная Алёна Петровна")
    PersonNameFactory(person=alena, form=PersonName.Form.LATIN, text="Alena Vydumanaja")
    services.event_record(
        person=alena,
        kind=Event.Kind.SENTENCED,
        on=datetime.date(2021, 9, 14),
        facility=colony,
        source=SourceFactory(publisher="Viasna", title="Verdict in the reading-club case"),
    )
    alena.prosecutions.update(
        court="Hrodna Regional Court",
        judge="Fictional Judge",
        verdict_on=datetime.date(2021, 9, 14),
        expected_release=datetime.date(2026, 2, 28),
        term_months=60,
    )
    return {"alena": alena, "colony": colony}


def test_supporter_finds_a_person_and_reads_the_envelope_address(
    live_server, page, screenshot, supporter_registry
):
    page.goto(live_server.url + "/")
    assert "Demo data: every person shown here is fictional." in page.inner_text("body")
    screenshot("site-home-desktop")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.wait_for_url("**/people/")
    page.get_by_label("Facility").select_option(label="Penal colony No. 4")
    page.get_by_label("Article").select_option("361-1")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/people/?*")
    rows = page.locator(".person-row")
    assert rows.count() == 1
    screenshot("site-people-filtered-desktop")

    rows.first.get_by_role("link", name="Алена Выдуманая").click()
    page.wait_for_url("**/people/*/")
    envelope = page.locator("#envelope-address").inner_text()
    for line in (
        "Выдуманная Алёна Петровна, 1985\u00a0г.\u00a0р.",
        "246035, г. Гомель",
        "ул. Антошкина, 3",
        "ИК-4",
        "REPUBLIC OF BELARUS",
    ):
        assert line in envelope
    assert envelope.strip().endswith("REPUBLIC OF BELARUS")
    screenshot("site-person-desktop")
    page.get_by_role("link", name="More about Penal colony No. 4").click()
    page.wait_for_url("**/facilities/*/")
    assert "REPUBLIC OF BELARUS" in page.locator("#envelope-address").inner_text()
    screenshot("site-facility-desktop")
    page.go_back()

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("site-person-phone")
    page.goto(live_server.url + "/people/")
    screenshot("site-people-phone")
    page.goto(live_server.url + "/")
    screenshot("site-home-phone")
    page.goto(live_server.url + supporter_registry["colony"].get_absolute_url())
    screenshot("site-facility-phone")


def test_language_switcher_works_without_javascript(live_server, browser, supporter_registry):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/people/")
        page.get_by_role("link", name="Беларуская").click()
        page.wait_for_url("**/be/people/")
        assert page.locator("html").get_attribute("lang") == "be"
        page.get_by_role("link", name="Русский").click()
        page.wait_for_url("**/ru/people/")
        assert page.locator("html").get_attribute("lang") == "ru"
        page.screenshot(path=str(_artifacts() / "site-people-ru-desktop.png"), full_page=True)
        page.get_by_role("link", name="Алена Выдуманая").click()
        assert "Адрес для конверта" in page.inner_text("main")
        page.get_by_role("link", name="Беларуская").click()
        page.wait_for_url("**/be/people/*/")
        assert "Адрас для канверта" in page.inner_text("main")
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(_artifacts() / "site-person-be-phone.png"), full_page=True)
    finally:
        context.close()


def _artifacts():
    from tests.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

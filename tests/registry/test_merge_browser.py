"""Staff review a possible duplicate in a real browser and merge it."""

import datetime

import pytest
from django.contrib.auth.models import User

from tests.conftest import staff_sign_in
from tests.factories import PersonFactory, PersonNameFactory, gomel_colony, prisoner
from vestka.registry.models import (
    Article,
    Country,
    DuplicateCandidate,
    ImportRun,
    PersonName,
    Region,
)
from vestka.registry.seed import seed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pair(transactional_db):
    # A transactional test empties every table afterwards, the migrations' reference data too.
    seed_reference_data(Country, Region, Article)
    kept = prisoner(
        name="Андрэй Аляксандраў",
        source_id="101",
        facility=gomel_colony(),
        detained=datetime.date(2021, 3, 1),
        is_demo=True,
    )
    PersonNameFactory(person=kept, form=PersonName.Form.LATIN, text="Andrei Aliaksandrau")
    PersonNameFactory(person=kept, form=PersonName.Form.BELARUSIAN, text="Андрэй Аляксандраў")
    duplicate = PersonFactory(
        name="Андрей Александров", source_id="202", birth_year=1985, is_demo=True
    )
    PersonNameFactory(person=duplicate, form=PersonName.Form.RUSSIAN, text="Андрей Александров")
    PersonNameFactory(person=duplicate, form=PersonName.Form.LATIN, text="Andrey Aleksandrov")
    run = ImportRun.objects.create(
        filename="viasna-2024-05.csv", format="viasna-csv", country_id="BY", sha256="0", data=b""
    )
    DuplicateCandidate.objects.create(
        person=kept,
        other=duplicate,
        score=0.93,
        reason="Belarusian and Russian forms of one name",
        import_run=run,
    )
    User.objects.create_superuser("editor", password="a long test password")
    return {"kept": kept, "duplicate": duplicate}


def test_staff_merge_a_duplicate_and_its_old_address_leads_to_the_person_kept(
    live_server, page, screenshot, pair
):
    old_url = live_server.url + pair["duplicate"].get_absolute_url()
    staff_sign_in(
        page, live_server, "editor", "a long test password", "/staff/registry/duplicatecandidate/"
    )
    screenshot("admin-duplicates-queue-desktop")

    page.locator("#result_list").get_by_role("link", name="to review").click()
    page.wait_for_url("**/review/")
    table = page.locator("#duplicate-review")
    assert "Andrey Aleksandrov (Latin letters)" in table.inner_text()
    assert "Penal colony No. 4" in table.inner_text()
    screenshot("admin-duplicate-review-desktop")

    page.get_by_role("button", name="Keep “Андрэй Аляксандраў” (left)").click()
    page.wait_for_url("**/staff/registry/duplicatecandidate/?status__exact=open")
    assert "was merged into Андрэй Аляксандраў" in page.locator(".messagelist").inner_text()
    screenshot("admin-duplicate-merged-desktop")

    page.goto(live_server.url + "/staff/registry/duplicatecandidate/?status__exact=merged")
    merged_row = page.locator("#result_list tbody tr").inner_text()
    assert f"Андрей Александров (id {pair['duplicate'].pk}), merged into" in merged_row

    page.goto(old_url)
    assert page.url == live_server.url + pair["kept"].get_absolute_url()
    assert "Андрэй Аляксандраў" in page.locator("h1").inner_text()
    assert "Andrey Aleksandrov" in page.inner_text("main")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/staff/registry/personredirect/")
    screenshot("admin-merged-people-phone")

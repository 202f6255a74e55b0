"""Finding a person by a spelling the registry does not hold, in a real browser."""

import pytest

from tests.factories import PersonNameFactory, gomel_colony, prisoner
from vestka.registry.models import Article, Country, PersonName, Region
from vestka.registry.seed import seed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(transactional_db):
    seed_reference_data(Country, Region, Article)
    colony = gomel_colony()
    # Stored in Cyrillic only, as Viasna's list writes names.
    andrei = prisoner(name="Аляксандраў Андрэй Ігаравіч", facility=colony, is_demo=True)
    russian = "Александров Андрей Игоревич"
    PersonNameFactory(person=andrei, form=PersonName.Form.RUSSIAN, text=russian)
    prisoner(name="Аляксандрава Анна", facility=colony, is_demo=True)
    prisoner(name="Лойка Наста", facility=colony, is_demo=True)
    prisoner(name="Сямашка Андрэй Аляксандравіч", facility=colony, is_demo=True)
    return {"andrei": andrei}


@pytest.mark.parametrize("query", ["Andrei Aliaksandrau", "Andrzej Aleksandrow"])
def test_searching_in_latin_finds_a_person_stored_in_cyrillic(
    live_server, page, screenshot, registry, query
):
    page.goto(live_server.url + "/")
    page.get_by_label("Find a person by name, in any spelling").fill(query)
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/people/?q=*")
    rows = page.locator(".person-row")
    assert rows.count() == 1  # namesakes and a patronymic that sounds alike are left out
    row = rows.first
    assert row.locator(".person-row-name").inner_text() == "Аляксандраў Андрэй Ігаравіч"
    assert "Александров Андрей Игоревич" in row.locator(".match-note").inner_text()
    # The name field of the list keeps the query, so the search can be refined.
    assert page.get_by_label("Name", exact=True).input_value() == query
    screenshot(f"search-latin-for-cyrillic-{query.split()[0].lower()}")
    row.locator(".person-row-name").click()
    assert page.locator("h1").inner_text().startswith("Аляксандраў Андрэй")


def test_a_name_nobody_has_says_so(live_server, page, screenshot, registry):
    page.goto(live_server.url + "/people/?q=John+Nobody")
    assert page.locator(".person-row").count() == 0
    assert page.locator(".empty").is_visible()
    screenshot("search-nobody")

"""GET /api/v1/stats: the numbers of a date, in the API's one error shape when refused."""

import pytest

from tests.api.conftest import assert_error_shape
from tests.stats.conftest import registry  # noqa: F401 - the hand-counted registry

pytestmark = pytest.mark.django_db


def test_the_numbers_of_a_date_are_the_hand_counted_ones(api, registry):  # noqa: F811
    response = api.get("/api/v1/stats", {"as_of": "2023-06-01"})
    assert response.status_code == 200
    numbers = response.json()
    assert numbers["as_of"] == "2023-06-01" and numbers["country"] == "BY"
    assert (numbers["behind_bars"], numbers["released"], numbers["died_in_custody"]) == (3, 1, 1)
    assert numbers["by_article"] == {"130": 1, "342": 2}
    assert numbers["monthly"][0] == {
        "month": "2020-01",
        "arrests": 0,
        "recognitions": 0,
        "releases": 0,
    }


def test_without_a_date_the_numbers_are_of_today(api, registry):  # noqa: F811
    from django.utils import timezone

    assert api.get("/api/v1/stats").json()["as_of"] == timezone.localdate().isoformat()


def test_a_day_with_no_numbers_is_not_found(api, registry):  # noqa: F811
    for value in ["2999-01-01", "1850-01-01"]:
        error = assert_error_shape(api.get("/api/v1/stats", {"as_of": value}), 404, "no_numbers")
        assert value in error["message"]


@pytest.mark.parametrize("value", ["2021-02-30", "21-01-01", "yesterday"])
def test_a_day_that_cannot_be_counted_is_refused_naming_as_of(api, registry, value):  # noqa: F811
    error = assert_error_shape(
        api.get("/api/v1/stats", {"as_of": value}), 422, "invalid_parameters"
    )
    assert [d["parameter"] for d in error["details"]] == ["as_of"]
    assert "as_of" in error["message"]


def test_an_unknown_country_is_a_404(api, registry):  # noqa: F811
    error = assert_error_shape(
        api.get("/api/v1/stats", {"country": "ZZ"}), 404, "country_not_found"
    )
    assert "'ZZ'" in error["message"]

"""Every write path of the registry makes the cached numbers stale: services, the staff
pages, imports, merges and the demo loader."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import prisoner
from vestka.registry import importing, merging
from vestka.registry.demo.database import demo_load
from vestka.registry.models import Event, Prosecution
from vestka.registry.selectors import people_behind_bars
from vestka.stats import selectors

pytestmark = pytest.mark.django_db

CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "viasna" / "clean_en.csv"
ON = date(2022, 6, 1)


def behind_bars() -> int:
    return selectors.stats_counts(on=ON, country="BY").behind_bars


def test_an_import_is_counted_at_once(registry):
    before = behind_bars()
    version = selectors.registry_version()
    report = importing.viasna_import(data=CLEAN.read_bytes(), fmt="viasna-csv")
    assert report.created
    assert selectors.registry_version() != version
    expected = people_behind_bars(on=ON).count()
    assert behind_bars() == expected != before


def test_a_dry_run_import_changes_no_version(registry):
    behind_bars()
    version = selectors.registry_version()
    importing.viasna_import(data=CLEAN.read_bytes(), fmt="viasna-csv", dry_run=True)
    assert selectors.registry_version() == version


def test_a_merge_is_counted_at_once(registry):
    duplicate = prisoner(detained=date(2021, 1, 5), name="Ганна Выдуманая (2)")
    assert behind_bars() == 4
    merging.person_merge(keep=registry["anna"], duplicate=duplicate, actor=None)
    assert behind_bars() == 3


def test_a_release_added_in_the_staff_pages_is_counted_at_once(registry, admin_client):
    assert behind_bars() == 3
    response = admin_client.post(
        reverse("admin:registry_event_add"),
        {"person": registry["dzianis"].pk, "kind": Event.Kind.RELEASED, "date": "2022-05-20"},
    )
    assert response.status_code == 302
    assert behind_bars() == 2


def test_a_facility_moved_to_another_region_in_the_staff_pages_is_counted_at_once(
    registry, admin_client
):
    by_region = selectors.stats_numbers(on=ON, country="BY").by_region
    assert [r.key for r in by_region] == ["gomel", "minsk-city"]
    gomel = registry["gomel"]
    response = admin_client.post(
        reverse("admin:registry_facility_change", args=[gomel.pk]),
        {
            "country": "BY",
            "kind": gomel.kind,
            "name_en": gomel.name_en,
            "address": gomel.address,
            "region": registry["minsk"].region_id,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    by_region = selectors.stats_numbers(on=ON, country="BY").by_region
    assert [(r.key, r.count) for r in by_region] == [("minsk-city", 3)]


def test_an_article_removed_from_a_case_in_the_staff_pages_is_counted_at_once(
    registry, admin_client
):
    assert selectors.stats_numbers(on=ON, country="BY").as_dict()["by_article"]["342"] == 1
    case = Prosecution.objects.get(person=registry["anna"])
    response = admin_client.post(
        reverse("admin:registry_prosecution_change", args=[case.pk]),
        {
            "person": registry["anna"].pk,
            "articles": [],
            "sentence_kind": case.sentence_kind,
            "term_months": case.term_months,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "342" not in selectors.stats_numbers(on=ON, country="BY").as_dict()["by_article"]


def test_the_demo_loader_is_counted_at_once(db):
    assert behind_bars() == 0
    demo_load(people=60, seed=3)
    assert behind_bars() == people_behind_bars(on=ON).count() > 0

"""The numbers read from the registry: hand-counted, in agreement with the registry's
own "behind bars on D", and never stale after a change."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PersonFactory
from vestka.registry import custody, services
from vestka.registry.models import Event, Person
from vestka.registry.selectors import people_behind_bars
from vestka.stats import selectors
from vestka.stats.services import registry_version_bump

pytestmark = pytest.mark.django_db


def test_the_numbers_of_a_date_are_the_hand_counted_ones(registry):
    numbers = selectors.stats_numbers(on=date(2022, 6, 1), country="BY").as_dict()
    assert numbers["as_of"] == "2022-06-01"
    assert numbers["country"] == "BY"
    assert numbers["behind_bars"] == 3  # Anna, Cimafiej, Dzianis
    assert numbers["released"] == 2  # Bazyl, Fiodar (released that day)
    assert numbers["died_in_custody"] == 0
    assert numbers["incommunicado"] == 1
    assert numbers["recognised"] == 5  # everyone but Eva
    assert numbers["by_article"] == {"130": 1, "342": 1, "361-1": 1}
    assert [(f["name"], f["people"]) for f in numbers["by_facility"]] == [
        ("Penal colony No. 4", 2),
        ("Pre-trial centre No. 1", 1),
    ]
    assert [(r["code"], r["people"]) for r in numbers["by_region"]] == [
        ("gomel", 2),
        ("minsk-city", 1),
    ]
    assert numbers["by_sentence"]["2-5"] == 1 and numbers["by_sentence"]["10-15"] == 1
    assert numbers["by_sentence"]["not-sentenced"] == 1
    assert numbers["by_gender"] == {"female": 1, "male": 2, "other": 0, "unknown": 0}
    assert numbers["by_age"]["40-49"] == 1 and numbers["by_age"]["60-69"] == 1
    assert numbers["by_age"]["unknown"] == 1
    assert numbers["sentence_years"] == 14.5
    months = {m["month"]: m for m in numbers["monthly"]}
    assert months["2020-08"]["arrests"] == 1 and months["2020-12"]["arrests"] == 0
    assert months["2022-06"]["releases"] == 1


def test_a_death_in_custody_and_a_second_detention_are_counted(registry):
    numbers = selectors.stats_numbers(on=date(2023, 6, 1), country="BY").as_dict()
    assert (numbers["behind_bars"], numbers["released"], numbers["died_in_custody"]) == (3, 1, 1)
    assert numbers["by_article"] == {"130": 1, "342": 2}
    assert numbers["by_facility"][-1] == {"id": None, "name": "not known", "people": 1}
    assert numbers["by_sentence"]["life"] == 1


def test_behind_bars_agrees_with_the_registry_selector_on_every_day(registry):
    day = date(2020, 8, 1)
    while day < date(2023, 8, 1):
        expected = sorted(people_behind_bars(on=day).values_list("pk", flat=True))
        assert selectors.stats_timeline(country="BY").behind_bars(day) == expected, day
        day += timedelta(days=17)


def test_an_unknown_country_is_refused_by_name(registry):
    with pytest.raises(selectors.UnknownCountry, match="'ZZ'"):
        selectors.stats_numbers(on=date(2022, 1, 1), country="ZZ")


KINDS = [k for k in Event.Kind.values if k != custody.CHARGED]
START = date(2020, 1, 1)
dates = st.integers(min_value=0, max_value=1500).map(lambda n: START + timedelta(days=n))
events = st.lists(
    st.tuples(st.sampled_from(KINDS), st.one_of(st.none(), dates, dates, dates)), max_size=6
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(events, min_size=1, max_size=6), st.lists(dates, min_size=1, max_size=4))
def test_random_histories_in_the_database_agree_with_the_registry_selector(db, histories, days):
    # Like every registry write path, the clean-up between examples says it changed.
    deleted = list(Person.objects.values_list("pk", flat=True))
    Person.objects.all().delete()
    registry_version_bump(person_ids=deleted)
    for history in histories:
        person = PersonFactory()
        Event.objects.bulk_create(Event(person=person, kind=k, date=on) for k, on in history)
        services.person_refresh_custody(person=person)
    timeline = selectors.stats_timeline(country="BY")
    for day in days:
        expected = sorted(people_behind_bars(on=day).values_list("pk", flat=True))
        assert timeline.behind_bars(day) == expected
        assert selectors.stats_counts(on=day, country="BY").behind_bars == len(expected)


def test_recording_an_event_counts_again_only_the_person_it_concerns(registry):
    on = date(2022, 6, 1)
    before = selectors.stats_counts(on=on, country="BY")
    timeline = selectors.stats_timeline(country="BY")
    services.event_record(person=registry["anna"], kind=Event.Kind.RELEASED, on=date(2022, 5, 1))
    after = selectors.stats_counts(on=on, country="BY")
    assert (before.behind_bars, after.behind_bars) == (3, 2)
    assert after.released == before.released + 1
    assert selectors.stats_timeline(country="BY") is timeline  # updated in place
    # The timeline replayed one person; a build from scratch says the same.
    selectors.stats_forget()
    assert selectors.stats_timeline(country="BY").counts(on) == after


def test_a_change_that_names_no_people_builds_the_timeline_again(registry):
    on = date(2022, 6, 1)
    assert selectors.stats_numbers(on=on, country="BY").by_region[0].key == "gomel"
    registry["gomel"].region_id = registry["minsk"].region_id
    registry["gomel"].save()
    registry_version_bump()
    assert [r.key for r in selectors.stats_numbers(on=on, country="BY").by_region] == ["minsk-city"]


def test_the_cache_holds_the_numbers_until_the_registry_changes(
    registry, django_assert_max_num_queries
):
    on = date(2022, 6, 1)
    selectors.stats_counts(on=on, country="BY")
    with django_assert_max_num_queries(2):  # the version only
        selectors.stats_counts(on=on, country="BY")


def test_warming_builds_every_country_s_timeline_before_anyone_asks(
    registry, django_assert_max_num_queries
):
    assert selectors.stats_warm() == ["BY"]
    with django_assert_max_num_queries(2):  # the version, then the cache
        selectors.stats_counts(on=date(2022, 6, 1), country="BY")


def test_the_server_warms_the_numbers_and_survives_a_failure(registry, monkeypatch):
    from vestka.registry.management.commands import serve

    serve.warm_numbers()
    assert "BY" in selectors._timelines

    def broken():
        raise RuntimeError("no database")

    monkeypatch.setattr(selectors, "stats_warm", broken)
    serve.warm_numbers()  # logged, not raised

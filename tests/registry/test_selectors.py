from datetime import date

import pytest

from tests.factories import EventFactory, FacilityFactory, PersonFactory, prisoner
from vestka.registry import selectors, services
from vestka.registry.models import Event

pytestmark = pytest.mark.django_db


def test_behind_bars_on_a_date_follows_detentions_and_releases():
    held = prisoner(detained=date(2020, 9, 1))
    released = prisoner(detained=date(2020, 9, 1), released=date(2021, 6, 1))
    later = prisoner(detained=date(2022, 1, 10))
    unrecognised = prisoner(detained=date(2020, 9, 1), recognised=False)

    def on(day):
        return set(selectors.people_behind_bars(on=day))

    assert on(date(2020, 8, 31)) == set()
    assert on(date(2021, 1, 1)) == {held, released}
    assert on(date(2021, 6, 1)) == {held}
    assert on(date(2023, 1, 1)) == {held, later}
    assert unrecognised in set(
        selectors.people_behind_bars(on=date(2021, 1, 1), recognised_only=False)
    )


def test_re_arrest_counts_again_from_the_new_detention():
    person = prisoner(detained=date(2020, 9, 1), released=date(2020, 9, 15))
    EventFactory(person=person, kind=Event.Kind.DETAINED, date=date(2021, 3, 1))
    services.person_refresh_custody(person=person)
    assert person.custody == "in_custody"
    assert person not in selectors.people_behind_bars(on=date(2020, 12, 1))
    assert person in selectors.people_behind_bars(on=date(2021, 3, 1))


def test_undated_release_is_never_counted_as_custody():
    person = prisoner(detained=date(2020, 9, 1))
    EventFactory(person=person, kind=Event.Kind.RELEASED, date=None)
    assert person not in selectors.people_behind_bars(on=date(2020, 10, 1))


def test_the_cached_status_agrees_with_the_date_query_today():
    colony = FacilityFactory()
    people = [
        prisoner(detained=date(2021, 1, 1), facility=colony),
        prisoner(detained=date(2021, 1, 1), released=date(2022, 1, 1)),
        prisoner(detained=date(2024, 5, 5)),
    ]
    dead = PersonFactory()
    EventFactory(person=dead, kind=Event.Kind.DETAINED, date=date(2021, 1, 1))
    EventFactory(person=dead, kind=Event.Kind.RECOGNISED, date=None)
    EventFactory(person=dead, kind=Event.Kind.DIED_IN_CUSTODY, date=date(2023, 1, 1))
    services.person_refresh_custody(person=dead)
    assert (
        set(selectors.people_behind_bars_now())
        == set(selectors.people_behind_bars(on=date.today()))
        == {people[0], people[2]}
    )
    assert people[0].facility == colony


def test_event_record_refuses_unknown_kinds_and_updates_status():
    person = PersonFactory()
    with pytest.raises(ValueError, match="Unknown event kind"):
        services.event_record(person=person, kind="vanished", on=None)
    services.event_record(person=person, kind="detained", on=date(2022, 2, 2))
    person.refresh_from_db()
    assert person.custody == "in_custody" and person.custody_since == date(2022, 2, 2)

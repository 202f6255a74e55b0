from datetime import date

from vestka.registry import custody
from vestka.registry.custody import EventFact, derive_custody


def test_no_events_means_custody_unknown():
    derived = derive_custody([])
    assert derived.state == custody.UNKNOWN
    assert not derived.recognised


def test_detention_puts_the_person_in_custody_at_the_latest_facility():
    derived = derive_custody(
        [
            EventFact("detained", date(2021, 1, 5), 1),
            EventFact("transferred", date(2022, 2, 1), 2),
            EventFact("recognised", None),
        ]
    )
    assert derived.state == custody.IN_CUSTODY
    assert derived.recognised
    assert derived.facility_id == 2
    assert derived.since == date(2021, 1, 5)


def test_release_ends_custody_and_clears_facility():
    derived = derive_custody(
        [EventFact("released", date(2023, 1, 1)), EventFact("detained", date(2021, 1, 1), 3)]
    )
    assert derived.state == custody.RELEASED_STATE
    assert derived.facility_id is None
    assert derived.until == date(2023, 1, 1)
    assert derived.spells == ((date(2021, 1, 1), date(2023, 1, 1)),)


def test_re_arrest_after_release_starts_a_new_spell_and_days_add_up():
    derived = derive_custody(
        [
            EventFact("detained", date(2020, 1, 1)),
            EventFact("released", date(2020, 1, 11)),
            EventFact("detained", date(2021, 1, 1)),
        ]
    )
    assert derived.state == custody.IN_CUSTODY
    assert derived.since == date(2021, 1, 1)
    assert derived.days_behind_bars(date(2021, 1, 21)) == 10 + 20


def test_death_in_custody_keeps_the_last_facility():
    derived = derive_custody(
        [EventFact("detained", date(2021, 1, 1), 7), EventFact("died_in_custody", date(2021, 5, 1))]
    )
    assert derived.state == custody.DIED_IN_CUSTODY_STATE
    assert derived.facility_id == 7


def test_undated_release_ends_custody_without_closing_a_dated_spell():
    derived = derive_custody([EventFact("detained", date(2021, 1, 1)), EventFact("released", None)])
    assert derived.state == custody.RELEASED_STATE
    assert derived.days_behind_bars(date(2030, 1, 1)) == 0


def test_same_day_detention_and_release_is_released():
    derived = derive_custody(
        [EventFact("released", date(2021, 1, 1)), EventFact("detained", date(2021, 1, 1))]
    )
    assert derived.state == custody.RELEASED_STATE


def test_incommunicado_is_cleared_by_restored_contact_and_by_release():
    held = [EventFact("detained", date(2021, 1, 1)), EventFact("incommunicado", date(2023, 2, 1))]
    assert derive_custody(held).incommunicado
    restored = [*held, EventFact("contact_restored", date(2024, 3, 1))]
    assert not derive_custody(restored).incommunicado
    released = [*held, EventFact("released", date(2024, 3, 1))]
    assert not derive_custody(released).incommunicado

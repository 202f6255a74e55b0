"""A small fictional registry whose numbers are counted by hand in the tests."""

from datetime import date

import pytest
from django.core.cache import cache

from tests.factories import (
    EventFactory,
    PersonFactory,
    ProsecutionFactory,
    SourceFactory,
    gomel_colony,
    minsk_pretrial,
)
from vestka.registry import services
from vestka.registry.models import Event, Person, Prosecution
from vestka.stats import selectors


@pytest.fixture(autouse=True)
def _fresh_numbers():
    # Timelines and cached numbers of earlier tests are keyed on versions that can
    # recur in a rolled-back database; start every test without them.
    selectors.stats_forget()
    cache.clear()
    yield
    selectors.stats_forget()
    cache.clear()


def person_with(events, *, cases=(), **fields) -> Person:
    """A fictional person with the given (kind, date, facility, source title) events and
    (articles, term months, kind, verdict) cases, their status refreshed."""
    person = PersonFactory(**fields)
    for articles, term, kind, verdict in cases:
        ProsecutionFactory(
            person=person,
            article_numbers=list(articles),
            term_months=term,
            sentence_kind=kind,
            verdict_on=verdict,
        )
    for kind, on, facility, title in events:
        EventFactory(
            person=person,
            kind=kind,
            date=on,
            facility=facility,
            source=SourceFactory(title=title, url=f"https://example.org/{title}"),
        )
    return services.person_refresh_custody(person=person)


@pytest.fixture
def registry(db):
    return build_registry()


def build_registry() -> dict:
    """Six fictional people (see tests/stats/test_counting.py for the same histories):

    Anna held since 2020-08-10 in Minsk, in the Homiel colony from 2021-03-01 (342, 3 years);
    Bazyl held 2020-09-15 to 2022-01-10 (342 and 361-1, 18 months);
    Cimafiej held in Homiel from 2021-05-01, died in custody 2023-03-03 (361-1, 10 years);
    Dzianis held in Minsk since 2021-01-01, incommunicado from 2022-05-01 (130);
    Eva held since 2020-12-01, not recognised (342);
    Fiodar held 2022-02-02 to 2022-06-01, detained again 2023-01-15 (342, life).
    """
    minsk, gomel = minsk_pretrial(), gomel_colony()
    colony = Prosecution.SentenceKind.COLONY
    k = Event.Kind
    people = {
        "anna": person_with(
            [
                (k.DETAINED, date(2020, 8, 10), minsk, "anna-detained"),
                (k.RECOGNISED, date(2020, 9, 1), None, "anna-recognised"),
                (k.SENTENCED, date(2021, 2, 1), None, "anna-sentenced"),
                (k.TRANSFERRED, date(2021, 3, 1), gomel, "anna-transferred"),
            ],
            cases=[(("342",), 36, colony, date(2021, 2, 1))],
            name="Ганна Выдуманая",
            gender="female",
            birth_year=1980,
            birth_date=date(1980, 4, 17),
        ),
        "bazyl": person_with(
            [
                (k.DETAINED, date(2020, 9, 15), minsk, "bazyl-detained"),
                (k.RECOGNISED, date(2020, 10, 1), None, "bazyl-recognised"),
                (k.RELEASED, date(2022, 1, 10), None, "bazyl-released"),
            ],
            cases=[(("342", "361-1"), 18, colony, date(2021, 1, 10))],
            name="Базыль Прыдуманы",
            gender="male",
            birth_year=1995,
        ),
        "cimafiej": person_with(
            [
                (k.DETAINED, date(2021, 5, 1), gomel, "cimafiej-detained"),
                (k.RECOGNISED, date(2021, 6, 1), None, "cimafiej-recognised"),
                (k.DIED_IN_CUSTODY, date(2023, 3, 3), None, "cimafiej-died"),
            ],
            cases=[(("361-1",), 120, colony, date(2021, 11, 1))],
            name="Цімафей Несапраўдны",
            gender="male",
            birth_year=1960,
        ),
        "dzianis": person_with(
            [
                (k.DETAINED, date(2021, 1, 1), minsk, "dzianis-detained"),
                (k.RECOGNISED, date(2021, 2, 1), None, "dzianis-recognised"),
                (k.INCOMMUNICADO, date(2022, 5, 1), None, "dzianis-incommunicado"),
            ],
            cases=[(("130",), None, "", None)],
            name="Дзяніс Выдуманы",
            gender="male",
            birth_year=None,
        ),
        "eva": person_with(
            [(k.DETAINED, date(2020, 12, 1), minsk, "eva-detained")],
            cases=[(("342",), None, "", None)],
            name="Ева Прыдуманая",
            gender="female",
            birth_year=1990,
        ),
        "fiodar": person_with(
            [
                (k.DETAINED, date(2022, 2, 2), minsk, "fiodar-detained"),
                (k.RECOGNISED, date(2022, 3, 1), None, "fiodar-recognised"),
                (k.RELEASED, date(2022, 6, 1), None, "fiodar-released"),
                (k.DETAINED, date(2023, 1, 15), None, "fiodar-detained-again"),
            ],
            cases=[(("342",), None, Prosecution.SentenceKind.LIFE, date(2023, 5, 1))],
            name="Фёдар Несапраўдны",
            gender="other",
            birth_year=2004,
        ),
    }
    return {"minsk": minsk, "gomel": gomel, **people}

"""The counting core alone: hand-counted histories, and random histories whose counts on
any date must agree with a direct count over their events."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from vestka.registry import custody
from vestka.registry.custody import EventFact
from vestka.stats import counting
from vestka.stats.counting import PersonRecord, Sentence, Timeline

MINSK, GOMEL = 1, 2
REGIONS = {MINSK: 10, GOMEL: 20}


def fact(kind, on, facility=None):
    return EventFact(kind, on, facility)


def hand_records() -> list[PersonRecord]:
    """Six fictional people whose numbers are counted by hand in the tests below."""
    return [
        PersonRecord(  # Anna: held since 2020, moved to the colony, still inside
            1,
            (
                fact(custody.DETAINED, date(2020, 8, 10), MINSK),
                fact(custody.RECOGNISED, date(2020, 9, 1)),
                fact(custody.SENTENCED, date(2021, 2, 1)),
                fact(custody.TRANSFERRED, date(2021, 3, 1), GOMEL),
            ),
            gender="female",
            birth_year=1980,
            article_ids=(342,),
            sentences=(Sentence(36, pronounced_on=date(2021, 2, 1)),),
        ),
        PersonRecord(  # Bazyl: released in 2022
            2,
            (
                fact(custody.DETAINED, date(2020, 9, 15), MINSK),
                fact(custody.RECOGNISED, date(2020, 10, 1)),
                fact(custody.RELEASED, date(2022, 1, 10)),
            ),
            gender="male",
            birth_year=1995,
            article_ids=(342, 3611),
            sentences=(Sentence(18, pronounced_on=date(2021, 1, 10)),),
        ),
        PersonRecord(  # Cimafiej: died in custody in 2023
            3,
            (
                fact(custody.DETAINED, date(2021, 5, 1), GOMEL),
                fact(custody.RECOGNISED, date(2021, 6, 1)),
                fact(custody.DIED_IN_CUSTODY, date(2023, 3, 3)),
            ),
            gender="male",
            birth_year=1960,
            article_ids=(3611,),
            sentences=(Sentence(120, pronounced_on=date(2021, 11, 1)),),
        ),
        PersonRecord(  # Dzianis: incommunicado since May 2022
            4,
            (
                fact(custody.DETAINED, date(2021, 1, 1), MINSK),
                fact(custody.RECOGNISED, date(2021, 2, 1)),
                fact(custody.INCOMMUNICADO, date(2022, 5, 1)),
            ),
            gender="male",
            article_ids=(130,),
        ),
        PersonRecord(  # Eva: never recognised, never counted
            5,
            (fact(custody.DETAINED, date(2020, 12, 1), MINSK),),
            gender="female",
            birth_year=1990,
            article_ids=(342,),
        ),
        PersonRecord(  # Fiodar: released, detained again with no facility known
            6,
            (
                fact(custody.DETAINED, date(2022, 2, 2), MINSK),
                fact(custody.RECOGNISED, date(2022, 3, 1)),
                fact(custody.RELEASED, date(2022, 6, 1)),
                fact(custody.DETAINED, date(2023, 1, 15)),
            ),
            gender="other",
            birth_year=2004,
            article_ids=(342,),
            sentences=(Sentence(None, life=True, pronounced_on=date(2023, 5, 1)),),
        ),
    ]


def hand_counted() -> Timeline:
    return Timeline(hand_records(), facility_regions=REGIONS)


def test_the_first_day_of_2021_is_counted_as_by_hand():
    counts = hand_counted().counts(date(2021, 1, 1))
    # Anna, Bazyl and Dzianis (detained that very day); Eva is not recognised.
    assert counts.behind_bars == 3
    assert counts.recognised == 2  # Dzianis only from February
    assert (counts.released, counts.died_in_custody, counts.incommunicado) == (0, 0, 0)
    assert counts.by_article == {130: 1, 342: 2, 3611: 1}
    assert counts.by_facility == {MINSK: 3}
    assert counts.by_region == {10: 3}
    assert counts.by_sentence["not-sentenced"] == 3  # both verdicts come later in January
    assert counts.by_gender == {"female": 1, "male": 2, "other": 0, "unknown": 0}
    assert counts.by_age["40-49"] == 1 and counts.by_age["18-29"] == 1
    assert counts.by_age["unknown"] == 1
    assert counts.sentence_years == 0


def test_the_middle_of_2022_is_counted_as_by_hand():
    timeline = hand_counted()
    counts = timeline.counts(date(2022, 6, 1))
    # Anna and Cimafiej in the colony, Dzianis in Minsk; Fiodar released that very day.
    assert timeline.behind_bars(date(2022, 6, 1)) == [1, 3, 4]
    assert counts.released == 2  # Bazyl and Fiodar
    assert counts.incommunicado == 1
    assert timeline.incommunicado(date(2022, 6, 1)) == [4]
    assert counts.recognised == 5
    assert counts.by_facility == {GOMEL: 2, MINSK: 1}
    assert counts.by_region == {20: 2, 10: 1}
    assert counts.by_sentence == {
        "not-sentenced": 1,
        "under-2": 0,
        "2-5": 1,
        "5-10": 0,
        "10-15": 1,
        "15+": 0,
        "life": 0,
        "term-unknown": 0,
    }
    assert counts.sentence_years == 14.5  # 36 + 18 + 120 months


def test_a_death_and_a_second_detention_are_counted_as_by_hand():
    timeline = hand_counted()
    counts = timeline.counts(date(2023, 6, 1))
    assert timeline.behind_bars(date(2023, 6, 1)) == [1, 4, 6]
    assert counts.died_in_custody == 1
    assert counts.released == 1  # Fiodar is inside again
    assert counts.by_facility == {GOMEL: 1, MINSK: 1, None: 1}
    assert counts.by_region == {20: 1, 10: 1, None: 1}
    assert counts.by_sentence["life"] == 1
    assert timeline.deaths_in_custody(date(2023, 6, 1)) == [(3, date(2023, 3, 3))]
    assert timeline.longest_sentences(date(2023, 6, 1)) == [
        (6, counting.LIFE_MONTHS),
        (1, 36),
    ]
    assert timeline.recognised_between(date(2021, 1, 1), date(2021, 12, 31)) == [
        (3, date(2021, 6, 1)),
        (4, date(2021, 2, 1)),
    ]


def test_the_monthly_series_counts_arrests_recognitions_and_releases_per_month():
    months = {m.month: m for m in hand_counted().monthly(date(2022, 6, 1))}
    assert list(months)[0] == "2020-01" and list(months)[-1] == "2022-06"
    assert (months["2020-08"].arrests, months["2020-09"].arrests) == (1, 1)
    assert months["2020-12"].arrests == 0  # Eva is not recognised
    assert months["2020-10"].recognitions == 1
    assert months["2022-01"].releases == 1
    assert months["2022-06"].releases == 1  # counted up to and including the date
    assert sum(m.arrests for m in months.values()) == 5


def test_before_2020_there_is_no_monthly_series():
    assert hand_counted().monthly(date(2019, 12, 31)) == ()


def test_replaying_only_changed_people_gives_what_a_full_build_gives():
    timeline = hand_counted()
    changed = PersonRecord(
        4,
        (
            fact(custody.DETAINED, date(2021, 1, 1), MINSK),
            fact(custody.RECOGNISED, date(2021, 2, 1)),
            fact(custody.RELEASED, date(2021, 9, 9)),
        ),
        gender="male",
        article_ids=(130,),
    )
    newcomer = PersonRecord(
        7,
        (fact(custody.DETAINED, date(2021, 8, 1), GOMEL), fact(custody.RECOGNISED, None)),
        article_ids=(342,),
    )
    # Dzianis is released, Anna is deleted, a newcomer arrives.
    timeline.update([changed, newcomer], person_ids=[1, 4, 7], facility_regions=REGIONS)
    rest = [r for r in hand_records() if r.person_id not in (1, 4)]
    fresh = Timeline([*rest, changed, newcomer], facility_regions=REGIONS)
    for day in (date(2021, 1, 1), date(2021, 10, 1), date(2023, 6, 1)):
        assert timeline.counts(day) == fresh.counts(day)
        assert timeline.behind_bars(day) == fresh.behind_bars(day)


# Random histories

KINDS = [
    custody.DETAINED,
    custody.RECOGNISED,
    custody.SENTENCED,
    custody.TRANSFERRED,
    custody.PUNISHMENT_CELL,
    custody.INCOMMUNICADO,
    custody.CONTACT_RESTORED,
    custody.RELEASED,
    custody.DIED_IN_CUSTODY,
    custody.DIED,
    custody.CHARGED,
]
START = date(2019, 6, 1)
days = st.integers(min_value=0, max_value=2000).map(lambda n: START + timedelta(days=n))
any_event = st.builds(
    EventFact,
    st.sampled_from(KINDS),
    st.one_of(st.none(), days, days, days),
    st.sampled_from([None, MINSK, GOMEL]),
)
any_history = st.lists(any_event, max_size=8)


def held_on(events, on):
    """The registry's definition, counted straight from the events: a detention on or
    before the day with no release or death in custody between it and the day, and
    no undated release or death at all."""
    endings = [e for e in events if e.kind in custody.ENDS_CUSTODY]
    if any(e.on is None for e in endings):
        return False
    return any(
        e.kind == custody.DETAINED
        and e.on is not None
        and e.on <= on
        and not any(e.on <= end.on <= on for end in endings)
        for e in events
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(any_history, max_size=12), days)
def test_behind_bars_on_any_date_agrees_with_a_direct_count_over_any_events(histories, on):
    records = [PersonRecord(i + 1, tuple(events)) for i, events in enumerate(histories)]
    timeline = Timeline(records, facility_regions=REGIONS)
    expected = [
        r.person_id
        for r in records
        if any(e.kind == custody.RECOGNISED for e in r.events) and held_on(r.events, on)
    ]
    assert timeline.behind_bars(on) == expected
    assert timeline.counts(on).behind_bars == len(expected)


@st.composite
def life(draw):
    """A life-like history: spells behind bars one after another, each begun by a
    detention and ended by a release or a death in custody (or still going), with
    transfers and incommunicado reports inside; returns the events and the truth."""
    day = draw(st.integers(min_value=0, max_value=400))
    events, spells = [], []
    for number in range(draw(st.integers(min_value=1, max_value=3))):
        start = day
        facility = draw(st.sampled_from([None, MINSK, GOMEL]))
        events.append(fact(custody.DETAINED, START + timedelta(start), facility))
        moves, silence = [(start, facility)], [(start, False)]
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            day += draw(st.integers(min_value=1, max_value=90))
            kind = draw(
                st.sampled_from(
                    [
                        custody.TRANSFERRED,
                        custody.INCOMMUNICADO,
                        custody.CONTACT_RESTORED,
                        custody.PUNISHMENT_CELL,
                    ]
                )
            )
            if kind in (custody.TRANSFERRED, custody.PUNISHMENT_CELL):
                facility = draw(st.sampled_from([MINSK, GOMEL]))
                events.append(fact(kind, START + timedelta(day), facility))
                moves.append((day, facility))
            else:
                events.append(fact(kind, START + timedelta(day)))
                silence.append((day, kind == custody.INCOMMUNICADO))
        ending = draw(st.sampled_from(["released", "died", "held"]))
        if number == 2 or ending == "held":
            spells.append((start, None, "held", moves, silence))
            break
        day += draw(st.integers(min_value=1, max_value=200))
        kind = custody.RELEASED if ending == "released" else custody.DIED_IN_CUSTODY
        events.append(fact(kind, START + timedelta(day)))
        spells.append((start, day, ending, moves, silence))
        if ending == "died":
            break
        day += draw(st.integers(min_value=1, max_value=200))
    recognised = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=1500)))
    if recognised is not None:
        events.append(fact(custody.RECOGNISED, START + timedelta(recognised)))
    return events, spells, recognised


def truth(spells, recognised, day):
    """What a life-like history says of one day, read from how it was made."""
    state = None
    for start, end, ending, moves, silence in spells:
        if start <= day and (end is None or day < end):
            facility = [f for d, f in moves if d <= day][-1]
            quiet = [q for d, q in silence if d <= day][-1]
            return "held", facility, quiet
        if end is not None and end <= day:
            state = "dead" if ending == "died" else "released"
    return state, None, False


@settings(max_examples=300, deadline=None)
@given(st.lists(life(), min_size=1, max_size=10), st.integers(min_value=0, max_value=2000))
def test_every_number_on_any_date_agrees_with_how_life_like_histories_were_made(lives, day):
    records = [PersonRecord(i + 1, tuple(events)) for i, (events, _s, _r) in enumerate(lives)]
    on = START + timedelta(day)
    counts = Timeline(records, facility_regions=REGIONS).counts(on)
    recognised_people = [(spells, r) for _e, spells, r in lives if r is not None]
    facts = [truth(spells, r, day) for spells, r in recognised_people]
    held = [f for f in facts if f[0] == "held"]
    assert counts.behind_bars == len(held)
    assert counts.released == sum(1 for f in facts if f[0] == "released")
    assert counts.died_in_custody == sum(1 for f in facts if f[0] == "dead")
    assert counts.incommunicado == sum(1 for f in held if f[2])
    assert counts.recognised == sum(1 for _s, r in recognised_people if r <= day)
    expected_facilities: dict = {}
    for f in held:
        expected_facilities[f[1]] = expected_facilities.get(f[1], 0) + 1
    assert counts.by_facility == expected_facilities

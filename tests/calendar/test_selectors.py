import datetime

import pytest

from tests.calendar.conftest import held
from tests.factories import prisoner
from vestka.calendar import selectors, services
from vestka.calendar.days import DAYS_OF_ACTION
from vestka.registry.models import Country

pytestmark = pytest.mark.django_db
D = datetime.date


def entries(start, end, kinds, **kwargs):
    return selectors.calendar_entries(start=start, end=end, kinds=kinds, **kwargs)


def on_days(found):
    return [(e.on, e.title) for e in found]


def test_birthdays_of_people_held_now_fall_in_the_range(db):
    held("Прыдуманая Алена", birthday=(5, 21), latin="Alena Prydumanaya")
    held("Прыдуманы Ігар", birthday=(6, 1))
    found = entries(D(2027, 5, 1), D(2027, 5, 31), [selectors.BIRTHDAY])
    assert on_days(found) == [(D(2027, 5, 21), "Birthday: Alena Prydumanaya")]
    assert found[0].person_id is not None and found[0].url == f"/people/{found[0].person_id}/"


def test_a_leap_day_birthday_is_kept_on_28_february_in_a_common_year(db):
    held("Прыдуманы Лютаўскі", birthday=(2, 29), latin="Leap Day")
    common = entries(D(2027, 2, 20), D(2027, 3, 5), [selectors.BIRTHDAY])
    leap = entries(D(2028, 2, 20), D(2028, 3, 5), [selectors.BIRTHDAY])
    assert [e.on for e in common] == [D(2027, 2, 28)]
    assert [e.on for e in leap] == [D(2028, 2, 29)]
    # A range that holds 28 February of a leap year does not show it on the 28th.
    assert entries(D(2028, 2, 28), D(2028, 2, 28), [selectors.BIRTHDAY]) == []


def test_a_range_across_new_year_gives_each_date_its_own_year(db):
    held("Прыдуманы Навагодні", birthday=(1, 1), latin="New Year")
    held("Прыдуманы Снежаньскі", birthday=(12, 31), latin="Old Year")
    found = entries(D(2026, 12, 25), D(2027, 1, 5), [selectors.BIRTHDAY])
    assert [(e.on, e.title) for e in found] == [
        (D(2026, 12, 31), "Birthday: Old Year"),
        (D(2027, 1, 1), "Birthday: New Year"),
    ]


def test_a_range_longer_than_a_year_shows_a_date_twice(db):
    held("Прыдуманы Двойчы", birthday=(3, 10))
    found = entries(D(2027, 1, 1), D(2028, 1, 31), [selectors.BIRTHDAY])
    assert len(found) == 1
    found = entries(D(2027, 3, 1), D(2028, 3, 31), [selectors.BIRTHDAY])
    assert [e.on for e in found] == [D(2027, 3, 10), D(2028, 3, 10)]


def test_released_dead_and_unrecognised_people_have_no_birthdays_or_anniversaries(db):
    released = prisoner(name="Прыдуманы Вызвалены", released=D(2024, 1, 1))
    died = prisoner(name="Прыдуманы Памерлы", died=D(2024, 1, 1))
    unrecognised = prisoner(name="Прыдуманы Непрызнаны", recognised=False)
    for person in (released, died, unrecognised):
        services.public_birthday_publish(person=person, month=3, day=1)
    found = entries(
        D(2027, 1, 1), D(2027, 12, 31), [selectors.BIRTHDAY, selectors.ARREST_ANNIVERSARY]
    )
    assert found == []


def test_a_birth_date_that_was_not_made_public_never_shows(db):
    person = held("Прыдуманы Сакрэтны")
    person.birth_date = D(1985, 3, 10)
    person.save()
    assert entries(D(2027, 3, 1), D(2027, 3, 31), [selectors.BIRTHDAY]) == []


def test_an_editor_can_publish_the_day_and_month_of_the_birth_dates(db):
    person = held("Прыдуманы Апублікаваны")
    person.birth_date = D(1985, 3, 10)
    person.save()
    from vestka.registry.models import Person

    assert services.public_birthdays_from_birth_dates(people=Person.objects.all()) == 1
    assert [e.on for e in entries(D(2027, 3, 1), D(2027, 3, 31), [selectors.BIRTHDAY])] == [
        D(2027, 3, 10)
    ]


@pytest.mark.parametrize(("month", "day"), [(2, 30), (13, 1), (4, 31), (0, 5)])
def test_a_day_and_month_that_make_no_date_are_refused(db, month, day):
    person = held("Прыдуманы Памылковы")
    with pytest.raises(services.BadBirthday, match="is not a day of the year"):
        services.public_birthday_publish(person=person, month=month, day=day)


def test_arrest_anniversaries_count_whole_years_of_the_current_spell(db):
    held("Прыдуманы Даўні", detained=D(2021, 8, 9), latin="Long Held")
    held("Прыдуманы Нядаўні", detained=D(2026, 8, 9), latin="Lately Held")
    found = entries(D(2026, 8, 1), D(2026, 8, 31), [selectors.ARREST_ANNIVERSARY])
    # The one detained this year has no anniversary yet.
    assert on_days(found) == [(D(2026, 8, 9), "Long Held: 5 years behind bars")]
    assert found[0].years == 5


def test_anniversaries_across_new_year_and_over_many_years(db):
    held("Прыдуманы Снежаньскі", detained=D(2022, 12, 31), latin="December")
    held("Прыдуманы Студзеньскі", detained=D(2023, 1, 2), latin="January")
    held("Прыдуманы Даўнейшы", detained=D(1999, 12, 26), latin="Long Ago")
    held("Прыдуманы Побач", detained=D(2023, 1, 6), latin="Next Day")
    found = entries(D(2026, 12, 25), D(2027, 1, 5), [selectors.ARREST_ANNIVERSARY])
    assert [(e.on, e.title) for e in found] == [
        (D(2026, 12, 26), "Long Ago: 27 years behind bars"),
        (D(2026, 12, 31), "December: 4 years behind bars"),
        (D(2027, 1, 2), "January: 4 years behind bars"),
    ]


def test_a_leap_day_arrest_has_its_anniversary_on_28_february(db):
    held("Прыдуманы Лютаўскі", detained=D(2024, 2, 29))
    found = entries(D(2025, 2, 1), D(2025, 3, 31), [selectors.ARREST_ANNIVERSARY])
    assert [(e.on, e.years) for e in found] == [(D(2025, 2, 28), 1)]


def test_expected_release_is_the_latest_of_a_persons_cases(db):
    from tests.factories import ProsecutionFactory

    person = held("Прыдуманы Чакаемы", latin="Soon Free")
    first = person.prosecutions.get()
    first.expected_release = D(2027, 1, 10)
    first.save()
    ProsecutionFactory(person=person, expected_release=D(2027, 6, 10))
    assert entries(D(2027, 1, 1), D(2027, 1, 31), [selectors.EXPECTED_RELEASE]) == []
    june = entries(D(2027, 6, 1), D(2027, 6, 30), [selectors.EXPECTED_RELEASE])
    assert on_days(june) == [(D(2027, 6, 10), "Expected release: Soon Free")]


def test_released_people_have_no_expected_release(db):
    person = prisoner(name="Прыдуманы Вольны", released=D(2024, 1, 1))
    prosecution = person.prosecutions.get()
    prosecution.expected_release = D(2027, 1, 10)
    prosecution.save()
    assert entries(D(2027, 1, 1), D(2027, 1, 31), [selectors.EXPECTED_RELEASE]) == []


def test_days_of_action_concern_their_country(db):
    Country.objects.create(code="RU", name_en="Russia", postal_line="RUSSIA")
    may = [e.key for e in entries(D(2027, 5, 1), D(2027, 5, 31), [selectors.DAY_OF_ACTION])]
    assert may == ["by-political-prisoners-solidarity"]
    by = entries(D(2027, 5, 21), D(2027, 5, 21), [selectors.DAY_OF_ACTION], country="by")
    assert [e.title for e in by] == ["Day of Solidarity with Political Prisoners in Belarus"]
    assert entries(D(2027, 5, 1), D(2027, 5, 31), [selectors.DAY_OF_ACTION], country="RU") == []
    december = entries(D(2027, 12, 1), D(2027, 12, 31), [selectors.DAY_OF_ACTION], country="RU")
    assert [e.key for e in december] == ["un-human-rights-day"]


def test_campaign_days_of_action_come_through_one_seam(db, monkeypatch):
    class Day:
        pk = 7
        title = "Letters for journalists"
        description = "Write to a journalist behind bars."
        on = D(2027, 5, 3)

        def get_absolute_url(self):
            return "/campaigns/7/"

    monkeypatch.setattr(
        selectors,
        "campaign_days_of_action",
        lambda *, start, end, country: [
            selectors.CalendarEntry(
                kind=selectors.DAY_OF_ACTION,
                on=Day.on,
                title=Day.title,
                url=Day().get_absolute_url(),
                key="campaign-7",
            )
        ],
    )
    found = entries(D(2027, 5, 1), D(2027, 5, 31), [selectors.DAY_OF_ACTION])
    assert [e.key for e in found] == ["campaign-7", "by-political-prisoners-solidarity"]
    # Without the campaigns app installed, the seam gives nothing.
    monkeypatch.undo()
    assert (
        selectors.campaign_days_of_action(start=D(2027, 5, 1), end=D(2027, 5, 31), country="BY")
        == []
    )


def test_a_campaigns_day_of_action_is_in_the_calendar(db):
    from tests.factories import belarus
    from vestka.campaigns.models import Campaign
    from vestka.campaigns.services import campaign_create

    campaign = campaign_create(
        slug="letters-day",
        kind=Campaign.Kind.DAY_OF_ACTION,
        country=belarus(),
        title_en="A day of letters",
        description_en="Write to someone today.",
        starts_on=D(2027, 1, 1),
        day_of_action=D(2027, 5, 3),
        recurs_yearly=True,
    )
    found = entries(D(2028, 5, 1), D(2028, 5, 5), [selectors.DAY_OF_ACTION])
    assert [(e.on, e.title, e.description, e.url, e.key) for e in found] == [
        (
            D(2028, 5, 3),
            "A day of letters",
            "Write to someone today.",
            campaign.get_absolute_url(),
            f"campaign-{campaign.pk}",
        )
    ]


def test_every_day_of_action_is_a_real_date_in_every_year():
    for day in DAYS_OF_ACTION:
        for year in (2027, 2028):
            assert selectors.yearly_on(day.month, day.day, year).year == year


def test_entries_come_in_day_order_days_of_action_first(db):
    held("Прыдуманы Майскі", birthday=(5, 21), detained=D(2022, 5, 21), latin="May Person")
    found = entries(D(2027, 5, 21), D(2027, 5, 21), selectors.KINDS)
    assert [e.kind for e in found] == [
        selectors.DAY_OF_ACTION,
        selectors.BIRTHDAY,
        selectors.ARREST_ANNIVERSARY,
    ]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(D(2027, 2, 1), D(2027, 1, 1), "cannot end"), (D(2027, 1, 1), D(2028, 3, 1), "at most")],
)
def test_a_range_backwards_or_too_long_is_refused(db, start, end, message):
    with pytest.raises(selectors.BadRange, match=message):
        selectors.calendar_entries(start=start, end=end)


def test_uids_are_stable_across_languages_and_calls(db):
    from django.utils import translation

    held("Прыдуманы Стабільны", birthday=(5, 2), latin="Stable")
    english = entries(D(2027, 5, 1), D(2027, 5, 31), selectors.KINDS)
    with translation.override("be"):
        belarusian = entries(D(2027, 5, 1), D(2027, 5, 31), selectors.KINDS)
    assert [e.uid for e in english] == [e.uid for e in belarusian]
    assert len({e.uid for e in english}) == len(english)
    assert english[0].uid.endswith("-20270502@vestka.example")


def test_a_merge_keeps_one_public_birthday(db):
    from vestka.calendar.models import PublicBirthday
    from vestka.registry.merging import person_merge

    keep = held("Прыдуманы Адзін")
    duplicate = held("Прыдуманы Адзін", birthday=(7, 3))
    person_merge(keep=keep, duplicate=duplicate, actor=None)
    assert list(PublicBirthday.objects.values_list("person", "month", "day")) == [(keep.pk, 7, 3)]
    other = held("Прыдуманы Два", birthday=(1, 1))
    person_merge(keep=keep, duplicate=other, actor=None)
    assert list(PublicBirthday.objects.values_list("person", "month", "day")) == [(keep.pk, 7, 3)]

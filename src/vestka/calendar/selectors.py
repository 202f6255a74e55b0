"""Reads for the calendar: birthdays, arrest anniversaries, expected releases and days of
action between two dates.

Birthdays and anniversaries are only of recognised political prisoners held now: a
postcard drive is for someone who can receive it, and "N years behind bars" is said of
nobody who has been released. Birthdays come only from PublicBirthday (day and month an
editor made public), never from the staff-only birth date.
"""

from __future__ import annotations

import calendar as stdcalendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vestka.calendar.days import DAYS_OF_ACTION
from vestka.calendar.models import DigestSubscription
from vestka.cards.selectors import person_card_names
from vestka.registry.models import Person, Prosecution, localized
from vestka.registry.selectors import people_behind_bars_now
from vestka.site.templatetags.vestka import day as written_day

BIRTHDAY = "birthday"
ARREST_ANNIVERSARY = "arrest_anniversary"
EXPECTED_RELEASE = "expected_release"
DAY_OF_ACTION = "day_of_action"
KINDS = (DAY_OF_ACTION, BIRTHDAY, ARREST_ANNIVERSARY, EXPECTED_RELEASE)
# A calendar spans at most a year and a day: the feed's window, the command's --days.
MAX_DAYS = 400


class BadRange(ValueError):
    """A calendar range that ends before it starts or is longer than MAX_DAYS."""


@dataclass(frozen=True)
class CalendarEntry:
    kind: str
    on: date
    title: str  # in the active language
    description: str = ""
    url: str = ""  # a path on this site, or an absolute address elsewhere
    person_id: int | None = None
    source_id: str | None = None  # the person's id in the imported list
    years: int | None = None  # years since the arrest, for anniversaries
    key: str = ""  # what the entry is about: a person's id or a day's slug
    sort: tuple = field(default=(), compare=False)

    @property
    def uid(self) -> str:
        """The same for the same event whenever and in whichever language it is read,
        as calendar apps need to update rather than duplicate it."""
        host = urlsplit(settings.SITE_URL).hostname or "vestka"
        return f"{self.kind}-{self.key}-{self.on:%Y%m%d}@{host}"


def _check(start: date, end: date) -> None:
    if end < start:
        raise BadRange(
            _("The calendar cannot end (%(end)s) before it starts (%(start)s).")
            % {"start": start.isoformat(), "end": end.isoformat()}
        )
    if (end - start).days >= MAX_DAYS:
        raise BadRange(_("A calendar spans at most %(days)s days.") % {"days": MAX_DAYS})


def days_between(start: date, end: date) -> Iterator[date]:
    """Every day from start to end, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def yearly_on(month: int, day: int, year: int) -> date:
    """The day a yearly date falls on in a year: 29 February is kept on 28 February in
    years that have no 29th."""
    if month == 2 and day == 29 and not stdcalendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _month_days(start: date, end: date) -> dict[tuple[int, int], list[date]]:
    """(month, day) of every date in the range → the dates it falls on (two when the
    range is longer than a year), with 29 February kept on 28 February of a common year
    so leap-day dates are not lost."""
    found: dict[tuple[int, int], list[date]] = {}
    for on in days_between(start, end):
        found.setdefault((on.month, on.day), []).append(on)
        if on.month == 2 and on.day == 28 and not stdcalendar.isleap(on.year):
            found.setdefault((2, 29), []).append(on)
    return found


def _month_day_filter(prefix: str, pairs: Iterable[tuple[int, int]]) -> Q:
    by_month: dict[int, list[int]] = {}
    for month, day in pairs:
        by_month.setdefault(month, []).append(day)
    query = Q(pk__in=[])
    for month, days in by_month.items():
        query |= Q(**{f"{prefix}month": month, f"{prefix}day__in": sorted(days)})
    return query


def _anniversary_ranges(start: date, end: date, *, since_year: int) -> Q:
    """Dates in earlier years whose month and day fall between start and end, as date
    ranges (a database compares dates natively, where extracting a month would be a
    function call per row). Each range reaches a day further on either side, so that
    29 February is found from 28 February; callers check the month and day exactly."""
    query = Q(pk__in=[])
    for year in range(start.year, end.year + 1):
        segment_start = max(start, date(year, 1, 1)) - timedelta(days=1)
        segment_end = min(end, date(year, 12, 31)) + timedelta(days=1)
        for earlier in range(since_year, year):
            years = year - earlier
            query |= Q(
                custody_since__range=(
                    _years_before(segment_start, years),
                    _years_before(segment_end, years),
                )
            )
    return query


def _years_before(day: date, years: int) -> date:
    """The same month and day some years earlier (29 February becomes 28 February)."""
    return yearly_on(day.month, day.day, day.year - years)


def _held(country: str) -> QuerySet[Person]:
    """Political prisoners held now, of one country or all (unordered: entries are
    sorted once they are made)."""
    people = people_behind_bars_now().order_by()
    if country:
        people = people.filter(country_id=country.upper())
    return people


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


@dataclass(frozen=True)
class _Held:
    """What an entry shows of a person, read as plain rows: a month at 100,000 people
    holds thousands of entries, too many to build model instances for."""

    pk: int
    source_id: str | None
    name: str  # in the written form that suits the active language
    url: str


def _people_rows(rows: list[tuple], language: str) -> list[tuple[_Held, tuple]]:
    """(person, the rest of the row) for rows that start (pk, source_id, name, ...)."""
    names = person_card_names(person_ids=[row[0] for row in rows], language=language)
    # One reverse() for everyone: the pages differ only in the id.
    template = reverse("site:person", args=[0]).replace("/0/", "/{}/")
    return [
        (
            _Held(
                pk=row[0],
                source_id=row[1],
                name=names.get(row[0]) or row[2],
                url=template.format(row[0]),
            ),
            row[3:],
        )
        for row in rows
    ]


def _entry(kind: str, on: date, person: _Held, **fields) -> CalendarEntry:
    return CalendarEntry(
        kind=kind,
        on=on,
        url=person.url,
        person_id=person.pk,
        source_id=person.source_id,
        key=str(person.pk),
        sort=(person.name,),
        **fields,
    )


def calendar_birthdays(*, start: date, end: date, country: str = "") -> list[CalendarEntry]:
    """Public birthdays of political prisoners held now, on the days they fall between
    start and end (29 February on 28 February in a common year)."""
    _check(start, end)
    days = _month_days(start, end)
    language = _language()
    rows = list(
        _held(country)
        .filter(_month_day_filter("public_birthday__", days))
        .values_list("pk", "source_id", "name", "public_birthday__month", "public_birthday__day")
    )
    return [
        _entry(
            BIRTHDAY,
            on,
            person,
            title=_("Birthday: %(name)s") % {"name": person.name},
            description=_("Send a birthday postcard."),
        )
        for person, (month, day) in _people_rows(rows, language)
        for on in days[(month, day)]
    ]


def calendar_arrest_anniversaries(
    *, start: date, end: date, country: str = ""
) -> list[CalendarEntry]:
    """Whole years behind bars: the anniversaries, between start and end, of the
    detention that began the current spell of each political prisoner held now."""
    _check(start, end)
    days = _month_days(start, end)
    language = _language()
    held = _held(country)
    first = held.aggregate(first=Min("custody_since"))["first"]
    if first is None:
        return []
    rows = [
        row
        for row in held.filter(_anniversary_ranges(start, end, since_year=first.year)).values_list(
            "pk", "source_id", "name", "custody_since"
        )
        # The ranges reach a day further, for leap days: the month and day decide.
        if row[3] is not None and (row[3].month, row[3].day) in days
    ]
    entries = []
    for person, (since,) in _people_rows(rows, language):
        for on in days[(since.month, since.day)]:
            years = on.year - since.year
            if years < 1:
                continue
            entries.append(
                _entry(
                    ARREST_ANNIVERSARY,
                    on,
                    person,
                    title=ngettext(
                        "%(name)s: %(years)s year behind bars",
                        "%(name)s: %(years)s years behind bars",
                        years,
                    )
                    % {"name": person.name, "years": years},
                    description=_("Detained on %(date)s.") % {"date": written_day(since)},
                    years=years,
                )
            )
    return entries


def calendar_expected_releases(*, start: date, end: date, country: str = "") -> list[CalendarEntry]:
    """Political prisoners held now whose expected release falls between start and end.
    A person with several cases is expected out on the latest of their dates."""
    _check(start, end)
    language = _language()
    # First the few whose case ends in the range and who have no case that ends later,
    # then their latest date: no aggregate over everyone held.
    cases = Prosecution.objects.filter(person=OuterRef("pk"))
    rows = list(
        _held(country)
        .filter(Exists(cases.filter(expected_release__range=(start, end))))
        .exclude(Exists(cases.filter(expected_release__gt=end)))
        .annotate(release_on=Max("prosecutions__expected_release"))
        .values_list("pk", "source_id", "name", "release_on")
    )
    return [
        _entry(
            EXPECTED_RELEASE,
            release_on,
            person,
            title=_("Expected release: %(name)s") % {"name": person.name},
            description=_("The end of the sentence as the court set it."),
        )
        for person, (release_on,) in _people_rows(rows, language)
    ]


def campaign_days_of_action(*, start: date, end: date, country: str) -> list[CalendarEntry]:
    """Days of action that campaigns declare: the one place the calendar asks the
    campaigns app. Empty until ``vestka.campaigns`` is installed and offers
    ``selectors.campaign_days_of_action(*, start, end, country)`` returning records with
    ``date`` and the ``campaign`` (its ``title``, ``description_<lang>``, ``pk`` and
    ``get_absolute_url()``)."""
    if not apps.is_installed("vestka.campaigns"):
        return []
    from importlib import import_module

    campaigns = import_module("vestka.campaigns.selectors")
    provider = getattr(campaigns, "campaign_days_of_action", None)
    if provider is None:
        return []
    return [
        CalendarEntry(
            kind=DAY_OF_ACTION,
            on=day.date,
            title=str(day.campaign.title),
            description=localized(day.campaign, "description"),
            url=day.campaign.get_absolute_url(),
            key=f"campaign-{day.campaign.pk}",
            sort=(str(day.campaign.title),),
        )
        for day in provider(start=start, end=end, country=country)
    ]


def calendar_days_of_action(*, start: date, end: date, country: str = "") -> list[CalendarEntry]:
    """Days of action between start and end: the yearly days of days.py that concern
    the country (all of them without one), then the campaigns' own."""
    _check(start, end)
    entries = []
    code = country.upper()
    for year in range(start.year, end.year + 1):
        for day in DAYS_OF_ACTION:
            if code and day.countries and code not in day.countries:
                continue
            on = yearly_on(day.month, day.day, year)
            if start <= on <= end:
                entries.append(
                    CalendarEntry(
                        kind=DAY_OF_ACTION,
                        on=on,
                        title=str(day.title),
                        description=str(day.description),
                        url=day.url,
                        key=day.slug,
                        sort=(str(day.title),),
                    )
                )
    return entries + campaign_days_of_action(start=start, end=end, country=code)


_SELECTORS = {
    DAY_OF_ACTION: calendar_days_of_action,
    BIRTHDAY: calendar_birthdays,
    ARREST_ANNIVERSARY: calendar_arrest_anniversaries,
    EXPECTED_RELEASE: calendar_expected_releases,
}


def calendar_entries(
    *, start: date, end: date, country: str = "", kinds: Iterable[str] = KINDS
) -> list[CalendarEntry]:
    """Everything the calendar holds between start and end (both included), by day:
    days of action first, then birthdays, anniversaries and releases, by name."""
    _check(start, end)
    wanted = set(kinds)
    entries: list[CalendarEntry] = []
    for kind in KINDS:
        if kind in wanted:
            entries.extend(_SELECTORS[kind](start=start, end=end, country=country))
    return sorted(entries, key=lambda e: (e.on, KINDS.index(e.kind), e.sort, e.key))


def entries_by_day(entries: list[CalendarEntry]) -> list[tuple[date, list[CalendarEntry]]]:
    """Entries grouped under their day, in order."""
    grouped: dict[date, list[CalendarEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.on, []).append(entry)
    return list(grouped.items())


def digest_subscriptions_due(*, sent_before) -> QuerySet[DigestSubscription]:
    """Confirmed subscriptions not sent a digest since the given moment."""
    return DigestSubscription.objects.filter(confirmed_at__isnull=False).filter(
        Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=sent_before)
    )

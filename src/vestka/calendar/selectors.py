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
from django.db.models import Max, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vestka.calendar.days import DAYS_OF_ACTION
from vestka.calendar.models import DigestSubscription
from vestka.cards.selectors import person_card_name
from vestka.registry.models import Person
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
    person: Person | None = None
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


def _held(country: str, *fields: str) -> QuerySet[Person]:
    """Political prisoners held now (of one country), with what an entry shows loaded."""
    people = people_behind_bars_now()
    if country:
        people = people.filter(country_id=country.upper())
    return people.prefetch_related("names").only(
        "pk", "name", "source_id", "country", "custody_since", "custody", "recognised", *fields
    )


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def calendar_birthdays(*, start: date, end: date, country: str = "") -> list[CalendarEntry]:
    """Public birthdays of political prisoners held now, on the days they fall between
    start and end (29 February on 28 February in a common year)."""
    _check(start, end)
    days = _month_days(start, end)
    language = _language()
    people = (
        _held(country, "public_birthday__month", "public_birthday__day")
        .filter(_month_day_filter("public_birthday__", days))
        .select_related("public_birthday")
    )
    entries: list[CalendarEntry] = []
    for person in people:
        birthday = person.public_birthday
        name = person_card_name(person=person, language=language)
        entries.extend(
            CalendarEntry(
                kind=BIRTHDAY,
                on=on,
                title=_("Birthday: %(name)s") % {"name": name},
                description=_("Send a birthday postcard."),
                url=person.get_absolute_url(),
                person=person,
                key=str(person.pk),
                sort=(name,),
            )
            for on in days[(birthday.month, birthday.day)]
        )
    return entries


def calendar_arrest_anniversaries(
    *, start: date, end: date, country: str = ""
) -> list[CalendarEntry]:
    """Whole years behind bars: the anniversaries, between start and end, of the
    detention that began the current spell of each political prisoner held now."""
    _check(start, end)
    days = _month_days(start, end)
    language = _language()
    people = _held(country).filter(_month_day_filter("custody_since__", days))
    entries = []
    for person in people:
        since = person.custody_since
        assert since is not None  # filtered on its month and day
        name = person_card_name(person=person, language=language)
        for on in days[(since.month, since.day)]:
            years = on.year - since.year
            if years < 1:
                continue
            entries.append(
                CalendarEntry(
                    kind=ARREST_ANNIVERSARY,
                    on=on,
                    title=ngettext(
                        "%(name)s: %(years)s year behind bars",
                        "%(name)s: %(years)s years behind bars",
                        years,
                    )
                    % {"name": name, "years": years},
                    description=_("Detained on %(date)s.") % {"date": written_day(since)},
                    url=person.get_absolute_url(),
                    person=person,
                    years=years,
                    key=str(person.pk),
                    sort=(name,),
                )
            )
    return entries


def calendar_expected_releases(*, start: date, end: date, country: str = "") -> list[CalendarEntry]:
    """Political prisoners held now whose expected release falls between start and end.
    A person with several cases is expected out on the latest of their dates."""
    _check(start, end)
    language = _language()
    people = (
        _held(country)
        .annotate(release_on=Max("prosecutions__expected_release"))
        .filter(release_on__gte=start, release_on__lte=end)
    )
    entries = []
    for person in people:
        name = person_card_name(person=person, language=language)
        entries.append(
            CalendarEntry(
                kind=EXPECTED_RELEASE,
                on=person.release_on,
                title=_("Expected release: %(name)s") % {"name": name},
                description=_("The end of the sentence as the court set it."),
                url=person.get_absolute_url(),
                person=person,
                key=str(person.pk),
                sort=(name,),
            )
        )
    return entries


def campaign_days_of_action(*, start: date, end: date, country: str) -> list[CalendarEntry]:
    """Days of action that campaigns declare: the one place the calendar asks the
    campaigns app. Empty until ``vestka.campaigns`` is installed and offers
    ``selectors.campaign_days_of_action(*, start, end, country)`` returning records with
    ``title``, ``on`` (a date), ``description`` and ``get_absolute_url()``."""
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
            on=day.on,
            title=str(day.title),
            description=str(getattr(day, "description", "")),
            url=day.get_absolute_url(),
            key=f"campaign-{day.pk}",
            sort=(str(day.title),),
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

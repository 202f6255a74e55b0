"""Reads of campaigns: which are current, upcoming and past; their people (one rule,
``campaign_people``); goal progress and counters, each counted from an event log
(letters from LetterEvent, messages from MessageEvent, shares from ShareEvent); the
days of action in a range, recurrences included; approved solidarity messages."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from vestka.campaigns.models import Campaign, MessageEvent, ShareEvent, SolidarityMessage
from vestka.letters.selectors import letter_counts_by_person
from vestka.registry import custody
from vestka.registry.models import Person
from vestka.registry.selectors import people_behind_bars_now

# Shown on a campaign page; the rest are a link to the people list away.
PEOPLE_SHOWN = 60


# Which campaigns


def campaign_is_current(campaign: Campaign, *, today: datetime.date) -> bool:
    return campaign.starts_on <= today and (campaign.ends_on is None or campaign.ends_on >= today)


@dataclass(frozen=True)
class CampaignIndex:
    current: list[Campaign]
    upcoming: list[Campaign]
    past: list[Campaign]


def campaign_index(*, today: datetime.date, country: str | None = None) -> CampaignIndex:
    """Campaigns running today (newest first), those still to come (soonest first) and
    those that have ended (most recent first)."""
    campaigns = Campaign.objects.select_related("country", "tag")
    if country:
        campaigns = campaigns.filter(country_id=country.upper())
    current = campaigns.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    return CampaignIndex(
        current=list(current.order_by("-starts_on", "slug")),
        upcoming=list(campaigns.filter(starts_on__gt=today).order_by("starts_on", "slug")),
        past=list(campaigns.filter(ends_on__lt=today).order_by("-ends_on", "slug")),
    )


def campaign_by_slug(*, slug: str) -> Campaign:
    """One campaign, or Campaign.DoesNotExist."""
    return Campaign.objects.select_related("country", "tag").get(slug=slug)


def campaign_people(*, campaign: Campaign) -> QuerySet[Person]:
    """The people of a campaign, by one rule: for a group campaign, every recognised
    political prisoner of the campaign's country held now who carries its tag (so the
    group follows the registry as people are detained and released); for a campaign for
    one person or a day of action, the people staff chose for it."""
    if campaign.kind == Campaign.Kind.GROUP:
        return people_behind_bars_now().filter(tags=campaign.tag_id, country=campaign.country_id)
    return campaign.people.all()


def person_campaigns(*, person: Person, today: datetime.date) -> list[Campaign]:
    """The current and upcoming campaigns a person is in, by the rule of
    ``campaign_people``."""
    in_group = Q(kind=Campaign.Kind.GROUP, tag__in=person.tags.all(), country=person.country_id)
    chosen = Q(people=person) & ~Q(kind=Campaign.Kind.GROUP)
    campaigns = (
        Campaign.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(chosen | (in_group if _held_now(person) else Q(pk__in=[])))
        .select_related("tag", "country")
        .distinct()
        .order_by("starts_on", "slug")
    )
    return list(campaigns)


def _held_now(person: Person) -> bool:
    # The same test as ``people_behind_bars_now``, on the person already loaded.
    return person.custody == custody.IN_CUSTODY and person.recognised


# Days of action


@dataclass(frozen=True)
class DayOfAction:
    date: datetime.date
    campaign: Campaign


def _in_year(day: datetime.date, year: int) -> datetime.date:
    # 29 February falls on 28 February in the years that have none.
    last = calendar.monthrange(year, day.month)[1]
    return datetime.date(year, day.month, min(day.day, last))


def day_of_action_dates(
    campaign: Campaign, *, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """The dates from ``start`` to ``end`` (inclusive) on which a day of action falls: its
    date, and for one that recurs, the same day of every later year until it ends."""
    first = campaign.day_of_action
    if first is None or end < start:
        return []
    if not campaign.recurs_yearly:
        return [first] if start <= first <= end else []
    last = end if campaign.ends_on is None else min(end, campaign.ends_on)
    dates = []
    for year in range(max(start.year, first.year), last.year + 1):
        day = _in_year(first, year)
        if start <= day <= last and day >= first:
            dates.append(day)
    return dates


def campaign_days_of_action(
    *, start: datetime.date, end: datetime.date, country: str | None = None
) -> list[DayOfAction]:
    """Every day of action from ``start`` to ``end`` (inclusive), recurrences included,
    in date order; of one country (ISO code) or of all. For the calendar."""
    campaigns = Campaign.objects.filter(
        kind=Campaign.Kind.DAY_OF_ACTION, day_of_action__lte=end
    ).select_related("country")
    if country:
        campaigns = campaigns.filter(country_id=country.upper())
    days = [
        DayOfAction(date=day, campaign=campaign)
        for campaign in campaigns
        for day in day_of_action_dates(campaign, start=start, end=end)
    ]
    return sorted(days, key=lambda d: (d.date, d.campaign.slug))


def next_day_of_action(campaign: Campaign, *, today: datetime.date) -> datetime.date | None:
    """The next time (today included) a day of action falls, or None."""
    dates = day_of_action_dates(campaign, start=today, end=datetime.date(today.year + 1, 12, 31))
    return dates[0] if dates else None


# Goal progress and counters


@dataclass(frozen=True)
class Window:
    """Days counted, from ``start`` to ``end`` inclusive, in the site's time zone."""

    start: datetime.date
    end: datetime.date

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_current_timezone()
        since = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        until = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return since, until


def campaign_window(campaign: Campaign, *, today: datetime.date) -> Window:
    """The campaign's days so far: from its start to its end, or to today if sooner."""
    end = today if campaign.ends_on is None else min(today, campaign.ends_on)
    return Window(start=campaign.starts_on, end=max(end, campaign.starts_on))


def goal_window(campaign: Campaign, *, today: datetime.date) -> Window:
    """The days the goal counts: the whole campaign so far, or this calendar month of it."""
    window = campaign_window(campaign, today=today)
    if campaign.goal_period != Campaign.GoalPeriod.MONTH:
        return window
    month = window.end.replace(day=1)
    return Window(start=max(month, window.start), end=window.end)


@dataclass(frozen=True)
class PersonProgress:
    person: Person
    letters: int  # written in the goal's window and not rejected
    goal: int | None

    @property
    def reached(self) -> bool:
        return self.goal is not None and self.letters >= self.goal

    @property
    def percent(self) -> int:
        if not self.goal:
            return 0
        return min(100, round(100 * self.letters / self.goal))


@dataclass(frozen=True)
class CampaignProgress:
    goal: int | None
    window: Window
    people: list[PersonProgress]  # fewest letters first
    people_count: int
    reached: int  # people who have reached the goal

    @property
    def percent(self) -> int:
        return round(100 * self.reached / self.people_count) if self.people_count else 0


def campaign_progress(
    *, campaign: Campaign, today: datetime.date, limit: int | None = PEOPLE_SHOWN
) -> CampaignProgress:
    """How far every person of the campaign is toward its goal: letters written to them
    in the goal's window that no moderator rejected, counted from the letter event log.
    ``people`` holds the ``limit`` people furthest from the goal, fewest letters first
    and then by name (all of them, with None).

    Only the people who have letters are counted one by one: a group of thousands reads
    its few dozen names to show and one count, never every member."""
    window = goal_window(campaign, today=today)
    since, until = window.bounds()
    members = campaign_people(campaign=campaign).order_by("name", "pk")
    counts = letter_counts_by_person(person_ids=members.values("pk"), since=since, until=until)
    written = {pk: c.written for pk, c in counts.items() if c.written}
    goal = campaign.goal_letters
    if limit is None:
        shown = [_person(pk, name) for pk, name in members.values_list("pk", "name")]
    else:
        shown = _fewest_letters(members, written=written, limit=limit)
    rows = sorted(
        (PersonProgress(person=p, letters=written.get(p.pk, 0), goal=goal) for p in shown),
        key=lambda row: row.letters,  # stable: by name within the same count
    )
    return CampaignProgress(
        goal=goal,
        window=window,
        people=rows,
        people_count=members.count() if limit is not None else len(rows),
        reached=sum(1 for n in written.values() if goal is not None and n >= goal),
    )


def _person(pk: int, name: str) -> Person:
    # Enough of a person to name and link them, without loading the whole row.
    return Person(pk=pk, name=name)


def _fewest_letters(
    members: QuerySet[Person], *, written: dict[int, int], limit: int
) -> list[Person]:
    """The ``limit`` members with the fewest letters: those with none, by name, read until
    enough are found; then, if that is not enough, those with the fewest letters."""
    shown: list[Person] = []
    for pk, name in members.values_list("pk", "name").iterator(chunk_size=500):
        if len(shown) >= limit:
            break
        if pk not in written:
            shown.append(_person(pk, name))
    missing = limit - len(shown)
    if missing > 0 and written:
        fewest = sorted(written, key=lambda pk: (written[pk], pk))[:missing]
        names = dict(members.filter(pk__in=fewest).values_list("pk", "name"))
        shown += [_person(pk, names[pk]) for pk in fewest if pk in names]
    return shown


@dataclass(frozen=True)
class CampaignCounters:
    letters: int  # to the campaign's people, written during it, not rejected
    messages: int  # approved messages to the campaign shown now
    shares: int  # share links followed


def campaign_counters(*, campaign: Campaign, today: datetime.date) -> CampaignCounters:
    """The campaign's counters, each from its event log."""
    since, until = campaign_window(campaign, today=today).bounds()
    person_ids = campaign_people(campaign=campaign).values("pk")
    letters = letter_counts_by_person(person_ids=person_ids, since=since, until=until)
    return CampaignCounters(
        letters=sum(counts.written for counts in letters.values()),
        messages=_shown_count(MessageEvent.objects.filter(message__campaign=campaign)),
        shares=ShareEvent.objects.filter(campaign=campaign).count(),
    )


def _shown_count(events: QuerySet[MessageEvent]) -> int:
    # Approvals less withdrawals: a message is approved once and withdrawn at most once.
    counts = events.aggregate(
        approved=Count("pk", filter=Q(action="approve")),
        withdrawn=Count("pk", filter=Q(action="withdraw")),
    )
    return counts["approved"] - counts["withdrawn"]


def person_message_count(*, person: Person) -> int:
    """Approved solidarity messages to a person shown now, from the message event log."""
    return _shown_count(MessageEvent.objects.filter(message__person=person))


# Solidarity messages


def messages_shown(
    *, person: Person | None = None, campaign: Campaign | None = None
) -> QuerySet[SolidarityMessage]:
    """The approved messages to a person or to a campaign, newest first."""
    messages = SolidarityMessage.objects.filter(state=SolidarityMessage.State.APPROVED)
    if person is not None:
        messages = messages.filter(person=person)
    if campaign is not None:
        messages = messages.filter(campaign=campaign)
    return messages.order_by("-created_at", "-pk")


def messages_waiting() -> QuerySet[SolidarityMessage]:
    """The moderators' queue: messages waiting for a decision, oldest first."""
    return (
        SolidarityMessage.objects.filter(state=SolidarityMessage.State.PENDING)
        .select_related("person", "campaign")
        .order_by("created_at", "pk")
    )


def message_by_submission_key(*, key: str) -> SolidarityMessage | None:
    """The message a form submission already made, if any: a repeated post finds it."""
    return SolidarityMessage.objects.filter(submission_key=key).only("pk").first()


WHEN_CHOICES = ("current", "upcoming", "past")


def campaigns_list(
    *, today: datetime.date, when: str = "", country: str = ""
) -> QuerySet[Campaign]:
    """Campaigns for the API: all, or those current, upcoming or past on ``today``, of
    one country or all; the latest to start first."""
    campaigns = Campaign.objects.select_related("country", "tag")
    if country:
        campaigns = campaigns.filter(country_id=country.upper())
    if when == "current":
        campaigns = campaigns.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
    elif when == "upcoming":
        campaigns = campaigns.filter(starts_on__gt=today)
    elif when == "past":
        campaigns = campaigns.filter(ends_on__lt=today)
    return campaigns.order_by("-starts_on", "slug")

"""Writes of campaigns, solidarity messages and shares. A message's state changes only
through ``message_act``; every change is a MessageEvent, every followed share link a
ShareEvent. Counters are read from those logs (``selectors``), never stored."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vestka.campaigns.message_rules import message_screening
from vestka.campaigns.models import Campaign, MessageEvent, ShareEvent, SolidarityMessage
from vestka.registry.models import Country, Person, Tag
from vestka.screening import screen

MAX_MESSAGE_CHARS = 500
MAX_SENDER_NAME_CHARS = 60

# The moderation of a message: (state, action) → the state it leads to.
PENDING, APPROVED, REJECTED, WITHDRAWN = (
    SolidarityMessage.State.PENDING,
    SolidarityMessage.State.APPROVED,
    SolidarityMessage.State.REJECTED,
    SolidarityMessage.State.WITHDRAWN,
)
TRANSITIONS: dict[tuple[str, str], str] = {
    (PENDING, "approve"): APPROVED,
    (PENDING, "reject"): REJECTED,
    (APPROVED, "withdraw"): WITHDRAWN,
}


class CampaignRefused(ValueError):
    """A campaign, a message or an action that cannot be accepted; the message says why."""


class MessagesBusy(CampaignRefused):
    """Too many messages arrive at once: the writer is asked to try again in a minute.
    Nothing is blocked by who or where the writer is."""


def moderator_actions(state: str) -> list[str]:
    """The moderators' actions a message in ``state`` allows."""
    return [action for (from_state, action) in TRANSITIONS if from_state == state]


# Campaigns


def campaign_problems(
    *,
    kind: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    day_of_action: datetime.date | None,
    tag: Tag | None,
    people: list[Person],
    country: Country | None,
) -> dict[str, str]:
    """What is wrong with a campaign, by field ("" for the whole), for the staff form and
    for ``campaign_create`` alike; empty when it can be saved."""
    problems: dict[str, str] = {}
    if kind not in Campaign.Kind.values:
        problems["kind"] = _("There is no kind of campaign “%(kind)s”.") % {"kind": kind[:40]}
        return problems
    if starts_on and ends_on and ends_on < starts_on:
        problems["ends_on"] = _("A campaign cannot end before it starts.")
    if kind == Campaign.Kind.PERSON and len(people) != 1:
        problems["people"] = _("A campaign for one person needs exactly one person.")
    if kind == Campaign.Kind.GROUP:
        if tag is None:
            problems["tag"] = _("A group campaign needs a tag: its people are those with it.")
        if people:
            problems["people"] = _(
                "A group campaign's people come from its tag; leave the people empty."
            )
    elif tag is not None:
        problems["tag"] = _("Only a group campaign takes its people from a tag.")
    if kind == Campaign.Kind.DAY_OF_ACTION:
        if day_of_action is None:
            problems["day_of_action"] = _("A day of action needs its date.")
    elif day_of_action is not None:
        problems["day_of_action"] = _("Only a day of action has a date of its own.")
    if country is not None:
        elsewhere = [p.name for p in people if p.country_id != country.pk]
        if elsewhere:
            problems["people"] = _("Not in this campaign's country: %(names)s.") % {
                "names": ", ".join(elsewhere[:5])
            }
    return problems


def campaign_create(
    *,
    slug: str,
    kind: str,
    country: Country,
    title_en: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    title_be: str = "",
    title_ru: str = "",
    description_en: str = "",
    description_be: str = "",
    description_ru: str = "",
    day_of_action: datetime.date | None = None,
    recurs_yearly: bool = False,
    hashtag: str = "",
    tag: Tag | None = None,
    people: Iterable[Person] = (),
    goal_letters: int | None = None,
    goal_period: str = Campaign.GoalPeriod.CAMPAIGN,
) -> Campaign:
    """Make a campaign, refusing (CampaignRefused, naming the field) one whose kind,
    dates, tag and people do not fit together."""
    people = list(people)
    problems = campaign_problems(
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        day_of_action=day_of_action,
        tag=tag,
        people=people,
        country=country,
    )
    campaign = Campaign(
        slug=slug,
        kind=kind,
        country=country,
        title_en=title_en.strip(),
        title_be=title_be.strip(),
        title_ru=title_ru.strip(),
        description_en=description_en.strip(),
        description_be=description_be.strip(),
        description_ru=description_ru.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        day_of_action=day_of_action,
        recurs_yearly=recurs_yearly,
        hashtag=hashtag.lstrip("#"),
        tag=tag,
        goal_letters=goal_letters,
        goal_period=goal_period,
    )
    try:
        campaign.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems.setdefault(field, " ".join(messages))
    if problems:
        raise CampaignRefused(
            "; ".join(f"{field}: {message}" for field, message in sorted(problems.items()))
        )
    with transaction.atomic():
        campaign.save()
        campaign.people.set(people)
        campaign_cards_queue(campaign=campaign)
    return campaign


def campaign_cards_queue(*, campaign: Campaign) -> None:
    """Have the worker draw the campaign's people's share cards ahead (queued in the
    caller's transaction: a campaign that is not saved draws nothing)."""
    from vestka.campaigns import tasks

    tasks.campaign_cards_draw.enqueue(campaign_id=campaign.pk)


# Solidarity messages


def message_submit(
    *,
    sender_name: str,
    text: str,
    person: Person | None = None,
    campaign: Campaign | None = None,
    ui_language: str = "en",
    submission_key: str | None = None,
    today: datetime.date | None = None,
) -> SolidarityMessage:
    """Take a new message to a person or to a campaign (exactly one) into the
    moderators' queue, screened. Refused, with the reason, when it is empty or too long,
    leaks a phone number, an address or a link, swears, repeats a message already left
    there, goes to a campaign that has ended, or when too many messages arrive at once.
    A ``submission_key`` already used returns the message it made."""
    if submission_key:
        existing = SolidarityMessage.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if (person is None) == (campaign is None):
        raise CampaignRefused("A message goes to one person or to one campaign.")
    sender_name, text = sender_name.strip(), text.strip()
    if not sender_name:
        raise CampaignRefused(_("Sign the message with a name (it need not be your own)."))
    if len(sender_name) > MAX_SENDER_NAME_CHARS:
        raise CampaignRefused(
            _("The name is longer than %(max)d characters.") % {"max": MAX_SENDER_NAME_CHARS}
        )
    if not text:
        raise CampaignRefused(_("The message is empty."))
    if len(text) > MAX_MESSAGE_CHARS:
        raise CampaignRefused(
            _("The message is %(count)d characters long; at most %(max)d are taken.")
            % {"count": len(text), "max": MAX_MESSAGE_CHARS}
        )
    if campaign is not None:
        today = today or timezone.localdate()
        if campaign.ends_on is not None and campaign.ends_on < today:
            raise CampaignRefused(_("This campaign has ended; it takes no more messages."))
    # The name is published too: it is screened with the text, on a line of its own.
    signed = f"{sender_name}\n{text}"
    screening = message_screening(signed, screen(signed), ui_language=ui_language)
    if screening.refused:
        raise CampaignRefused(
            " ".join(
                dict.fromkeys(f"{flag.message} (“{flag.quote}”)" for flag in screening.refused)
            )
        )
    same = SolidarityMessage.objects.filter(
        person=person, campaign=campaign, text=text, state__in=[PENDING, APPROVED]
    )
    if same.exists():
        raise CampaignRefused(_("This message has already been left here."))
    _check_pace()
    try:
        with transaction.atomic():
            message = SolidarityMessage.objects.create(
                person=person,
                campaign=campaign,
                sender_name=sender_name,
                text=text,
                language=screening.language,
                screening=screening.as_dict(),
                **({"submission_key": submission_key} if submission_key else {}),
            )
            MessageEvent.objects.create(
                message=message, action="submit", from_state="", to_state=PENDING
            )
    except IntegrityError:
        # The same submission arrived twice at once; the first one made the message.
        if submission_key:
            return SolidarityMessage.objects.get(submission_key=submission_key)
        raise
    return message


def _check_pace() -> None:
    """The site-wide brake, counted from the messages themselves so that every web
    process sees the same number."""
    since = timezone.now() - timedelta(minutes=1)
    if SolidarityMessage.objects.filter(created_at__gte=since).count() >= (
        settings.VESTKA_MESSAGES_PER_MINUTE
    ):
        raise MessagesBusy(
            _("Many messages are arriving right now. Please send yours in a minute.")
        )


def message_act(
    *,
    message_id: int,
    action: str,
    actor: User | None = None,
    reason: str = "",
    expected_state: str | None = None,
) -> SolidarityMessage:
    """Approve, reject or withdraw a message, and log who did it, when and why.

    The state changes by a conditional update under a row lock, so of two moderators
    deciding at once only the first succeeds; the second gets CampaignRefused. Pass
    ``expected_state`` (the state the moderator saw) to refuse when it moved on since.
    """
    with transaction.atomic():
        try:
            message = SolidarityMessage.objects.select_for_update().get(pk=message_id)
        except SolidarityMessage.DoesNotExist:
            raise CampaignRefused(f"There is no solidarity message {message_id}.") from None
        if expected_state is not None and message.state != expected_state:
            raise CampaignRefused(
                _("Someone acted on this message first: it is now %(state)s.")
                % {"state": message.get_state_display()}
            )
        target = TRANSITIONS.get((message.state, action))
        if target is None:
            allowed = ", ".join(moderator_actions(message.state)) or _("nothing")
            raise CampaignRefused(
                _("A message that is %(state)s cannot be %(action)s; possible: %(allowed)s.")
                % {"state": message.get_state_display(), "action": action, "allowed": allowed}
            )
        moved = SolidarityMessage.objects.filter(pk=message.pk, state=message.state).update(
            state=target
        )
        if not moved:  # the row lock already prevents this; a second line of defence
            raise CampaignRefused(_("Someone acted on this message first."))
        MessageEvent.objects.create(
            message=message,
            action=action,
            from_state=message.state,
            to_state=target,
            actor=actor,
            reason=reason.strip(),
        )
    message.refresh_from_db()
    return message


# Shares


def share_record(*, campaign: Campaign, network: str) -> ShareEvent:
    """Log that a share link of a campaign was followed: the network and the time only."""
    if network not in ShareEvent.Network.values:
        raise CampaignRefused(f"There is no share network {network!r}.")
    return ShareEvent.objects.create(campaign=campaign, network=network)

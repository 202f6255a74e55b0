"""Campaigns (for one person, for a group by tag, a day of action), the solidarity
messages supporters leave, and the append-only logs every counter is read from:
MessageEvent (what moderators did to each message) and ShareEvent (a followed share
link). Letters are counted from the letters app's own event log."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vestka.registry.models import Country, Person, Tag, localized

HASHTAG = RegexValidator(
    r"^[^\W_][\w]{0,59}$",
    _("A hashtag is letters, digits and underscores, without the “#”, e.g. FreeBelarus."),
)


class Campaign(models.Model):
    """A campaign of one country. Its people follow one rule (``selectors.campaign_people``):
    the people chosen for a person campaign or a day of action; for a group campaign,
    everyone with the campaign's tag who is a political prisoner behind bars now."""

    class Kind(models.TextChoices):
        PERSON = "person", _("for one person")
        GROUP = "group", _("for a group")
        DAY_OF_ACTION = "day_of_action", _("day of action")

    class GoalPeriod(models.TextChoices):
        CAMPAIGN = "campaign", _("within the campaign")
        MONTH = "month", _("each calendar month")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("country")
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_be = models.CharField(_("title (Belarusian)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_be = models.TextField(_("description (Belarusian)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(
        _("ends"), null=True, blank=True, help_text=_("Leave empty for a campaign with no end.")
    )
    day_of_action = models.DateField(
        _("day of action"),
        null=True,
        blank=True,
        help_text=_("The date of a day of action (its first year, if it recurs)."),
    )
    recurs_yearly = models.BooleanField(_("recurs every year"), default=False)
    hashtag = models.CharField(
        _("hashtag"), max_length=60, blank=True, validators=[HASHTAG], help_text=HASHTAG.message
    )
    tag = models.ForeignKey(
        Tag,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        verbose_name=_("tag"),
        help_text=_("For a group campaign: everyone with this tag behind bars now."),
    )
    people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="campaigns",
        verbose_name=_("people"),
        help_text=_("For a campaign for one person (exactly one) or a day of action."),
    )
    goal_letters = models.PositiveSmallIntegerField(
        _("goal: letters per person"),
        null=True,
        blank=True,
        help_text=_("Every person in the campaign gets at least this many letters."),
    )
    goal_period = models.CharField(
        _("goal period"), max_length=20, choices=GoalPeriod.choices, default=GoalPeriod.CAMPAIGN
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    # Who changed a campaign, when, and what it said before (the staff audit log).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "slug"]
        indexes = [models.Index(fields=["country", "starts_on"], name="campaign_country_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(kind="group") | Q(tag__isnull=False),
                name="campaign_group_has_tag",
            ),
            models.CheckConstraint(
                condition=~Q(kind="day_of_action") | Q(day_of_action__isnull=False),
                name="campaign_day_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def hashtag_text(self) -> str:
        """The hashtag as it is written in a post: "#FreeBelarus", or "" when there is none."""
        return f"#{self.hashtag}" if self.hashtag else ""


class ShareEvent(models.Model):
    """One followed share link of a campaign: the network and the time, nothing about
    who followed it (no IP address, no user agent, no session)."""

    class Network(models.TextChoices):
        EMAIL = "email", _("Email")
        TELEGRAM = "telegram", "Telegram"
        X = "x", "X"
        FACEBOOK = "facebook", "Facebook"
        WHATSAPP = "whatsapp", "WhatsApp"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="shares")
    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["campaign", "at"], name="share_campaign_idx")]

    def __str__(self) -> str:
        return f"{self.network} {self.at:%Y-%m-%d %H:%M}"


def new_submission_key() -> str:
    return secrets.token_urlsafe(18)


class SolidarityMessage(models.Model):
    """A short public message to a person or to a campaign (exactly one of them), in any
    language, from a display name only. Shown once a moderator approves it; its state
    changes only through ``services.message_act``, and every change is a MessageEvent."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for a moderator")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="solidarity_messages",
        verbose_name=_("to the person"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("to the campaign"),
    )
    sender_name = models.CharField(_("signed"), max_length=60)
    text = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    screening = models.JSONField(_("screening"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    # One rendered form makes one message, however often it is posted.
    submission_key = models.CharField(max_length=64, unique=True, default=new_submission_key)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("solidarity message")
        verbose_name_plural = _("solidarity messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="message_queue_idx"),
            models.Index(fields=["person", "state"], name="message_person_idx"),
            models.Index(fields=["campaign", "state"], name="message_campaign_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, campaign__isnull=True)
                | Q(person__isnull=True, campaign__isnull=False),
                name="message_to_person_or_campaign",
            )
        ]
        permissions = [("moderate_message", _("Can moderate solidarity messages"))]

    def __str__(self) -> str:
        return f"{self.sender_name}: {self.text[:40]}"

    @property
    def recipient(self) -> Person | Campaign:
        return self.person if self.person is not None else self.campaign  # type: ignore[return-value]


class MessageEvent(models.Model):
    """One thing done to a solidarity message: who, when, from which state to which, why."""

    message = models.ForeignKey(SolidarityMessage, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("message event")
        verbose_name_plural = _("message events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["action", "at"], name="message_event_action_idx")]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


# Who may see what (see the same lists in registry.models). A solidarity message is
# public once a moderator approves it, and only then: a message waiting, rejected or
# withdrawn shows nothing of itself anywhere.
PUBLIC_FIELDS: dict[type[models.Model], list[str]] = {
    Campaign: [
        "slug",
        "kind",
        "country",
        "title_en",
        "title_be",
        "title_ru",
        "description_en",
        "description_be",
        "description_ru",
        "starts_on",
        "ends_on",
        "day_of_action",
        "recurs_yearly",
        "hashtag",
        "tag",
        "people",
        "goal_letters",
        "goal_period",
    ],
    Campaign.people.through: ["campaign", "person"],
    ShareEvent: ["campaign", "network", "at"],  # counted, never listed
    SolidarityMessage: [
        "person",
        "campaign",
        "sender_name",
        "text",
        "language",
        "state",
        "created_at",
    ],
}
STAFF_ONLY_FIELDS: dict[type[models.Model], list[str]] = {
    Campaign: ["created_at"],
    SolidarityMessage: ["screening", "submission_key"],
}
STAFF_ONLY_MODELS: list[type[models.Model]] = [MessageEvent, Campaign.history.model]

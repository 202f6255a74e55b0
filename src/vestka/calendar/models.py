"""The calendar's own records: birthdays that staff have made public, and the weekly
digest's subscribers (their addresses sealed at rest)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vestka.registry.models import Person


class PublicBirthday(models.Model):
    """A birthday (day and month only) that may be shown in public, for postcard drives.

    A person's exact birth date is staff-only; the calendar shows a birthday only when
    an editor has published its day and month here (from the birth date the registry
    holds, or from a published source), never the year beyond the public birth year.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="public_birthday", verbose_name=_("person")
    )
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    source_url = models.URLField(_("where it is published"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("public birthday")
        verbose_name_plural = _("public birthdays")
        ordering = ["month", "day", "person"]
        indexes = [models.Index(fields=["month", "day"], name="public_birthday_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                name="public_birthday_valid_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.day:02d}.{self.month:02d}"


class DigestSubscription(models.Model):
    """One address that asked for the weekly calendar digest. Nothing else is kept: no
    name, no IP address; the address is sealed and found again by a keyed hash."""

    email_sealed = models.TextField(_("email (sealed)"))
    email_digest = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=5, default="en")
    created_at = models.DateTimeField(_("asked"), default=timezone.now, db_index=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        state = _("confirmed") if self.confirmed_at else _("not confirmed")
        return f"#{self.pk} ({state})"


# Who may see what (see the same lists in registry.models).
PUBLIC_FIELDS: dict[type[models.Model], list[str]] = {
    PublicBirthday: ["person", "month", "day", "source_url"],
}
STAFF_ONLY_FIELDS: dict[type[models.Model], list[str]] = {
    PublicBirthday: ["published_at", "published_by"],
}
STAFF_ONLY_MODELS: list[type[models.Model]] = [DigestSubscription]

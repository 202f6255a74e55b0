"""Letters to people in the registry, and the event log of everything done to them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vestka.letters import lifecycle
from vestka.registry.models import Person


def new_token() -> str:
    """The secret in a sender's private link: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


class Letter(models.Model):
    """One letter from a supporter to a person in the registry. Its state changes only
    through ``services.letter_act``, and every change is a LetterEvent."""

    State = models.TextChoices("State", [(s, s.replace("_", " ")) for s in lifecycle.STATES])

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="letters", verbose_name=_("recipient")
    )
    sender_name = models.CharField(_("sender's display name"), max_length=100)
    text = models.TextField(_("letter"))
    translation = models.TextField(_("translation"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    ui_language = models.CharField(max_length=8, default="en")
    screening = models.JSONField(_("screening"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=lifecycle.SUBMITTED
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "created_at"], name="letter_queue_idx")]

    def __str__(self) -> str:
        return f"{self.sender_name} → {self.person_id} ({self.state})"


class LetterEvent(models.Model):
    """One thing done to a letter: who, when, from which state to which, and why."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    role = models.CharField(_("role"), max_length=20)
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
        verbose_name = _("letter event")
        verbose_name_plural = _("letter events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

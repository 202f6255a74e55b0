"""Letters to people in the registry, and the event log of everything done to them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vestka.letters import lifecycle
from vestka.registry.models import Facility, Person


def new_token() -> str:
    """The secret in a sender's private link: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


class Letter(models.Model):
    """One letter from a supporter to a person in the registry. Its state changes only
    through ``services.letter_act``, and every change is a LetterEvent.

    What is kept about the sender is the least that works: a display name, and an email
    only when they asked for a reply notice, sealed (encrypted) and purged on a schedule.
    No IP address is stored anywhere."""

    class State(models.TextChoices):
        SUBMITTED = lifecycle.SUBMITTED, _("submitted")
        NEEDS_TRANSLATION = lifecycle.NEEDS_TRANSLATION, _("needs translation")
        EDIT_REQUESTED = lifecycle.EDIT_REQUESTED, _("edit requested")
        APPROVED = lifecycle.APPROVED, _("approved")
        REJECTED = lifecycle.REJECTED, _("rejected")
        BATCHED = lifecycle.BATCHED, _("batched")
        POSTED = lifecycle.POSTED, _("posted")
        RETURNED = lifecycle.RETURNED, _("returned")
        REPLY_RECEIVED = lifecycle.REPLY_RECEIVED, _("reply received")
        ARCHIVED = lifecycle.ARCHIVED, _("archived")

    class Route(models.TextChoices):
        SEND_NOW = "send_now", _("send now")
        KEEP_FOR_RELEASE = "keep_for_release", _("keep for delivery on release")

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
    route = models.CharField(
        _("route"), max_length=20, choices=Route.choices, default=Route.SEND_NOW
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The sender's email, only if they want a reply notice: a Fernet token made with
    # the key in VESTKA_EMAIL_KEYS (see ``letters.sealing``), never the address itself.
    sender_email_sealed = models.TextField(blank=True, editable=False)
    email_purge_after = models.DateTimeField(null=True, blank=True, editable=False)
    # One submission of a form (or one API request with an Idempotency-Key) makes one
    # letter, however often it is sent: a repeated submission finds the letter made first.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    partner = models.ForeignKey(
        "PartnerApp",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("partner app"),
    )
    batch = models.ForeignKey(
        "Batch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("batch"),
    )
    batch_position = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The recipient line as printed ("Иванов Иван Иванович, 1985 г. р."), fixed when the
    # letter is batched so that a rebuilt PDF prints the same.
    recipient = models.CharField(_("recipient as printed"), max_length=300, blank=True)
    text_purged_at = models.DateTimeField(_("text purged"), null=True, blank=True)
    return_notified_at = models.DateTimeField(
        _("sender told of the return"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="letter_queue_idx"),
            models.Index(fields=["person", "created_at"], name="letter_person_idx"),
            models.Index(fields=["created_at"], name="letter_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "batch_position"], name="letter_batch_position_unique"
            )
        ]
        permissions = [
            ("moderate_letter", _("Can moderate letters")),
            ("translate_letter", _("Can translate letters")),
            ("dispatch_letter", _("Can print, post and record replies to letters")),
        ]

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


class Batch(models.Model):
    """Approved letters to one facility, printed together and posted together. A batch
    with no facility holds letters kept for delivery on release."""

    class Envelope(models.TextChoices):
        C6 = "c6", _("C6 envelopes (114 × 162 mm)")
        DL = "dl", _("DL envelopes (110 × 220 mm)")
        LABELS = "labels", _("address labels on A4 (3 × 8, 70 × 37 mm)")

    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letter_batches",
        verbose_name=_("facility"),
    )
    envelope = models.CharField(
        _("envelopes"), max_length=10, choices=Envelope.choices, default=Envelope.C6
    )
    # The envelope address lines (Cyrillic, then the Latin country line) and the
    # organisation's return address, fixed when the batch is made.
    address = models.TextField(_("address as printed"), blank=True)
    return_address = models.TextField(_("return address as printed"), blank=True)
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    # The PDF the worker printed and keeps in the private files (``letters.batch_pdfs``):
    # the digest of what it was printed from (empty: none), so that a PDF that no longer
    # matches the batch is never handed out, and when a print was last queued.
    pdf_digest = models.CharField(max_length=64, blank=True, editable=False)
    pdf_printed_at = models.DateTimeField(_("PDF printed"), null=True, blank=True, editable=False)
    pdf_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        destination = self.facility or _("for delivery on release")
        return f"#{self.pk} {destination}"


def private_files() -> Storage:
    """Files only staff and the sender's private link may see (reply scans, printed
    batches): kept outside the public media directory and served by views that check
    who asks."""
    return storages["private"]


def reply_upload_to(reply: Reply, filename: str) -> str:
    # A random name: the scan's original file name may say who or where it is from.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"replies/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}.{suffix}"


class Reply(models.Model):
    """A prisoner's reply (or a note that one came), relayed to the sender through their
    private link. Scans are stored outside the public media files, metadata stripped."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="replies")
    scan = models.FileField(
        _("scan or photo"),
        upload_to=reply_upload_to,
        storage=private_files,
        blank=True,
        max_length=200,
    )
    content_type = models.CharField(max_length=40, blank=True)
    note = models.TextField(_("note to the sender"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    notified_at = models.DateTimeField(_("sender notified by email"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"reply to letter {self.letter_id}"


class PartnerApp(models.Model):
    """A partner application allowed to submit letters through the API. Only a digest of
    its token is stored; the token itself is shown once, when it is made."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token begins"), max_length=12, editable=False)
    letters_per_hour = models.PositiveIntegerField(_("letters per hour"), default=600)
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner app")
        verbose_name_plural = _("partner apps")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Who may see what (see the same lists in registry.models). Of a letter, the public
# sees only that it exists: counters and "fewest letters" count letters per person by
# state and date. Everything about the sender and what they wrote is staff-only.
PUBLIC_FIELDS: dict[type[models.Model], list[str]] = {
    Letter: ["person", "state", "route", "created_at"],
}
STAFF_ONLY_FIELDS: dict[type[models.Model], list[str]] = {
    Letter: [
        "sender_name",
        "text",
        "translation",
        "language",
        "ui_language",
        "screening",
        "token",
        "sender_email_sealed",
        "email_purge_after",
        "submission_key",
        "partner",
        "batch",
        "batch_position",
        "recipient",
        "text_purged_at",
        "return_notified_at",
        "updated_at",
    ],
}
STAFF_ONLY_MODELS: list[type[models.Model]] = [LetterEvent, Batch, Reply, PartnerApp]
# What the sender's private link (the secret address only they were given) shows them
# of their own letter, all of it staff-only for everyone else: what they wrote and
# when, what was done to it (never by whom), the reasons written for them to read
# (``site.writing.REASON_ACTIONS``) and the replies.
SENDER_LINK_FIELDS: dict[type[models.Model], list[str]] = {
    Letter: ["sender_name", "text", "language", "token", "text_purged_at"],
    LetterEvent: ["action", "reason", "at"],
    Reply: ["scan", "content_type", "note", "received_at"],
}

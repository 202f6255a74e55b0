"""Forgetting on a schedule: senders' emails and letter texts are deleted once they are no
longer needed, and sealed emails are sealed again when the key changes.

A letter that was used as evidence against its writer must not be in a database that can
be seized: texts go a few days after posting (kept only for reprinting envelopes lost
before the post office), emails when the letter's story has ended, or after a few months
at most. ``letters_purge`` runs daily (``vestka letters purge`` from cron or a systemd
timer); every purge is one UPDATE per kind, idempotent, and safe to run at any time.

What stays: the letter's state, route, dates, display name, language, event log, and
its screening. Screening flags hold no letter text: each is a rule id, a severity, the
rule's fixed explanation (from ``vestka.screening.rules``, the same for every letter)
and the start and end offsets of the span it concerns — offsets into a text that is
gone (``tests/letters/test_privacy.py`` checks this).

A batch's PDF stored for printing holds texts too: it is deleted when the batch is
posted, and the purge deletes any left (a reprint of a posted batch, a PDF that no longer
matches its batch; see ``letters.batch_pdfs``).

Purges are not changes of state, so they add no LetterEvent; ``text_purged_at`` and the
empty columns are the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from vestka.letters import batch_pdfs, lifecycle, sealing
from vestka.letters.models import Letter, LetterEvent

# A letter's story has ended in one of these states; none leads back out of them.
ENDED_STATES = (
    lifecycle.REJECTED,
    lifecycle.REPLY_RECEIVED,
    lifecycle.ARCHIVED,
    lifecycle.RETURNED,
)
RESEAL_CHUNK = 500
# How many letters a refusal to reseal names; the count says how many there are in all.
NAMED_BROKEN_SEALS = 10


@dataclass(frozen=True)
class PurgeReport:
    """How many letters lost what, by reason (or would, in a dry run)."""

    emails_expired: int = 0  # kept the longest time allowed (VESTKA_EMAIL_KEEP_DAYS)
    emails_after_end: int = 0  # the letter's story ended (VESTKA_EMAIL_KEEP_DAYS_AFTER_END)
    texts_after_posting: int = 0  # VESTKA_TEXT_KEEP_DAYS_AFTER_POSTING after posting
    texts_after_rejection: int = 0  # as many days after rejection
    batch_pdfs: int = 0  # stored batch PDFs: reprints of posted batches, stale ones
    dry_run: bool = False

    @property
    def emails(self) -> int:
        return self.emails_expired + self.emails_after_end

    @property
    def texts(self) -> int:
        return self.texts_after_posting + self.texts_after_rejection

    def as_dict(self) -> dict[str, int | bool]:
        return {**asdict(self), "emails": self.emails, "texts": self.texts}


class ResealRefused(ValueError):
    """Sealed emails that the configured keys do not open: nothing was resealed."""


def _event_before(
    *, actions: tuple[str, ...] = (), to_states: tuple[str, ...] = (), cutoff: datetime
) -> Exists:
    """Whether the letter has an event of these actions, or into these states, at or
    before ``cutoff``. With the index on the event's letter this is a cheap probe."""
    condition = Q()
    if actions:
        condition |= Q(action__in=actions)
    if to_states:
        condition |= Q(to_state__in=to_states)
    return Exists(
        LetterEvent.objects.filter(condition, letter=OuterRef("pk"), at__lte=cutoff).values("pk")
    )


def _emails_expired(now: datetime) -> QuerySet[Letter]:
    return Letter.objects.exclude(sender_email_sealed="").filter(email_purge_after__lte=now)


def _emails_after_end(now: datetime) -> QuerySet[Letter]:
    cutoff = now - timedelta(days=settings.VESTKA_EMAIL_KEEP_DAYS_AFTER_END)
    # The story ended when the letter first entered an ended state: an event into one
    # of them before the cutoff means it ended before the cutoff.
    return (
        Letter.objects.exclude(sender_email_sealed="")
        .filter(state__in=ENDED_STATES)
        .filter(Q(email_purge_after__isnull=True) | Q(email_purge_after__gt=now))
        .filter(_event_before(to_states=ENDED_STATES, cutoff=cutoff))
    )


def _texts_after_posting(now: datetime) -> QuerySet[Letter]:
    cutoff = now - timedelta(days=settings.VESTKA_TEXT_KEEP_DAYS_AFTER_POSTING)
    # Letters kept for delivery on release are posted (handed over) only once the person
    # is free; until then there is no "post" event and they keep their text.
    return Letter.objects.filter(text_purged_at__isnull=True).filter(
        _event_before(actions=("post",), cutoff=cutoff)
    )


def _texts_after_rejection(now: datetime) -> QuerySet[Letter]:
    cutoff = now - timedelta(days=settings.VESTKA_TEXT_KEEP_DAYS_AFTER_POSTING)
    # A rejected letter is never delivered, whatever its route. (Rejected letters may be
    # archived since; the rejection is in the log either way.)
    return Letter.objects.filter(
        text_purged_at__isnull=True, state__in=(lifecycle.REJECTED, lifecycle.ARCHIVED)
    ).filter(_event_before(actions=("reject",), cutoff=cutoff))


def letters_purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete the senders' emails and letter texts that are no longer needed.

    Emails go when ``email_purge_after`` has passed, or when the letter's story ended
    (rejected, returned, reply received, archived) more than
    ``VESTKA_EMAIL_KEEP_DAYS_AFTER_END`` days ago. Texts and translations go
    ``VESTKA_TEXT_KEEP_DAYS_AFTER_POSTING`` days after posting (unless the letter is kept
    for delivery on release) or after rejection. Then the stored batch PDFs that may not
    be kept go (``batch_pdfs.batch_pdfs_purge``): every PDF of a posted batch, so none
    holds a text purged here, and every one that no longer matches its batch. Running it
    again changes nothing more; ``dry_run`` only counts.
    """
    now = now or timezone.now()
    if dry_run:
        return PurgeReport(
            emails_expired=_emails_expired(now).count(),
            emails_after_end=_emails_after_end(now).count(),
            texts_after_posting=_texts_after_posting(now).count(),
            texts_after_rejection=_texts_after_rejection(now).count(),
            batch_pdfs=batch_pdfs.batch_pdfs_purge(dry_run=True),
            dry_run=True,
        )
    no_email = {"sender_email_sealed": "", "email_purge_after": None}
    no_text = {"text": "", "translation": "", "text_purged_at": now}
    with transaction.atomic():
        # Each UPDATE leaves rows the next one no longer selects, so no letter is counted
        # under two reasons.
        report = PurgeReport(
            emails_expired=_emails_expired(now).update(**no_email),
            emails_after_end=_emails_after_end(now).update(**no_email),
            texts_after_posting=_texts_after_posting(now).update(**no_text),
            texts_after_rejection=_texts_after_rejection(now).update(**no_text),
        )
    return replace(report, batch_pdfs=batch_pdfs.batch_pdfs_purge())


def letter_forget_email(*, letter: Letter) -> None:
    """Delete the sender's email now, at their request (from their private link). No
    reply notice can be sent afterwards; the letter itself goes on as before."""
    Letter.objects.filter(pk=letter.pk).update(sender_email_sealed="", email_purge_after=None)
    letter.sender_email_sealed = ""
    letter.email_purge_after = None


def _sealed_letter_ids() -> Iterator[list[int]]:
    """The ids of letters with a sealed email, RESEAL_CHUNK at a time, by id."""
    last = 0
    while True:
        chunk = list(
            Letter.objects.exclude(sender_email_sealed="")
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:RESEAL_CHUNK]
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1]


def emails_reseal() -> int:
    """Seal every stored email again with the newest key in VESTKA_EMAIL_KEYS, so that the
    older keys can be dropped (key rotation). Returns how many were resealed.

    First every sealed email is opened with the configured keys; if any cannot be, the
    rotation is refused (ResealRefused, naming the letters) before anything is changed.
    Then the emails are resealed RESEAL_CHUNK letters per transaction, the rows locked,
    so an email purged meanwhile stays purged.
    """
    keys = sealing.fernet()  # a bad key configuration stops here, with its own message
    broken: list[int] = []
    for chunk in _sealed_letter_ids():
        for pk, sealed in Letter.objects.filter(pk__in=chunk).values_list(
            "pk", "sender_email_sealed"
        ):
            if not sealed:
                continue
            try:
                keys.decrypt(sealed.encode())
            except InvalidToken:
                broken.append(pk)
    if broken:
        named = ", ".join(str(pk) for pk in broken[:NAMED_BROKEN_SEALS])
        more = (
            f" and {len(broken) - NAMED_BROKEN_SEALS} more"
            if len(broken) > NAMED_BROKEN_SEALS
            else ""
        )
        raise ResealRefused(
            f"No key in VESTKA_EMAIL_KEYS opens the sealed email of {len(broken)} "
            f"letter{'s' if len(broken) != 1 else ''} (id {named}{more}). Nothing was "
            "resealed: put back the key they were sealed with (after the new one) and run "
            "the rotation again."
        )
    resealed = 0
    for chunk in _sealed_letter_ids():
        with transaction.atomic():
            letters = list(
                Letter.objects.select_for_update()
                .filter(pk__in=chunk)
                .exclude(sender_email_sealed="")
                .only("pk", "sender_email_sealed")
            )
            for letter in letters:
                letter.sender_email_sealed = sealing.reseal(letter.sender_email_sealed)
            Letter.objects.bulk_update(letters, ["sender_email_sealed"])
            resealed += len(letters)
    return resealed

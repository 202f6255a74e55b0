"""Dispatch: approved letters put in batches per facility, printed, posted; letters that
come back, and replies relayed to the sender.

A letter is in at most one batch, and no letter is printed twice or lost: a batch is made
in one transaction that locks its letters and moves each of them with a conditional
update, so two dispatchers making batches at once never share a letter, and a failure
half-way leaves everything as it was. Every letter's move is a LetterEvent with the
dispatcher and the time.

A batch's PDF is printed by the background worker when the batch is made and again when
a letter is taken out; the PDF of a batch as it was is deleted then, and the stored PDF
when the batch is posted (``letters.batch_pdfs``). Returns and replies change nothing
printed.

Senders hear about returns and replies by a short email without the letter's text or the
prisoner's name, sent only after the change is committed; a failed email never loses
the reply.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vestka.letters import batch_pdfs, lifecycle, tasks
from vestka.letters.models import Batch, Letter, LetterEvent, Reply
from vestka.letters.scans import CleanScan, ScanRefused, scan_clean
from vestka.letters.services import LetterRefused, letter_act
from vestka.registry import custody
from vestka.registry.models import Facility, Person
from vestka.registry.selectors import person_envelope_recipient

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Rows per bulk statement: well under SQLite's limit on query parameters.
CHUNK = 500


class DispatchRefused(LetterRefused):
    """A dispatch action that cannot be done; the message says why. Nothing was changed."""


# --- batches -------------------------------------------------------------------------------


def letters_batchable(*, facility: Facility | None) -> QuerySet[Letter]:
    """Approved letters not yet in a batch that can go now: to people held at this
    facility (and not incommunicado) when the letter is to be sent now, or, with no
    facility, letters kept for delivery on release whose person has been released."""
    letters = Letter.objects.filter(state=lifecycle.APPROVED, batch__isnull=True)
    if facility is None:
        return letters.filter(
            route=Letter.Route.KEEP_FOR_RELEASE, person__custody=custody.RELEASED_STATE
        )
    return letters.filter(
        route=Letter.Route.SEND_NOW,
        person__facility=facility,
        person__custody=custody.IN_CUSTODY,
        person__incommunicado=False,
    )


def batch_create(
    *,
    facility: Facility | None,
    actor: User | None,
    envelope: str = Batch.Envelope.C6,
    letter_ids: Sequence[int] | None = None,
) -> Batch:
    """Make a batch of the approved letters that can go to a facility now (all of them,
    or the given ones), in one transaction.

    The batch keeps the address and return address as they are printed, each letter
    its recipient line and a position 1..n (by recipient, then age). Each letter moves
    approved → batched with an event. With ``facility=None`` the batch holds letters kept
    for delivery on release whose person is free now; it has no envelopes.

    DispatchRefused, changing nothing, for an empty batch, an unknown envelope format,
    a facility without a postal address, no return address configured, a given letter
    that cannot go in this batch (the message says which and why), or a person with no
    Cyrillic name form to print.
    """
    if envelope not in Batch.Envelope.values:
        raise DispatchRefused(
            _("There is no envelope format “%(envelope)s”; choose one of: %(choices)s.")
            % {"envelope": envelope, "choices": ", ".join(Batch.Envelope.values)}
        )
    return_address = list(settings.VESTKA_RETURN_ADDRESS)
    address: list[str] = []
    if facility is not None:
        if not return_address:
            raise DispatchRefused(
                _(
                    "No return address is configured (VESTKA_RETURN_ADDRESS). Envelopes "
                    "carry the organisation's address, never a sender's, so no batch can "
                    "be printed without it."
                )
            )
        if not facility.address_lines:
            raise DispatchRefused(
                _("%(facility)s has no postal address in the registry; add it first.")
                % {"facility": facility.name}
            )
        address = facility.envelope_lines
    now = timezone.now()
    with transaction.atomic():
        letters = _lock_batchable(facility=facility, letter_ids=letter_ids)
        if not letters:
            raise DispatchRefused(
                _("There are no approved letters to put in a batch for %(facility)s.")
                % {"facility": facility.name if facility else _("delivery on release")}
            )
        recipients = _recipient_lines(letters, facility=facility)
        letters.sort(
            key=lambda letter: (_alphabetical(recipients[letter.pk]), letter.created_at, letter.pk)
        )
        for letter in letters:
            _transition(letter, "batch")
        batch = Batch.objects.create(
            facility=facility,
            envelope=envelope,
            address="\n".join(address),
            return_address="\n".join(return_address),
            created_at=now,
            created_by=actor,
            pdf_requested_at=now,
        )
        ids = [letter.pk for letter in letters]
        moved = sum(
            Letter.objects.filter(
                pk__in=chunk, state=lifecycle.APPROVED, batch__isnull=True
            ).update(state=lifecycle.BATCHED, batch=batch, updated_at=now)
            for chunk in _chunks(ids)
        )
        if moved != len(ids):  # the row locks prevent this; a second line of defence
            raise DispatchRefused(
                _("Another dispatcher put some of these letters in a batch first.")
            )
        for position, letter in enumerate(letters, start=1):
            letter.batch_position = position
            letter.recipient = recipients[letter.pk]
        for chunk in _chunks(letters):
            Letter.objects.bulk_update(chunk, ["batch_position", "recipient"])
        _log(
            letters,
            action="batch",
            from_state=lifecycle.APPROVED,
            to_state=lifecycle.BATCHED,
            actor=actor,
            at=now,
        )
        transaction.on_commit(partial(tasks.batch_print.enqueue, batch_id=batch.pk))
    return batch


def _lock_batchable(*, facility: Facility | None, letter_ids: Sequence[int] | None) -> list[Letter]:
    batchable = letters_batchable(facility=facility)
    if letter_ids is None:
        locked = batchable
    else:
        wanted = sorted({int(pk) for pk in letter_ids})
        if not wanted:
            return []
        locked = Letter.objects.filter(pk__in=wanted)
    # Locked in a fixed order (by id), so that two dispatchers never wait on each other
    # in a circle. A letter batched by someone else while we waited no longer matches.
    letters = list(
        locked.select_for_update(of=("self",))
        .select_related("person__facility")
        .prefetch_related("person__names")
        .order_by("pk")
    )
    if letter_ids is not None:
        allowed = set(
            batchable.filter(pk__in=[letter.pk for letter in letters]).values_list("pk", flat=True)
        )
        found = {letter.pk for letter in letters}
        problems = [_("there is no letter %(id)d") % {"id": pk} for pk in wanted if pk not in found]
        problems += [
            _why_not_batchable(letter, facility=facility)
            for letter in letters
            if letter.pk not in allowed
        ]
        if problems:
            raise DispatchRefused(
                _("Nothing was put in a batch: %(problems)s.") % {"problems": "; ".join(problems)}
            )
    return letters


def _why_not_batchable(letter: Letter, *, facility: Facility | None) -> str:
    person = letter.person
    if letter.batch_id is not None:
        return _("letter %(id)d is already in batch #%(batch)d") % {
            "id": letter.pk,
            "batch": letter.batch_id,
        }
    if letter.state != lifecycle.APPROVED:
        return _("letter %(id)d is %(state)s, not approved") % {
            "id": letter.pk,
            "state": letter.get_state_display(),
        }
    if facility is None:
        if letter.route != Letter.Route.KEEP_FOR_RELEASE:
            return _("letter %(id)d is to be sent now, not kept for release") % {"id": letter.pk}
        return _("letter %(id)d waits for a person who is not released") % {"id": letter.pk}
    if letter.route != Letter.Route.SEND_NOW:
        return _("letter %(id)d is kept for delivery on release") % {"id": letter.pk}
    if person.custody != custody.IN_CUSTODY:
        return _("letter %(id)d is to a person who is not held now") % {"id": letter.pk}
    if person.incommunicado:
        return _("letter %(id)d is to a person held incommunicado") % {"id": letter.pk}
    return _("letter %(id)d is to a person held at %(facility)s, not here") % {
        "id": letter.pk,
        "facility": person.facility.name if person.facility else _("no known facility"),
    }


def _recipient_lines(letters: list[Letter], *, facility: Facility | None) -> dict[int, str]:
    """Each letter's recipient line as it will be printed. Envelopes need a Cyrillic
    name (censors read Russian or Belarusian); letters handed over on release fall back
    to the registry's display name."""
    lines: dict[int, str] = {}
    unnamed: dict[Person, list[int]] = {}
    for letter in letters:
        line = person_envelope_recipient(person=letter.person)
        if not line and facility is None:
            line = letter.person.name
        if not line:
            unnamed.setdefault(letter.person, []).append(letter.pk)
        lines[letter.pk] = line
    if unnamed:
        raise DispatchRefused(
            _(
                "Nothing was put in a batch: there is no Russian or Belarusian form of the "
                "name of %(people)s. Add one in the registry, so that the envelope can be "
                "written in Cyrillic."
            )
            % {
                "people": "; ".join(
                    _("%(name)s (letters %(ids)s)")
                    % {"name": person.name, "ids": ", ".join(str(pk) for pk in ids)}
                    for person, ids in unnamed.items()
                )
            }
        )
    return lines


def batch_letter_remove(*, batch: Batch, letter_id: int, actor: User | None, reason: str) -> Letter:
    """Take one letter out of a batch that is not posted yet (the person was moved, the
    envelope was spoiled): batched → approved, so it goes with a later batch. The other
    letters keep their positions, so printed pages still match. ``reason`` is a staff
    note, required."""
    reason = reason.strip()
    if not reason:
        raise DispatchRefused(
            _("Say why the letter is taken out of the batch (for example: the person was moved).")
        )
    now = timezone.now()
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.posted_at is not None:
            raise DispatchRefused(
                _("Batch #%(batch)d is posted; its letters can no longer be taken out.")
                % {"batch": locked.pk}
            )
        letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
        if letter is None or letter.batch_id != locked.pk:
            raise DispatchRefused(
                _("Letter %(id)s is not in batch #%(batch)d (any more).")
                % {"id": letter_id, "batch": locked.pk}
            )
        target = _transition(letter, "unbatch", reason=reason)
        moved = Letter.objects.filter(pk=letter.pk, state=lifecycle.BATCHED, batch=locked).update(
            state=target, batch=None, batch_position=None, recipient="", updated_at=now
        )
        if not moved:
            raise DispatchRefused(_("Someone acted on this letter first."))
        _log(
            [letter],
            action="unbatch",
            from_state=lifecycle.BATCHED,
            to_state=target,
            actor=actor,
            at=now,
            reason=reason,
        )
        # The stored PDF still holds the letter: it goes, and the batch is printed again.
        Batch.objects.filter(pk=locked.pk).update(pdf_digest="", pdf_requested_at=now)
        if locked.pdf_digest:
            transaction.on_commit(
                partial(_pdf_forget, batch_id=locked.pk, digest=locked.pdf_digest)
            )
        transaction.on_commit(partial(tasks.batch_print.enqueue, batch_id=locked.pk))
    letter.refresh_from_db()
    return letter


def batch_post(*, batch: Batch, actor: User | None) -> Batch:
    """Mark a batch posted (or, for delivery on release, handed over): all its letters
    batched → posted with an event each; the batch records when and by whom. Refused for
    a batch already posted or with no letters."""
    now = timezone.now()
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.posted_at is not None:
            raise DispatchRefused(
                _("Batch #%(batch)d was already marked posted on %(date)s.")
                % {
                    "batch": locked.pk,
                    "date": timezone.localtime(locked.posted_at).strftime("%Y-%m-%d %H:%M"),
                }
            )
        letters = list(
            Letter.objects.select_for_update()
            .filter(batch=locked, state=lifecycle.BATCHED)
            .order_by("batch_position")
        )
        if not letters:
            raise DispatchRefused(
                _("Batch #%(batch)d has no letters to post.") % {"batch": locked.pk}
            )
        for letter in letters:
            _transition(letter, "post")
        ids = [letter.pk for letter in letters]
        moved = sum(
            Letter.objects.filter(pk__in=chunk, batch=locked, state=lifecycle.BATCHED).update(
                state=lifecycle.POSTED, updated_at=now
            )
            for chunk in _chunks(ids)
        )
        # The paper is in the post: its PDF is no longer kept (see ``letters.batch_pdfs``).
        marked = Batch.objects.filter(pk=locked.pk, posted_at__isnull=True).update(
            posted_at=now, posted_by=actor, pdf_digest="", pdf_requested_at=None
        )
        if moved != len(ids) or not marked:
            raise DispatchRefused(_("Someone acted on this batch first."))
        _log(
            letters,
            action="post",
            from_state=lifecycle.BATCHED,
            to_state=lifecycle.POSTED,
            actor=actor,
            at=now,
        )
        transaction.on_commit(partial(_pdf_forget, batch_id=locked.pk))
    batch.posted_at, batch.posted_by = now, actor
    batch.pdf_digest, batch.pdf_requested_at = "", None
    return batch


def _pdf_forget(*, batch_id: int, digest: str | None = None) -> None:
    """Delete a batch's stored PDF once the change that outdated it is committed. A file
    that cannot be deleted now (a disk error) is deleted by the next purge."""
    try:
        batch_pdfs.batch_pdf_delete(batch_id=batch_id, digest=digest)
    except OSError:
        logger.exception("Could not delete the stored PDF of batch #%d.", batch_id)


# --- returns and replies -------------------------------------------------------------------


def letter_return(*, letter_id: int, actor: User | None, reason: str) -> Letter:
    """Record that a posted letter came back undelivered (posted → returned). The reason
    is shown to the sender, who is told by email if they left an address."""
    reason = reason.strip()
    if not reason:
        raise DispatchRefused(
            _(
                "Say why the letter came back (the sender reads it), for example: “moved to "
                "another colony”."
            )
        )
    _letter_exists(letter_id)
    with transaction.atomic():
        try:
            letter = letter_act(
                letter_id=letter_id,
                action="return",
                role=lifecycle.DISPATCHER,
                actor=actor,
                reason=reason,
            )
        except LetterRefused as refusal:
            raise DispatchRefused(str(refusal)) from None
        transaction.on_commit(partial(tasks.return_notify.enqueue, letter_id=letter.pk))
    return letter


def reply_record(
    *,
    letter_id: int,
    actor: User | None,
    scan: UploadedFile | None,
    note: str,
    expected_replies: int | None = None,
) -> Reply:
    """Record a prisoner's reply to a posted (or returned) letter: posted/returned →
    reply_received with an event; a letter already answered gets another Reply without a
    change of state. The scan, if any, is kept without metadata (see ``letters.scans``).

    ``expected_replies`` is how many replies the dispatcher saw on the letter: when it
    differs (the same form sent twice, or a colleague was quicker) nothing is recorded.
    The sender is emailed after the reply is committed; a failed email loses nothing.
    """
    note = note.strip()
    if scan is None and not note:
        raise DispatchRefused(
            _("Attach a scan or photo of the reply, or write a note for the sender.")
        )
    cleaned: CleanScan | None = None
    if scan is not None:
        try:
            cleaned = scan_clean(upload=scan, name=scan.name or "")
        except ScanRefused as refusal:
            raise DispatchRefused(str(refusal)) from None
    _letter_exists(letter_id)
    now = timezone.now()
    stored = ""
    storage = Reply._meta.get_field("scan").storage
    try:
        with transaction.atomic():
            letter = Letter.objects.select_for_update().get(pk=letter_id)
            if expected_replies is not None and letter.replies.count() != expected_replies:
                raise DispatchRefused(
                    _(
                        "A reply to this letter was recorded meanwhile (it has %(count)d "
                        "now); nothing was added. Check the letter before adding another."
                    )
                    % {"count": letter.replies.count()}
                )
            if letter.state != lifecycle.REPLY_RECEIVED:
                target = _transition(letter, "reply")
                changes: dict[str, object] = {"state": target, "updated_at": now}
                if letter.sender_email_sealed:
                    # The letter's story has ended: its sender's email goes soon after.
                    end = now + timedelta(days=settings.VESTKA_EMAIL_KEEP_DAYS_AFTER_END)
                    if letter.email_purge_after is None or letter.email_purge_after > end:
                        changes["email_purge_after"] = end
                moved = Letter.objects.filter(pk=letter.pk, state=letter.state).update(**changes)
                if not moved:
                    raise DispatchRefused(_("Someone acted on this letter first."))
                _log(
                    [letter],
                    action="reply",
                    from_state=letter.state,
                    to_state=target,
                    actor=actor,
                    at=now,
                )
            reply = Reply(letter=letter, note=note, received_at=now, recorded_by=actor)
            if cleaned is not None:
                reply.content_type = cleaned.content_type
                reply.scan.save(
                    f"reply.{cleaned.extension}", ContentFile(cleaned.content), save=False
                )
                stored = reply.scan.name or ""
            reply.save()
            transaction.on_commit(partial(tasks.reply_notify.enqueue, reply_id=reply.pk))
    except BaseException:
        if stored:  # the reply was not recorded: keep no orphaned scan
            storage.delete(stored)
        raise
    return reply


def _letter_exists(letter_id: int) -> None:
    if not Letter.objects.filter(pk=letter_id).exists():
        raise DispatchRefused(_("There is no letter %(id)s.") % {"id": letter_id})


# --- reads for the dispatchers' pages ------------------------------------------------------


@dataclass
class Queue:
    """Approved letters that can go in one batch now."""

    facility: Facility | None
    letter_ids: list[int] = field(default_factory=list)
    oldest: datetime | None = None
    unnamed: int = 0  # letters to people with no Cyrillic name form: they cannot be batched

    @property
    def count(self) -> int:
        return len(self.letter_ids)


@dataclass(frozen=True)
class Stranded:
    """An approved letter no batch can take now, and why."""

    letter: Letter
    why: str


def dispatch_queues() -> list[Queue]:
    """Per facility, the approved letters to be sent now to people held there (oldest
    first among facilities), for the dispatch overview."""
    queues: dict[int, Queue] = {}
    letters = (
        Letter.objects.filter(
            state=lifecycle.APPROVED,
            batch__isnull=True,
            route=Letter.Route.SEND_NOW,
            person__custody=custody.IN_CUSTODY,
            person__incommunicado=False,
            person__facility__isnull=False,
        )
        .select_related("person__facility__country")
        .prefetch_related("person__names")
        .only("pk", "created_at", "person")
        .order_by("created_at", "pk")
    )
    for letter in letters:
        facility = letter.person.facility
        assert facility is not None
        queue = queues.setdefault(facility.pk, Queue(facility=facility, oldest=letter.created_at))
        queue.letter_ids.append(letter.pk)
        if not person_envelope_recipient(person=letter.person):
            queue.unnamed += 1
    return sorted(
        queues.values(), key=lambda queue: (queue.oldest or timezone.now(), str(queue.facility))
    )


def release_queue() -> Queue:
    """Letters kept for delivery on release whose person has been released."""
    queue = Queue(facility=None)
    for pk, created_at in (
        letters_batchable(facility=None)
        .order_by("created_at", "pk")
        .values_list("pk", "created_at")
    ):
        queue.letter_ids.append(pk)
        queue.oldest = queue.oldest or created_at
    return queue


def letters_stranded() -> list[Stranded]:
    """Approved letters that no batch can take now, so that they are not forgotten: to
    be sent now to someone no longer held, with no known facility or held
    incommunicado; or kept for release for someone who has died."""
    letters = (
        Letter.objects.filter(state=lifecycle.APPROVED, batch__isnull=True)
        .select_related("person", "person__facility")
        .order_by("created_at", "pk")
    )
    died = (custody.DIED_IN_CUSTODY_STATE, custody.DIED_STATE)
    stranded = []
    for letter in letters:
        person = letter.person
        why = ""
        if letter.route == Letter.Route.SEND_NOW:
            if person.custody in died:
                why = _("the person has died")
            elif person.custody == custody.RELEASED_STATE:
                why = _("the person has been released")
            elif person.custody != custody.IN_CUSTODY:
                why = _("the registry does not know whether the person is held")
            elif person.incommunicado:
                why = _("the person is held incommunicado")
            elif person.facility is None:
                why = _("the registry knows no facility for the person")
        elif person.custody in died:
            why = _("kept for release, but the person has died")
        if why:
            stranded.append(Stranded(letter=letter, why=why))
    return stranded


# --- helpers -------------------------------------------------------------------------------


# Russian and Belarusian letters in one alphabet (І with И, Ў after У), so that batches
# come out in the order a dispatcher expects rather than in code-point order.
CYRILLIC_ORDER = "АБВГҐДЕЁЄЖЗИІЇЙКЛМНОПРСТУЎФХЦЧШЩЪЫЬЭЮЯ"
_ORDER = {ch: index for index, ch in enumerate(CYRILLIC_ORDER)}


def _alphabetical(text: str) -> tuple[int, ...]:
    return tuple(_ORDER.get(ch, len(_ORDER) + ord(ch)) for ch in text.upper())


def _transition(letter: Letter, action: str, *, reason: str = "") -> str:
    try:
        return lifecycle.transition(letter.state, action, role=lifecycle.DISPATCHER, reason=reason)
    except lifecycle.TransitionRefused as refusal:
        raise DispatchRefused(
            _("Letter %(id)d: %(refusal)s") % {"id": letter.pk, "refusal": refusal}
        ) from None


def _log(
    letters: Iterable[Letter],
    *,
    action: str,
    from_state: str,
    to_state: str,
    actor: User | None,
    at: datetime,
    reason: str = "",
) -> None:
    events = [
        LetterEvent(
            letter_id=letter.pk,
            action=action,
            from_state=from_state,
            to_state=to_state,
            role=lifecycle.DISPATCHER,
            actor=actor,
            reason=reason,
            at=at,
        )
        for letter in letters
    ]
    for chunk in _chunks(events):
        LetterEvent.objects.bulk_create(chunk)


def _chunks(items: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]

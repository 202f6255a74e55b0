"""A batch's PDF, printed by the background worker and kept in the private files until
the paper is in the post.

Printing takes about 1.3 s per 1,000 letters: too long for a web request. So the
``batch_print`` task prints a batch's PDF when the batch is made and again whenever its
letters change (a letter taken out), and the dispatcher downloads the stored file. When
there is none that fits the batch as it is now, the batch page says the PDF is being
printed, makes sure a print is queued, and reloads itself until the PDF is there.

A stored PDF's name holds the digest of what it was printed from
(``printing.BatchPrint.digest``: the letters, their order, texts and recipient lines,
the addresses, the envelopes), and the batch records the digest of the PDF it stored
last. The download serves a file only when both are the digest of the batch as it is
now, so a PDF printed before a letter was taken out is never handed out. A PDF is
written under a temporary name and renamed into place, so a worker killed mid-print
leaves no file that could be served; the next print of the batch deletes what it left.
Printing is deterministic, so a print run again gives the same bytes and one file.

A stored PDF holds letter texts and the prisoners' names, so it lives no longer than
needed: it is deleted when the batch is posted, and a stale one when a letter is taken
out. A posted batch can be printed again while its letters' texts are kept (for
envelopes or pages lost before they reached the post office), only when a dispatcher
asks; the reprint is deleted by the next purge (``privacy.letters_purge``), which also
deletes any stored PDF that no longer matches its batch and files left by killed
workers. Stored PDFs are not in backups (``operations.backup``): they are printed again
from the database, byte for byte.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vestka.files import file_write_whole
from vestka.letters import printing
from vestka.letters.models import Batch

logger = logging.getLogger(__name__)

# The folder of the private files that holds printed batches.
FOLDER = "batches"
# A print queued this long ago with no PDF to show for it is queued again (its task
# failed, or was lost with a queue restored from an older backup).
REQUEUE_AFTER = timedelta(minutes=5)
# A temporary file older than this is a dead worker's, not one being written now.
PART_STALE_SECONDS = 3600.0

# batch-<id>-<digest>.pdf, and while it is written .batch-<id>-<digest>.<random>.part
_PDF = re.compile(r"^batch-(\d+)-([0-9a-f]{64})\.pdf$")
_PART = re.compile(r"^\.batch-(\d+)-([0-9a-f]{64})\.[^/]*\.part$")


@dataclass(frozen=True)
class PdfState:
    """Where a batch's PDF stands, for the batch page."""

    ready: bool  # a stored PDF matches the batch as it is now
    printing: bool  # a print is queued or running
    refused: str  # why the batch cannot be printed (no letters, texts deleted), or ""
    printed_at: datetime | None


def folder() -> Path:
    """The folder of stored batch PDFs, inside the private files."""
    return Path(storages["private"].path(FOLDER))


def _path(batch_id: int, digest: str) -> Path:
    return folder() / f"batch-{batch_id}-{digest}.pdf"


def _files(batch_id: int | None = None) -> Iterable[tuple[Path, int, str, bool]]:
    """The stored files (path, batch, digest, whether temporary), of one batch or all."""
    try:
        entries = list(os.scandir(folder()))
    except FileNotFoundError:
        return []
    found = []
    for entry in entries:
        match = _PDF.match(entry.name) or _PART.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        if batch_id is not None and int(match[1]) != batch_id:
            continue
        found.append((Path(entry.path), int(match[1]), match[2], entry.name.startswith(".")))
    return found


def _delete(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


# --- what the pages read -------------------------------------------------------------------


def _reprint_wanted(batch: Batch) -> bool:
    """A posted batch is printed only when a dispatcher asked for it since posting (and
    its reprint is kept until the next purge)."""
    posted = batch.posted_at
    if posted is None:
        return False
    asked = batch.pdf_requested_at is not None and batch.pdf_requested_at >= posted
    printed = bool(batch.pdf_digest) and (
        batch.pdf_printed_at is not None and batch.pdf_printed_at >= posted
    )
    return asked or printed


def _printable(batch: Batch) -> bool:
    return batch.posted_at is None or _reprint_wanted(batch)


def batch_pdf_state(*, batch: Batch) -> PdfState:
    """Whether the batch's stored PDF matches the batch as it is now, whether a print is
    on its way, or why the batch cannot be printed."""
    try:
        printed = printing.batch_printed(batch=batch)
    except printing.PrintRefused as refusal:
        return PdfState(ready=False, printing=False, refused=str(refusal), printed_at=None)
    printable = _printable(batch)
    ready = (
        printable
        and batch.pdf_digest == printed.digest
        and _path(batch.pk, printed.digest).is_file()
    )
    return PdfState(
        ready=ready,
        printing=not ready and printable,
        refused="",
        printed_at=batch.pdf_printed_at if ready else None,
    )


def batch_pdf_open(*, batch_id: int) -> IO[bytes] | None:
    """The stored PDF of the batch as it is now, open for reading; None when there is
    none that matches it (none printed yet, or printed before its letters changed).
    PrintRefused when the batch cannot be printed at all."""
    batch = Batch.objects.get(pk=batch_id)
    printed = printing.batch_printed(batch=batch)
    if batch.pdf_digest != printed.digest or not _printable(batch):
        return None
    try:
        # Once open, the file stays readable even if it is deleted meanwhile (posted).
        return open(_path(batch.pk, printed.digest), "rb")  # noqa: SIM115 - the response closes it
    except FileNotFoundError:
        return None


def batch_pdf_request(*, batch_id: int, reprint: bool = False, now: datetime | None = None) -> bool:
    """Make sure a print of the batch is queued: queue one unless one was queued less than
    REQUEUE_AFTER ago. A posted batch is printed only with ``reprint`` (a dispatcher
    asked), or while such a request waits. Returns whether a print was queued;
    PrintRefused, queuing nothing, when the batch cannot be printed.

    Not inside a transaction: the request is recorded at once, so that two pages asking
    at the same moment queue one print."""
    from vestka.letters import tasks

    now = now or timezone.now()
    batch = Batch.objects.get(pk=batch_id)
    if batch.posted_at is not None and not (reprint or _reprint_wanted(batch)):
        return False
    printing.batch_printed(batch=batch)  # PrintRefused: nothing to print
    requested = batch.pdf_requested_at
    due = requested is None or requested < now - REQUEUE_AFTER
    if batch.posted_at is not None and requested is not None and requested < batch.posted_at:
        due = True  # a print asked for before posting is no reprint
    if not due:
        return False
    unchanged = (
        Q(pdf_requested_at__isnull=True) if requested is None else Q(pdf_requested_at=requested)
    )
    if batch.posted_at is None:
        unchanged &= Q(posted_at__isnull=True)
    if not Batch.objects.filter(unchanged, pk=batch.pk).update(pdf_requested_at=now):
        return False  # someone else queued it just now, or the batch was posted
    tasks.batch_print.enqueue(batch_id=batch.pk)
    return True


# --- printing (the task) -------------------------------------------------------------------


def batch_pdf_store(*, batch_id: int) -> str:
    """Print the batch's PDF and keep it in the private files, unless a stored one
    matches the batch already. Safe to run again at any time, also after a worker was
    killed part-way: what it leaves is one complete PDF, or none. Returns what it did:
    ``printed``, ``current``, ``stale`` (the letters changed while it printed; the change
    queued another print), ``not wanted`` (posted, no reprint asked for), ``refused``
    (nothing to print) or ``no batch``."""
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None:
        batch_pdf_delete(batch_id=batch_id)
        return "no batch"
    if not _printable(batch):
        return "not wanted"
    try:
        printed = printing.batch_printed(batch=batch)
    except printing.PrintRefused:
        Batch.objects.filter(pk=batch.pk).update(pdf_digest="", pdf_requested_at=None)
        batch_pdf_delete(batch_id=batch.pk)
        return "refused"
    path = _path(batch.pk, printed.digest)
    if batch.pdf_digest == printed.digest and path.is_file():
        Batch.objects.filter(pk=batch.pk, pdf_digest=printed.digest).update(pdf_requested_at=None)
        _tidy(batch.pk, keep=path)
        return "current"
    if not _write(path, printing.batch_print_render(printed)):
        return "stale"
    with transaction.atomic():
        # The batch's changes lock its row too: between this check and the record,
        # no letter can leave the batch and the batch cannot be posted.
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        try:
            still = printing.batch_printed(batch=locked).digest == printed.digest
        except printing.PrintRefused:
            still = False
        if still and _printable(locked):
            Batch.objects.filter(pk=locked.pk).update(
                pdf_digest=printed.digest, pdf_printed_at=timezone.now(), pdf_requested_at=None
            )
        else:
            still = False
    if not still:
        _delete(path)
        return "stale"
    _tidy(batch.pk, keep=path)
    return "printed"


def _write(path: Path, pdf: bytes) -> bool:
    """Write the PDF whole or not at all (``files.file_write_whole``). False when the
    temporary file was deleted meanwhile by a later print of the same batch (which
    stored its own)."""
    try:
        file_write_whole(path, pdf, durable=True)
    except FileNotFoundError:
        return False
    return True


def _tidy(batch_id: int, *, keep: Path) -> None:
    """Delete the batch's other files: PDFs of what it was before, and what killed
    workers left half-written."""
    for path, _batch, _digest, _part in _files(batch_id):
        if path != keep:
            _delete(path)


# --- forgetting ----------------------------------------------------------------------------


def batch_pdf_delete(*, batch_id: int, digest: str | None = None) -> int:
    """Delete the batch's stored PDFs (only the one of ``digest``, if given) and its
    temporary files; returns how many files went."""
    return sum(
        _delete(path)
        for path, _batch, file_digest, part in _files(batch_id)
        if digest is None or (file_digest == digest and not part)
    )


def batch_pdfs_purge(*, dry_run: bool = False) -> int:
    """Delete every stored PDF that should not be kept: of a posted batch (a reprint),
    of a batch that no longer exists, one that no longer matches its batch, and temporary
    files of dead workers. Returns how many files went (or would, in a dry run)."""
    doomed = []
    batches = {}
    now = time.time()
    for path, batch_id, digest, part in _files():
        if part:
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime > PART_STALE_SECONDS:
                    doomed.append(path)
            continue
        if batch_id not in batches:
            batches[batch_id] = _current_digest(batch_id)
        if digest != batches[batch_id]:
            doomed.append(path)
    if dry_run:
        return len(doomed)
    # A posted batch's reprint is forgotten with its file: it is printed again only when
    # a dispatcher asks again.
    Batch.objects.filter(posted_at__isnull=False).filter(
        ~Q(pdf_digest="") | Q(pdf_requested_at__isnull=False)
    ).update(pdf_digest="", pdf_requested_at=None)
    return sum(_delete(path) for path in doomed)


def _current_digest(batch_id: int) -> str:
    """The digest a kept PDF of this batch must have, or "" when none may be kept."""
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None or batch.posted_at is not None:
        return ""
    try:
        digest = printing.batch_printed(batch=batch).digest
    except printing.PrintRefused:
        return ""
    return digest if digest == batch.pdf_digest else ""

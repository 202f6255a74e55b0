"""Staff's imports of a list, done by the background worker instead of the web request.

Uploading stores the file and queues its reading (a dry run, for the preview);
applying claims the run and queues the import itself (``registry.tasks``). A list of
thousands of rows then ties up no web process, and a restart half-way loses nothing.

Every step can be run again safely — a killed worker's task is run again (see
``operations.worker``): each acts only on a run in the state it expects, and the
registry writes, the recorded result and the new state commit together, or not at
all. A step that fails marks the run failed with the error for staff to read, and
leaves the registry as it was.
"""

from __future__ import annotations

import hashlib
import logging

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vestka.registry import tasks
from vestka.registry.importing import ImportFileError, viasna_import
from vestka.registry.models import Country, ImportRun

logger = logging.getLogger(__name__)

State = ImportRun.State
# Staff read the error on the import's page; the worker's log keeps the traceback.
MAX_ERROR_CHARS = 2000


class ImportRunRefused(ValueError):
    """The run cannot be applied in its present state; the message says why."""


def import_run_upload(
    *,
    data: bytes,
    filename: str,
    fmt: str,
    country: Country,
    skip_invalid: bool,
    by: User,
) -> ImportRun:
    """Store an uploaded list and queue its reading. Nothing is written to the registry."""
    with transaction.atomic():
        # The run and its task are stored together, so no run waits for a task that
        # was never queued.
        run = ImportRun.objects.create(
            uploaded_by=by,
            filename=filename[:300],
            format=fmt,
            country=country,
            skip_invalid=skip_invalid,
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            state=State.READING,
        )
        tasks.import_read.enqueue(run_id=run.pk)
    return run


def import_run_read(*, run_id: int) -> str:
    """Read the run's file and store the preview of what applying it would do.

    Ends ready, refused (invalid rows and no skipping) or unreadable; a run not
    being read any more is left alone. Returns the run's state."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.state != State.READING:
        return _state_of(run_id)
    try:
        report = viasna_import(
            data=bytes(run.data),
            fmt=run.format,
            country_code=run.country_id,
            dry_run=True,
            skip_invalid=run.skip_invalid,
        )
    except ImportFileError as error:
        return _leave(
            run_id, State.READING, state=State.UNREADABLE, error=f"{run.filename}: {error}"
        )
    except Exception as error:
        _leave(run_id, State.READING, state=State.FAILED, error=_error_text(error))
        raise
    return _leave(
        run_id,
        State.READING,
        state=State.REFUSED if report.refused else State.READY,
        preview=report.as_dict(changes=True),
    )


def import_run_claim(*, run: ImportRun, by: User) -> None:
    """Mark the run as being applied by ``by`` and queue the import.

    Only one claim succeeds, however many staff press "apply" at once. A run that
    failed can be claimed again. Raises ``ImportRunRefused`` saying why the run cannot
    be applied now (being read, already applied, invalid rows …)."""
    # A run that failed while its file was read has no preview: staff saw nothing to
    # apply. The preview is written once, when reading ends, so reading it here is safe.
    claimable = [State.READY, State.FAILED] if run.preview else [State.READY]
    with transaction.atomic():
        claimed = ImportRun.objects.filter(pk=run.pk, state__in=claimable).update(
            state=State.APPLYING, applied_by=by, error=""
        )
        if not claimed:
            raise ImportRunRefused(_not_claimable(_state_of(run.pk)))
        # In the claim's transaction: the claim and the task are kept together or
        # not at all, so no run is left being applied with no task to apply it.
        tasks.import_apply.enqueue(run_id=run.pk)


def import_run_apply(*, run_id: int) -> str:
    """Import a claimed run's list into the registry, once.

    The registry writes, the result and the state applied commit in one transaction,
    which begins by locking the run: a second task for the same run waits, then finds
    it applied and does nothing. A failure marks the run failed (and is raised again
    for the worker's log); the registry is then exactly as it was. Returns the state."""
    try:
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
            if run is None or run.state != State.APPLYING:
                return run.state if run else "missing"
            report = viasna_import(
                data=bytes(run.data),
                fmt=run.format,
                country_code=run.country_id,
                skip_invalid=run.skip_invalid,
                import_run=run,
            )
            run.result = report.as_dict()
            if report.refused:  # nothing was written
                run.state = State.REFUSED
            else:
                run.state, run.applied_at = State.APPLIED, timezone.now()
            run.save(update_fields=["result", "state", "applied_at"])
            return run.state
    except Exception as error:
        logger.exception("The import %s failed; nothing of it was written.", run_id)
        _leave(run_id, State.APPLYING, state=State.FAILED, error=_error_text(error))
        raise


def _leave(run_id: int, expected: str, **fields) -> str:
    """Move the run out of the state ``expected``, if it is still in it; its state."""
    ImportRun.objects.filter(pk=run_id, state=expected).update(**fields)
    return _state_of(run_id)


def _state_of(run_id: int) -> str:
    state = ImportRun.objects.filter(pk=run_id).values_list("state", flat=True).first()
    return state or "missing"


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]


def _not_claimable(state: str) -> str:
    reasons: dict[str, str] = {
        State.READING: _("The file is still being read; apply it when its preview is ready."),
        State.UNREADABLE: _("The file cannot be read, so nothing can be imported."),
        State.REFUSED: _("The list has invalid rows; nothing can be imported."),
        State.APPLYING: _("This import is already being applied."),
        State.APPLIED: _("This import was already applied."),
        State.FAILED: _("Reading the file failed; upload it again."),
    }
    return reasons.get(state, _("This import no longer exists."))

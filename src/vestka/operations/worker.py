"""The background worker: tasks (sender notices, purges, large imports, batches' PDFs)
run outside the web processes, from the database queue of django-tasks.

django-tasks-db claims a task by marking it running under the worker's id. A worker
that is killed (out of memory, a power cut, ``kill -9``) leaves its task marked
running for ever; nothing else would run it again. So every Vestka worker has an id
that says where it runs (``host:pid``), and before it takes a task it puts back in the
queue the running tasks of workers that no longer exist: on its own machine, those
whose process is gone; elsewhere, those running for longer than ``VESTKA_TASK_LEASE``
(default six hours; no Vestka task takes that long). Every task is written to be run
again safely — a notice is marked sent, a purge is one UPDATE, an import is one
transaction keyed by the list's ids, a batch's PDF is written under a temporary name and
renamed into place — so a task run again loses and duplicates nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

RECOVER_EVERY_SECONDS = 30.0
# django-tasks-db refuses worker ids of 64 characters or more.
MAX_HOST_CHARS = 40


def host_name() -> str:
    return socket.gethostname()[:MAX_HOST_CHARS] or "localhost"


def worker_id(pid: int | None = None) -> str:
    """This process's worker id: ``host:pid``."""
    return f"{host_name()}:{os.getpid() if pid is None else pid}"


def _process_alive(pid: int) -> bool:
    """Whether a Vestka process with this id runs on this machine."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if not cmdline.exists():  # no /proc here: trust the pid
        return True
    try:
        words = cmdline.read_bytes()
    except OSError:
        return False
    # The pid of a dead worker may have been given to another program since.
    return b"vestka" in words


def tasks_recover(*, lease: timedelta | None = None) -> list[str]:
    """Put the tasks of dead workers back in the queue; return their ids.

    A running task is given back when its worker ran on this machine and its process
    is gone, or ran elsewhere and started longer than ``lease`` ago."""
    lease = lease or timedelta(seconds=settings.VESTKA_TASK_LEASE_SECONDS)
    here = host_name()
    started_before = timezone.now() - lease
    stale = []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "started_at"
    )
    for result in running:
        last = result.worker_ids[-1] if result.worker_ids else ""
        host, _, pid = last.rpartition(":")
        if host == here and pid.isdigit():
            if not _process_alive(int(pid)):
                stale.append(result.id)
        elif result.started_at is None or result.started_at < started_before:
            stale.append(result.id)
    if stale:
        # Only while still running: a worker that finished meanwhile keeps its result.
        DBTaskResult.objects.filter(id__in=stale, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        logger.warning("Put back in the queue %d tasks whose worker had died.", len(stale))
    return [str(task_id) for task_id in stale]


class RecoveringWorker(Worker):
    """django-tasks-db's worker, putting dead workers' tasks back before it takes one."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._recovered_at = 0.0

    def recover(self) -> None:
        self._recovered_at = time.monotonic()
        try:
            tasks_recover()
        except Exception:  # noqa: BLE001 - a failed check must not stop the worker
            logger.exception("Could not check for tasks of dead workers.")

    def run_task(self, db_task_result: DBTaskResult) -> None:
        if time.monotonic() - self._recovered_at > RECOVER_EVERY_SECONDS:
            self.recover()
        super().run_task(db_task_result)

    def run(self) -> None:
        self.recover()
        super().run()


def worker_make(
    *,
    interval: float = 1.0,
    batch: bool = False,
    max_tasks: int | None = None,
    queue_names: list[str] | None = None,
) -> RecoveringWorker:
    return RecoveringWorker(
        queue_names=queue_names or ["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=worker_id(),
        excluded_queue_names=[],
    )


def worker_thread_start(*, interval: float = 2.0) -> threading.Thread:
    """A worker inside this process (``vestka serve`` on a small installation), as a
    daemon thread: it stops with the process, and a task it was running is recovered
    by the next worker to start."""

    def run() -> None:
        close_old_connections()
        worker_make(interval=interval).run()

    thread = threading.Thread(target=run, name="vestka-worker", daemon=True)
    thread.start()
    return thread

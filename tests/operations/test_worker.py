"""The background worker: tasks are run from the database queue, and a worker killed in
the middle of a task loses and duplicates nothing — the task is put back in the queue
and the next worker runs it to the end; a batch's print killed half-way leaves no PDF
to hand out, and the next worker a complete one."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from tests.operations.conftest import VENDORS, query, vestka, vestka_env
from tests.operations.slow_tasks import write_steps
from vestka.operations import worker as vestka_worker

STEPS = 8
ENQUEUE = (
    "from tests.operations.slow_tasks import write_steps; "
    f"write_steps.enqueue(run='kill', steps={STEPS}, pause=0.3)"
)


def steps_written(url: str) -> list[str]:
    return [row[0] for row in query(url, "SELECT slug FROM registry_tag WHERE slug LIKE 'kill-%'")]


def task_states(url: str) -> list[str]:
    return [row[0] for row in query(url, "SELECT status FROM django_tasks_database_dbtaskresult")]


def worker_killed_when(
    ready: Callable[[], bool],
    *,
    env: dict[str, str],
    then: Callable[[], None] | None = None,
) -> int:
    """Start `vestka worker`, kill it with SIGKILL (no chance to clean up) as soon as
    ``ready()`` (after ``then()``, when given); its process id."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "vestka.cli", "worker", "--interval", "0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 300
        while not ready():
            assert worker.poll() is None, worker.stdout.read().decode()[-3000:]
            assert time.monotonic() < deadline, "the worker did not get there in time"
            time.sleep(0.05)
        if then is not None:
            then()
        worker.kill()
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    return worker.pid


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_worker_killed_mid_task_loses_and_duplicates_nothing(vendor, new_database, tmp_path):
    url, var = new_database(vendor), tmp_path / "var"
    vestka("init", url=url, var=var)
    vestka("shell", "-c", ENQUEUE, url=url, var=var)
    assert task_states(url) == ["READY"]

    killed = worker_killed_when(
        lambda: len(steps_written(url)) >= 2, env=vestka_env(url=url, var=var)
    )
    written = steps_written(url)
    assert 2 <= len(written) < STEPS
    assert task_states(url) == ["RUNNING"]  # what the dead worker left behind

    # The next worker puts the dead one's task back in the queue and runs it to the end.
    vestka("worker", "--batch", url=url, var=var)
    assert task_states(url) == ["SUCCESSFUL"]
    assert sorted(steps_written(url)) == sorted(f"kill-{step}" for step in range(STEPS))
    worker_ids = query(url, "SELECT worker_ids FROM django_tasks_database_dbtaskresult")[0][0]
    assert str(killed) in str(worker_ids)  # both workers' ids are on record


# --- a staff import of a large list, its worker killed half-way ------------------------------

LIST_ROWS = 3000
UPLOAD = """
from pathlib import Path
from django.contrib.auth.models import User
from vestka.registry import import_runs
from vestka.registry.models import Country
editor = User.objects.create_superuser("editor", password="a long test password")
import_runs.import_run_upload(
    data=Path({path!r}).read_bytes(), filename="viasna.csv", fmt="viasna-csv",
    country=Country.objects.get(code="BY"), skip_invalid=False, by=editor,
)
"""
CLAIM = """
from django.contrib.auth.models import User
from vestka.registry import import_runs
from vestka.registry.models import ImportRun
import_runs.import_run_claim(run=ImportRun.objects.get(), by=User.objects.get(username="editor"))
"""


def import_run(url: str) -> tuple[str, dict]:
    state, result = query(url, "SELECT state, result FROM registry_importrun")[0]
    return state, json.loads(result) if isinstance(result, str) else result


def count(url: str, sql: str) -> int:
    return query(url, sql)[0][0]


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_worker_killed_mid_import_writes_nothing_and_the_next_imports_every_row_once(
    vendor, new_database, tmp_path
):
    url, var = new_database(vendor), tmp_path / "var"
    vestka("init", url=url, var=var)
    listing, paused = tmp_path / "viasna.csv", tmp_path / "paused"
    demo = ["demo", "--people", str(LIST_ROWS), "--viasna-csv", str(listing), "--no-db"]
    vestka(*demo, url=url, var=var)  # fictional people
    vestka("shell", "-c", UPLOAD.format(path=str(listing)), url=url, var=var)
    vestka("worker", "--batch", url=url, var=var)  # reads the file for the preview
    assert import_run(url)[0] == "ready"
    vestka("shell", "-c", CLAIM, url=url, var=var)
    assert import_run(url)[0] == "applying"

    env = {
        **vestka_env(url=url, var=var),
        "DJANGO_SETTINGS_MODULE": "tests.operations.pausing_settings",
        "VESTKA_TEST_PAUSED": str(paused),
    }
    # Killed with a first batch of people written but not committed.
    killed = worker_killed_when(paused.exists, env=env)
    assert 0 < int(paused.read_text()) < LIST_ROWS
    assert count(url, "SELECT COUNT(*) FROM registry_person") == 0
    assert import_run(url) == ("applying", {})
    assert sorted(task_states(url)) == ["RUNNING", "SUCCESSFUL"]  # the apply, the reading

    # The next worker puts the dead one's task back in the queue and imports the list.
    vestka("worker", "--batch", url=url, var=var)
    assert task_states(url) == ["SUCCESSFUL", "SUCCESSFUL"]
    state, result = import_run(url)
    assert state == "applied"
    assert (result["created"], result["rows"], result["errors"]) == (LIST_ROWS, LIST_ROWS, [])
    assert count(url, "SELECT COUNT(*) FROM registry_person") == LIST_ROWS
    assert count(url, "SELECT COUNT(DISTINCT source_id) FROM registry_person") == LIST_ROWS
    assert count(url, "SELECT COUNT(*) FROM registry_prosecution") == LIST_ROWS
    twice = (
        "SELECT COUNT(*) FROM (SELECT person_id, import_key FROM registry_event"
        " GROUP BY person_id, import_key HAVING COUNT(*) > 1) AS repeated"
    )
    assert count(url, twice) == 0
    assert count(url, "SELECT COUNT(*) FROM registry_event") > LIST_ROWS
    worker_ids = [
        row[0] for row in query(url, "SELECT worker_ids FROM django_tasks_database_dbtaskresult")
    ]
    assert str(killed) in str(worker_ids)


# A batch large enough that printing it takes seconds (about 1.3 s per 1,000 letters).
LARGE_BATCH = 3000
MAKE_LARGE_BATCH = (
    "from tests.operations.large_batch import large_batch_make; "
    f"large_batch_make(letters={LARGE_BATCH})"
)
PRINTED_SHA256 = (
    "import hashlib; from vestka.letters.models import Batch; "
    "from vestka.letters.printing import batch_pdf; "
    "print(hashlib.sha256(batch_pdf(batch=Batch.objects.get())).hexdigest())"
)


def print_states(url: str) -> list[str]:
    return [
        row[0]
        for row in query(
            url,
            "SELECT status FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'vestka.letters.tasks.batch_print'",
        )
    ]


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_worker_killed_mid_print_leaves_no_pdf_and_the_next_one_a_complete_one(
    vendor, new_database, tmp_path
):
    url, var = new_database(vendor), tmp_path / "var"
    printed = var / "private" / "batches"
    vestka("init", url=url, var=var)
    vestka("shell", "-c", MAKE_LARGE_BATCH, url=url, var=var)
    assert print_states(url) == ["READY"]  # queued when the batch was made

    def well_into_the_print() -> None:
        time.sleep(1.0)
        assert not list(printed.glob("*.pdf")), "the print ended before the kill"

    worker_killed_when(
        lambda: print_states(url) == ["RUNNING"],
        env=vestka_env(url=url, var=var),
        then=well_into_the_print,
    )
    assert print_states(url) == ["RUNNING"]  # what the dead worker left behind
    assert not list(printed.glob("*.pdf"))
    assert query(url, "SELECT pdf_digest FROM letters_batch") == [("",)]

    # The next worker puts the print back in the queue and prints the batch whole.
    vestka("worker", "--batch", url=url, var=var)
    assert print_states(url) == ["SUCCESSFUL"]
    [(digest,)] = query(url, "SELECT pdf_digest FROM letters_batch")
    [(batch_id,)] = query(url, "SELECT id FROM letters_batch")
    assert sorted(path.name for path in printed.iterdir()) == [f"batch-{batch_id}-{digest}.pdf"]
    pdf = (printed / f"batch-{batch_id}-{digest}.pdf").read_bytes()
    sheets = -(-LARGE_BATCH // 24)  # address labels, 3 × 8 a sheet
    assert len(PdfReader(io.BytesIO(pdf)).pages) == LARGE_BATCH + sheets
    expected = vestka("shell", "-c", PRINTED_SHA256, url=url, var=var).split()[-1]
    assert hashlib.sha256(pdf).hexdigest() == expected  # the same bytes as printed anew


# --- which running tasks belong to dead workers (in process) ---------------------------------


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running(worker_id: str, *, started_ago: timedelta = timedelta(minutes=1)) -> str:
    result = write_steps.enqueue(run="r", steps=1, pause=0)
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=[worker_id],
        started_at=timezone.now() - started_ago,
    )
    return str(result.id)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.django_db
def test_only_the_tasks_of_dead_workers_go_back_in_the_queue(database_queue, settings):
    settings.VESTKA_TASK_LEASE_SECONDS = 3600
    host = vestka_worker.host_name()
    dead_here = running(f"{host}:{dead_pid()}")
    alive_here = running(f"{host}:{os.getpid()}")
    elsewhere_recent = running("other-host:123")
    elsewhere_stale = running("other-host:456", started_ago=timedelta(hours=2))

    recovered = vestka_worker.tasks_recover()

    assert sorted(recovered) == sorted([dead_here, elsewhere_stale])
    states = dict(DBTaskResult.objects.values_list("id", "status"))
    assert {str(k): v for k, v in states.items()} == {
        dead_here: "READY",
        alive_here: "RUNNING",
        elsewhere_recent: "RUNNING",
        elsewhere_stale: "READY",
    }
    # Nothing more to give back the second time.
    assert vestka_worker.tasks_recover() == []


@pytest.mark.django_db
def test_a_pid_now_used_by_another_program_counts_as_a_dead_worker(database_queue):
    # pid 1 is the machine's init (or the container's first process), never a worker.
    task_id = running(f"{vestka_worker.host_name()}:1")
    assert vestka_worker.tasks_recover() == [task_id]


def test_a_worker_id_fits_the_queue_and_names_the_machine_and_process():
    worker_id = vestka_worker.worker_id()
    assert len(worker_id) < 64
    assert worker_id == f"{vestka_worker.host_name()}:{os.getpid()}"

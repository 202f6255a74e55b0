"""Background tasks of the registry, run by `vestka worker` (see ``operations.worker``).

Each can be run again safely: that is what lets a killed worker's task be run again."""

from __future__ import annotations

from django_tasks import task

from vestka.registry import import_runs


@task()
def import_read(*, run_id: int) -> str:
    """Read an uploaded list for its preview (``import_runs.import_run_read``)."""
    return import_runs.import_run_read(run_id=run_id)


@task()
def import_apply(*, run_id: int) -> str:
    """Apply a claimed import to the registry (``import_runs.import_run_apply``)."""
    return import_runs.import_run_apply(run_id=run_id)

"""`vestka worker`: run background tasks (sender notices, purges, large imports)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import valid_interval, valid_max_tasks

from vestka.operations.worker import worker_make


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue until stopped (SIGTERM finishes the "
        "task at hand first). Tasks of workers that died are put back in the queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Seconds to wait when the queue is empty (default 1).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the tasks waiting now, then stop."
        )
        parser.add_argument(
            "--max-tasks", type=valid_max_tasks, default=None, help="Stop after this many tasks."
        )

    def handle(self, *args, interval: float, batch: bool, max_tasks: int | None, **options):
        worker = worker_make(interval=interval, batch=batch, max_tasks=max_tasks)
        self.stdout.write(f"Vestka worker {worker.worker_id}; Ctrl+C stops.")
        self.stdout.flush()
        worker.configure_signals()
        worker.run()

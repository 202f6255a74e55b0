import logging
import os
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

logger = logging.getLogger("vestka.serve")


def warm_numbers() -> None:
    """Count the numbers' timelines while the server starts answering: at 100,000 people
    this takes seconds, which the first visitor of /numbers/ would otherwise wait."""
    from vestka.stats.selectors import stats_warm

    try:
        stats_warm()
    except Exception:  # noqa: BLE001 - the site serves on; the numbers count on first use
        logger.exception("Could not count the numbers ahead of the first visitor")
    finally:
        connection.close()


class Command(BaseCommand):
    help = "Serve the site with the waitress WSGI server (static and media files included)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("VESTKA_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("VESTKA_PORT", "8000")))
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("VESTKA_THREADS", "8")),
            help="Worker threads answering requests (default 8).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Run no background tasks here (when `vestka worker` runs them separately).",
        )

    def handle(self, *args, host, port, threads, no_worker, **options):
        from waitress import serve

        from vestka.operations.worker import worker_thread_start
        from vestka.wsgi import application

        if not no_worker:
            # A small installation needs no second process for notices and purges.
            worker_thread_start()

        database = settings.DATABASES["default"]["NAME"]
        self.stdout.write(f"Vestka on http://{host}:{port}/ (database: {database}); Ctrl+C stops.")
        self.stdout.flush()
        threading.Thread(target=warm_numbers, name="numbers-warm-up", daemon=True).start()
        # No access log: Vestka never records visitors' IP addresses.
        serve(application, host=host, port=port, threads=threads, ident="vestka")

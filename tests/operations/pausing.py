"""Makes the import pause after writing its first batch of people, for a worker to be
killed there: half-way through the import's transaction, at a point the test knows.

Installed only by ``tests.operations.pausing_settings``, in the worker the test kills."""

import os
import time
from pathlib import Path

from django.apps import AppConfig

# Long enough for any test to kill the worker; the worker is killed, not woken.
PAUSE_SECONDS = 600


class PauseImports(AppConfig):
    name = "tests.operations"
    label = "pause_imports"

    def ready(self) -> None:
        from vestka.registry import importing

        create = importing._Writer._create

        def create_then_pause(writer, records) -> None:
            create(writer, records)
            # Tells the test how many people are written, uncommitted, when it pauses.
            Path(os.environ["VESTKA_TEST_PAUSED"]).write_text(str(len(records)))
            time.sleep(PAUSE_SECONDS)

        importing._Writer._create = create_then_pause

"""The `vestka` console command for operators.

`vestka init`, `vestka serve`, `vestka demo`, `vestka import`, `vestka export`
and every other Django management command (`vestka createsuperuser`, `vestka
check`, ...) run through here with Vestka's settings.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestka.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "vestka"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

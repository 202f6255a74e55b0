"""Vestka's settings with imports that pause half-way (``tests.operations.pausing``)."""

from vestka.settings import *  # noqa: F403
from vestka.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.operations.pausing.PauseImports"]

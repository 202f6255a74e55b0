"""A task for the worker's tests: it writes its steps one by one, slowly, so that a
worker can be killed in the middle of it. Like every Vestka task it can be run again:
each step is written once, keyed by the run and the step."""

import time

from django.db import transaction
from django_tasks import task

from vestka.registry.models import Tag


@task()
def write_steps(*, run: str, steps: int, pause: float) -> int:
    for step in range(steps):
        with transaction.atomic():
            Tag.objects.get_or_create(slug=f"{run}-{step}", defaults={"name_en": f"step {step}"})
        time.sleep(pause)
    return steps

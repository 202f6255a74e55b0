"""Trying a background task again later, for work that failed on something outside
Vestka (a mail server that refused, a network that was down)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import Task

# A task is tried again after 2, 4, 8 … minutes, six times in all.
ATTEMPTS = 6


def enqueue_again(task: Task, attempt: int, **kwargs) -> bool:
    """Queue ``task`` to run again later as try ``attempt + 1``; False when it has had
    its tries, or the backend cannot run a task later."""
    if attempt >= ATTEMPTS or not task_backends["default"].supports_defer:
        return False
    later = timezone.now() + timedelta(minutes=2**attempt)
    task.using(run_after=later).enqueue(attempt=attempt + 1, **kwargs)
    return True

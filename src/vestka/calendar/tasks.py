"""Background tasks of the calendar, run by `vestka worker` (see ``operations.worker``).
Each can be run again safely."""

from __future__ import annotations

import datetime

from django_tasks import task

from vestka.calendar import services
from vestka.operations.retries import enqueue_again


@task()
def digest_confirmation_send(*, subscription_id: int, asked_at: str, attempt: int = 1) -> str:
    """Email a new subscriber the link to confirm (``services.digest_confirmation_send``);
    an email the mail server refused is tried again after 2, 4, 8 … minutes."""
    outcome = services.digest_confirmation_send(subscription_id=subscription_id, asked_at=asked_at)
    if outcome == "failed":
        enqueue_again(
            digest_confirmation_send, attempt, subscription_id=subscription_id, asked_at=asked_at
        )
    return outcome


@task()
def digest_send(*, start: str | None = None) -> dict[str, int]:
    """Send the week's digest from ``start`` (YYYY-MM-DD; today by default) to every
    confirmed subscriber (``services.digest_send``). Run again, it sends nothing twice:
    a subscriber sent a digest in the last six days is skipped."""
    report = services.digest_send(start=datetime.date.fromisoformat(start) if start else None)
    return {"sent": report.sent, "skipped": report.skipped, "failed": report.failed}

"""Background tasks of the calendar, run by `vestka worker` (see ``operations.worker``).
Each can be run again safely."""

from __future__ import annotations

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

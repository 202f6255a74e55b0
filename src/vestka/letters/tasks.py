"""Background tasks of letters, run by `vestka worker` (see ``operations.worker``).

Each can be run again safely: that is what lets a killed worker's task be run again."""

from __future__ import annotations

from django_tasks import task

from vestka.letters import batch_pdfs, notices, privacy
from vestka.operations.retries import enqueue_again


@task()
def reply_notify(*, reply_id: int, attempt: int = 1) -> str:
    """Email the sender that a reply has come (once); a notice the mail server refused
    is tried again after 2, 4, 8 … minutes (``operations.retries``)."""
    outcome = notices.reply_notice_send(reply_id=reply_id)
    if outcome == "failed":
        enqueue_again(reply_notify, attempt, reply_id=reply_id)
    return outcome


@task()
def return_notify(*, letter_id: int, attempt: int = 1) -> str:
    """Email the sender that their letter came back (once), trying again on failure."""
    outcome = notices.return_notice_send(letter_id=letter_id)
    if outcome == "failed":
        enqueue_again(return_notify, attempt, letter_id=letter_id)
    return outcome


@task()
def batch_print(*, batch_id: int) -> str:
    """Print a batch's PDF into the private files (``batch_pdfs.batch_pdf_store``)."""
    return batch_pdfs.batch_pdf_store(batch_id=batch_id)


@task()
def letters_purge() -> dict[str, int]:
    """Delete the emails and texts whose time has come (``privacy.letters_purge``)."""
    return privacy.letters_purge().as_dict()

"""Notices to senders go out once each, from a background task, and are tried again
later when the mail server refuses them."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from vestka.letters import notices, tasks
from vestka.letters.dispatch import letter_return, reply_record
from vestka.operations import retries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dispatch_settings")]


def test_a_reply_notice_is_sent_once_however_often_its_task_runs(
    posted, dispatcher, private_storage, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_record(letter_id=posted.pk, actor=dispatcher, scan=None, note="Hi")
    assert len(mailoutbox) == 1
    # A worker killed after sending and before finishing would run the task again.
    assert tasks.reply_notify.call(reply_id=reply.pk) == "already sent"
    assert len(mailoutbox) == 1
    reply.refresh_from_db()
    assert reply.notified_at is not None


def test_a_return_notice_is_sent_once(
    posted, dispatcher, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter_return(letter_id=posted.pk, actor=dispatcher, reason="Moved to another colony.")
    assert tasks.return_notify.call(letter_id=posted.pk) == "already sent"
    assert len(mailoutbox) == 1
    posted.refresh_from_db()
    assert posted.return_notified_at is not None


def test_the_same_notice_always_has_the_same_message_id(posted, dispatcher, mailoutbox):
    letter_return(letter_id=posted.pk, actor=dispatcher, reason="Moved.")
    assert notices.return_notice_send(letter_id=posted.pk) == "sent"
    first = mailoutbox[-1].extra_headers["Message-ID"]
    type(posted).objects.filter(pk=posted.pk).update(return_notified_at=None)
    assert notices.return_notice_send(letter_id=posted.pk) == "sent"
    assert (
        mailoutbox[-1].extra_headers["Message-ID"]
        == first
        == (f"<vestka.returned.{posted.pk}@vestka.example>")
    )


def test_a_refused_notice_is_tried_again_later(
    posted, dispatcher, private_storage, settings, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def refuse(*args, **kwargs):
        raise OSError("421 try again later")

    monkeypatch.setattr(notices.EmailMessage, "send", refuse)
    reply = reply_record(letter_id=posted.pk, actor=dispatcher, scan=None, note="Hi")
    assert tasks.reply_notify.call(reply_id=reply.pk) == "failed"
    [again] = DBTaskResult.objects.all()
    assert again.task_path == "vestka.letters.tasks.reply_notify"
    assert again.args_kwargs["kwargs"] == {"reply_id": reply.pk, "attempt": 2}
    assert again.run_after is not None
    # The last attempt gives up, leaving the reply recorded and unnotified.
    assert tasks.reply_notify.call(reply_id=reply.pk, attempt=retries.ATTEMPTS) == "failed"
    assert DBTaskResult.objects.count() == 1

"""A subscriber's confirmation email is sent by the worker, queued with the
subscription, tried again when the mail server refuses, and never sent for a request
that is gone."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from vestka.calendar import services, tasks
from vestka.calendar.models import DigestSubscription
from vestka.operations import retries

pytestmark = pytest.mark.django_db
EMAIL = "ala.writer@example.org"


@pytest.fixture
def queued(settings):
    """Tasks wait in the database queue, as with `vestka worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def the_task() -> DBTaskResult:
    [queued_task] = DBTaskResult.objects.all()
    assert queued_task.task_path == "vestka.calendar.tasks.digest_confirmation_send"
    return queued_task


def run(queued_task: DBTaskResult) -> str:
    return tasks.digest_confirmation_send.call(**queued_task.args_kwargs["kwargs"])


def test_the_form_answers_before_any_email_is_sent(client, queued):
    response = client.post("/calendar/digest/", {"email": EMAIL})
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert mail.outbox == []
    assert run(the_task()) == "sent"
    [email] = mail.outbox
    assert email.to == [EMAIL] and "Confirm" in email.subject
    subscription = DigestSubscription.objects.get()
    assert email.extra_headers["Message-ID"].startswith(
        f"<vestka.digest-confirm.{subscription.pk}."
    )
    # The address is not in the queue: the task names the subscription only.
    assert EMAIL not in str(the_task().args_kwargs)


def test_run_twice_the_email_has_the_same_message_id(queued):
    services.digest_subscribe(email=EMAIL, language="be")
    assert run(the_task()) == run(the_task()) == "sent"
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    # In the language the subscriber asked in, though the worker has no request.
    assert first.subject == "Пацвердзіце падпіску на рассылку календара Vestka"


def test_a_refused_email_is_tried_again_later_and_gives_up_in_the_end(queued, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("421 try again later")

    services.digest_subscribe(email=EMAIL, language="en")
    first = the_task()
    kwargs = first.args_kwargs["kwargs"]
    monkeypatch.setattr(services.EmailMultiAlternatives, "send", refuse)
    assert tasks.digest_confirmation_send.call(**kwargs) == "failed"
    later = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert later.args_kwargs["kwargs"] == {**kwargs, "attempt": 2}
    assert later.run_after is not None
    assert tasks.digest_confirmation_send.call(**kwargs, attempt=retries.ATTEMPTS) == "failed"
    assert DBTaskResult.objects.count() == 2
    assert DigestSubscription.objects.get().confirmed_at is None


def test_no_email_for_an_address_unsubscribed_or_asked_again_since(queued):
    result = services.digest_subscribe(email=EMAIL, language="en")
    kwargs = the_task().args_kwargs["kwargs"]
    DigestSubscription.objects.filter(pk=result.subscription.pk).update(
        confirmation_sent_at=result.subscription.confirmation_sent_at.replace(year=2020)
    )
    assert tasks.digest_confirmation_send.call(**kwargs) == "gone"
    DigestSubscription.objects.all().delete()
    assert tasks.digest_confirmation_send.call(**kwargs) == "gone"
    assert mail.outbox == []


def test_a_subscription_that_fails_to_save_queues_no_email(queued, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(DigestSubscription, "save", broken)
    with pytest.raises(RuntimeError):
        services.digest_subscribe(email=EMAIL, language="en")
    assert not DBTaskResult.objects.exists()
    assert not DigestSubscription.objects.exists()


def test_the_weekly_digest_can_be_left_to_the_worker_and_sends_once(queued, client):
    import io
    import json

    from django.core.management import call_command

    services.digest_subscribe(email=EMAIL, language="en")
    run(the_task())
    services.digest_confirm(
        token=mail.outbox[0].body.split("/calendar/digest/confirm/")[1].split("/")[0]
    )
    DBTaskResult.objects.all().delete()
    out = io.StringIO()
    call_command("calendar", "digest", "--queue", "--from", "2026-12-07", stdout=out)
    assert json.loads(out.getvalue())["from"] == "2026-12-07"
    assert len(mail.outbox) == 1  # nothing sent by the command itself
    [queued_task] = DBTaskResult.objects.all()
    assert queued_task.task_path == "vestka.calendar.tasks.digest_send"
    kwargs = queued_task.args_kwargs["kwargs"]
    assert tasks.digest_send.call(**kwargs) == {"sent": 1, "skipped": 0, "failed": 0}
    assert "the week from Dec. 7, 2026" in mail.outbox[-1].subject
    # Run again (a worker killed after sending): nobody gets it twice.
    assert tasks.digest_send.call(**kwargs) == {"sent": 0, "skipped": 1, "failed": 0}
    assert len(mail.outbox) == 2


def test_a_queued_dry_run_is_refused(queued):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--queue and --dry-run"):
        call_command("calendar", "digest", "--queue", "--dry-run")
    assert not DBTaskResult.objects.exists()

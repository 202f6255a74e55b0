"""A batch's stored PDF: printed by the worker's task into the private files, one
complete file however often the task runs, never handed out once its batch has changed,
and gone when the batch is posted or the purge comes."""

from __future__ import annotations

import datetime
import os
import time

import pytest
from django.conf import settings
from django.utils import timezone

from tests.letters.helpers import approved_letter, named_prisoner
from vestka.letters import batch_pdfs, printing
from vestka.letters.dispatch import batch_create, batch_letter_remove, batch_post
from vestka.letters.models import Batch
from vestka.letters.printing import PrintRefused, batch_pdf
from vestka.letters.privacy import letters_purge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dispatch_settings")]


@pytest.fixture
def made(colony, dispatcher, django_capture_on_commit_callbacks):
    """A batch of three letters, committed but not printed yet (its print is queued)."""
    alena = named_prisoner("Выдуманная Алёна Петровна", facility=colony, birth_year=1985)
    ihar = named_prisoner("Придуманный Игорь Олегович", facility=colony, birth_year=1979)
    for person in (alena, ihar, alena):
        approved_letter(person)
    with django_capture_on_commit_callbacks(execute=False):
        return batch_create(facility=colony, actor=dispatcher)


@pytest.fixture
def printed(made):
    assert batch_pdfs.batch_pdf_store(batch_id=made.pk) == "printed"
    made.refresh_from_db()
    return made


def stored() -> list[str]:
    folder = batch_pdfs.folder()
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def stored_bytes(batch: Batch) -> bytes:
    handle = batch_pdfs.batch_pdf_open(batch_id=batch.pk)
    assert handle is not None, "no stored PDF matches the batch"
    with handle:
        return handle.read()


def take_out(batch: Batch, dispatcher, callbacks, *, position: int = 2) -> None:
    letter = batch.letters.get(batch_position=position)
    with callbacks(execute=True):
        batch_letter_remove(batch=batch, letter_id=letter.pk, actor=dispatcher, reason="moved")


def test_a_batch_made_is_printed_into_the_private_files(
    colony, dispatcher, django_capture_on_commit_callbacks
):
    approved_letter(named_prisoner("Выдуманная Алёна Петровна", facility=colony))
    with django_capture_on_commit_callbacks(execute=True):  # tasks run at once in tests
        batch = batch_create(facility=colony, actor=dispatcher)
    batch.refresh_from_db()
    digest = printing.batch_printed(batch=batch).digest
    assert stored() == [f"batch-{batch.pk}-{digest}.pdf"]
    assert batch.pdf_digest == digest and batch.pdf_printed_at and batch.pdf_requested_at is None
    assert stored_bytes(batch) == batch_pdf(batch=batch)
    path = batch_pdfs.folder() / stored()[0]
    private = settings.STORAGES["private"]["OPTIONS"]["location"]
    assert path.is_relative_to(private) and not path.is_relative_to(settings.MEDIA_ROOT)
    assert oct(path.stat().st_mode)[-3:] == "600"


def test_the_print_run_again_leaves_one_identical_file(printed):
    first, names = stored_bytes(printed), stored()
    assert batch_pdfs.batch_pdf_store(batch_id=printed.pk) == "current"
    assert stored() == names and stored_bytes(printed) == first

    # A worker killed after the rename but before recording it, and one killed while
    # writing: the next run prints again, the same bytes, and clears what they left.
    Batch.objects.filter(pk=printed.pk).update(pdf_digest="")
    half = batch_pdfs.folder() / f".{names[0].removesuffix('.pdf')}.x1y2z3.part"
    half.write_bytes(first[: len(first) // 2])
    assert batch_pdfs.batch_pdf_store(batch_id=printed.pk) == "printed"
    assert stored() == names and stored_bytes(printed) == first == batch_pdf(batch=printed)


def test_a_stale_pdf_is_never_handed_out_after_a_letter_is_taken_out(
    printed, dispatcher, django_capture_on_commit_callbacks, settings
):
    old_name, old = stored()[0], stored_bytes(printed)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued
    take_out(printed, dispatcher, django_capture_on_commit_callbacks)
    printed.refresh_from_db()
    assert stored() == []  # the PDF that still holds the letter is gone at once
    assert batch_pdfs.batch_pdf_open(batch_id=printed.pk) is None
    assert batch_pdfs.batch_pdf_state(batch=printed).printing

    # Even if the old file were back and recorded (a slow print finishing late), it
    # does not match the batch as it is now.
    (batch_pdfs.folder() / old_name).write_bytes(old)
    Batch.objects.filter(pk=printed.pk).update(pdf_digest=old_name.split("-")[2][:64])
    assert batch_pdfs.batch_pdf_open(batch_id=printed.pk) is None

    assert batch_pdfs.batch_pdf_store(batch_id=printed.pk) == "printed"
    now = stored_bytes(printed)
    assert now != old and now == batch_pdf(batch=printed)
    assert len(stored()) == 1 and stored() != [old_name]


def test_a_print_outdated_while_it_ran_is_not_kept(
    made, dispatcher, django_capture_on_commit_callbacks, monkeypatch
):
    render = printing.batch_print_render

    def render_while_a_letter_is_taken_out(what):
        pdf = render(what)
        with django_capture_on_commit_callbacks(execute=False):  # its own print is queued
            letter = made.letters.get(batch_position=1)
            batch_letter_remove(batch=made, letter_id=letter.pk, actor=dispatcher, reason="moved")
        return pdf

    monkeypatch.setattr(printing, "batch_print_render", render_while_a_letter_is_taken_out)
    assert batch_pdfs.batch_pdf_store(batch_id=made.pk) == "stale"
    assert stored() == []
    made.refresh_from_db()
    assert made.pdf_digest == "" and made.pdf_requested_at is not None


def test_posting_deletes_the_stored_pdf_and_prints_nothing_more(
    printed, dispatcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch_post(batch=printed, actor=dispatcher)
    assert stored() == []
    printed.refresh_from_db()
    assert printed.pdf_digest == "" and printed.pdf_requested_at is None
    # A print queued before the posting finds nothing to do.
    assert batch_pdfs.batch_pdf_store(batch_id=printed.pk) == "not wanted"
    assert stored() == []
    state = batch_pdfs.batch_pdf_state(batch=printed)
    assert not state.ready and not state.printing and not state.refused


def test_a_reprint_of_a_posted_batch_is_made_on_request_and_gone_at_the_purge(
    printed, dispatcher, django_capture_on_commit_callbacks
):
    before = stored_bytes(printed)
    with django_capture_on_commit_callbacks(execute=True):
        batch_post(batch=printed, actor=dispatcher)
    assert not batch_pdfs.batch_pdf_request(batch_id=printed.pk)  # not without asking
    assert stored() == []
    assert batch_pdfs.batch_pdf_request(batch_id=printed.pk, reprint=True)
    assert stored_bytes(printed) == before  # the same pages as before the post

    report = letters_purge()
    assert report.batch_pdfs == 1 and stored() == []
    printed.refresh_from_db()
    # Forgotten with its file: a page opened later does not print it again by itself.
    assert not batch_pdfs.batch_pdf_state(batch=printed).printing
    assert not batch_pdfs.batch_pdf_request(batch_id=printed.pk)
    assert letters_purge().batch_pdfs == 0


def test_the_purge_deletes_every_stored_pdf_holding_a_purged_text(
    printed, dispatcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch_post(batch=printed, actor=dispatcher)
    batch_pdfs.batch_pdf_request(batch_id=printed.pk, reprint=True)
    assert len(stored()) == 1
    later = timezone.now() + datetime.timedelta(
        days=settings.VESTKA_TEXT_KEEP_DAYS_AFTER_POSTING + 1
    )
    assert letters_purge(now=later, dry_run=True).batch_pdfs == 1 and len(stored()) == 1
    report = letters_purge(now=later)
    assert report.texts_after_posting == 3 and report.batch_pdfs == 1
    assert stored() == []
    with pytest.raises(PrintRefused, match="deleted on schedule after posting"):
        batch_pdfs.batch_pdf_request(batch_id=printed.pk, reprint=True)
    assert stored() == []


def test_the_purge_keeps_the_current_pdf_and_deletes_what_no_longer_matches(
    printed, dispatcher, django_capture_on_commit_callbacks, monkeypatch
):
    # The stale PDF's deletion failed when the letter was taken out (a disk error).
    monkeypatch.setattr(batch_pdfs, "batch_pdf_delete", lambda **kwargs: 0)
    take_out(printed, dispatcher, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    assert len(stored()) == 1  # the new print replaced it, and deleted the old one
    current = stored()[0]
    stale = batch_pdfs.folder() / f"batch-{printed.pk}-{'a' * 64}.pdf"
    stale.write_bytes(b"%PDF old")
    orphan = batch_pdfs.folder() / f"batch-{printed.pk + 99}-{'b' * 64}.pdf"
    orphan.write_bytes(b"%PDF of a batch that is gone")
    dead = batch_pdfs.folder() / f".batch-{printed.pk}-{'c' * 64}.k.part"
    dead.write_bytes(b"%PDF half")
    hour_ago = time.time() - batch_pdfs.PART_STALE_SECONDS - 60
    os.utime(dead, (hour_ago, hour_ago))
    writing = batch_pdfs.folder() / f".batch-{printed.pk}-{'d' * 64}.w.part"
    writing.write_bytes(b"%PDF being written now")

    assert letters_purge().batch_pdfs == 3
    assert stored() == sorted([current, writing.name])


def test_an_emptied_batch_has_nothing_to_print(
    printed, dispatcher, django_capture_on_commit_callbacks
):
    for position in (1, 2, 3):
        take_out(printed, dispatcher, django_capture_on_commit_callbacks, position=position)
    assert stored() == []
    assert batch_pdfs.batch_pdf_store(batch_id=printed.pk) == "refused"
    state = batch_pdfs.batch_pdf_state(batch=printed)
    assert "has no letters to print" in state.refused and not state.printing
    with pytest.raises(PrintRefused, match="has no letters to print"):
        batch_pdfs.batch_pdf_open(batch_id=printed.pk)


def test_a_print_is_queued_again_only_when_the_last_one_is_overdue(made, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    assert not batch_pdfs.batch_pdf_request(batch_id=made.pk)  # queued when it was made
    overdue = timezone.now() - batch_pdfs.REQUEUE_AFTER - datetime.timedelta(seconds=1)
    Batch.objects.filter(pk=made.pk).update(pdf_requested_at=overdue)
    assert batch_pdfs.batch_pdf_request(batch_id=made.pk)
    assert not batch_pdfs.batch_pdf_request(batch_id=made.pk)
    assert DBTaskResult.objects.filter(task_path="vestka.letters.tasks.batch_print").count() == 1


def test_the_digest_changes_with_everything_printed(printed):
    digest = printing.batch_printed(batch=printed).digest
    assert printing.batch_printed(batch=Batch.objects.get(pk=printed.pk)).digest == digest
    letter = printed.letters.get(batch_position=1)
    changes = [
        lambda: Batch.objects.filter(pk=printed.pk).update(envelope=Batch.Envelope.DL),
        lambda: Batch.objects.filter(pk=printed.pk).update(address="ИК-4\nREPUBLIC OF BELARUS"),
        lambda: Batch.objects.filter(pk=printed.pk).update(return_address="Вестка"),
        lambda: type(letter).objects.filter(pk=letter.pk).update(translation="Другі тэкст"),
        lambda: type(letter).objects.filter(pk=letter.pk).update(recipient="Іншы"),
        lambda: type(letter).objects.filter(pk=letter.pk).update(batch_position=9),
    ]
    seen = {digest}
    for change in changes:
        change()
        seen.add(printing.batch_printed(batch=Batch.objects.get(pk=printed.pk)).digest)
    assert len(seen) == len(changes) + 1
    assert batch_pdfs.batch_pdf_open(batch_id=printed.pk) is None

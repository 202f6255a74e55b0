"""A dispatcher's round in a real browser: the overview, a batch made, its page while
the worker prints its PDF and after, with screenshots to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from tests.conftest import staff_sign_in
from tests.factories import gomel_colony, minsk_pretrial, prisoner
from tests.letters.helpers import (
    RETURN_ADDRESS,
    approved_letter,
    named_prisoner,
    release,
    restore_migration_data,
)
from vestka.letters import batch_pdfs
from vestka.letters.models import Batch, Letter
from vestka.letters.printing import batch_pdf
from vestka.operations.worker import worker_make

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data_kept", "private_storage"),
]


@pytest.fixture
def dispatch_desk(transactional_db, settings):
    # An earlier transactional test may have emptied the tables.
    restore_migration_data()
    settings.VESTKA_RETURN_ADDRESS = RETURN_ADDRESS
    colony, pretrial = gomel_colony(), minsk_pretrial()
    for n, name in enumerate(["Выдуманная Алёна Петровна", "Придуманный Игорь Олегович"]):
        person = named_prisoner(name, facility=colony, birth_year=1980 + n)
        approved_letter(person, sender_name=f"Ала {n}")
        approved_letter(person, sender_name=f"Ян {n}")
    approved_letter(named_prisoner("Сочинённая Ольга Ивановна", facility=pretrial))
    freed = prisoner(name="Свободная Вера", facility=colony, is_demo=True)
    approved_letter(freed, route=Letter.Route.KEEP_FOR_RELEASE)
    approved_letter(freed)
    release(freed)
    user = User.objects.create_user("dispatcher", password="fictional-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Dispatchers"))
    return {"colony": colony}


def test_a_dispatcher_makes_a_batch_and_sees_its_page(live_server, page, screenshot, dispatch_desk):
    staff_sign_in(
        page, live_server, "dispatcher", "fictional-pass-123", "/staff/letters/batch/dispatch/"
    )
    body = page.inner_text("body")
    assert "Ready to send, per facility" in body and "Penal colony No. 4" in body
    assert "the person has been released" in body
    screenshot("staff-dispatch-overview")

    row = page.locator("#ready tr", has_text="Penal colony No. 4")
    row.get_by_label("Envelopes").select_option("dl")
    row.get_by_role("button", name="Batch 4 letters").click()
    page.wait_for_url("**/staff/letters/batch/*/change/")
    batch = Batch.objects.get()
    assert f"Batch #{batch.pk} is made with 4 letters" in page.inner_text("body")
    assert page.locator("#batch-letters tbody tr").count() == 4
    page.locator("#batch-letters details").first.locator("summary").click()
    screenshot("staff-dispatch-batch")
    with page.expect_download() as download:
        page.click("#batch-pdf")  # printed when the batch was made (tasks run at once here)
    assert Path(download.value.path()).read_bytes() == batch_pdf(batch=batch)

    page.click("#batch-post")
    page.wait_for_url("**/post/")
    page.get_by_role("button", name="Yes, mark it posted").click()
    page.wait_for_url("**/change/")
    assert "is marked posted" in page.inner_text("body")
    batch.refresh_from_db()
    assert batch.posted_at is not None
    page.locator("#batch-letters details").first.locator("summary").click()
    assert page.locator("#batch-letters form.record-reply").first.is_visible()
    assert page.locator("#batch-reprint").is_visible() and not page.locator("#batch-pdf").count()
    assert not list(batch_pdfs.folder().glob("*"))  # the paper is in the post
    screenshot("staff-dispatch-batch-posted")


def test_the_batch_page_waits_for_the_worker_and_then_offers_the_pdf(
    live_server, page, screenshot, dispatch_desk, settings
):
    # Tasks wait in the database queue, as with a separate `vestka worker`.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    staff_sign_in(
        page, live_server, "dispatcher", "fictional-pass-123", "/staff/letters/batch/dispatch/"
    )
    row = page.locator("#ready tr", has_text="Penal colony No. 4")
    row.get_by_role("button", name="Batch 4 letters").click()
    page.wait_for_url("**/staff/letters/batch/*/change/")
    expect(page.locator("#batch-printing")).to_have_text("Printing the PDF…")
    assert page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "3"
    assert not page.locator("#batch-pdf").count()
    screenshot("staff-dispatch-batch-printing")

    worker_make(batch=True).run()  # the worker prints it
    # The page reloads itself (no script: the CSP allows none) and offers the PDF.
    expect(page.locator("#batch-pdf")).to_be_visible(timeout=15_000)
    assert not page.locator('meta[http-equiv="refresh"]').count()
    screenshot("staff-dispatch-batch-printed")
    with page.expect_download() as download:
        page.click("#batch-pdf")
    batch = Batch.objects.get()
    assert Path(download.value.path()).read_bytes() == batch_pdf(batch=batch)

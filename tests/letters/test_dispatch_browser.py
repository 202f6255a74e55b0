"""A dispatcher's round in a real browser: the overview, a batch made, its page, with
screenshots to look at."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from tests.conftest import staff_sign_in
from tests.factories import gomel_colony, minsk_pretrial, prisoner
from tests.letters.helpers import (
    RETURN_ADDRESS,
    approved_letter,
    named_prisoner,
    release,
    restore_migration_data,
)
from vestka.letters.models import Batch, Letter

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

    page.click("#batch-post")
    page.wait_for_url("**/post/")
    page.get_by_role("button", name="Yes, mark it posted").click()
    page.wait_for_url("**/change/")
    assert "is marked posted" in page.inner_text("body")
    batch.refresh_from_db()
    assert batch.posted_at is not None
    page.locator("#batch-letters details").first.locator("summary").click()
    assert page.locator("#batch-letters form.record-reply").first.is_visible()
    screenshot("staff-dispatch-batch-posted")

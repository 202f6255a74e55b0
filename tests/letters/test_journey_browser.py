"""A letter's whole journey in a real browser, each step by the person who takes it:
the writer is warned about a risky word, fixes it and sends; a moderator approves; a
dispatcher batches, prints and posts; the PDF the worker printed holds the letter and the
Cyrillic address, and is deleted once posted; a reply is recorded, and the writer sees
it on their private page."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import Group, User
from django.core import mail
from PIL import Image
from pypdf import PdfReader

from tests.conftest import staff_sign_in
from tests.factories import PersonNameFactory, ivatsevichy_colony, prisoner
from tests.letters.helpers import (
    restore_migration_data,
)
from vestka.letters import batch_pdfs, lifecycle
from vestka.letters.models import Batch, Letter, LetterEvent
from vestka.registry.models import PersonName
from vestka.site import writing_forms

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data_kept", "private_storage"),
]

PASSWORD = "fictional-pass-123"
RETURN_ADDRESS = ["Вестка", "а/я 1", "00-001 Варшава", "POLAND"]
LETTER = (
    "Прывітанне, Ігар! У нас увесь тыдзень ішоў снег, і ўчора мы з сястрой лепілі "
    "снегавіка. Я чытаю «Новую зямлю» Коласа і ўспамінаю, як ты расказваў пра вёску. "
    "Мама спякла пірог з яблыкамі, а кот Пушок спаў на печы ўвесь вечар. Увесну мы "
    "хочам пасадзіць у садзе яшчэ дзве яблыні. Што ты цяпер чытаеш? Якія кнігі табе "
    "даслаць? Абдымаю і чакаю ліста."
)
RISKY_LINE = " Учора мы хадзілі на мітынг."
REPLY_NOTE = "Ігар адказаў: дзякуй за ліст, чакае новых кніг."


@pytest.fixture
def journey(transactional_db, settings, monkeypatch):
    # An earlier transactional test may have emptied the tables the migrations fill.
    restore_migration_data()
    settings.VESTKA_RETURN_ADDRESS = RETURN_ADDRESS
    settings.VESTKA_EMAIL_KEYS = [Fernet.generate_key().decode()]
    # The browser fills the form faster than a person; the minimum age has its own tests.
    monkeypatch.setattr(writing_forms, "FORM_MIN_SECONDS", 0)
    ihar = prisoner(
        name="Ігар Прыдуманы",
        facility=ivatsevichy_colony(),
        detained=datetime.date(2022, 5, 10),
        birth_year=1990,
        is_demo=True,
    )
    PersonNameFactory(person=ihar, form=PersonName.Form.BELARUSIAN, text="Прыдуманы Ігар Пятровіч")
    staff = {}
    for username, group in [("moderator", "Moderators"), ("dispatcher", "Dispatchers")]:
        staff[username] = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        staff[username].groups.add(Group.objects.get(name=group))
    return {"ihar": ihar, **staff}


def sign_in(browser, live_server, username: str, next_path: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    staff_sign_in(page, live_server, username, PASSWORD, next_path)
    return context, page


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def png_scan() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), (250, 248, 240)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_letter_goes_from_the_writer_to_the_prison_and_the_reply_comes_back(
    live_server, browser, page, screenshot, journey
):
    from playwright.sync_api import expect

    ihar = journey["ihar"]

    # The writer: a risky word is flagged while typing, taken out, and the letter sent.
    page.goto(live_server.url + ihar.get_absolute_url())
    page.get_by_role("link", name="Write a letter").first.click()
    page.wait_for_url(f"**/people/{ihar.pk}/write/")
    page.get_by_label("Sign with the name").fill("Ала")
    page.get_by_label("Your email (optional)").fill("fictional.writer@example.org")
    letter_box = page.get_by_label("Your letter")
    letter_box.fill(LETTER)
    letter_box.press("End")
    letter_box.press_sequentially(RISKY_LINE, delay=15)
    protest = page.locator('.screening-flag[data-rule="politics.protest"]')
    expect(protest).to_be_visible(timeout=5000)
    expect(protest.locator(".flag-quote")).to_have_text("мітынг")
    screenshot("journey-1-writer-warned")
    letter_box.fill(LETTER)
    letter_box.press("End")
    letter_box.press_sequentially(" ")
    expect(protest).to_have_count(0, timeout=5000)
    page.get_by_role("button", name="Send the letter").click()
    page.wait_for_url(re.compile(r".*/letters/[\w-]{40,}/$"))
    status_url = page.url
    expect(page.locator(".letter-state h2")).to_contain_text("Waiting for a moderator")
    letter = Letter.objects.get()
    assert letter.screening["verdict"] == "ok" and "мітынг" not in letter.text
    assert "example.org" not in letter.sender_email_sealed  # sealed at rest

    # The moderator approves it.
    moderator, staff_page = sign_in(
        browser, live_server, "moderator", f"/staff/letters/letter/{letter.pk}/moderate/"
    )
    expect(staff_page.locator("#letter-text")).to_contain_text("снегавіка")
    staff_page.get_by_label("Decision").select_option("approve")
    staff_page.locator("#moderation input[type=submit]").click()
    staff_page.wait_for_load_state()
    letter.refresh_from_db()
    assert letter.state == lifecycle.APPROVED
    moderator.close()

    # The dispatcher batches the facility's letters, prints the PDF and posts it.
    dispatcher, desk = sign_in(browser, live_server, "dispatcher", "/staff/letters/batch/dispatch/")
    row = desk.locator("#ready tr", has_text="Penal colony No. 22")
    row.get_by_label("Envelopes").select_option("c6")
    row.get_by_role("button", name="Batch 1 letter").click()
    desk.wait_for_url("**/staff/letters/batch/*/change/")
    batch = Batch.objects.get()
    # The worker printed it when the batch was made (tasks run at once here).
    [stored] = batch_pdfs.folder().iterdir()
    with desk.expect_download() as download:
        desk.click("#batch-pdf")
    assert Path(download.value.path()).read_bytes() == stored.read_bytes()
    pdf = PdfReader(download.value.path())
    printed = flat(" ".join(page.extract_text() for page in pdf.pages))
    assert flat(LETTER) in printed
    assert "Прыдуманы Ігар Пятровіч, 1990 г. р." in printed
    for line in ["225295, Брэсцкая вобласць", "Івацэвіцкі раён, в. Даманава", "ПК-22"]:
        assert line in printed, line
    assert "REPUBLIC OF BELARUS" in printed and "а/я 1" in printed
    screenshot("journey-2-dispatcher-batch", desk)
    desk.click("#batch-post")
    desk.get_by_role("button", name="Yes, mark it posted").click()
    desk.wait_for_url("**/change/")
    letter.refresh_from_db()
    assert letter.state == lifecycle.POSTED
    assert not stored.exists()  # the paper is in the post: its PDF is not kept

    # A reply comes: the dispatcher records its scan and a note for the writer.
    desk.locator(f"#letter-{letter.pk} details summary").click()
    reply_form = desk.locator(f"#letter-{letter.pk} form.record-reply")
    reply_form.locator("input[type=file]").set_input_files(
        {"name": "reply.png", "mimeType": "image/png", "buffer": png_scan()}
    )
    reply_form.get_by_label("Note to the sender").fill(REPLY_NOTE)
    reply_form.get_by_role("button", name="Record the reply").click()
    desk.wait_for_url("**/change/")
    expect(desk.locator(".messagelist")).to_contain_text("the sender can see it")
    dispatcher.close()
    letter.refresh_from_db()
    assert letter.state == lifecycle.REPLY_RECEIVED
    assert [e.action for e in LetterEvent.objects.filter(letter=letter).order_by("at", "pk")] == [
        "submit",
        "approve",
        "batch",
        "post",
        "reply",
    ]
    assert batch.letters.get() == letter

    # The writer is told by email and sees the reply on their private page.
    notice = mail.outbox[-1]
    assert notice.to == ["fictional.writer@example.org"]
    assert letter.token in notice.body
    page.goto(status_url)
    replies = page.locator("section.replies")
    expect(replies).to_contain_text(REPLY_NOTE)
    scan = replies.locator("img.reply-scan")
    expect(scan).to_be_visible()
    # Visible is not yet loaded: wait for the picture itself.
    assert scan.evaluate("img => img.decode().then(() => img.naturalWidth)") == 600
    screenshot("journey-3-writer-sees-the-reply")

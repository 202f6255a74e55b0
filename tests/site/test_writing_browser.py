"""Writing a letter in a real browser: with live screening, and with plain forms only."""

import datetime
import re

import pytest

from tests.conftest import ARTIFACTS
from tests.factories import PersonNameFactory, minsk_pretrial, prisoner
from vestka.letters import lifecycle, phrasebook
from vestka.letters.models import Letter
from vestka.letters.services import letter_act
from vestka.registry.models import Article, Country, PersonName, Region
from vestka.registry.seed import seed_reference_data
from vestka.site import writing_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD_TEXT = phrasebook.topic_find(slug="everyday").text("ru")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def writer_registry(transactional_db, monkeypatch):
    # A transactional test empties every table afterwards, the migrations' reference data too.
    seed_reference_data(Country, Region, Article)
    # The browser fills the form faster than a person; the minimum age has its own tests.
    monkeypatch.setattr(writing_forms, "FORM_MIN_SECONDS", 0)
    ihar = prisoner(
        name="Ігар Прыдуманы",
        facility=minsk_pretrial(),
        detained=datetime.date(2023, 5, 10),
        birth_year=1990,
        is_demo=True,
    )
    PersonNameFactory(person=ihar, form=PersonName.Form.RUSSIAN, text="Придуманный Игорь Петрович")
    return {"ihar": ihar}


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_live_screening_warns_while_typing_and_the_letter_is_sent(
    live_server, page, writer_registry
):
    from playwright.sync_api import expect

    ihar = writer_registry["ihar"]
    page.goto(live_server.url + ihar.get_absolute_url())
    page.get_by_role("link", name="Write a letter").first.click()
    page.wait_for_url(f"**/people/{ihar.pk}/write/")
    expect(page.get_by_role("heading", name="Write to Ігар Прыдуманы")).to_be_visible()
    shot(page, "write-desktop-en")

    letter_box = page.get_by_label("Your letter")
    # With JavaScript a template fills the box in place, keeping the rest of the form.
    page.get_by_label("Sign with the name").fill("Ала")
    page.locator(".topic-list li", has_text="Birthday").get_by_role(
        "link", name="in Belarusian"
    ).click()
    expect(letter_box).to_have_value(phrasebook.topic_find(slug="birthday").text("be"))
    assert "template=" not in page.url
    expect(page.get_by_label("Sign with the name")).to_have_value("Ала")

    letter_box.fill(GOOD_TEXT)
    letter_box.press("End")
    letter_box.press_sequentially("\nВчера мы ходили на митинг.", delay=15)
    protest = page.locator('.screening-flag[data-rule="politics.protest"]')
    expect(protest).to_be_visible(timeout=5000)
    expect(protest.locator(".flag-quote")).to_have_text("митинг")
    expect(page.locator("#letter-screening")).to_contain_text(
        "As it is, this letter would be stopped."
    )
    shot(page, "write-live-warning-en")

    # The writer takes the risky line out again: the warning goes away.
    letter_box.fill(GOOD_TEXT)
    letter_box.press("End")
    letter_box.press_sequentially(" ")
    expect(protest).to_have_count(0, timeout=5000)
    expect(page.locator("#letter-screening")).to_contain_text("Nothing here looks risky")

    # A phrase goes in at the cursor.
    letter_box.press("Control+End")
    page.locator(".phrase-insert").first.click()
    assert letter_box.input_value().rstrip().endswith(phrasebook.PHRASES[0].ru)

    page.get_by_role("button", name="Send the letter").click()
    page.wait_for_url(re.compile(r".*/letters/[\w-]{40,}/$"))
    expect(page.get_by_role("heading", name="Your letter to Ігар Прыдуманы")).to_be_visible()
    expect(page.locator(".letter-state h2")).to_contain_text("Waiting for a moderator")
    letter = Letter.objects.get()
    assert letter.sender_name == "Ала" and letter.screening["verdict"] == "ok"
    assert page.url.endswith(f"/letters/{letter.token}/")
    shot(page, "letter-status-desktop-en")

    # A moderator asks for a change; the private page (sent without a referrer, so its
    # posts carry "Origin: null") screens the edit live and takes it.
    letter_act(
        letter_id=letter.pk,
        action="request_edit",
        role=lifecycle.MODERATOR,
        reason="Пра горад лепш не пісаць.",
    )
    page.reload()
    edit_box = page.get_by_role("textbox", name="Your letter")
    edit_box.press("Control+End")
    edit_box.press_sequentially(" Помню наш митинг.", delay=15)
    expect(page.locator('.screening-flag[data-rule="politics.protest"]')).to_be_visible(
        timeout=5000
    )
    shot(page, "letter-edit-desktop-en")
    edit_box.fill(GOOD_TEXT + " Обнимаю!")
    page.get_by_role("button", name="Send the changed letter").click()
    expect(page.locator(".letter-state h2")).to_contain_text("Waiting for a moderator")
    letter.refresh_from_db()
    assert letter.state == lifecycle.SUBMITTED and letter.text.endswith("Обнимаю!")

    page.get_by_role("link", name="Беларуская").click()
    page.wait_for_url(f"**/be/letters/{letter.token}/")
    expect(page.locator("html")).to_have_attribute("lang", "be")
    shot(page, "letter-status-desktop-be")
    page.set_viewport_size(PHONE)
    shot(page, "letter-status-phone-be")
    page.goto(live_server.url + f"/be/people/{ihar.pk}/write/")
    shot(page, "write-phone-be")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "write-desktop-be")


def test_a_letter_is_written_and_sent_with_plain_forms_without_javascript(
    live_server, browser, writer_registry
):
    from playwright.sync_api import expect

    ihar = writer_registry["ihar"]
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_server.url + f"/people/{ihar.pk}/write/")
        assert page.locator(".phrase-insert").count() == 0  # nothing that needs a script
        # A template, chosen by a plain link, fills the letter in.
        page.locator(".topic-list li", has_text="Birthday").get_by_role(
            "link", name="in Belarusian"
        ).click()
        page.wait_for_url("**/write/?template=birthday&lang=be*")
        birthday = phrasebook.topic_find(slug="birthday").text("be")
        letter_box = page.get_by_label("Your letter")
        assert letter_box.input_value().strip() == birthday
        shot(page, "write-template-phone-en-nojs")

        page.get_by_label("Sign with the name").fill("Ала")
        letter_box.fill(birthday + "\n\nУчора мы хадзілі на мітынг.")
        page.get_by_role("button", name="Send the letter").click()
        # Held: the feedback comes with the page, the text is kept, and a checkbox lets it go.
        expect(page.locator("#write-held")).to_be_visible()
        expect(page.locator('.screening-flag[data-rule="politics.protest"]')).to_be_visible()
        assert "мітынг" in page.get_by_label("Your letter").input_value()
        assert Letter.objects.count() == 0
        shot(page, "write-held-phone-en-nojs")
        page.get_by_label("Send it anyway: a moderator will read it and decide").check()
        page.get_by_role("button", name="Send the letter").click()
        page.wait_for_url(re.compile(r".*/letters/[\w-]{40,}/$"))
        expect(page.locator(".letter-state h2")).to_contain_text("Waiting for a moderator")
        letter = Letter.objects.get()
        assert letter.screening["verdict"] == "block" and "мітынг" in letter.text
    finally:
        context.close()

"""Translators' pages: the letters waiting, one letter's original beside its translation,
the translation screened as it is written, and saving it back to the moderators."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from tests.conftest import staff_sign_in
from tests.factories import prisoner
from vestka.letters import lifecycle
from vestka.letters.models import Letter
from vestka.letters.services import letter_act, letter_submit

ORIGINAL = (
    "Hello! How are you? It snowed here and I go skiing in my free time. Yesterday I baked "
    "an apple pie. What are you reading? Tell me which books to send. Hugs! "
) * 2
TRANSLATION = (
    "Привет! Как ты? У нас выпал снег, и в свободное время я катаюсь на лыжах. Вчера испекла "
    "яблочный пирог. Что ты читаешь? Напиши, какие книги тебе прислать. Обнимаю! "
) * 2
PASSWORD = "a long test password"


def staff(username, *groups):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def waiting_letter(text=ORIGINAL, **fields):
    letter = letter_submit(person=prisoner(), sender_name="Ala", text=text, **fields)
    return letter_act(letter_id=letter.pk, action="send_to_translation", role="moderator")


def list_url():
    return reverse("admin:letters_letter_translations")


def page_url(letter):
    return reverse("admin:letters_letter_translate", args=[letter.pk])


def screen_url():
    return reverse("admin:letters_letter_translation_screen")


@pytest.fixture
def translator(db, client):
    client.force_login(staff("translator", "Translators"))
    return client


@pytest.fixture
def letter(db):
    return waiting_letter()


def test_the_pages_live_under_the_letters_admin():
    assert list_url() == "/staff/letters/letter/translations/"
    assert page_url(Letter(pk=7)) == "/staff/letters/letter/7/translate/"


# Who may translate


@pytest.mark.django_db
@pytest.mark.parametrize("groups", [(), ("Moderators",), ("Dispatchers",)])
def test_staff_without_the_translator_role_are_refused(client, letter, groups):
    client.force_login(staff("someone", *groups))
    assert client.get(list_url()).status_code == 403
    assert client.get(page_url(letter)).status_code == 403
    assert (
        client.post(page_url(letter), {"translation": TRANSLATION, "save": "1"}).status_code == 403
    )
    assert client.post(screen_url(), {"translation": TRANSLATION}).status_code == 403
    assert Letter.objects.get().state == lifecycle.NEEDS_TRANSLATION


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in(client, letter):
    for url in (list_url(), page_url(letter)):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]


@pytest.mark.django_db
def test_a_superuser_holds_the_translator_role(admin_client, letter):
    assert admin_client.get(list_url()).status_code == 200


@pytest.mark.django_db
def test_an_inactive_translator_is_refused(client, letter):
    user = staff("translator", "Translators")
    user.user_permissions.add(Permission.objects.get(codename="translate_letter"))
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.get(page_url(letter))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


# The list


def test_the_list_shows_only_letters_waiting_oldest_first(translator):
    newer = waiting_letter(text=ORIGINAL + " Newer.")
    older = waiting_letter(text=ORIGINAL + " Older.")
    Letter.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    letter_submit(person=prisoner(), sender_name="Ala", text=ORIGINAL + " Not sent.")
    html = translator.get(list_url()).content.decode()
    assert html.index(page_url(older)) < html.index(page_url(newer))
    assert html.count("/translate/") == 2
    assert "2 letters are waiting" in html


def test_an_empty_list_says_so(translator):
    assert "No letter is waiting" in translator.get(list_url()).content.decode()


def test_the_list_is_paged(translator, monkeypatch):
    from vestka.letters import admin_translation

    monkeypatch.setattr(admin_translation, "LETTERS_PER_PAGE", 2)
    letters = [waiting_letter(text=f"{ORIGINAL} {n}") for n in range(3)]
    first = translator.get(list_url()).content.decode()
    second = translator.get(list_url() + "?page=2").content.decode()
    assert page_url(letters[2]) not in first and page_url(letters[2]) in second
    assert "Page 1 of 2" in first


# One letter


def test_the_page_shows_the_original_its_language_and_its_flags(translator):
    letter = waiting_letter(text=ORIGINAL + " Call me: +375 29 123 45 67.")
    html = translator.get(page_url(letter)).content.decode()
    assert "Written in: <strong>en</strong>" in html
    assert "Hello! How are you?" in html
    assert "safety.phone" in html and "“+375 29 123 45 67”" in html
    # The language flag concerns the whole letter: it is not quoted a second time.
    assert "language.translation" in html and "(the whole letter)" in html
    assert html.count("Hello! How are you?") == 2  # the original holds it twice
    assert 'name="translation"' in html and 'name="save"' in html


def test_saving_keeps_the_original_and_returns_the_letter_to_the_moderators(translator, letter):
    response = translator.post(page_url(letter), {"translation": TRANSLATION, "save": "1"})
    assert response.status_code == 302 and response["Location"] == list_url()
    letter.refresh_from_db()
    assert letter.state == lifecycle.SUBMITTED
    assert letter.translation == TRANSLATION.strip()
    assert letter.text == ORIGINAL.strip()
    event = letter.events.get(action="translate")
    assert (event.role, event.actor.username) == ("translator", "translator")
    assert event.from_state == lifecycle.NEEDS_TRANSLATION


def test_check_screens_the_draft_without_saving_it(translator, letter):
    draft = TRANSLATION + " Звони: +375 29 123 45 67."
    html = translator.post(page_url(letter), {"translation": draft, "check": "1"}).content.decode()
    assert "Screening of the translation: <strong>block</strong>" in html
    assert "“+375 29 123 45 67”" in html
    assert draft.strip()[:40] in html  # the draft stays in the form
    letter.refresh_from_db()
    assert (letter.state, letter.translation) == (lifecycle.NEEDS_TRANSLATION, "")


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        ("", "This field is required"),
        (ORIGINAL, "must be in Russian or Belarusian"),
        ("а" * 20_001, "at most 20000 characters"),
    ],
)
def test_a_translation_that_cannot_be_saved_says_why_and_changes_nothing(
    translator, letter, draft, message
):
    response = translator.post(page_url(letter), {"translation": draft, "save": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    letter.refresh_from_db()
    assert (letter.state, letter.translation) == (lifecycle.NEEDS_TRANSLATION, "")


def test_a_letter_taken_back_meanwhile_is_not_translated(translator, letter):
    translator.get(page_url(letter))
    # Another translator saved first.
    letter_act(letter_id=letter.pk, action="translate", role="translator", text="Привет!")
    response = translator.post(
        page_url(letter), {"translation": TRANSLATION, "save": "1"}, follow=True
    )
    html = response.content.decode()
    assert "not waiting for a translation now" in html
    assert "Someone acted on this letter first" in html
    assert "Your translation, not saved" in html and TRANSLATION.strip()[:40] in html
    letter.refresh_from_db()
    assert letter.translation == "Привет!"
    assert letter.events.filter(action="translate").count() == 1


def test_the_page_of_a_letter_not_waiting_has_no_form(translator):
    letter = letter_submit(person=prisoner(), sender_name="Ala", text=ORIGINAL)
    html = translator.get(page_url(letter)).content.decode()
    assert 'name="save"' not in html and "not waiting for a translation" in html


def test_an_unknown_letter_is_a_404(translator):
    assert translator.get(page_url(Letter(pk=987654))).status_code == 404


# Live screening


def test_the_live_check_returns_the_drafts_flags(translator):
    response = translator.post(screen_url(), {"translation": "Привет! Звони +375 29 123 45 67"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "safety.phone" in html and "length.too_short" in html
    assert "<html" not in html  # a fragment for the page, not a page


def test_the_live_check_refuses_a_draft_in_the_wrong_language(translator):
    html = translator.post(screen_url(), {"translation": ORIGINAL}).content.decode()
    assert "must be in Russian or Belarusian" in html


def test_the_live_check_takes_only_posts(translator):
    assert translator.get(screen_url()).status_code == 405


def test_the_live_check_of_nothing_is_a_hint(translator):
    html = translator.post(screen_url(), {"translation": "  "}).content.decode()
    assert "screened as you write" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_translator_sees_the_screening_while_writing_and_saves(live_server, page, screenshot):
    user = User.objects.create_user("translator", password=PASSWORD, is_staff=True)
    # A transactional test starts without the migrations' groups: grant what the
    # Translators group grants.
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["translate_letter", "view_letter"])
    )
    letter = waiting_letter(text=ORIGINAL + " My neighbour Fictional Person says hello.")
    staff_sign_in(page, live_server, "translator", PASSWORD, list_url())
    screenshot("admin-translations-desktop")
    page.get_by_role("link", name="Translate").click()
    page.wait_for_url("**/translate/")
    field = page.get_by_label("Translation into Russian or Belarusian")
    field.fill(TRANSLATION + " Звони: +375 29 123 45 67.")
    page.locator("#draft-flags").get_by_text("safety.phone").wait_for()
    screenshot("admin-translate-desktop")
    field.fill(TRANSLATION)
    page.get_by_text("Nothing in the translation was flagged.").wait_for()
    page.get_by_role("button", name="Save the translation").click()
    page.wait_for_url("**/translations/")
    assert "back with the moderators" in page.inner_text("body")
    letter.refresh_from_db()
    assert (letter.state, letter.translation) == (lifecycle.SUBMITTED, TRANSLATION.strip())

"""The sender's private page: what became of the letter, in plain words, behind a link
nobody else can guess, with the edit form and the scans of replies."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import prisoner
from vestka.letters import lifecycle, phrasebook
from vestka.letters.models import Letter, LetterEvent, Reply
from vestka.letters.services import letter_act, letter_submit

pytestmark = pytest.mark.django_db

TEXT = phrasebook.topic_find(slug="books_films").text("be")
NEW_TEXT = phrasebook.topic_find(slug="everyday").text("be")
RISKY_TEXT = NEW_TEXT + "\n\nА яшчэ я быў на мітынгу."
# A tiny valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def person(colony):
    return prisoner(name="Алена Выдуманая", facility=colony)


@pytest.fixture
def staff(db):
    return User.objects.create_user("staffer-login", first_name="Staffname", last_name="Hidden")


@pytest.fixture
def letter(person):
    return letter_submit(person=person, sender_name="Ала", text=TEXT, ui_language="en")


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    """Reply scans go to a temporary folder, not the installation's var/private."""
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(Reply._meta.get_field("scan"), "storage", storage)
    return storage


def url(letter, language=""):
    path = reverse("site:letter", args=[letter.token])
    return f"/{language}{path}" if language else path


def act(letter, *steps, actor=None):
    for action, role, *reason in steps:
        letter = letter_act(
            letter_id=letter.pk,
            action=action,
            role=role,
            actor=actor,
            reason=reason[0] if reason else "",
        )
    return letter


MODERATOR, TRANSLATOR, DISPATCHER = lifecycle.MODERATOR, lifecycle.TRANSLATOR, lifecycle.DISPATCHER
TO_POSTED = (("approve", MODERATOR), ("batch", DISPATCHER), ("post", DISPATCHER))


@pytest.mark.parametrize(
    ("steps", "title", "words"),
    [
        ((), "Waiting for a moderator", "A volunteer moderator reads every letter"),
        ((("send_to_translation", MODERATOR),), "Being translated", "a volunteer is translating"),
        (
            (("request_edit", MODERATOR, "Калі ласка, прыбярыце апошні абзац."),),
            "Please change your letter",
            "Калі ласка, прыбярыце апошні абзац.",
        ),
        ((("approve", MODERATOR),), "Approved", "printed with the next batch"),
        (
            (("reject", MODERATOR, "Ліст пра справу не дойдзе."),),
            "Not sent",
            "Ліст пра справу не дойдзе.",
        ),
        ((("approve", MODERATOR), ("batch", DISPATCHER)), "Being printed", "will be posted soon"),
        (TO_POSTED, "Posted", "Prison post is slow and censored"),
        (
            (*TO_POSTED, ("return", DISPATCHER, "Адрасат выбыў.")),
            "Not delivered",
            "Адрасат выбыў.",
        ),
        ((*TO_POSTED, ("reply", DISPATCHER)), "A reply came", "A reply to your letter has arrived"),
        ((*TO_POSTED, ("archive", DISPATCHER)), "Closed", "Thank you for writing"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " not in value else None,
)
def test_the_page_says_where_the_letter_is_in_plain_words(client, letter, steps, title, words):
    letter = act(letter, *steps)
    response = client.get(url(letter))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"</span>{title}</h2>" in html
    assert words in html
    assert "Keep this link private." in html and "there is no account" in html
    assert "Алена Выдуманая" in html and "Ала" in html


def test_the_reason_for_a_rejection_is_shown_in_the_state_and_the_timeline(client, letter):
    act(letter, ("reject", MODERATOR, "Ліст пра справу не дойдзе."))
    html = client.get(url(letter)).content.decode()
    assert html.count("Ліст пра справу не дойдзе.") == 2
    assert "The moderator wrote:" in html
    assert reverse("site:write", args=[letter.person_id]) in html  # an invitation to write again


def test_a_letter_kept_for_release_says_it_waits_for_the_release(client, person):
    letter = letter_submit(
        person=person, sender_name="Ала", text=TEXT, route=Letter.Route.KEEP_FOR_RELEASE
    )
    html = client.get(url(letter)).content.decode()
    assert "This letter waits for the person&#x27;s release" in html.replace("'", "&#x27;")
    assert "kept for delivery on release" in html
    letter = act(letter, ("approve", MODERATOR))
    html = client.get(url(letter)).content.decode()
    assert "It is kept, and will be delivered when the person is released." in html
    assert "printed with the next batch" not in html


def test_the_timeline_shows_what_happened_but_never_who_on_the_staff_did_it(client, letter, staff):
    act(letter, ("send_to_translation", MODERATOR), actor=staff)
    letter_act(letter_id=letter.pk, action="translate", role=TRANSLATOR, actor=staff, text="x")
    act(letter, ("approve", MODERATOR), actor=staff)
    html = client.get(url(letter)).content.decode()
    labels = [
        "You wrote the letter",
        "Passed to a volunteer translator",
        "Translated",
        "Approved by a moderator",
    ]
    positions = [html.index(label) for label in labels]
    assert positions == sorted(positions)
    for secret in ("Staffname", "Hidden", staff.username):
        assert secret not in html


def test_the_text_deleted_after_posting_is_not_shown_and_the_page_says_so(client, letter):
    letter = act(letter, *TO_POSTED)
    Letter.objects.filter(pk=letter.pk).update(text="", text_purged_at=timezone.now())
    html = client.get(url(letter)).content.decode()
    assert "The text was deleted after posting, as promised" in html
    assert 'class="letter-text"' not in html


def test_the_text_is_shown_while_it_is_kept(client, letter):
    html = client.get(url(letter)).content.decode()
    assert 'class="letter-text" lang="be"' in html
    assert "Нядаўна я прачытаў (прачытала) раман" in html


def test_the_private_page_is_not_indexed_cached_or_leaked_through_referrers(client, letter):
    response = client.get(url(letter))
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<meta name="referrer" content="no-referrer">' in html
    assert 'property="og:url"' not in html  # the link is not put where sharing would copy it
    assert html.count(letter.token) >= 1  # only in its own address, to copy
    assert "sender_email" not in html


def test_the_page_works_in_every_language(client, letter):
    path = url(letter)
    for language in ("be", "ru"):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


def test_an_unknown_link_is_a_404_that_tells_nothing(client, letter):
    near_miss = letter.token[:-1] + ("A" if letter.token[-1] != "A" else "B")
    first = client.get(reverse("site:letter", args=["x" * 43]))
    second = client.get(reverse("site:letter", args=[near_miss]))
    assert first.status_code == second.status_code == 404
    assert "There is no letter at this address" in first.content.decode()

    def main(response):
        html = response.content.decode()
        return html[html.index("<main") : html.index("</main>")]

    # A link one letter off gets the very same page as one nowhere near.
    assert main(first) == main(second)


# The edit a moderator asked for


@pytest.fixture
def sent_back(letter):
    return act(letter, ("request_edit", MODERATOR, "Прыбярыце, калі ласка, назву горада."))


def test_a_letter_sent_back_for_a_change_shows_the_reason_and_the_edit_form(client, sent_back):
    html = client.get(url(sent_back)).content.decode()
    assert "Прыбярыце, калі ласка, назву горада." in html
    assert "Change your letter" in html
    assert f'hx-post="/letters/{sent_back.token}/screen/"' in html
    assert "Нядаўна я прачытаў (прачытала) раман" in html  # the current text, to change


def test_the_sender_edits_the_letter_and_it_goes_back_to_the_moderators(client, sent_back):
    response = client.post(url(sent_back), {"text": NEW_TEXT})
    assert response.status_code == 303
    assert response["Location"] == url(sent_back)
    assert response["Referrer-Policy"] == "no-referrer"
    sent_back.refresh_from_db()
    assert sent_back.state == lifecycle.SUBMITTED
    assert sent_back.text == NEW_TEXT.strip()
    edit = sent_back.events.last()
    assert (edit.action, edit.role, edit.actor) == ("edit", "sender", None)
    html = client.get(url(sent_back)).content.decode()
    assert "You changed the letter" in html and "Change your letter" not in html


def test_posts_from_the_private_page_work_though_browsers_send_origin_null(sent_back):
    # With "Referrer-Policy: no-referrer" a browser sends "Origin: null" with a post; the
    # secret address authorises the post, so Django's CSRF check does not stand in the way.
    client = Client(enforce_csrf_checks=True, HTTP_ORIGIN="null")
    screen_url = reverse("site:letter_edit_screen", args=[sent_back.token])
    response = client.post(screen_url, {"text": RISKY_TEXT})
    assert response.status_code == 200
    assert '<q class="flag-quote">мітынгу</q>' in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    assert client.post(url(sent_back), {"text": NEW_TEXT}).status_code == 303
    sent_back.refresh_from_db()
    assert sent_back.state == lifecycle.SUBMITTED and LetterEvent.objects.count() == 3


def test_the_edit_screening_needs_the_letters_link_and_stores_nothing(client, sent_back):
    assert (
        client.post(reverse("site:letter_edit_screen", args=["x" * 43]), {"text": "х"}).status_code
        == 404
    )
    screen_url = reverse("site:letter_edit_screen", args=[sent_back.token])
    assert client.get(screen_url).status_code == 405
    before = (LetterEvent.objects.count(), Letter.objects.get(pk=sent_back.pk).text)
    assert client.post(screen_url, {"text": NEW_TEXT}).status_code == 200
    assert (LetterEvent.objects.count(), Letter.objects.get(pk=sent_back.pk).text) == before


def test_the_private_page_switches_language_with_plain_links(client, letter):
    html = client.get(url(letter)).content.decode()
    assert f'href="/be/letters/{letter.token}/"' in html
    assert f'href="/ru/letters/{letter.token}/"' in html
    assert 'action="/i18n/setlang/"' not in html  # a form that could not post from here


def test_an_edit_that_would_be_stopped_is_held_then_sent_anyway(client, sent_back):
    response = client.post(url(sent_back), {"text": RISKY_TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your change has not been sent yet." in html
    assert 'name="send_anyway"' in html and "мітынгу" in html
    sent_back.refresh_from_db()
    assert sent_back.state == lifecycle.EDIT_REQUESTED and sent_back.text == TEXT.strip()
    response = client.post(url(sent_back), {"text": RISKY_TEXT, "send_anyway": "on"})
    assert response.status_code == 303
    sent_back.refresh_from_db()
    assert sent_back.state == lifecycle.SUBMITTED
    assert sent_back.screening["verdict"] == "block"


def test_an_empty_edit_is_refused_and_changes_nothing(client, sent_back):
    response = client.post(url(sent_back), {"text": "  "})
    assert response.status_code == 400
    assert "The letter is empty." in response.content.decode()
    sent_back.refresh_from_db()
    assert sent_back.state == lifecycle.EDIT_REQUESTED and sent_back.text == TEXT.strip()


def test_an_edit_after_the_letter_moved_on_is_refused_and_the_typed_text_kept(client, sent_back):
    act(sent_back, ("reject", MODERATOR, "Занадта позна."))
    response = client.post(url(sent_back), {"text": NEW_TEXT})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone acted on this letter first" in html
    assert "Хачу расказаць, як у нас справы." in html  # what was typed, to copy
    assert "readonly>" in html
    sent_back.refresh_from_db()
    assert sent_back.state == lifecycle.REJECTED and sent_back.text == TEXT.strip()


def test_no_edit_form_unless_a_change_was_asked_for(client, letter):
    html = client.get(url(letter)).content.decode()
    assert "Change your letter" not in html and "<textarea" not in html
    response = client.post(url(letter), {"text": NEW_TEXT})
    assert response.status_code == 400
    letter.refresh_from_db()
    assert letter.text == TEXT.strip() and letter.state == lifecycle.SUBMITTED


# Replies


@pytest.fixture
def replied(letter, private_storage):
    letter = act(letter, *TO_POSTED, ("reply", DISPATCHER))
    reply = Reply(letter=letter, note="Адказ прыйшоў, дзякуй!", content_type="image/png")
    reply.scan.save("scan.png", ContentFile(PNG), save=True)
    return letter, reply


def test_a_reply_is_shown_with_its_note_and_scan(client, replied):
    letter, reply = replied
    html = client.get(url(letter)).content.decode()
    assert "Адказ прыйшоў, дзякуй!" in html
    scan_url = reverse("site:letter_reply", args=[letter.token, reply.pk])
    assert f'src="{scan_url}"' in html


def test_a_reply_scan_is_served_only_through_its_letters_private_link(client, replied, person):
    letter, reply = replied
    response = client.get(reverse("site:letter_reply", args=[letter.token, reply.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    other = letter_submit(person=person, sender_name="Іна", text=TEXT)
    for token, reply_id in (
        (other.token, reply.pk),  # another letter's link
        ("x" * 43, reply.pk),  # no letter's link
        (letter.token, reply.pk + 1000),  # no such reply
    ):
        assert client.get(reverse("site:letter_reply", args=[token, reply_id])).status_code == 404


def test_a_reply_without_a_scan_or_with_a_missing_file_is_a_404(client, replied):
    letter, reply = replied
    note_only = Reply.objects.create(letter=letter, note="Толькі запіска")
    assert (
        client.get(reverse("site:letter_reply", args=[letter.token, note_only.pk])).status_code
        == 404
    )
    reply.scan.storage.delete(reply.scan.name)
    assert (
        client.get(reverse("site:letter_reply", args=[letter.token, reply.pk])).status_code == 404
    )


def test_a_scan_of_an_unsafe_type_is_only_offered_as_a_download(client, replied):
    letter, _reply = replied
    page = Reply(letter=letter, content_type="text/html")
    page.scan.save("scan.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    response = client.get(reverse("site:letter_reply", args=[letter.token, page.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"


def test_nothing_on_the_private_page_changes_the_letter(client, replied):
    letter, _reply = replied
    before = (LetterEvent.objects.count(), Letter.objects.get(pk=letter.pk).updated_at)
    client.get(url(letter))
    client.get(reverse("site:letter_reply", args=[letter.token, _reply.pk]))
    assert (LetterEvent.objects.count(), Letter.objects.get(pk=letter.pk).updated_at) == before


def test_the_written_date_is_shown(client, letter):
    Letter.objects.filter(pk=letter.pk).update(
        created_at=datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
    )
    path = url(letter)
    assert "March 1, 2025" in client.get(path).content.decode()
    assert "1 сакавіка 2025 г." in client.get(f"/be{path}").content.decode()

"""Letters submitted, screened, moved along by staff, every step logged."""

import pytest

from tests.factories import prisoner
from vestka.letters import lifecycle
from vestka.letters.models import Letter, LetterEvent
from vestka.letters.services import LetterRefused, letter_act, letter_submit

pytestmark = pytest.mark.django_db

TEXT = (
    "Прывітанне! Як ты? У нас выпаў снег, і ў вольны час я катаюся на лыжах. Учора пякла "
    "пірог з яблыкамі. Што ты чытаеш? Напішы, якія кнігі табе даслаць. Абдымаю! "
) * 2


def test_a_submitted_letter_is_screened_and_logged():
    letter = letter_submit(person=prisoner(), sender_name=" Ala ", text=TEXT + "+375 29 1234567")
    assert (letter.state, letter.sender_name, letter.language) == ("submitted", "Ala", "be")
    assert letter.screening["verdict"] == "block"
    assert [f["rule"] for f in letter.screening["flags"]] == ["safety.phone"]
    assert len(letter.token) >= 40
    [event] = letter.events.all()
    assert (event.action, event.to_state, event.role) == ("submit", "submitted", "sender")


@pytest.mark.parametrize(
    ("sender", "text", "message"),
    [("", TEXT, "name"), ("Ala", "   ", "empty"), ("Ala", "x" * 20_001, "longer")],
)
def test_bad_letters_are_refused_and_nothing_is_stored(sender, text, message):
    with pytest.raises(LetterRefused, match=message):
        letter_submit(person=prisoner(), sender_name=sender, text=text)
    assert not Letter.objects.exists() and not LetterEvent.objects.exists()


def test_each_step_is_an_event_with_actor_and_reason(django_user_model):
    moderator = django_user_model.objects.create_user("moderator")
    letter = letter_submit(person=prisoner(), sender_name="Ala", text=TEXT)
    letter = letter_act(
        letter_id=letter.pk,
        action="request_edit",
        role=lifecycle.MODERATOR,
        actor=moderator,
        reason="Please leave out the phone number.",
    )
    letter = letter_act(
        letter_id=letter.pk, action="edit", role=lifecycle.SENDER, text=TEXT + " Да сустрэчы!"
    )
    assert letter.text.endswith("Да сустрэчы!")
    assert letter.screening["verdict"] == "ok"
    letter = letter_act(
        letter_id=letter.pk, action="approve", role=lifecycle.MODERATOR, actor=moderator
    )
    events = list(letter.events.values_list("action", "from_state", "to_state", "actor", "reason"))
    assert events == [
        ("submit", "", "submitted", None, ""),
        (
            "request_edit",
            "submitted",
            "edit_requested",
            moderator.pk,
            "Please leave out the phone number.",
        ),
        ("edit", "edit_requested", "submitted", None, ""),
        ("approve", "submitted", "approved", moderator.pk, ""),
    ]


def test_two_moderators_never_act_twice_on_one_letter():
    letter = letter_submit(person=prisoner(), sender_name="Ala", text=TEXT)
    seen = letter.state  # both moderators opened the queue while it was submitted
    letter_act(letter_id=letter.pk, action="approve", role="moderator", expected_state=seen)
    with pytest.raises(LetterRefused, match="first"):
        letter_act(
            letter_id=letter.pk, action="reject", role="moderator", reason="no", expected_state=seen
        )
    with pytest.raises(LetterRefused, match="approved"):
        letter_act(letter_id=letter.pk, action="approve", role="moderator")
    letter.refresh_from_db()
    assert letter.state == "approved"
    assert letter.events.filter(action="approve").count() == 1
    assert not letter.events.filter(action="reject").exists()


def test_a_translation_is_kept_beside_the_original():
    english = "Hello! We have snow at last, and I read a lot in the evenings. How are you? " * 4
    letter = letter_submit(person=prisoner(), sender_name="Ala", text=english)
    assert letter.language == "en"
    letter_act(letter_id=letter.pk, action="send_to_translation", role="moderator")
    with pytest.raises(LetterRefused, match="translation"):
        letter_act(letter_id=letter.pk, action="translate", role="translator", text=" ")
    letter = letter_act(
        letter_id=letter.pk, action="translate", role="translator", text="Прывітанне!"
    )
    assert (letter.state, letter.text, letter.translation) == (
        "submitted",
        english.strip(),
        "Прывітанне!",
    )

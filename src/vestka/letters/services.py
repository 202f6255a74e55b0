"""Writes to letters. Every change of state goes through ``letter_act``."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from vestka.letters import lifecycle
from vestka.letters.models import Letter, LetterEvent
from vestka.registry.models import Person
from vestka.screening import screen

MAX_LETTER_CHARS = 20_000


class LetterRefused(ValueError):
    """A letter or an action on it that cannot be accepted; the message says why."""


@transaction.atomic
def letter_submit(
    *, person: Person, sender_name: str, text: str, ui_language: str = "en"
) -> Letter:
    """Take a new letter, screened, into the moderators' queue."""
    sender_name, text = sender_name.strip(), text.strip()
    if not sender_name:
        raise LetterRefused("Give a name to sign the letter with (it need not be your own).")
    if not text:
        raise LetterRefused("The letter is empty.")
    if len(text) > MAX_LETTER_CHARS:
        raise LetterRefused(f"The letter is longer than {MAX_LETTER_CHARS} characters.")
    screening = screen(text, ui_language=ui_language)
    letter = Letter.objects.create(
        person=person,
        sender_name=sender_name[:100],
        text=text,
        language=screening.language,
        ui_language=ui_language,
        screening=screening.as_dict(),
    )
    LetterEvent.objects.create(
        letter=letter,
        action="submit",
        from_state="",
        to_state=lifecycle.SUBMITTED,
        role=lifecycle.SENDER,
    )
    return letter


def letter_act(
    *,
    letter_id: int,
    action: str,
    role: str,
    actor: User | None = None,
    reason: str = "",
    text: str = "",
    expected_state: str | None = None,
) -> Letter:
    """Take an action on a letter: move it on by the life cycle and log who did it.

    The state is changed by a conditional update, so of two moderators acting on one
    letter at once only the first succeeds; the second gets LetterRefused. Pass
    ``expected_state`` (the state the actor saw) to refuse when the letter moved on
    since. ``text`` is the new text for "edit" and the translation for "translate".
    """
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if expected_state is not None and letter.state != expected_state:
            raise LetterRefused(
                f"Someone acted on this letter first: it is now {letter.state.replace('_', ' ')}."
            )
        try:
            target = lifecycle.transition(letter.state, action, role=role, reason=reason)
        except lifecycle.TransitionRefused as refusal:
            raise LetterRefused(str(refusal)) from None
        changes: dict[str, object] = {"state": target}
        if action == "edit":
            if not text.strip():
                raise LetterRefused("The edited letter is empty.")
            screening = screen(text.strip(), ui_language=letter.ui_language)
            changes.update(
                text=text.strip(), screening=screening.as_dict(), language=screening.language
            )
        elif action == "translate":
            if not text.strip():
                raise LetterRefused("Write the translation into Russian or Belarusian.")
            changes["translation"] = text.strip()
        moved = Letter.objects.filter(pk=letter.pk, state=letter.state).update(**changes)
        if not moved:  # the row lock already prevents this; a second line of defence
            raise LetterRefused("Someone acted on this letter first.")
        LetterEvent.objects.create(
            letter=letter,
            action=action,
            from_state=letter.state,
            to_state=target,
            role=role,
            actor=actor,
            reason=reason.strip(),
        )
    letter.refresh_from_db()
    return letter

"""Writes to letters. Every change of state goes through ``letter_act``."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vestka.letters import deliverability, lifecycle, sealing
from vestka.letters.models import Letter, LetterEvent, PartnerApp
from vestka.letters.selectors import person_deliverability
from vestka.registry.models import Person
from vestka.screening import screen

MAX_LETTER_CHARS = 20_000
MAX_SENDER_NAME_CHARS = 100


class LetterRefused(ValueError):
    """A letter or an action on it that cannot be accepted; the message says why."""


class LettersBusy(LetterRefused):
    """Too many letters arrive at once: the writer is asked to try again in a minute.
    Nothing is blocked by who or where the writer is."""


def letter_submit(
    *,
    person: Person,
    sender_name: str,
    text: str,
    ui_language: str = "en",
    email: str = "",
    route: str = Letter.Route.SEND_NOW,
    submission_key: str | None = None,
    partner: PartnerApp | None = None,
) -> Letter:
    """Take a new letter, screened, into the moderators' queue.

    ``email`` (optional, for a reply notice) is sealed before it is stored. ``route``
    must be one this person's deliverability allows. A ``submission_key`` already used
    returns the letter it made instead of making a second one, so a form sent twice or
    an API request retried after a lost response never duplicates a letter.
    """
    if submission_key:
        existing = Letter.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    sender_name, text, email = sender_name.strip(), text.strip(), email.strip()
    if not sender_name:
        raise LetterRefused(_("Give a name to sign the letter with (it need not be your own)."))
    if len(sender_name) > MAX_SENDER_NAME_CHARS:
        raise LetterRefused(
            _("The name is longer than %(max)d characters.") % {"max": MAX_SENDER_NAME_CHARS}
        )
    if not text:
        raise LetterRefused(_("The letter is empty."))
    if len(text) > MAX_LETTER_CHARS:
        raise LetterRefused(
            _("The letter is longer than %(max)d characters.") % {"max": MAX_LETTER_CHARS}
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise LetterRefused(
                _("“%(email)s” is not an email address.") % {"email": email[:80]}
            ) from None
    _check_route(person=person, route=route)
    _check_pace(partner=partner)
    screening = screen(text, ui_language=ui_language)
    now = timezone.now()
    try:
        with transaction.atomic():
            letter = Letter.objects.create(
                person=person,
                sender_name=sender_name,
                text=text,
                language=screening.language,
                ui_language=ui_language,
                screening=screening.as_dict(),
                route=route,
                sender_email_sealed=sealing.seal(email),
                email_purge_after=(
                    now + timedelta(days=settings.VESTKA_EMAIL_KEEP_DAYS) if email else None
                ),
                submission_key=submission_key or None,
                partner=partner,
                created_at=now,
            )
            _log_submit(letter)
    except IntegrityError:
        # The same submission arrived twice at once; the first one made the letter.
        if submission_key:
            return Letter.objects.get(submission_key=submission_key)
        raise
    return letter


def _check_route(*, person: Person, route: str) -> None:
    if route not in Letter.Route.values:
        raise LetterRefused(f"There is no route {route!r}.")
    allowed = person_deliverability(person=person).routes
    if route not in allowed:
        if route == deliverability.SEND_NOW and deliverability.KEEP_FOR_RELEASE in allowed:
            raise LetterRefused(
                _(
                    "A letter sent now would not reach this person; it can be kept for "
                    "delivery on release instead."
                )
            )
        raise LetterRefused(
            _(
                "This person is not in prison now, so no letter can be delivered to them here; "
                "write to someone who has had few letters lately."
            )
        )


def _check_pace(*, partner: PartnerApp | None) -> None:
    """The site-wide brake, and a partner app's hourly allowance. Counted from the
    letters themselves, so every web process sees the same numbers."""
    now = timezone.now()
    recent = Letter.objects.filter(created_at__gte=now - timedelta(minutes=1)).count()
    if recent >= settings.VESTKA_LETTERS_PER_MINUTE:
        raise LettersBusy(_("Many letters are arriving right now. Please send yours in a minute."))
    if partner is not None:
        if partner.revoked_at is not None:
            raise LetterRefused(_("This partner app's token has been revoked."))
        last_hour = partner.letters.filter(created_at__gte=now - timedelta(hours=1)).count()
        if last_hour >= partner.letters_per_hour:
            raise LettersBusy(
                ngettext(
                    "This app has sent %(count)d letter in the last hour, its allowance; "
                    "try again later.",
                    "This app has sent %(count)d letters in the last hour, its allowance; "
                    "try again later.",
                    last_hour,
                )
                % {"count": last_hour}
            )


def _log_submit(letter: Letter) -> None:
    LetterEvent.objects.create(
        letter=letter,
        action="submit",
        from_state="",
        to_state=lifecycle.SUBMITTED,
        role=lifecycle.SENDER,
    )


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
                _("Someone acted on this letter first: it is now %(state)s.")
                % {"state": letter.get_state_display()}
            )
        try:
            target = lifecycle.transition(letter.state, action, role=role, reason=reason)
        except lifecycle.TransitionRefused as refusal:
            raise LetterRefused(str(refusal)) from None
        changes: dict[str, object] = {"state": target}
        if action == "edit":
            if not text.strip():
                raise LetterRefused(_("The edited letter is empty."))
            screening = screen(text.strip(), ui_language=letter.ui_language)
            changes.update(
                text=text.strip(), screening=screening.as_dict(), language=screening.language
            )
        elif action == "translate":
            if not text.strip():
                raise LetterRefused(_("Write the translation into Russian or Belarusian."))
            changes["translation"] = text.strip()
        moved = Letter.objects.filter(pk=letter.pk, state=letter.state).update(**changes)
        if not moved:  # the row lock already prevents this; a second line of defence
            raise LetterRefused(_("Someone acted on this letter first."))
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

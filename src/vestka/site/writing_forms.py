"""The public letter forms, and the defences that keep robots out of them without ever
looking at who or where a writer is: no IP addresses, so Tor users are like everyone.

A rendered form carries a signed token with the time it was issued and a random nonce.
A post must bring a token this site signed, at least ``FORM_MIN_SECONDS`` old (robots
post at once) and at most a day old. The nonce is the letter's submission key, so the
same form sent twice makes one letter. A honeypot field, hidden with CSS, catches the
robots that fill in every field.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vestka.letters.services import MAX_LETTER_CHARS, MAX_SENDER_NAME_CHARS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FORM_TOKEN_SALT = "vestka.site.writing.form-token"
# Module constants, read at each check, so that tests can change them.
FORM_MIN_SECONDS = 3.0
FORM_MAX_SECONDS = 24 * 60 * 60
# Keeps the site's keys apart from API Idempotency-Keys in the one unique column.
SUBMISSION_KEY_PREFIX = "form:"
TOKEN_FIELD = "form_token"
HONEYPOT_FIELD = "website"


class FormRefused(ValueError):
    """A post that did not come from a form a person filled in. ``renew`` says whether
    the writer needs a fresh form token to try again."""

    def __init__(self, message: str, *, renew: bool) -> None:
        super().__init__(message)
        self.message = message
        self.renew = renew


def form_token_issue(
    *, person_id: int, issued_at: float | None = None, salt: str = FORM_TOKEN_SALT
) -> str:
    """A signed token for one rendered form to one person (a letter form, unless another
    ``salt`` names another kind of form and recipient)."""
    return signing.dumps(
        {
            "p": person_id,
            "n": secrets.token_urlsafe(18),
            "t": time.time() if issued_at is None else issued_at,
        },
        salt=salt,
    )


@dataclass(frozen=True)
class FormToken:
    nonce: str
    issued_at: float

    @property
    def submission_key(self) -> str:
        return SUBMISSION_KEY_PREFIX + self.nonce


def form_token_read(*, token: str, person_id: int, salt: str = FORM_TOKEN_SALT) -> FormToken | None:
    """The token's nonce and issue time if this site signed it for this person's form."""
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != person_id:
        return None
    nonce, issued_at = data.get("n"), data.get("t")
    if not isinstance(nonce, str) or not isinstance(issued_at, int | float):
        return None
    return FormToken(nonce=nonce, issued_at=float(issued_at))


@dataclass(frozen=True)
class GuardWording:
    """What a refused post is told, in the words of the form it came from."""

    honeypot: StrOrPromise
    tampered: StrOrPromise
    expired: StrOrPromise
    too_fast: StrOrPromise


LETTER_WORDING = GuardWording(
    honeypot=gettext_lazy(
        "The letter was not sent: a hidden field that catches robots was filled in "
        "(a browser's autofill sometimes does this). It is empty now; please send "
        "your letter again."
    ),
    tampered=gettext_lazy(
        "This form could not be checked: it is incomplete or was changed. Here is a "
        "fresh one: please look over your letter and send it again."
    ),
    expired=gettext_lazy(
        "This form was opened more than a day ago. Here is a fresh one: please look "
        "over your letter and send it again."
    ),
    too_fast=gettext_lazy(
        "That was sent faster than anyone can write a letter, so it was not taken. "
        "Please look over your letter and send it again."
    ),
)


def form_guard_check(
    *,
    data,
    person_id: int,
    now: float | None = None,
    salt: str = FORM_TOKEN_SALT,
    wording: GuardWording = LETTER_WORDING,
) -> FormToken:
    """The form token of a posted form, or FormRefused saying what was wrong."""
    if data.get(HONEYPOT_FIELD, ""):
        raise FormRefused(str(wording.honeypot), renew=False)
    token = form_token_read(token=data.get(TOKEN_FIELD, ""), person_id=person_id, salt=salt)
    if token is None:
        raise FormRefused(str(wording.tampered), renew=True)
    age = (time.time() if now is None else now) - token.issued_at
    if age > FORM_MAX_SECONDS:
        raise FormRefused(str(wording.expired), renew=True)
    if age < FORM_MIN_SECONDS:
        raise FormRefused(str(wording.too_fast), renew=False)
    return token


def session_times_within(session, *, key: str, now: float, seconds: float = 3600) -> list[float]:
    """The times (epoch seconds) kept under ``key`` in a session that are less than
    ``seconds`` old: how a session's pace is counted without keeping what was sent."""
    return [t for t in session.get(key, []) if now - t < seconds]


ROUTE_LABELS = {
    "send_now": gettext_lazy("Send it now"),
    "keep_for_release": gettext_lazy("Keep it, and deliver it when they are released"),
}


class LetterTextMixin(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your letter"),
        required=False,  # emptiness gets its own message in clean_text
        strip=True,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true"}),
    )
    send_anyway = forms.BooleanField(
        label=gettext_lazy("Send it anyway: a moderator will read it and decide"),
        required=False,
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text:
            raise ValidationError(_("The letter is empty."), code="empty")
        if len(text) > MAX_LETTER_CHARS:
            raise ValidationError(
                _("The letter is longer than %(max)d characters.") % {"max": MAX_LETTER_CHARS},
                code="too_long",
            )
        return text


class LetterForm(LetterTextMixin):
    """A new letter. The token and the honeypot are not fields here: they are checked
    before the form (``form_guard_check``) and rendered fresh each time."""

    sender_name = forms.CharField(
        label=gettext_lazy("Sign with the name"),
        help_text=gettext_lazy(
            "It need not be your real name: a first name or a nickname is enough."
        ),
        required=False,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "nickname", "maxlength": MAX_SENDER_NAME_CHARS}
        ),
    )
    email = forms.CharField(
        label=gettext_lazy("Your email (optional)"),
        required=False,
        strip=True,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    route = forms.ChoiceField(
        label=gettext_lazy("What should happen to the letter?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose whether to send the letter now or keep it."),
            "invalid_choice": gettext_lazy(
                "That choice is not possible for a letter to this person; choose one of those "
                "shown."
            ),
        },
    )

    field_order = ["sender_name", "email", "text", "route", "send_anyway"]

    def __init__(self, *args, routes: tuple[str, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(route, ROUTE_LABELS[route]) for route in routes if route in ROUTE_LABELS]
        route = self.fields["route"]
        assert isinstance(route, forms.ChoiceField)
        route.choices = choices
        if choices:
            route.initial = choices[0][0]

    def clean_sender_name(self) -> str:
        name = self.cleaned_data["sender_name"]
        if not name:
            raise ValidationError(
                _("Give a name to sign the letter with (it need not be your own)."),
                code="required",
            )
        if len(name) > MAX_SENDER_NAME_CHARS:
            raise ValidationError(
                _("The name is longer than %(max)d characters.") % {"max": MAX_SENDER_NAME_CHARS},
                code="too_long",
            )
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    _("“%(email)s” is not an email address.") % {"email": email[:80]},
                    code="invalid",
                ) from None
        return email


class LetterEditForm(LetterTextMixin):
    """The sender's edit of a letter a moderator sent back."""

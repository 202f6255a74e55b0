"""POST /api/v1/letters: partner apps submit letters on behalf of their writers.

The rest of the API is public and read-only; this one endpoint writes, so it takes a
partner app's token (``Authorization: Bearer vka_…``, see ``letters.partners``) and
nothing else: no cookie, no session, no CSRF token, and a browser on another site
cannot call it (the CORS headers allow only GET), so a token stays on the partner's
server. A letter sent here goes through the same ``letter_submit`` as one written on
the site: screened, paced, and into the moderators' queue.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils import translation
from ninja import Field, Header, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.security import HttpBearer
from pydantic import model_validator

from vestka.api.errors import ApiError, error_response
from vestka.api.schemas import MAX_ID, Error
from vestka.letters import partners, services
from vestka.letters.models import Letter, PartnerApp
from vestka.registry import selectors
from vestka.registry.models import Person

router = Router(tags=["letters"])

# A letter of MAX_LETTER_CHARS Cyrillic characters, JSON-escaped, is about 120 kB.
MAX_BODY_BYTES = 256 * 1024
MAX_IDEMPOTENCY_KEY_CHARS = 64
RETRY_AFTER_SECONDS = 60


class PartnerToken(HttpBearer):
    """A partner app's token. Every failure is a 401 in the one error shape that says
    what is wrong; the token itself is never logged or echoed."""

    openapi_bearerFormat = "vka_…"
    openapi_description = (
        "A partner app's token, made by the operator with `vestka letters partner create` "
        "and shown once."
    )

    def __call__(self, request: HttpRequest) -> PartnerApp:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if not scheme:
            raise ApiError(
                401,
                "unauthorized",
                "Sending letters needs a partner app's token: "
                "send it as the header `Authorization: Bearer <token>`.",
            )
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(
                401,
                "unauthorized",
                "The Authorization header must be `Bearer <token>`, with a partner app's token.",
            )
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> PartnerApp:
        app = partners.partner_app_by_token(token=token)
        if app is None:
            raise ApiError(
                401,
                "invalid_token",
                "This token is not a partner app's token, or it has been revoked.",
            )
        return app


def _checked_body(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Refuse a body too large to be a letter, or not a JSON object, before it is parsed;
    and give a 401 the header RFC 9110 asks for."""

    @wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST":
            refusal = _body_refusal(request)
            if refusal is not None:
                return error_response(refusal)
        response = run(request, *args, **kwargs)
        if response.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="vestka"'
        return response

    return checked


def _body_refusal(request: HttpRequest) -> ApiError | None:
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
        return ApiError(
            400,
            "body_too_large",
            f"The request body is larger than {MAX_BODY_BYTES // 1024} kB; "
            f"a letter is at most {services.MAX_LETTER_CHARS:,} characters.",
        )
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        return ApiError(
            400,
            "invalid_json",
            f"The request body is not JSON ({error}). Send one JSON object, "
            "with Content-Type: application/json.",
        )
    if not isinstance(body, dict):
        return ApiError(400, "invalid_json", "The request body must be one JSON object.")
    return None


# Shapes


def _given_or_left_out(schema: dict[str, Any]) -> None:
    """An optional field documented without null: give it, or leave it out."""
    for branch in schema.pop("anyOf", []):
        if branch.get("type") != "null":
            schema.update(branch)


class LetterIn(Schema):
    person_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="The person's id (or give person_source_id; one of them, not both).",
        json_schema_extra=_given_or_left_out,
    )
    person_source_id: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="The person's id in the imported list, Viasna's (or give person_id).",
        json_schema_extra=_given_or_left_out,
    )
    sender_name: str = Field(
        min_length=1,
        max_length=services.MAX_SENDER_NAME_CHARS,
        pattern=r"\S",
        description="The name the letter is signed with; it need not be the writer's own.",
    )
    text: str = Field(
        min_length=1,
        max_length=services.MAX_LETTER_CHARS,
        pattern=r"\S",
        description="The letter, best in Russian or Belarusian; other languages are "
        "translated by volunteers.",
    )
    email: str | None = Field(
        None,
        max_length=254,
        description="Only if the writer wants to be told of a reply. Sealed (encrypted) at "
        "rest, deleted on a schedule, and never sent back by the API. Empty or null: none.",
        json_schema_extra={
            "anyOf": [
                {"type": "string", "format": "email", "maxLength": 254},
                {"type": "string", "maxLength": 0},
                {"type": "null"},
            ]
        },
    )
    route: Literal["send_now", "keep_for_release"] = Field(
        "send_now",
        description="send_now, or keep_for_release: kept and delivered when the person is "
        "freed. The route must be one the person's situation allows (409 otherwise).",
    )
    ui_language: Literal["en", "be", "ru"] = Field(
        "en", description="The writer's language: of the screening's explanations and of errors."
    )

    @model_validator(mode="before")
    @classmethod
    def no_null_person(cls, data: Any) -> Any:
        # The schema says "an id, or leave it out"; a null would hide which one was meant.
        data = getattr(data, "_obj", data)  # ninja hands the body over wrapped
        if isinstance(data, dict):
            for name in ("person_id", "person_source_id"):
                if name in data and data[name] is None:
                    raise ValueError(f"{name} may be left out, not null")
        return data

    model_config = {
        "json_schema_extra": {
            # Exactly one way of naming the person.
            "oneOf": [
                {"required": ["person_id"], "not": {"required": ["person_source_id"]}},
                {"required": ["person_source_id"], "not": {"required": ["person_id"]}},
            ],
            "examples": [
                {
                    "person_id": 1,
                    "sender_name": "Ala",
                    "text": "Прывітанне! Як ты? У нас выпаў снег, і ў вольны час я катаюся "
                    "на лыжах. Што ты чытаеш? Напішы, якія кнігі табе даслаць.",
                    "route": "send_now",
                    "ui_language": "be",
                }
            ],
        }
    }


class FlagOut(Schema):
    rule: str = Field(description="The rule's id, e.g. safety.phone.")
    severity: Literal["block", "warn", "info"]
    message: str = Field(description="Why, in the writer's language.")
    start: int = Field(description="Where in the text the span it concerns begins.")
    end: int = Field(description="Where it ends (exclusive).")


class ScreeningOut(Schema):
    verdict: Literal["ok", "warn", "block"] = Field(
        description="block: a moderator will not approve it as it is."
    )
    language: str = Field(description="The letter's language (ISO 639-1), or und.")
    flags: list[FlagOut]


class LetterOut(Schema):
    id: int
    state: str = Field(description="submitted, or the state the letter is in now.")
    status_url: str = Field(
        description="The writer's private page for this letter: its state, the moderator's "
        "reasons, replies. Give it to the writer only; whoever has it can read the letter."
    )
    screening: ScreeningOut


# The endpoint


@router.post(
    "",
    auth=PartnerToken(),
    response={
        200: LetterOut,
        201: LetterOut,
        400: Error,
        401: Error,
        404: Error,
        405: Error,
        409: Error,
        422: Error,
        429: Error,
        500: Error,
    },
    summary="Submit a letter (partner apps)",
    url_name="letters",
    openapi_extra={
        "responses": {
            200: {"description": "A request with this Idempotency-Key made the letter before."},
            201: {"description": "The letter is in the moderators' queue."},
            400: {"description": "The body is not one JSON object, or is too large."},
            401: {"description": "No valid partner app token."},
            404: {"description": "There is no such person."},
            409: {
                "description": "Well formed, but refused: the person's situation does not "
                "allow the route, or the Idempotency-Key was used for another letter."
            },
            422: {"description": "A field is missing or invalid; the message says which."},
            429: {
                "description": "Too many letters now (site-wide, or this app's hourly "
                "allowance); retry after Retry-After seconds.",
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait.",
                        "schema": {"type": "integer"},
                    }
                },
            },
        }
    },
)
@decorate_view(_checked_body)
def letter_create(
    request: HttpRequest,
    letter: LetterIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=MAX_IDEMPOTENCY_KEY_CHARS,
        description="Any string up to 64 characters, new for each letter. A request "
        "retried with the same key returns the letter it made (200) instead of making "
        "another.",
    ),
):
    """Submit a letter written in a partner app. It is screened at once (the flags come
    back in the writer's language) and waits for a moderator, like every letter. The
    response's status_url is the writer's private page for following it."""
    app: PartnerApp = request.auth  # type: ignore[attr-defined]
    person = _person(letter)
    email = (letter.email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            # Not even a wrong address is sent back.
            raise ApiError(
                422,
                "invalid_parameters",
                "Invalid request parameters: letter.email (is not an email address).",
                [_detail("email", "is not an email address", "value_error")],
            ) from None
    submission_key = _submission_key(app, idempotency_key)
    if submission_key:
        earlier = Letter.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            _check_same_letter(earlier, person=person, letter=letter)
            return Status(200, _letter_out(earlier))
    try:
        with translation.override(letter.ui_language):
            made = services.letter_submit(
                person=person,
                sender_name=letter.sender_name,
                text=letter.text,
                ui_language=letter.ui_language,
                email=email,
                route=letter.route,
                submission_key=submission_key,
                partner=app,
            )
    except services.LettersBusy as busy:
        response = error_response(ApiError(429, "too_many_letters", str(busy)))
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    except services.LetterRefused as refusal:
        # The request is well formed; the person's situation does not allow it.
        raise ApiError(409, "letter_refused", str(refusal)) from None
    # Two requests with one key at once: the second gets the letter the first made.
    _check_same_letter(made, person=person, letter=letter)
    return Status(201, _letter_out(made))


def _detail(field: str, message: str, kind: str) -> dict[str, Any]:
    # Named as ninja names the body's fields in its own errors: "letter.<field>".
    return {"location": "body", "parameter": f"letter.{field}", "message": message, "type": kind}


def _person(letter: LetterIn) -> Person:
    if (letter.person_id is None) == (letter.person_source_id is None):
        raise ApiError(
            422,
            "invalid_parameters",
            "Invalid request parameters: give either letter.person_id or "
            "letter.person_source_id (one of them, not both).",
            [_detail("person_id", "give person_id or person_source_id", "missing")],
        )
    if letter.person_id is not None:
        pk: int | None = letter.person_id
        if not Person.objects.filter(pk=letter.person_id).exists():
            pk = selectors.person_redirect(old_id=letter.person_id)
        described = f"id {letter.person_id}"
    else:
        source_id = letter.person_source_id or ""
        pk = selectors.person_pk_by_source_id(source_id=source_id)
        if pk is None:
            pk = selectors.person_redirect_by_source_id(source_id=source_id)
        described = f"source id {source_id!r}"
    # A merged person's old id leads to the person kept, as everywhere in the API.
    person = Person.objects.select_related("facility").filter(pk=pk).first() if pk else None
    if person is None:
        raise ApiError(404, "person_not_found", f"There is no person with {described}.")
    return person


def _submission_key(app: PartnerApp, idempotency_key: str | None) -> str | None:
    if not idempotency_key:
        return None
    # The key is hashed so that "partner:<app>:" and a 64-character key fit the column.
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
    return f"partner:{app.pk}:{digest}"


def _check_same_letter(made: Letter, *, person: Person, letter: LetterIn) -> None:
    """An Idempotency-Key used again for another letter is refused: answering with the
    first letter would lose the second one without anybody noticing."""
    same = made.person_id == person.pk and made.sender_name == letter.sender_name.strip()
    # The text may since have been edited by the writer or deleted after posting.
    if same and made.text_purged_at is None and not made.events.filter(action="edit").exists():
        same = made.text == letter.text.strip()
    if not same:
        raise ApiError(
            409,
            "idempotency_key_reused",
            "This Idempotency-Key was used before for a different letter. "
            "Use a new key for each letter.",
            [
                {
                    "location": "header",
                    "parameter": "Idempotency-Key",
                    "message": "was used for a different letter",
                    "type": "reused",
                }
            ],
        )


def _letter_out(letter: Letter) -> dict[str, Any]:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("site:letter", kwargs={"token": letter.token})
    return {
        "id": letter.pk,
        "state": letter.state,
        "status_url": settings.SITE_URL + path,
        "screening": {
            "verdict": letter.screening.get("verdict", "ok"),
            "language": letter.screening.get("language", letter.language),
            "flags": letter.screening.get("flags", []),
        },
    }

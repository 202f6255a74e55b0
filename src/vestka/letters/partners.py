"""Partner apps: other organisations' sites and apps that submit letters through the API.

A partner app holds a token made once and shown once; Vestka keeps only its SHA-256
digest and its first characters (to tell tokens apart in a list). A copied database
therefore holds nothing that submits letters. A revoked app's token stops working at
once; its letters stay.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from vestka.letters.models import PartnerApp

TOKEN_PREFIX = "vka_"
# "vka_" and 43 url-safe characters; anything much longer is not a token of ours, and
# is refused before it is hashed.
MAX_TOKEN_CHARS = 200
SHOWN_PREFIX_CHARS = 8
MAX_NAME_CHARS = 100
MAX_LETTERS_PER_HOUR = 100_000


class PartnerRefused(ValueError):
    """A partner app that cannot be made or found; the message says why."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def partner_app_create(*, name: str, letters_per_hour: int = 600) -> tuple[PartnerApp, str]:
    """Make a partner app and its token. The token is returned this once and never
    stored: only its digest is, so it cannot be shown again (revoke and make a new app
    if it is lost)."""
    name = name.strip()
    if not name:
        raise PartnerRefused("Give the partner app a name.")
    if len(name) > MAX_NAME_CHARS:
        raise PartnerRefused(f"The name is longer than {MAX_NAME_CHARS} characters.")
    if not 1 <= letters_per_hour <= MAX_LETTERS_PER_HOUR:
        raise PartnerRefused(
            f"Letters per hour must be between 1 and {MAX_LETTERS_PER_HOUR}, "
            f"not {letters_per_hour}."
        )
    if PartnerApp.objects.filter(name=name).exists():
        raise PartnerRefused(f"There is already a partner app named {name!r}.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            app = PartnerApp.objects.create(
                name=name,
                token_digest=_digest(token),
                token_prefix=token[:SHOWN_PREFIX_CHARS],
                letters_per_hour=letters_per_hour,
            )
    except IntegrityError:  # made by someone else between the check and now
        raise PartnerRefused(f"There is already a partner app named {name!r}.") from None
    return app, token


def partner_app_by_token(*, token: str) -> PartnerApp | None:
    """The partner app a token belongs to, or None for an unknown or revoked token.

    The look-up is by the token's digest, so how long a comparison takes tells nothing
    about the token itself; the digest is compared once more in constant time."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > MAX_TOKEN_CHARS:
        return None
    digest = _digest(token)
    app = PartnerApp.objects.filter(token_digest=digest, revoked_at__isnull=True).first()
    if app is None or not hmac.compare_digest(app.token_digest, digest):
        return None
    return app


def partner_app_revoke(*, name: str) -> PartnerApp:
    """Stop a partner app's token from working, now. Revoking an app already revoked
    changes nothing (it keeps the time it was first revoked)."""
    app = PartnerApp.objects.filter(name=name.strip()).first()
    if app is None:
        raise PartnerRefused(f"There is no partner app named {name.strip()!r}.")
    if app.revoked_at is None:
        PartnerApp.objects.filter(pk=app.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        app.refresh_from_db()
    return app


def partner_apps_with_letter_counts() -> QuerySet[PartnerApp]:
    """Every partner app by name, each with ``letters_count``: how many letters it sent."""
    return PartnerApp.objects.annotate(letters_count=Count("letters")).order_by("name")

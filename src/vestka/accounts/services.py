"""Signing staff in: failed sign-ins counted per account, second factors set up.

Sign-in is slowed per account, not per address: Vestka never records addresses, and a
staff member on Tor must not be locked out by other Tor users. After
``SIGN_IN_FAILURES_ALLOWED`` failures within ``SIGN_IN_WINDOW`` an account takes no
password until the window has passed since its last failure; the TOTP device has its own
back-off (django-otp's) for wrong codes.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vestka.accounts.models import SignInFailure

SIGN_IN_FAILURES_ALLOWED = 5
SIGN_IN_WINDOW = timedelta(minutes=15)
BACKUP_CODES = 10
DEVICE_NAME = "authenticator app"


def _account(username: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, username.strip().lower().encode(), hashlib.sha256).hexdigest()


def sign_in_blocked_until(*, username: str, now: datetime | None = None) -> datetime | None:
    """When the account takes passwords again, if too many sign-ins failed lately."""
    now = now or timezone.now()
    recent = list(
        SignInFailure.objects.filter(account=_account(username), at__gte=now - SIGN_IN_WINDOW)
        .order_by("-at")
        .values_list("at", flat=True)[:SIGN_IN_FAILURES_ALLOWED]
    )
    if len(recent) < SIGN_IN_FAILURES_ALLOWED:
        return None
    return recent[0] + SIGN_IN_WINDOW


def sign_in_failed(*, username: str) -> None:
    """Count a failed sign-in against the account; old failures are forgotten."""
    now = timezone.now()
    SignInFailure.objects.create(account=_account(username), at=now)
    SignInFailure.objects.filter(at__lt=now - SIGN_IN_WINDOW * 4).delete()


def sign_in_succeeded(*, username: str) -> None:
    SignInFailure.objects.filter(account=_account(username)).delete()


def totp_device_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The user's authenticator being set up: made once, kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a device with a code it shows; return new one-time backup codes, or None
    when the code is wrong."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    backup, _made = StaticDevice.objects.get_or_create(
        user=device.user, name="backup codes", defaults={"confirmed": True}
    )
    backup.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes

"""Senders' emails sealed at rest: Fernet (AES-128-CBC with HMAC-SHA256) under keys from
the environment, newest first, so keys can be rotated without losing an address.

A database copy, a backup or a seized disk holds only tokens; the keys live in the
environment (or, on a laptop demo, in var/email-keys beside the database, which a real
deployment replaces with VESTKA_EMAIL_KEYS).
"""

from __future__ import annotations

import os
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE = "email-keys"


class SealBroken(ValueError):
    """A sealed email that none of the configured keys opens."""


def installation_keys() -> list[str]:
    """The configured keys, newest first; without VESTKA_EMAIL_KEYS, one key made once per
    installation and kept (mode 600) in var/email-keys."""
    if settings.VESTKA_EMAIL_KEYS:
        return list(settings.VESTKA_EMAIL_KEYS)
    path = settings.VAR_DIR / KEY_FILE
    try:
        return [line.strip() for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return installation_keys()
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return [key]


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "VESTKA_EMAIL_KEYS must be Fernet keys (32 url-safe base64-encoded bytes), "
            "separated by commas; make one with `vestka letters new-key`."
        ) from error


def fernet() -> MultiFernet:
    return _fernet(tuple(installation_keys()))


def new_key() -> str:
    """A fresh key to put first in VESTKA_EMAIL_KEYS."""
    return Fernet.generate_key().decode()


def seal(email: str) -> str:
    """The email as a token only the configured keys open; "" stays ""."""
    if not email:
        return ""
    return fernet().encrypt(email.encode()).decode()


def unseal(sealed: str) -> str:
    """The email inside a token; SealBroken when no configured key opens it."""
    if not sealed:
        return ""
    try:
        return fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise SealBroken(
            "No key in VESTKA_EMAIL_KEYS opens this sealed email: was a key dropped "
            "before `vestka letters rotate-keys` ran?"
        ) from None


def reseal(sealed: str) -> str:
    """The same email sealed again with the newest key (for key rotation)."""
    if not sealed:
        return ""
    try:
        return fernet().rotate(sealed.encode()).decode()
    except InvalidToken:
        raise SealBroken("No configured key opens this sealed email.") from None

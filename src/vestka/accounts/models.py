"""Staff accounts: failed sign-ins, counted per account (never per address)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from simple_history import register


class SignInFailure(models.Model):
    """One failed sign-in. The account is named by a keyed digest of the username typed,
    so that names typed by someone guessing are not kept; no address is kept at all."""

    account = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "failed sign-in"
        verbose_name_plural = "failed sign-ins"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.account[:8]}… {self.at:%Y-%m-%d %H:%M}"


# Who changed a staff account (active, staff, superuser, groups are in the admin log),
# when, and the values before: never the password hash or the last sign-in.
register(
    get_user_model(),
    app="vestka.accounts",
    excluded_fields=["password", "last_login"],
    table_name="accounts_historicaluser",
)


# Who may see what (see the same lists in registry.models): nothing of staff accounts,
# their sign-ins or their history is public.
PUBLIC_FIELDS: dict[type[models.Model], list[str]] = {}
STAFF_ONLY_FIELDS: dict[type[models.Model], list[str]] = {}
STAFF_ONLY_MODELS: list[type[models.Model]] = [
    SignInFailure,
    get_user_model(),
    get_user_model().history.model,  # type: ignore[attr-defined]
]

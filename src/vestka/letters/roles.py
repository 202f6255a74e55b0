"""Which staff roles a user holds: the groups Moderators, Translators and Dispatchers
grant one permission each (see migration 0003); a superuser holds every role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, AnonymousUser

from vestka.letters import lifecycle

PERMISSIONS = {
    lifecycle.MODERATOR: "letters.moderate_letter",
    lifecycle.TRANSLATOR: "letters.translate_letter",
    lifecycle.DISPATCHER: "letters.dispatch_letter",
}


def user_roles(user: AbstractUser | AnonymousUser) -> set[str]:
    """The staff roles of a signed-in, active staff user; none for anyone else."""
    if not (user.is_active and getattr(user, "is_staff", False)):
        return set()
    return {role for role, permission in PERMISSIONS.items() if user.has_perm(permission)}


def user_has_role(user: AbstractUser | AnonymousUser, role: str) -> bool:
    return role in user_roles(user)

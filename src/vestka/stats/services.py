"""Writes of the numbers: the registry says it has changed."""

from __future__ import annotations

import secrets

from vestka.stats.models import RegistryChange

# Changes kept in the log: the newest is the version; the rest only show recent activity.
KEEP_CHANGES = 100
PRUNE_EVERY = 1000


def registry_version_bump() -> None:
    """Record that the registry has changed, so that every cached number is counted
    again. Every write path of the registry calls this (services, imports, merges, the
    staff pages, the demo loader), inside its transaction: numbers counted before the
    change commits are cached under the old version, which no one reads afterwards."""
    change = RegistryChange.objects.create(token=secrets.token_hex(16))
    if change.pk % PRUNE_EVERY == 0:
        RegistryChange.objects.filter(pk__lte=change.pk - KEEP_CHANGES).delete()

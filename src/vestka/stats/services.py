"""Writes of the numbers: the registry says it has changed."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from vestka.stats.models import RegistryChange

# Changes kept in the log. Timelines older than this many changes are rebuilt whole.
KEEP_CHANGES = 200
PRUNE_EVERY = 1000
# A change of more people than this is recorded as a change of anyone.
MAX_PEOPLE_PER_CHANGE = 2000


def registry_version_bump(*, person_ids: Iterable[int] | None = None) -> None:
    """Record that the registry has changed, so that every cached number is counted
    again: for the given people only, or, without them, for everyone.

    Every write path of the registry calls this (services, imports, merges, the staff
    pages, the demo loader), inside its transaction: numbers counted before the change
    commits are cached under a version that no one reads afterwards."""
    people = None if person_ids is None else sorted({int(pk) for pk in person_ids})
    if people is not None and len(people) > MAX_PEOPLE_PER_CHANGE:
        people = None
    change = RegistryChange.objects.create(token=secrets.token_hex(16), people=people)
    if change.pk % PRUNE_EVERY == 0:
        RegistryChange.objects.filter(pk__lte=change.pk - KEEP_CHANGES).delete()

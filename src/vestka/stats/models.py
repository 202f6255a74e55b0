"""The one table of the numbers: a log of registry changes, whose newest row is the
version that cached numbers are keyed on."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class RegistryChange(models.Model):
    """One write to the registry (an event recorded, an import applied, a merge, an
    edit in the staff pages). Numbers are cached under the newest row's id and token:
    a change makes every cached number stale at once, in every process.

    A row is appended, never updated, so concurrent writers never wait for each other;
    the random token keeps a version unique even where a rolled-back id is reused, and
    the count of rows is part of the version because a transaction may commit its row
    after a newer one.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)
    # The people whose records changed; null when it may be anyone (an import, an edit
    # of a facility or an article, the demo loader): numbers are then counted afresh.
    people = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "registry change"
        verbose_name_plural = "registry changes"

    def __str__(self) -> str:
        return f"{self.pk}:{self.token}"


# Who may see what (see the same lists in registry.models).
PUBLIC_FIELDS: dict[type[models.Model], list[str]] = {}
STAFF_ONLY_FIELDS: dict[type[models.Model], list[str]] = {}
STAFF_ONLY_MODELS: list[type[models.Model]] = [RegistryChange]

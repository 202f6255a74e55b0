"""The audit log: every staff change in one list, newest first, for admins.

It is read from the records the changes already leave, so nothing can change without
appearing here: the change history of every registry record, campaign and staff
account (django-simple-history: who, when, and each field's value before and after),
the event logs of letters and solidarity messages (who took which step, from which
state to which, and why), and Django's admin log for the rest (groups and their
permissions, second-factor devices, imports).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db import models
from simple_history.models import HistoricalChanges

HISTORY_TYPES = {"+": "made", "~": "changed", "-": "deleted"}
# What never appears in the log, even for admins.
HIDDEN_FIELDS = {"password", "last_login", "token", "sender_email_sealed", "key"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass
class AuditEntry:
    at: datetime
    actor: str
    kind: str  # "history", "letter", "message", "admin"
    what: str
    action: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""


def _historical_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, HistoricalChanges) and hasattr(model, "history_date")
    ]


def _shown(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 300 else text[:299] + "…"


def _from_history(model: Any, limit: int) -> Iterator[AuditEntry]:
    # Historical models are made at run time: the types know none of their fields.
    label = str(model._meta.verbose_name).removeprefix("historical ")
    records = model._default_manager.select_related("history_user").order_by("-history_date")[
        :limit
    ]
    for record in records:
        changes: list[Change] = []
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous)
                changes = [
                    Change(c.field, _shown(c.old), _shown(c.new))
                    for c in delta.changes
                    if c.field not in HIDDEN_FIELDS
                ]
        yield AuditEntry(
            at=record.history_date,
            actor=str(record.history_user or "—"),
            kind="history",
            what=f"{label} {getattr(record, 'id', '')}: {record}",
            action=HISTORY_TYPES.get(record.history_type, str(record.history_type)),
            changes=changes,
            note=record.history_change_reason or "",
        )


def _from_events(model_label: str, subject: str, kind: str, limit: int) -> Iterator[AuditEntry]:
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return
    events = model.objects.select_related("actor").order_by("-at", "-pk")[:limit]
    for event in events:
        yield AuditEntry(
            at=event.at,
            actor=str(event.actor or "—"),
            kind=kind,
            what=f"{subject} {getattr(event, subject + '_id')}",
            action=event.action,
            changes=[Change("state", event.from_state, event.to_state)],
            note=event.reason,
        )


def _from_admin_log(limit: int) -> Iterator[AuditEntry]:
    actions = {1: "made", 2: "changed", 3: "deleted"}
    for entry in LogEntry.objects.select_related("user", "content_type").order_by("-action_time")[
        :limit
    ]:
        yield AuditEntry(
            at=entry.action_time,
            actor=str(entry.user),
            kind="admin",
            what=f"{entry.content_type or '?'}: {entry.object_repr}",
            action=actions.get(entry.action_flag, "?"),
            note=entry.get_change_message(),
        )


def audit_entries(*, limit: int = 200) -> list[AuditEntry]:
    """The newest ``limit`` staff changes of every kind, newest first."""
    sources: list[Iterable[AuditEntry]] = [
        _from_history(model, limit) for model in _historical_models()
    ]
    sources.append(_from_events("letters.LetterEvent", "letter", "letter", limit))
    sources.append(_from_events("campaigns.MessageEvent", "message", "message", limit))
    sources.append(_from_admin_log(limit))
    newest_first = heapq.merge(*sources, key=lambda entry: entry.at, reverse=True)
    return [entry for _n, entry in zip(range(limit), newest_first, strict=False)]

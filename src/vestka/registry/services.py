"""Writes to the registry. Every change of custody goes through here so that the
status cached on a person always follows from their events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from vestka import names
from vestka.registry import custody
from vestka.registry.models import (
    Event,
    Facility,
    NameKey,
    NameKeyVersion,
    Person,
    PersonName,
    Region,
    Source,
)
from vestka.stats.services import registry_version_bump

DERIVED_FIELDS = [
    "custody",
    "recognised",
    "incommunicado",
    "facility",
    "custody_since",
    "custody_until",
]


def person_apply_custody(*, person: Person, derived: custody.Custody) -> bool:
    """Set the cached status fields from derived custody (unsaved); True if any changed."""
    values = {
        "custody": derived.state,
        "recognised": derived.recognised,
        "incommunicado": derived.incommunicado,
        "facility_id": derived.facility_id,
        "custody_since": derived.since,
        "custody_until": derived.until,
    }
    changed = False
    for field, value in values.items():
        if getattr(person, field) != value:
            setattr(person, field, value)
            changed = True
    return changed


def person_refresh_custody(*, person: Person) -> Person:
    """Recompute the status cached on a person from their events and save it if it changed."""
    derived = custody.derive_custody(e.as_fact() for e in person.events.all())
    if person_apply_custody(person=person, derived=derived):
        person.save(update_fields=[*DERIVED_FIELDS, "updated_at"])
    # Events changed even when the cached status did not (a dated recognition, a
    # punishment cell): the numbers of past dates follow them.
    registry_version_bump(person_ids=[person.pk])
    return person


def people_refresh_custody(*, person_ids: Iterable[int], batch_size: int = 2000) -> int:
    """Recompute the cached status of many people at once; returns how many changed.

    Used after imports, where thousands of people change in one transaction.
    """
    ids = list(person_ids)
    registry_version_bump(person_ids=ids)
    changed = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        facts: dict[int, list[custody.EventFact]] = defaultdict(list)
        for person_id, kind, on, facility_id in Event.objects.filter(
            person_id__in=chunk
        ).values_list("person_id", "kind", "date", "facility_id"):
            facts[person_id].append(custody.EventFact(kind, on, facility_id))
        people = list(Person.objects.filter(pk__in=chunk))
        dirty = [
            p
            for p in people
            if person_apply_custody(person=p, derived=custody.derive_custody(facts[p.pk]))
        ]
        Person.objects.bulk_update(dirty, DERIVED_FIELDS)
        changed += len(dirty)
    return changed


def name_key_rows(*, person_id: int, texts: Iterable[str]) -> list[NameKey]:
    """The search keys of one person's written names, as unsaved rows."""
    keys: set[str] = set()
    for text in texts:
        keys |= names.name_keys(text)
    return [NameKey(person_id=person_id, key=key) for key in sorted(keys)]


def person_refresh_name_keys(*, person: Person) -> None:
    """Re-file a person under the keys of their current names (display name and forms)."""
    people_refresh_name_keys(person_ids=[person.pk])


@transaction.atomic
def people_refresh_name_keys(*, person_ids: Iterable[int], batch_size: int = 2000) -> int:
    """Re-file many people under the keys of their names; returns how many keys were written.

    Called wherever names are written: the admin, imports, merges and the demo loader.
    """
    ids = list(person_ids)
    written = 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        texts: dict[int, list[str]] = defaultdict(list)
        for person_id, name in Person.objects.filter(pk__in=chunk).values_list("pk", "name"):
            texts[person_id].append(name)
        for person_id, text in PersonName.objects.filter(person_id__in=chunk).values_list(
            "person_id", "text"
        ):
            texts[person_id].append(text)
        rows = [
            row
            for pk, person_texts in texts.items()
            for row in name_key_rows(person_id=pk, texts=person_texts)
        ]
        NameKey.objects.filter(person_id__in=chunk).delete()
        NameKey.objects.bulk_create(rows, batch_size=batch_size)
        written += len(rows)
    return written


def name_keys_are_current() -> bool:
    """Whether the stored name keys were made by this version of ``vestka.names``."""
    stored = NameKeyVersion.objects.values_list("version", flat=True).first()
    return stored == names.KEYS_VERSION or (stored is None and not Person.objects.exists())


def name_keys_mark_current() -> None:
    """Record that every stored name key is made by this version of ``vestka.names``."""
    NameKeyVersion.objects.update_or_create(
        pk=1, defaults={"version": names.KEYS_VERSION, "refreshed_at": timezone.now()}
    )


@transaction.atomic
def name_keys_refresh_all(*, batch_size: int = 2000) -> int:
    """File everyone again under keys made by this version; returns how many people."""
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    people_refresh_name_keys(person_ids=ids, batch_size=batch_size)
    name_keys_mark_current()
    return len(ids)


@transaction.atomic
def event_record(
    *,
    person: Person,
    kind: str,
    on: date | None,
    facility: Facility | None = None,
    description: str = "",
    source: Source | None = None,
    release_reason: str = "",
    declaration_url: str = "",
) -> Event:
    """Add a dated fact to a person's history and update their derived status."""
    if kind not in Event.Kind.values:
        raise ValueError(f"Unknown event kind {kind!r}; expected one of {Event.Kind.values}.")
    event = Event(
        person=person,
        kind=kind,
        date=on,
        facility=facility,
        description=description,
        source=source,
        release_reason=release_reason,
        declaration_url=declaration_url,
    )
    event.full_clean()
    event.save()
    person_refresh_custody(person=person)
    return event


def region_for_postal_code(*, country_code: str, postal_code: str) -> Region | None:
    """The region a postal code belongs to, from the regions' postal prefixes."""
    if not postal_code:
        return None
    for region in Region.objects.filter(country_id=country_code).exclude(postal_prefixes=""):
        prefixes = [p.strip() for p in region.postal_prefixes.split(",") if p.strip()]
        if any(postal_code.startswith(prefix) for prefix in prefixes):
            return region
    return None


# Below this many written rows the planner's statistics are still good enough.
STATISTICS_AFTER_ROWS = 1000


def database_refresh_statistics() -> None:
    """Update the query planner's statistics of the registry tables.

    After a bulk load the database still plans as if the tables were empty (see
    docs/benchmarks.md for what that cost the list pages on PostgreSQL), so loads and
    large imports call this when they are done.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            models = apps.get_app_config("registry").get_models()
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
            # VACUUM also marks pages all-visible, so counts and lists can read the
            # indexes alone; it cannot run inside a transaction, ANALYZE can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{command} {tables}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")

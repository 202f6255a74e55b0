"""Write planned people to an empty registry in one transaction, fast."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from typing import TextIO

from .people import (
    SOURCES,
    chunks,
    plan_people,
)
from .tables import (
    DEFAULT_PEOPLE,
    DEMO_PUBLISHER,
    FACILITIES,
    REFERENCE_TIME,
    TAGS,
)
from .viasna_csv import (
    VIASNA_COLUMNS,
    viasna_row,
)

EVENT_FIELDS = [
    "person", "kind", "date", "facility", "prosecution", "description", "release_reason",
    "declaration_url", "source", "notes", "import_key",
]  # fmt: skip


def _insert_rows(model, fields: list[str], rows: list[tuple], batch_size: int = 1000) -> None:
    """Insert plain value tuples into the table of `model`.

    Used for the append-only tables with the most rows (names, events and the two
    many-to-many tables): bulk_create spends most of its time compiling every value
    into SQL, which for 100,000 people doubles the load time. SQLite is fastest with
    executemany, PostgreSQL with COPY, other databases get multi-row VALUES.
    Dates must already be adapted with ``connection.ops.adapt_datefield_value``;
    no field defaults are applied.
    """
    from django.db import connection

    meta = model._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column) for f in fields)
    table = connection.ops.quote_name(meta.db_table)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql = f"INSERT INTO {table} ({columns}) VALUES {row_sql}"
            cursor.executemany(sql, rows)
            return
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            values = ", ".join([row_sql] * len(batch))
            params = [value for row in batch for value in row]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)


class RegistryNotEmpty(Exception):
    """The demo only fills an empty registry."""


def registry_is_empty() -> bool:
    """Whether the registry holds no people, facilities, events or sources yet."""
    from vestka.registry.models import Event, Facility, Person, Source

    return not any(model.objects.exists() for model in (Person, Facility, Event, Source))


@dataclass
class LoadResult:
    people: int = 0
    names: int = 0
    prosecutions: int = 0
    events: int = 0
    facilities: int = 0
    csv_rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def demo_load(
    *,
    people: int = DEFAULT_PEOPLE,
    seed: int = 1,
    csv_out: TextIO | None = None,
    chunk_size: int = 2000,
) -> LoadResult:
    """Fill an empty registry with `people` fictional people in one transaction.

    Raises RegistryNotEmpty when any person, facility, event or source exists.
    With `csv_out`, the same people are also written there as a Viasna CSV.
    """
    from django.db import connection, transaction

    from vestka.registry import services
    from vestka.registry.models import (
        Article,
        Event,
        Facility,
        NameKey,
        Person,
        PersonName,
        Prosecution,
        Source,
        Tag,
    )
    from vestka.stats.services import registry_version_bump

    result = LoadResult()
    with transaction.atomic():
        if not registry_is_empty():
            raise RegistryNotEmpty(
                "the registry already holds data; the demo only fills an empty database"
            )
        article_pk = dict(Article.objects.filter(country_id="BY").values_list("number", "pk"))
        facilities = [
            Facility(
                country_id="BY", kind=f.kind, name_en=f.name_en, name_be=f.name_be,
                name_ru=f.name_ru, aliases=f.aliases, address=f.address,
                postal_code=f.postal_code,
                region=services.region_for_postal_code(
                    country_code="BY", postal_code=f.postal_code
                ),
                address_verified=False,
                notes="Demo facility: the address is not checked against a source.",
            )
            for f in FACILITIES
        ]  # fmt: skip
        Facility.objects.bulk_create(facilities)
        result.facilities = len(facilities)
        facility_pk = {f.key: obj.pk for f, obj in zip(FACILITIES, facilities, strict=True)}
        facility_pk_by_index = {i + 1: obj.pk for i, obj in enumerate(facilities)}
        sources = [
            Source(url=url, publisher=DEMO_PUBLISHER, title=title, published_on=on)
            for url, title, on in SOURCES
        ]
        Source.objects.bulk_create(sources)
        tag_pk = {}
        for slug, en, be, ru in TAGS:
            tag, _created = Tag.objects.get_or_create(
                slug=slug, defaults={"name_en": en, "name_be": be, "name_ru": ru}
            )
            tag_pk[slug] = tag.pk

        source_pk = [source.pk for source in sources]
        adapt_date = connection.ops.adapt_datefield_value
        person_tag = Person.tags.through
        case_article = Prosecution.articles.through
        csv_rng = random.Random(f"viasna-csv-{seed}")
        writer = None
        if csv_out is not None:
            writer = csv.writer(csv_out)
            writer.writerow(VIASNA_COLUMNS)

        for chunk in chunks(plan_people(people=people, seed=seed), chunk_size):
            rows = []
            for plan in chunk:
                derived = plan.custody()
                rows.append(Person(
                    country_id="BY", name=plan.name, source_id=plan.source_id,
                    source_url=plan.source_url, gender=plan.gender,
                    birth_date=plan.birth_date, birth_year=plan.birth_year,
                    biography_en=plan.biography_en, biography_be=plan.biography_be,
                    biography_ru=plan.biography_ru, on_terrorist_list=plan.on_terrorist_list,
                    relatives=plan.relatives, notes=plan.notes, is_demo=True,
                    custody=derived.state, recognised=derived.recognised,
                    incommunicado=derived.incommunicado,
                    facility_id=facility_pk_by_index.get(derived.facility_id),
                    custody_since=derived.since, custody_until=derived.until,
                    created_at=REFERENCE_TIME,
                ))  # fmt: skip
                if writer is not None:
                    writer.writerow(viasna_row(plan, csv_rng))
                    result.csv_rows += 1
            Person.objects.bulk_create(rows)
            names, cases, tags = [], [], []
            for plan, person in zip(chunk, rows, strict=True):
                pk = person.pk
                names.append((pk, "be", plan.name_be))
                names.append((pk, "ru", plan.name_ru))
                names.append((pk, "lat", plan.name_lat))
                for case in plan.prosecutions:
                    cases.append(Prosecution(
                        person_id=pk, detained_on=case.detained_on,
                        verdict_on=case.verdict_on, appeal_on=case.appeal_on,
                        court=case.court, judge=case.judge, counsel=case.counsel,
                        decision=case.decision, sentence_text=case.sentence_text,
                        sentence_kind=case.sentence_kind, term_months=case.term_months,
                        sentence_start=case.sentence_start,
                        expected_release=case.expected_release,
                    ))  # fmt: skip
                tags.extend((pk, tag_pk[slug]) for slug in plan.tags)
            Prosecution.objects.bulk_create(cases)
            _insert_rows(PersonName, ["person", "form", "text"], names)
            _insert_rows(
                NameKey,
                ["person", "key"],
                [
                    (row.person_id, row.key)
                    for plan, person in zip(chunk, rows, strict=True)
                    for row in services.name_key_rows(
                        person_id=person.pk,
                        texts=(plan.name, plan.name_be, plan.name_ru, plan.name_lat),
                    )
                ],
            )
            _insert_rows(person_tag, ["person", "tag"], tags)
            links, events = [], []
            case_iter = iter(cases)
            for plan, person in zip(chunk, rows, strict=True):
                case_pks = []
                for case in plan.prosecutions:
                    case_pk = next(case_iter).pk
                    case_pks.append(case_pk)
                    links.extend((case_pk, article_pk[n]) for n in case.articles)
                for event in plan.events:
                    events.append((
                        person.pk, event.kind, adapt_date(event.on),
                        facility_pk[event.facility] if event.facility else None,
                        case_pks[event.prosecution] if event.prosecution is not None else None,
                        event.description, event.release_reason, event.declaration_url,
                        source_pk[event.source], "", "",
                    ))  # fmt: skip
            _insert_rows(case_article, ["prosecution", "article"], links)
            _insert_rows(Event, EVENT_FIELDS, events)
            result.people += len(rows)
            result.names += len(names)
            result.prosecutions += len(cases)
            result.events += len(events)
            for person in rows:
                result.counts[person.custody] = result.counts.get(person.custody, 0) + 1
        # bulk_create stamps auto_now fields with the clock; the demo is dated by its seed.
        Person.objects.filter(is_demo=True).update(updated_at=REFERENCE_TIME)
        services.name_keys_mark_current()
        registry_version_bump()
    services.database_refresh_statistics()
    return result

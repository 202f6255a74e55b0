"""Import Viasna's list (CSV or JSON) into the registry.

The import is all or nothing: when any row is invalid nothing is written unless
the caller asks to skip invalid rows, and every invalid row is reported with its
row number, column and what is wrong. Each person is keyed by the list's own id
(``source_id``), so importing the same file again creates nothing new.

What the import owns: the person's listed fields, one prosecution (import key
"viasna") and the events it derives from the row (import keys "viasna:*").
Staff's own prosecutions, events and name forms are never touched.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from vestka import names
from vestka.registry import custody, merging, scripts, selectors, services, viasna
from vestka.registry.models import (
    Article,
    Country,
    Event,
    Facility,
    ImportRun,
    NameKey,
    Person,
    PersonName,
    PersonRedirect,
    Prosecution,
    Source,
    Tag,
)
from vestka.stats.services import registry_version_bump

FORMATS = {"viasna-csv": viasna.parse_viasna_csv, "json": viasna.parse_viasna_json}
IMPORT_KEY = "viasna"
PUBLISHER = "Viasna"
BATCH = 1000

# Long free text is compared through a digest so the snapshot stays small.
_DIGESTED_FIELDS = {"description", "penalty", "decision"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


@dataclass(frozen=True)
class Change:
    row: int
    source_id: str
    name: str
    action: str  # "create" | "update" | "unchanged" | "merged"
    fields: tuple[str, ...] = ()  # for updates: the columns whose value changed


# A new row this like an existing person is reported as a probable duplicate.
DUPLICATE_THRESHOLD = 0.9


@dataclass(frozen=True)
class Duplicate:
    """A new row that is probably a person already in the registry."""

    row: int
    source_id: str
    name: str
    person_id: int
    person_name: str
    person_source_id: str | None
    score: float
    reason: str
    # Certain: the same full name (with patronymic) and the same birth date, and the
    # person in the registry came from no list. The row then updates that person.
    certain: bool = False


@dataclass
class ImportReport:
    """What an import did (or, dry or refused, would do)."""

    total: int = 0
    errors: list[viasna.RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False
    refused: bool = False  # invalid rows and no skipping: nothing written
    new_facilities: list[str] = field(default_factory=list)
    new_articles: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def count(self, action: str) -> int:
        if self.refused:
            return 0
        return sum(1 for change in self.changes if change.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def merged(self) -> int:
        """Rows of people staff merged into another person: not imported again."""
        return self.count("merged")

    def as_dict(self, *, changes: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "errors": [asdict(error) for error in self.errors],
            "rows": self.total,
            "dry_run": self.dry_run,
            "refused": self.refused,
            "new_facilities": self.new_facilities,
            "new_articles": self.new_articles,
            "duplicates": [asdict(duplicate) for duplicate in self.duplicates],
        }
        if changes:
            data["changes"] = [asdict(change) for change in self.changes]
        return data


def snapshot(row: viasna.ParsedRow) -> dict[str, Any]:
    """The row as comparable JSON values: what the registry remembers of an import."""
    values = asdict(row)
    values.pop("row")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in _DIGESTED_FIELDS and value:
            value = "sha256:" + hashlib.sha256(value.encode()).hexdigest()
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
        out[key] = value
    return out


def viasna_import(
    *,
    data: bytes,
    fmt: str,
    country_code: str = "BY",
    dry_run: bool = False,
    skip_invalid: bool = False,
    import_run: ImportRun | None = None,
) -> ImportReport:
    """Import a Viasna list. Raises ImportFileError when the file cannot be read at all.

    Returns the report; with invalid rows and ``skip_invalid`` false, the report
    is ``refused`` and the database is exactly as it was.

    New rows whose name matches a person already in the registry are reported as
    probable duplicates and put in the staff's review queue; nothing is merged. Only
    a certain match (see ``Duplicate.certain``) makes the row update that person.
    """
    if fmt not in FORMATS:
        raise ImportFileError(f"Unknown format {fmt!r}; use one of: {', '.join(FORMATS)}.")
    try:
        country = Country.objects.get(code=country_code.upper())
    except Country.DoesNotExist:
        raise ImportFileError(f"Unknown country {country_code!r}.") from None
    try:
        parsed = FORMATS[fmt](data)
    except viasna.ViasnaFileError as error:
        raise ImportFileError(str(error)) from error

    report = ImportReport(total=parsed.total, errors=list(parsed.errors), dry_run=dry_run)
    snapshots = {row.source_id: snapshot(row) for row in parsed.rows}
    known = _known_people(snapshots)
    merged = _merged_people([source_id for source_id in snapshots if source_id not in known])
    for row in parsed.rows:
        snap = snapshots[row.source_id]
        previous = known.get(row.source_id)
        if row.source_id in merged:
            # Staff merged this person into another: the list's old id is not a new person.
            report.changes.append(Change(row.row, row.source_id, row.name, "merged"))
        elif previous is None:
            report.changes.append(Change(row.row, row.source_id, row.name, "create"))
        elif previous[1] == row.fingerprint():
            report.changes.append(Change(row.row, row.source_id, row.name, "unchanged"))
        else:
            changed = tuple(k for k in snap if previous[2].get(k) != snap[k])
            report.changes.append(Change(row.row, row.source_id, row.name, "update", changed))
    report.new_facilities = _new_facility_names(country, parsed.rows)
    report.new_articles = _new_article_numbers(country, parsed.rows)
    new_rows = [r for r in parsed.rows if r.source_id not in known and r.source_id not in merged]
    report.duplicates = _probable_duplicates(country, new_rows)
    for duplicate in report.duplicates:
        if duplicate.certain:
            _link(report, duplicate, snapshots, known)

    if parsed.errors and not skip_invalid:
        report.refused = True
        return report
    if dry_run:
        return report
    actions = {change.source_id: change.action for change in report.changes}
    with transaction.atomic():
        _Writer(country, snapshots).write(
            [r for r in parsed.rows if actions[r.source_id] == "create"],
            [r for r in parsed.rows if actions[r.source_id] == "update"],
            known,
        )
        _record_duplicates(report.duplicates, import_run=import_run)
        registry_version_bump()
    if report.created + report.updated >= services.STATISTICS_AFTER_ROWS:
        # Once the import is committed (at once when the caller holds no transaction):
        # the planner should count the rows it can see.
        transaction.on_commit(services.database_refresh_statistics, robust=True)
    return report


def _probable_duplicates(country: Country, rows: list[viasna.ParsedRow]) -> list[Duplicate]:
    """Existing people the new rows probably are, by name in any spelling and birth year."""
    if not rows or not Person.objects.filter(country=country).exists():
        return []
    matches = {
        row.source_id: [
            m
            for m in selectors.name_matches(query=row.name, limit=5)
            if m.score >= DUPLICATE_THRESHOLD
        ]
        for row in rows
    }
    ids = {m.person_id for found in matches.values() for m in found}
    people = (
        Person.objects.filter(country=country)
        .only("name", "source_id", "birth_year", "birth_date")
        .in_bulk(ids)
    )
    duplicates = []
    for row in rows:
        for match in matches[row.source_id]:
            person = people.get(match.person_id)
            if person is None:
                continue
            years = (row.birth_year, person.birth_year)
            if None not in years and years[0] != years[1]:
                continue  # born in different years: namesakes
            reason = _("name “%(row)s” is written “%(person)s” in the registry") % {
                "row": row.name,
                "person": match.name,
            }
            if None in years:
                reason += "; " + _("a birth year is missing")
            else:
                reason += "; " + _("both born in %(year)s") % {"year": row.birth_year}
            certain = (
                match.score == 1.0
                and len(names.words(row.name)) >= 3
                and person.source_id is None
                and row.birth_date is not None
                and row.birth_date == person.birth_date
            )
            if certain:
                reason += "; " + _("the same birth date")
            duplicates.append(
                Duplicate(
                    row=row.row,
                    source_id=row.source_id,
                    name=row.name,
                    person_id=person.pk,
                    person_name=person.name,
                    person_source_id=person.source_id,
                    score=match.score,
                    reason=str(reason),
                    certain=certain,
                )
            )
    return duplicates


def _link(
    report: ImportReport,
    duplicate: Duplicate,
    snapshots: dict[str, dict],
    known: dict[str, tuple[int, str, dict]],
) -> None:
    """Make a new row update the person it certainly is, who came from no list."""
    if duplicate.source_id in known:
        return  # the row already matched another certain person
    known[duplicate.source_id] = (duplicate.person_id, "", {})
    for i, change in enumerate(report.changes):
        if change.source_id == duplicate.source_id:
            fields = ("source_id", *snapshots[duplicate.source_id])
            report.changes[i] = Change(change.row, change.source_id, change.name, "update", fields)


def _record_duplicates(duplicates: list[Duplicate], *, import_run: ImportRun | None) -> None:
    """Put every uncertain duplicate in the staff's review queue."""
    uncertain = [d for d in duplicates if not d.certain]
    if not uncertain:
        return
    by_source_id = Person.objects.in_bulk([d.source_id for d in uncertain], field_name="source_id")
    others = Person.objects.in_bulk([d.person_id for d in uncertain])
    for duplicate in uncertain:
        person, other = by_source_id.get(duplicate.source_id), others.get(duplicate.person_id)
        if person is None or other is None or person.pk == other.pk:
            continue
        merging.duplicate_record(
            person=person,
            other=other,
            score=duplicate.score,
            reason=duplicate.reason,
            import_run=import_run,
        )


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _merged_people(source_ids: list[str]) -> set[str]:
    """The ids in the list of people staff have merged into another person."""
    merged: set[str] = set()
    for chunk in _chunks(source_ids, 500):
        merged.update(
            PersonRedirect.objects.filter(old_source_id__in=chunk).values_list(
                "old_source_id", flat=True
            )
        )
    return merged


def _known_people(snapshots: dict[str, dict]) -> dict[str, tuple[int, str, dict]]:
    known: dict[str, tuple[int, str, dict]] = {}
    for chunk in _chunks(list(snapshots), 500):
        for pk, source_id, fp, snap in Person.objects.filter(source_id__in=chunk).values_list(
            "pk", "source_id", "import_fingerprint", "import_snapshot"
        ):
            if source_id:
                known[source_id] = (pk, fp, snap or {})
    return known


def facility_key(name: str) -> str:
    """How facility names are compared: case, punctuation and "No."/"№" ignored."""
    text = name.casefold().replace("№", " ")
    text = re.sub(r"\bno\.?(?=\s*\d)", " ", text)
    return re.sub(r"[\W_]+", "", text)


class FacilityDirectory:
    """The country's facilities, found by any of their names or by their address.

    Lists name one facility many ways ("ИК-4", "Penal colony No. 4", "Исправительная
    колония № 4"); a name not seen before still finds the facility when the full postal
    address (with its postal code) is the same, and is then kept as one more name.
    """

    def __init__(self, country: Country):
        self.by_name: dict[str, Facility] = {}
        self.by_address: dict[str, Facility] = {}
        for facility in Facility.objects.filter(country=country).order_by("pk"):
            self.add(facility)

    @staticmethod
    def names_of(facility: Facility) -> Iterable[str]:
        yield from (facility.name_en, facility.name_be, facility.name_ru)
        yield from facility.aliases.splitlines()

    @staticmethod
    def address_key(postal_code: str, lines: Iterable[str]) -> str:
        return facility_key(" ".join(lines)) if postal_code else ""

    def add(self, facility: Facility) -> None:
        for name in self.names_of(facility):
            if name.strip():
                self.by_name.setdefault(facility_key(name), facility)
        key = self.address_key(facility.postal_code, facility.address_lines)
        if key:
            self.by_address.setdefault(key, facility)

    def find(self, parsed: viasna.ParsedFacility) -> tuple[Facility | None, bool]:
        """The facility the cell names, and whether it was found by address only."""
        facility = self.by_name.get(facility_key(parsed.name))
        if facility is not None:
            return facility, False
        key = self.address_key(parsed.postal_code, parsed.address_lines)
        facility = self.by_address.get(key) if key else None
        return facility, facility is not None


def _new_facility_names(country: Country, rows: list[viasna.ParsedRow]) -> list[str]:
    directory = FacilityDirectory(country)
    new: dict[str, str] = {}
    for row in rows:
        if row.facility and directory.find(row.facility)[0] is None:
            new.setdefault(facility_key(row.facility.name), row.facility.name)
            directory.add(new_facility(country, row.facility))
    return list(new.values())


def new_facility(country: Country, parsed: viasna.ParsedFacility) -> Facility:
    """An unsaved facility as a list cell describes it, its address not yet verified."""
    return Facility(
        country=country,
        kind=facility_kind_for(parsed.name),
        address="\n".join(parsed.address_lines),
        postal_code=parsed.postal_code,
        region=services.region_for_postal_code(
            country_code=country.code, postal_code=parsed.postal_code
        ),
        # Taken from the list as written: an editor checks it before it is trusted.
        address_verified=False,
        **{f"name_{scripts.text_language(parsed.name)}": parsed.name},
    )


def _new_article_numbers(country: Country, rows: list[viasna.ParsedRow]) -> list[str]:
    known = set(Article.objects.filter(country=country).values_list("number", flat=True))
    new: dict[str, None] = {}
    for row in rows:
        for number in row.articles:
            if number not in known:
                new.setdefault(number)
    return list(new)


_FACILITY_KINDS = [
    (re.compile(r"сiза|сізо|сизо|pre-?trial|следственн|следчы", re.I), Facility.Kind.PRETRIAL),
    (re.compile(r"ивс|ізс|цип|ціп|temporary|изолятор временного", re.I), Facility.Kind.TEMPORARY),
    (re.compile(r"колони|калоні|ик-|ік-|penal colony|colony", re.I), Facility.Kind.PENAL_COLONY),
    (re.compile(r"турма|тюрьма|prison", re.I), Facility.Kind.PRISON),
    (
        re.compile(r"ИУОТ|ВУАТ|исправительное учреждение открытого|correctional", re.I),
        Facility.Kind.CORRECTIONAL_FACILITY,
    ),
    (re.compile(r"больниц|бальніц|hospital|медицин", re.I), Facility.Kind.MEDICAL),
]


def facility_kind_for(name: str) -> str:
    for pattern, kind in _FACILITY_KINDS:
        if pattern.search(name):
            return kind
    return Facility.Kind.OTHER


@dataclass
class _PersonRecord:
    """Everything the import writes for one row, before it has database ids."""

    row: viasna.ParsedRow
    person: dict[str, Any]
    names: list[tuple[str, str]]
    prosecution: dict[str, Any]
    article_ids: list[int]
    tag_ids: list[int]
    events: list[dict[str, Any]]  # Event fields, "import_key" included, no person/prosecution


class _Writer:
    def __init__(self, country: Country, snapshots: dict[str, dict]):
        self.country = country
        self.snapshots = snapshots
        self.facilities = FacilityDirectory(country)
        self.articles = dict(Article.objects.filter(country=country).values_list("number", "pk"))
        self.tags = dict(Tag.objects.values_list("slug", "pk"))
        self.today = timezone.localdate()

    # --- reference records -------------------------------------------------

    def _facility(self, parsed: viasna.ParsedFacility) -> Facility:
        facility, by_address = self.facilities.find(parsed)
        if facility is not None:
            if by_address:
                facility.aliases = "\n".join(filter(None, [facility.aliases, parsed.name]))
                facility.save(update_fields=["aliases"])
                self.facilities.add(facility)
            return facility
        facility = new_facility(self.country, parsed)
        facility.save()
        self.facilities.add(facility)
        return facility

    def _article_id(self, number: str) -> int:
        if number not in self.articles:
            article = Article(country=self.country, number=number)
            article.save()
            self.articles[number] = article.pk
        return self.articles[number]

    def _tag_id(self, name: str) -> int:
        slug = slugify(name, allow_unicode=True)[:100] or "tag"
        if slug not in self.tags:
            language = scripts.text_language(name)
            tag, _created = Tag.objects.get_or_create(
                slug=slug, defaults={"name_en": name[:100], f"name_{language}": name[:100]}
            )
            self.tags[slug] = tag.pk
        return self.tags[slug]

    def _sources(self, rows: list[viasna.ParsedRow]) -> dict[str, Source]:
        urls = {row.url for row in rows if row.url}
        sources: dict[str, Source] = {}
        for chunk in _chunks(sorted(urls), 500):
            for source in Source.objects.filter(url__in=chunk, publisher=PUBLISHER):
                sources.setdefault(source.url, source)
        missing = [Source(url=u, publisher=PUBLISHER) for u in sorted(urls - set(sources))]
        for source in Source.objects.bulk_create(missing, batch_size=BATCH):
            sources[source.url] = source
        return sources

    # --- one row -----------------------------------------------------------

    def record(self, row: viasna.ParsedRow, source: Source | None) -> _PersonRecord:
        snap = self.snapshots[row.source_id]
        person = {
            "name": row.name,
            "source_url": row.url,
            "gender": row.gender,
            "birth_date": row.birth_date,
            "birth_year": row.birth_year,
            "photo_source_url": row.photo_url,
            "on_terrorist_list": row.on_terrorist_list,
            "import_fingerprint": row.fingerprint(),
            "import_snapshot": snap,
        }
        if row.description:
            person[f"biography_{scripts.text_language(row.description)}"] = row.description
        active = row.status == "active"
        prosecution = {
            "detained_on": row.arrested,
            "verdict_on": row.verdict_date,
            "appeal_on": row.appeal_date,
            "judge": row.judge[:300],
            "counsel": row.counsel[:300],
            "decision": row.decision,
            "sentence_text": row.penalty,
            "sentence_kind": row.sentence_kind,
            "term_months": row.term_months,
            "sentence_start": row.penalty_start,
            "expected_release": row.release_date if active else None,
        }
        events = self._events(row, source)
        return _PersonRecord(
            row=row,
            person=person,
            names=[(scripts.name_form(row.name), row.name)],
            prosecution=prosecution,
            article_ids=[self._article_id(n) for n in row.articles],
            tag_ids=sorted({self._tag_id(name) for name in row.clusters}),
            events=events,
        )

    def _events(self, row: viasna.ParsedRow, source: Source | None) -> list[dict[str, Any]]:
        def event(key: str, kind: str, on: date | None, **extra) -> dict[str, Any]:
            return {
                "import_key": f"{IMPORT_KEY}:{key}",
                "kind": kind,
                "date": on,
                "source": source,
                **extra,
            }

        events = []
        recognised = row.status in {"active", "former"}
        died_in_custody = row.died and (
            row.status == "active"
            or row.release_date is None
            or (row.died_on is not None and row.died_on <= row.release_date)
        )
        if row.arrested or row.status == "active":
            events.append(event("detained", custody.DETAINED, row.arrested))
        if recognised:
            events.append(
                event(
                    "recognised",
                    custody.RECOGNISED,
                    None,
                    declaration_url=row.declaration_url[:500],
                )
            )
        if row.verdict_date or row.penalty:
            events.append(
                event(
                    "sentenced", custody.SENTENCED, row.verdict_date, description=row.penalty[:2000]
                )
            )
        if row.facility:
            events.append(
                event(
                    "facility",
                    custody.TRANSFERRED,
                    None,
                    facility=self._facility(row.facility),
                    description="Held here according to the imported list.",
                )
            )
        if died_in_custody:
            events.append(event("died", custody.DIED_IN_CUSTODY, row.died_on))
        else:
            released = (
                row.status == "former"
                or row.prison_says_released
                or (
                    row.release_date is not None
                    and row.release_date <= self.today
                    and row.status != "active"
                )
            )
            if released:
                events.append(event("released", custody.RELEASED, row.release_date))
            if row.died:
                events.append(event("died", custody.DIED, row.died_on))
        return events

    # --- writing -----------------------------------------------------------

    def write(self, new_rows, changed_rows, known) -> None:
        for chunk in _chunks(new_rows):
            sources = self._sources(chunk)
            self._create([self.record(r, sources.get(r.url)) for r in chunk])
        for chunk in _chunks(changed_rows, 200):
            sources = self._sources(chunk)
            for row in chunk:
                self._update(known[row.source_id][0], self.record(row, sources.get(row.url)))

    def _create(self, records: list[_PersonRecord]) -> None:
        people = []
        for rec in records:
            person = Person(country=self.country, source_id=rec.row.source_id, **rec.person)
            derived = custody.derive_custody(
                custody.EventFact(e["kind"], e["date"], getattr(e.get("facility"), "pk", None))
                for e in rec.events
            )
            services.person_apply_custody(person=person, derived=derived)
            people.append(person)
        # Both supported databases (PostgreSQL, SQLite 3.35+) return the new ids here.
        people = bulk_create_with_history(people, Person, batch_size=BATCH)
        PersonName.objects.bulk_create(
            [
                PersonName(person=p, form=form, text=text)
                for p, rec in zip(people, records, strict=True)
                for form, text in rec.names
            ],
            batch_size=BATCH,
        )
        NameKey.objects.bulk_create(
            [
                row
                for p, rec in zip(people, records, strict=True)
                for row in services.name_key_rows(
                    person_id=p.pk, texts=[p.name, *(text for _form, text in rec.names)]
                )
            ],
            batch_size=BATCH,
        )
        prosecutions = bulk_create_with_history(
            [
                Prosecution(person=p, import_key=IMPORT_KEY, **rec.prosecution)
                for p, rec in zip(people, records, strict=True)
            ],
            Prosecution,
            batch_size=BATCH,
        )
        Prosecution.articles.through.objects.bulk_create(
            [
                Prosecution.articles.through(prosecution_id=pr.pk, article_id=article_id)
                for pr, rec in zip(prosecutions, records, strict=True)
                for article_id in rec.article_ids
            ],
            batch_size=BATCH,
        )
        Person.tags.through.objects.bulk_create(
            [
                Person.tags.through(person_id=p.pk, tag_id=tag_id)
                for p, rec in zip(people, records, strict=True)
                for tag_id in rec.tag_ids
            ],
            batch_size=BATCH,
        )
        bulk_create_with_history(
            [
                Event(person=p, prosecution=pr, **e)
                for p, pr, rec in zip(people, prosecutions, records, strict=True)
                for e in rec.events
            ],
            Event,
            batch_size=BATCH,
        )

    def _update(self, person_id: int, rec: _PersonRecord) -> None:
        person = Person.objects.get(pk=person_id)
        if person.source_id is None:
            person.source_id = rec.row.source_id  # the row certainly is this person
        for key, value in rec.person.items():
            setattr(person, key, value)
        person.save()
        for form, text in rec.names:
            PersonName.objects.get_or_create(person=person, form=form, text=text)
        services.person_refresh_name_keys(person=person)
        prosecution, _created = Prosecution.objects.update_or_create(
            person=person, import_key=IMPORT_KEY, defaults=rec.prosecution
        )
        prosecution.articles.set(rec.article_ids)
        person.tags.add(*rec.tag_ids)
        owned = {
            e.import_key: e for e in person.events.filter(import_key__startswith=f"{IMPORT_KEY}:")
        }
        for values in rec.events:
            existing = owned.pop(values["import_key"], None)
            if existing is None:
                Event.objects.create(person=person, prosecution=prosecution, **values)
                continue
            if any(getattr(existing, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(existing, key, value)
                existing.save()
        for stale in owned.values():
            stale.delete()  # the history keeps what it said
        services.person_refresh_custody(person=person)

"""Backups: the whole of an installation in one file, restorable into a fresh database.

A backup is a gzipped tar archive whose first member is ``manifest.json``: the format's
version, when it was made and by which Vestka, the database it came from, the migrations
applied there, and for every table its columns, row count and SHA-256, for every file
its size and SHA-256. Then ``tables/<table>.jsonl`` (one JSON array a row, in the
manifest's column order, by primary key), ``media/…`` (photos and other uploads) and
``private/…`` (reply scans; not the printed batches, which the worker prints again from
the database when they are asked for).

Rows are read and written through the models' own fields as the database's applied
migrations define them, so they are database-neutral: a backup of the embedded SQLite
database restores into PostgreSQL (the way to move an installation that has grown), and
a backup made by an older Vestka restores into a newer one (the migrations since then
run on the restored rows).

Not in a backup, on purpose: ``VESTKA_EMAIL_KEYS`` and ``SECRET_KEY``. A sender's email
sealed in the database opens only with its key; kept apart from the backups, the keys
make a stolen backup hold no readable email. ``vestka restore`` says when the keys it
has do not open the restored emails.

Restoring checks the whole archive first (every checksum, every path, every table's
columns against the migrations), and only then writes: into an empty database (no
tables; ``replace=True`` drops what is there first), all rows in one transaction, and
the files into empty folders. A failure part-way leaves the database empty again and
the folders as they were.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import gzip
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps.registry import Apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_iso_string
from django.utils.timezone import now

FORMAT = "vestka-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK_ROWS = 2000
SNAPSHOT_ALIAS = "vestka_backup_snapshot"
# The folders a backup carries, by their name in the archive.
FOLDERS = ("media", "private")

Migration = tuple[str, str]


class BackupRefused(ValueError):
    """A backup that cannot be made, read or restored; the message says what and where."""


@dataclass
class TableEntry:
    table: str
    model: str
    columns: list[str]
    rows: int = 0
    sha256: str = ""

    @property
    def member(self) -> str:
        return f"tables/{self.table}.jsonl"


@dataclass
class FileEntry:
    member: str
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    vestka_version: str
    vendor: str
    migrations: list[Migration]
    tables: list[TableEntry] = field(default_factory=list)
    files: list[FileEntry] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": self.created_at,
            "vestka_version": self.vestka_version,
            "database": {"vendor": self.vendor},
            "migrations": [list(m) for m in self.migrations],
            "tables": [
                {
                    "table": t.table,
                    "model": t.model,
                    "columns": t.columns,
                    "rows": t.rows,
                    "sha256": t.sha256,
                }
                for t in self.tables
            ],
            "files": [{"member": f.member, "size": f.size, "sha256": f.sha256} for f in self.files],
        }

    @property
    def row_count(self) -> int:
        return sum(t.rows for t in self.tables)


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int
    migrations_applied_after: int
    emails_open: bool | None  # None: the backup holds no sealed email

    def as_dict(self) -> dict[str, Any]:
        return {
            "tables": self.tables,
            "rows": self.rows,
            "files": self.files,
            "migrations_applied_after": self.migrations_applied_after,
            "emails_open": self.emails_open,
        }


# --- values in and out of JSON --------------------------------------------------------------


def _to_json(value: Any) -> Any:
    """A column value as JSON, losing nothing a field's to_python cannot read back."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _row_line(row: Iterable[Any]) -> bytes:
    return (json.dumps([_to_json(v) for v in row], ensure_ascii=False) + "\n").encode()


def _db_value(model_field: models.Field, value: Any, connection: BaseDatabaseWrapper) -> Any:
    if value is None:
        return None
    if isinstance(model_field, models.JSONField):
        return model_field.get_db_prep_save(value, connection)
    return model_field.get_db_prep_save(model_field.to_python(value), connection)


# --- what the database holds ---------------------------------------------------------------


def _applied_leaves(connection: BaseDatabaseWrapper) -> list[Migration]:
    """The last applied migration of each app (those no other applied one builds on)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = {key for key in loader.applied_migrations if key in loader.graph.nodes}
    leaves = [
        key
        for key in applied
        if not any(
            child.key in applied and child.key[0] == key[0]
            for child in loader.graph.node_map[key].children
        )
    ]
    return sorted(leaves)


def _models_at(migrations: list[Migration], connection: BaseDatabaseWrapper) -> Apps:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    unknown = [m for m in migrations if m not in loader.graph.nodes]
    if unknown:
        raise BackupRefused(
            "This Vestka does not know the migrations "
            + ", ".join(f"{app}.{name}" for app, name in unknown)
            + ": the backup was made by a newer version. Restore it with that version."
        )
    return loader.project_state(migrations, at_end=True).apps


def _concrete_models(model_apps: Apps) -> list[type[models.Model]]:
    found = [
        model
        for model in model_apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def _columns(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields]


# --- making a backup -----------------------------------------------------------------------


def backup_write(*, out: IO[bytes], include_files: bool = True) -> Manifest:
    """Write a backup of the default database (one consistent snapshot) and, unless
    ``include_files`` is false, of the media and private folders, to ``out``."""
    connection = connections[DEFAULT_DB_ALIAS]
    migrations = _applied_leaves(connection)
    if not migrations:
        raise BackupRefused("The database has no migrations applied: run `vestka init` first.")
    manifest = Manifest(
        created_at=now().isoformat(timespec="seconds"),
        vestka_version=importlib.metadata.version("vestka"),
        vendor=connection.vendor,
        migrations=migrations,
    )
    with tempfile.TemporaryDirectory(prefix="vestka-backup-") as scratch:
        dumps = Path(scratch)
        with _snapshot(connection, dumps) as alias:
            for model in _concrete_models(_models_at(migrations, connections[alias])):
                manifest.tables.append(_dump_table(model, alias, dumps))
        if include_files:
            manifest.files = list(_file_entries())
        _write_archive(out, manifest, dumps)
    return manifest


class _snapshot:
    """A read-only view of the whole database at one moment, as a connection alias.

    SQLite: a copy made with SQLite's online backup (readers and writers go on meanwhile),
    opened as a second database. PostgreSQL: one REPEATABLE READ transaction."""

    def __init__(self, connection: BaseDatabaseWrapper, scratch: Path):
        self.connection, self.scratch = connection, scratch
        self.atomic: Any = None

    def __enter__(self) -> str:
        if self.connection.vendor == "sqlite":
            copy = self.scratch / "snapshot.sqlite3"
            source = sqlite3.connect(self.connection.settings_dict["NAME"])
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
            connections.settings[SNAPSHOT_ALIAS] = {
                **connections.settings[DEFAULT_DB_ALIAS],
                "NAME": str(copy),
                "OPTIONS": {},
            }
            return SNAPSHOT_ALIAS
        # Inside a transaction already (a caller's), that transaction is the snapshot.
        outermost = not self.connection.in_atomic_block
        self.atomic = transaction.atomic(using=self.connection.alias)
        self.atomic.__enter__()
        if outermost:
            with self.connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return self.connection.alias

    def __exit__(self, *exc: object) -> None:
        if self.atomic is not None:
            self.atomic.__exit__(*exc)
            return
        connections[SNAPSHOT_ALIAS].close()
        del connections[SNAPSHOT_ALIAS]
        del connections.settings[SNAPSHOT_ALIAS]


def _dump_table(model: type[models.Model], alias: str, dumps: Path) -> TableEntry:
    columns = _columns(model)
    entry = TableEntry(
        table=model._meta.db_table,
        model=model._meta.label,
        columns=[f.column for f in columns],
    )
    digest = hashlib.sha256()
    rows = (
        model._base_manager.using(alias)
        .order_by("pk")
        .values_list(*[f.attname for f in columns])
        .iterator(chunk_size=CHUNK_ROWS)
    )
    with open(dumps / f"{entry.table}.jsonl", "wb") as dump:
        for row in rows:
            line = _row_line(row)
            digest.update(line)
            dump.write(line)
            entry.rows += 1
    entry.sha256 = digest.hexdigest()
    return entry


def _folders() -> dict[str, Path]:
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(storages["private"].location),  # type: ignore[attr-defined]
    }


def _not_backed_up() -> set[Path]:
    """Folders whose files a backup leaves out: printed batches (``letters.batch_pdfs``)
    hold letter texts, are printed again from the database byte for byte, and are kept
    only until their batch is posted, far shorter than a backup is."""
    from vestka.letters.batch_pdfs import folder

    return {folder()}


def _file_entries() -> Iterator[FileEntry]:
    left_out = _not_backed_up()
    for name, root in _folders().items():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            if any(path.is_relative_to(folder) for folder in left_out):
                continue
            yield FileEntry(
                member=f"{name}/{path.relative_to(root).as_posix()}",
                size=path.stat().st_size,
                sha256=_file_sha256(path),
            )


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_archive(out: IO[bytes], manifest: Manifest, dumps: Path) -> None:
    folders = _folders()
    with tarfile.open(fileobj=out, mode="w|gz", format=tarfile.PAX_FORMAT) as archive:
        body = json.dumps(manifest.as_dict(), ensure_ascii=False, indent=1).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(body), 0, 0o600
        archive.addfile(info, io.BytesIO(body))
        for table in manifest.tables:
            archive.add(dumps / f"{table.table}.jsonl", arcname=table.member, filter=_plain)
        for entry in manifest.files:
            folder, _, relative = entry.member.partition("/")
            archive.add(folders[folder] / relative, arcname=entry.member, filter=_plain)


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """No owner names or ids of this machine in the archive."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


# --- reading and checking a backup ---------------------------------------------------------


def backup_verify(*, path: Path) -> Manifest:
    """Read the whole backup and check it against its manifest: every member named there
    and nothing else, every checksum and row count, no path leaving its folder. Returns
    the manifest; raises BackupRefused saying what is wrong and where."""
    with _open(path) as archive:
        manifest = _read_manifest(path, archive)
        expected: dict[str, tuple[str, int | None]] = {
            t.member: (t.sha256, t.rows) for t in manifest.tables
        }
        expected.update({f.member: (f.sha256, None) for f in manifest.files})
        seen = set()
        for info in archive:
            if info.name == MANIFEST:  # a stream's iteration yields the member read first again
                continue
            if info.name not in expected:
                raise BackupRefused(
                    f"{path}: {info.name!r} is in the archive but not in its manifest."
                )
            if not info.isfile():
                raise BackupRefused(f"{path}: {info.name!r} is not a plain file.")
            sha256, rows = expected[info.name]
            digest, lines = hashlib.sha256(), 0
            source = archive.extractfile(info)
            assert source is not None
            while block := source.read(1 << 20):
                digest.update(block)
                lines += block.count(b"\n")
            if digest.hexdigest() != sha256:
                raise BackupRefused(
                    f"{path}: {info.name} is damaged (its SHA-256 differs from the manifest's)."
                )
            if rows is not None and lines != rows:
                raise BackupRefused(
                    f"{path}: {info.name} has {lines} rows; the manifest says {rows}."
                )
            seen.add(info.name)
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupRefused(f"{path}: the archive lacks {', '.join(missing[:5])}.")
    return manifest


class _open:
    def __init__(self, path: Path):
        self.path = path
        self.archive: tarfile.TarFile | None = None

    def __enter__(self) -> tarfile.TarFile:
        try:
            self.archive = tarfile.open(self.path, mode="r|gz")
        except FileNotFoundError:
            raise BackupRefused(f"{self.path}: no such file.") from None
        except (tarfile.TarError, gzip.BadGzipFile, EOFError, OSError) as error:
            raise BackupRefused(f"{self.path}: not a Vestka backup ({error}).") from None
        return self.archive

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        assert self.archive is not None
        self.archive.close()
        if isinstance(error, tarfile.TarError | EOFError | gzip.BadGzipFile | zlib.error):
            raise BackupRefused(f"{self.path}: the archive is cut short or damaged ({error}).")


def _read_manifest(path: Path, archive: tarfile.TarFile) -> Manifest:
    first = archive.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise BackupRefused(f"{path}: not a Vestka backup (it does not begin with {MANIFEST}).")
    source = archive.extractfile(first)
    assert source is not None
    try:
        data = json.loads(source.read(16 << 20))
    except ValueError as error:
        raise BackupRefused(f"{path}: {MANIFEST} is not JSON ({error}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupRefused(f"{path}: {MANIFEST} is not a Vestka backup's manifest.")
    if data.get("version") != FORMAT_VERSION:
        raise BackupRefused(
            f"{path}: backup format {data.get('version')!r}; this Vestka reads format "
            f"{FORMAT_VERSION}."
        )
    try:
        manifest = Manifest(
            created_at=str(data["created_at"]),
            vestka_version=str(data["vestka_version"]),
            vendor=str(data["database"]["vendor"]),
            migrations=[(str(app), str(name)) for app, name in data["migrations"]],
            tables=[
                TableEntry(
                    table=str(t["table"]),
                    model=str(t["model"]),
                    columns=[str(c) for c in t["columns"]],
                    rows=int(t["rows"]),
                    sha256=str(t["sha256"]),
                )
                for t in data["tables"]
            ],
            files=[
                FileEntry(member=str(f["member"]), size=int(f["size"]), sha256=str(f["sha256"]))
                for f in data["files"]
            ],
        )
    except (KeyError, TypeError, ValueError) as error:
        raise BackupRefused(f"{path}: {MANIFEST} is incomplete ({error!r}).") from None
    for entry in manifest.files:
        _check_member_path(path, entry.member)
    return manifest


def _check_member_path(path: Path, member: str) -> None:
    parts = PurePosixPath(member).parts
    if (
        len(parts) < 2
        or parts[0] not in FOLDERS
        or member.startswith("/")
        or any(part in ("", ".", "..") for part in parts)
        or "\\" in member
    ):
        raise BackupRefused(f"{path}: the file {member!r} would be written outside its folder.")


# --- restoring -----------------------------------------------------------------------------


def backup_restore(*, path: Path, replace: bool = False) -> RestoreReport:
    """Restore a backup into the default database and the media and private folders.

    The database must have no tables and the folders no files, unless ``replace`` is
    true: then what is there is deleted first. The archive is checked whole before
    anything is written."""
    manifest = backup_verify(path=path)
    connection = connections[DEFAULT_DB_ALIAS]
    model_apps = _models_at(manifest.migrations, connection)
    by_table = {m._meta.db_table: m for m in _concrete_models(model_apps)}
    _check_tables(path, manifest, by_table)
    folders = _folders()
    _check_empty(connection, folders, replace=replace)
    if replace:
        _drop_tables(connection)
        for root in folders.values():
            _empty_folder(root)

    staged = _stage_files(path, manifest, folders)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(manifest.migrations)
        with transaction.atomic(using=connection.alias):
            _load_rows(path, manifest, by_table, connection)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(by_table.values())):
                cursor.execute(statement)
    except Exception:
        connection.close()
        _drop_tables(connections[DEFAULT_DB_ALIAS])
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    applied_before = len(MigrationRecorder(connection).applied_migrations())
    call_command("migrate", interactive=False, verbosity=0)
    applied_after = len(MigrationRecorder(connection).applied_migrations()) - applied_before
    for name, staging in staged.items():
        _move_into(staging, folders[name])
    return RestoreReport(
        tables=len(manifest.tables),
        rows=manifest.row_count,
        files=len(manifest.files),
        migrations_applied_after=applied_after,
        emails_open=_emails_open(),
    )


def _check_tables(path: Path, manifest: Manifest, by_table: dict[str, type[models.Model]]) -> None:
    for entry in manifest.tables:
        model = by_table.get(entry.table)
        if model is None:
            raise BackupRefused(
                f"{path}: table {entry.table} ({entry.model}) has no model at the backup's "
                "migrations."
            )
        columns = [f.column for f in _columns(model)]
        if columns != entry.columns:
            raise BackupRefused(
                f"{path}: table {entry.table} has columns {entry.columns}; at the backup's "
                f"migrations it has {columns}."
            )


def _check_empty(
    connection: BaseDatabaseWrapper, folders: dict[str, Path], *, replace: bool
) -> None:
    if replace:
        return
    tables = connection.introspection.table_names()
    if tables:
        raise BackupRefused(
            f"The database already has {len(tables)} tables. Restore into an empty database, "
            "or pass --replace to delete everything in it first."
        )
    for name, root in folders.items():
        if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
            raise BackupRefused(
                f"The {name} folder {root} already holds files. Restore into empty folders, "
                "or pass --replace to delete them first."
            )


def _drop_tables(connection: BaseDatabaseWrapper) -> None:
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            suffix = " CASCADE" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}{suffix}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = ON")


def _empty_folder(root: Path) -> None:
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _load_rows(
    path: Path,
    manifest: Manifest,
    by_table: dict[str, type[models.Model]],
    connection: BaseDatabaseWrapper,
) -> None:
    quote = connection.ops.quote_name
    entries = {t.member: t for t in manifest.tables}
    with connection.cursor() as cursor:
        # The rows the migrations made (reference data, permissions) give way to the backup's.
        for table in manifest.tables:
            cursor.execute(f"DELETE FROM {quote(table.table)}")
        with _open(path) as archive:
            for info in archive:
                entry = entries.get(info.name)
                if entry is None:
                    continue
                columns = _columns(by_table[entry.table])
                sql = "INSERT INTO {} ({}) VALUES ({})".format(
                    quote(entry.table),
                    ", ".join(quote(f.column) for f in columns),
                    ", ".join(["%s"] * len(columns)),
                )
                source = archive.extractfile(info)
                assert source is not None
                chunk: list[list[Any]] = []
                for number, line in enumerate(source, start=1):
                    values = json.loads(line)
                    if len(values) != len(columns):
                        raise BackupRefused(
                            f"{path}: {info.name} row {number} has {len(values)} values for "
                            f"{len(columns)} columns."
                        )
                    chunk.append(
                        [_db_value(f, v, connection) for f, v in zip(columns, values, strict=True)]
                    )
                    if len(chunk) == CHUNK_ROWS:
                        cursor.executemany(sql, chunk)
                        chunk = []
                if chunk:
                    cursor.executemany(sql, chunk)


def _stage_files(path: Path, manifest: Manifest, folders: dict[str, Path]) -> dict[str, Path]:
    """The backup's files, written beside their folders first, to be moved in once the
    database is restored."""
    staged: dict[str, Path] = {}
    if not manifest.files:
        return staged
    wanted = {f.member for f in manifest.files}
    with _open(path) as archive:
        for info in archive:
            if info.name not in wanted:
                continue
            name, _, relative = info.name.partition("/")
            if name not in staged:
                folders[name].parent.mkdir(parents=True, exist_ok=True)
                staged[name] = Path(
                    tempfile.mkdtemp(prefix=f".{name}-restore-", dir=folders[name].parent)
                )
                if name == "media":
                    staged[name].chmod(0o755)
            # Public uploads may be served by a reverse proxy; reply scans by Vestka alone.
            file_mode, folder_mode = (0o644, 0o755) if name == "media" else (0o600, 0o700)
            target = staged[name] / relative
            target.parent.mkdir(parents=True, exist_ok=True, mode=folder_mode)
            source = archive.extractfile(info)
            assert source is not None
            with open(target, "wb") as out:
                shutil.copyfileobj(source, out)
            os.chmod(target, file_mode)
    return staged


def _move_into(staging: Path, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for child in staging.iterdir():
        shutil.move(str(child), str(root / child.name))
    staging.rmdir()


def _emails_open() -> bool | None:
    """Whether the keys this Vestka has open a restored sender's email."""
    from vestka.letters import sealing
    from vestka.letters.models import Letter

    sealed = (
        Letter.objects.exclude(sender_email_sealed="")
        .values_list("sender_email_sealed", flat=True)
        .first()
    )
    if not sealed:
        return None
    try:
        sealing.unseal(sealed)
    except sealing.SealBroken:
        return False
    return True

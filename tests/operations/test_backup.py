"""`vestka backup` and `vestka restore`: a backup restored into a fresh database holds
every row of every table and every file, on SQLite and on PostgreSQL and from one to
the other; a damaged or foreign archive is refused before anything is written.

The round trips run `vestka` in subprocesses against databases of their own (temporary
SQLite files, or scratch PostgreSQL databases when the suite runs on PostgreSQL), as an
operator would."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from tests.operations.conftest import ON_POSTGRES, SRC, VENDORS, vestka
from vestka.operations.backup import MANIFEST, BackupRefused, backup_restore, backup_verify

PHOTO = b"\xff\xd8\xff fictional photo bytes"
SCAN = b"\x89PNG fictional reply scan"
PRINTED = b"%PDF-1.3 fictional printed batch"


@pytest.fixture(scope="module")
def installations(tmp_path_factory, new_database):
    """One installation per vendor with a fictional registry, letters, a staff account
    and files, and its backup."""
    made = {}
    for vendor in VENDORS:
        var = tmp_path_factory.mktemp(f"var-{vendor}")
        url = new_database(vendor)
        vestka("init", url=url, var=var)
        vestka("demo", "--people", "80", "--seed", "7", url=url, var=var)
        vestka("demo_staff", url=url, var=var)
        (var / "media" / "photos").mkdir(parents=True)
        (var / "media" / "photos" / "person-1.jpg").write_bytes(PHOTO)
        (var / "private" / "replies" / "2026").mkdir(parents=True)
        (var / "private" / "replies" / "2026" / "reply-1.png").write_bytes(SCAN)
        # A batch's stored PDF holds letters: printed again from the database, never backed up.
        (var / "private" / "batches").mkdir()
        (var / "private" / "batches" / f"batch-1-{'0' * 64}.pdf").write_bytes(PRINTED)
        archive = var.parent / f"{vendor}-backup.tar.gz"
        vestka("backup", "-o", str(archive), url=url, var=var)
        made[vendor] = {"url": url, "var": var, "backup": archive}
    return made


def tables(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, raw from the database, in a stable order. When a
    migration was recorded is the one thing a restore may change."""
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        names = [
            row[0]
            for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        ]
        query = db.execute
    else:
        import psycopg

        db = psycopg.connect(url)
        names = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]
        query = db.execute
    rows = {}
    for name in names:
        columns = "app, name" if name == "django_migrations" else "*"
        rows[name] = sorted(query(f'SELECT {columns} FROM "{name}"').fetchall(), key=repr)
    db.close()
    return rows


def files(var: Path) -> dict[str, bytes]:
    """The files a backup carries: media and private files, but not printed batches."""
    return {
        str(path.relative_to(var)): path.read_bytes()
        for folder in ("media", "private")
        for path in sorted((var / folder).rglob("*"))
        if path.is_file() and not path.is_relative_to(var / "private" / "batches")
    }


def backed_up_rows(archive: Path) -> dict[str, list[str]]:
    """Each table's rows as a backup holds them, with JSON objects' keys in one order
    (PostgreSQL's jsonb keeps keys in an order of its own)."""
    backup_verify(path=archive)
    return {
        info.name: [json.dumps(json.loads(line), sort_keys=True) for line in data.splitlines()]
        for info, data in members(archive)
        if info.name.startswith("tables/")
    }


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_restored_backup_holds_every_row_of_every_table_and_every_file(
    vendor, installations, new_database, tmp_path
):
    source = installations[vendor]
    url, var = new_database(vendor), tmp_path / "var"
    report = json.loads(vestka("restore", str(source["backup"]), "--json", url=url, var=var))
    assert report["rows"] > 1000 and report["files"] == 2

    before, after = tables(source["url"]), tables(url)
    assert set(after) == set(before)
    assert {name for name, rows in before.items() if rows} >= {
        "registry_person",
        "registry_event",
        "letters_letter",
        "letters_letterevent",
        "auth_user",
    }
    for name, rows in before.items():
        assert after[name] == rows, f"table {name} differs after the restore"
    assert files(var) == files(source["var"])
    assert not (var / "private" / "batches").exists()
    assert not any(PRINTED in data for _info, data in members(source["backup"]))
    assert oct((var / "private" / "replies" / "2026" / "reply-1.png").stat().st_mode)[-3:] == "600"

    # New rows get new ids: the sequences continue after the restored rows.
    vestka(
        "shell",
        "-c",
        "from django.contrib.auth.models import Group; Group.objects.create(name='after')",
        url=url,
        var=var,
    )


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: the suite runs on SQLite")
def test_a_backup_of_the_embedded_database_moves_to_postgresql(
    installations, new_database, tmp_path
):
    source = installations["sqlite"]
    url, var = new_database("postgresql"), tmp_path / "var"
    vestka("restore", str(source["backup"]), url=url, var=var)
    again = tmp_path / "again.tar.gz"
    vestka("backup", "-o", str(again), url=url, var=var)
    # The same rows, value for value, as the models read them on either database.
    assert backed_up_rows(again) == backed_up_rows(source["backup"])
    assert files(var) == files(source["var"])


def test_restore_refuses_a_database_that_already_has_tables(installations, tmp_path):
    source = installations["sqlite"]
    before = tables(source["url"])
    done = subprocess.run(
        [sys.executable, "-m", "vestka.cli", "restore", str(source["backup"])],
        env={
            **os.environ,
            "DATABASE_URL": source["url"],
            "VESTKA_VAR": str(source["var"]),
            "PYTHONPATH": str(SRC),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "already has" in done.stderr and "--replace" in done.stderr
    assert tables(source["url"]) == before


# --- damaged and foreign archives: refused before anything is written ------------------------


def members(archive: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(archive, "r:gz") as tar:
        return [(info, tar.extractfile(info).read()) for info in tar.getmembers()]


def rewrite(archive: Path, out: Path, change) -> Path:
    """The archive again, each (info, data) passed through change (None drops it)."""
    with tarfile.open(out, "w:gz") as tar:
        for info, data in members(archive):
            changed = change(info, data)
            if changed is None:
                continue
            info, data = changed
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def edit_manifest(edit):
    def change(info, data):
        if info.name == MANIFEST:
            manifest = json.loads(data)
            edit(manifest)
            return info, json.dumps(manifest).encode()
        return info, data

    return change


@pytest.fixture
def good_backup(installations):
    return installations["sqlite"]["backup"]


def test_an_untouched_backup_is_whole(good_backup):
    manifest = backup_verify(path=good_backup)
    assert manifest.vendor == "sqlite" and len(manifest.files) == 2
    assert any(t.table == "registry_person" and t.rows == 80 for t in manifest.tables)


def damage_a_row(info, data):
    if info.name == "tables/registry_person.jsonl":
        return info, data.replace(b"\xd0", b"\xd1", 1)
    return info, data


def drop_a_table(info, data):
    return None if info.name == "tables/registry_event.jsonl" else (info, data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (damage_a_row, "tables/registry_person.jsonl is damaged"),
        (drop_a_table, "lacks tables/registry_event.jsonl"),
        (edit_manifest(lambda m: m.update(version=99)), "backup format 99"),
        (edit_manifest(lambda m: m.update(format="other")), "not a Vestka backup's manifest"),
        (edit_manifest(lambda m: m.pop("tables")), "manifest.json is incomplete"),
        (
            edit_manifest(lambda m: m["files"][0].update(member="media/../../../etc/cron.d/x")),
            "would be written outside its folder",
        ),
        (
            edit_manifest(lambda m: m["tables"][0].update(rows=m["tables"][0]["rows"] + 1)),
            "the manifest says",
        ),
    ],
    ids=["damaged-row", "missing-table", "format", "foreign", "incomplete", "escape", "count"],
)
def test_a_damaged_or_foreign_archive_is_refused_saying_what_is_wrong(
    good_backup, tmp_path, change, message
):
    bad = rewrite(good_backup, tmp_path / "bad.tar.gz", change)
    with pytest.raises(BackupRefused, match=message.replace(".", r"\.").replace("(", r"\(")):
        backup_verify(path=bad)


def test_a_member_not_in_the_manifest_is_refused(good_backup, tmp_path):
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        for info, data in members(good_backup):
            tar.addfile(info, io.BytesIO(data))
        stranger = tarfile.TarInfo("media/../../evil.sh")
        stranger.size = 4
        tar.addfile(stranger, io.BytesIO(b"boom"))
    with pytest.raises(BackupRefused, match="is in the archive but not in its manifest"):
        backup_verify(path=bad)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a Vestka backup"),
        (b"id,name\n1,Someone\n", "not a Vestka backup"),
        ("a text file in cp1251: Прывітанне".encode("cp1251"), "not a Vestka backup"),
    ],
    ids=["empty", "csv", "cp1251"],
)
def test_a_file_that_is_no_archive_is_refused(tmp_path, content, message):
    path = tmp_path / "not-a-backup.tar.gz"
    path.write_bytes(content)
    with pytest.raises(BackupRefused, match=message):
        backup_verify(path=path)


def test_an_archive_cut_short_is_refused(good_backup, tmp_path):
    data = good_backup.read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(BackupRefused, match="cut short or damaged|lacks"):
        backup_verify(path=cut)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(BackupRefused, match="no such file"):
        backup_verify(path=tmp_path / "nowhere.tar.gz")


def test_an_archive_without_a_manifest_first_is_refused(good_backup, tmp_path):
    bad = rewrite(
        good_backup, tmp_path / "bad.tar.gz", lambda i, d: None if i.name == MANIFEST else (i, d)
    )
    with pytest.raises(BackupRefused, match="does not begin with manifest.json"):
        backup_verify(path=bad)


@pytest.mark.django_db
def test_restoring_over_a_database_in_use_changes_nothing(good_backup):
    from vestka.registry.models import Country

    before = list(Country.objects.values_list("code", flat=True))
    table_count = len(connection.introspection.table_names())
    with pytest.raises(BackupRefused, match=f"already has {table_count} tables"):
        backup_restore(path=good_backup)
    assert list(Country.objects.values_list("code", flat=True)) == before

"""Operators' commands run as an operator runs them: `vestka` in a subprocess, against
databases of their own (temporary SQLite files, or scratch PostgreSQL databases when
the suite runs on PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
VENDORS = ["sqlite", "postgresql"] if ON_POSTGRES else ["sqlite"]


def vestka_env(*, url: str, var: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "VESTKA_VAR": str(var),
        # The repository root too: tests enqueue tasks of their own (tests.operations).
        "PYTHONPATH": os.pathsep.join([str(SRC), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "vestka.settings",
    }
    env.pop("VESTKA_TASKS_BACKEND", None)
    return env


def vestka(*args: str, url: str, var: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "vestka.cli", *args],
        env=vestka_env(url=url, var=var),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"vestka {' '.join(args)}: {done.stderr[-3000:]}"
    return done.stdout


def postgres_url(name: str) -> str:
    base = settings.DATABASES["default"]
    host, port = base.get("HOST") or "127.0.0.1", base.get("PORT") or 5432
    return f"postgres://{base['USER']}@{host}:{port}/{name}"


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(statement)


@pytest.fixture(scope="module")
def new_database(tmp_path_factory):
    """Makes empty databases: SQLite files, and PostgreSQL databases when the suite runs
    on PostgreSQL (dropped afterwards)."""
    made: list[str] = []

    def make(vendor: str) -> str:
        name = f"vestka_ops_{uuid.uuid4().hex[:10]}"
        if vendor == "sqlite":
            return f"sqlite:///{tmp_path_factory.mktemp('db')}/{name}.sqlite3"
        admin_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return postgres_url(name)

    yield make
    for name in made:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(url: str, sql: str) -> list[tuple]:
    """Rows of a query, read straight from a database (not through Django)."""
    if url.startswith("sqlite"):
        import sqlite3

        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()
    import psycopg

    with psycopg.connect(url) as db:
        return db.execute(sql).fetchall()

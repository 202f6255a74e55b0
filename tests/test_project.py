"""The project contract: the `vestka` command, its settings, and a real server."""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

VESTKA = [sys.executable, "-m", "vestka.cli"]


def vestka_env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(VESTKA_VAR=str(tmp_path / "var"), PYTHONPATH="src", **extra)
    return env


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_init_creates_a_wal_sqlite_database_under_var_and_is_safe_to_repeat(tmp_path):
    env = vestka_env(tmp_path)
    for _ in range(2):
        result = subprocess.run([*VESTKA, "init"], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    database = tmp_path / "var" / "vestka.sqlite3"
    assert database.exists()
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        articles = connection.execute("SELECT count(*) FROM registry_article").fetchone()[0]
    assert articles >= 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_pages_and_static_files(tmp_path):
    env = vestka_env(tmp_path)
    subprocess.run([*VESTKA, "init"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*VESTKA, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    assert response.headers["Server"] == "vestka"
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        admin_css = f"http://127.0.0.1:{port}/static/admin/css/base.css"
        with urllib.request.urlopen(admin_css, timeout=5) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_secret_key_is_made_once_per_installation(tmp_path):
    env = vestka_env(tmp_path)
    env.pop("SECRET_KEY", None)
    subprocess.run([*VESTKA, "check"], env=env, check=True, capture_output=True)
    key_file = tmp_path / "var" / "secret-key"
    first = key_file.read_text()
    assert len(first) >= 50 and oct(key_file.stat().st_mode & 0o777) == "0o600"
    subprocess.run([*VESTKA, "check"], env=env, check=True, capture_output=True)
    assert key_file.read_text() == first

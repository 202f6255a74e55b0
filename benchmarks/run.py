"""Vestka benchmarks (`make bench`): demo load, import speed and page latency.

Not tests: they take minutes and need about 1 GB of free disk in the temp directory.
Every measurement runs `vestka` in a subprocess against a fresh database of its own
(a temporary SQLite file, and a scratch PostgreSQL database when one is reachable),
so the developer's var/vestka.sqlite3 is never touched. Results go to stdout as one
JSON object; a Markdown table for docs/benchmarks.md goes to stderr (and to
--markdown PATH when given).

    .venv/bin/python benchmarks/run.py [--people 100000] [--requests 300]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres | --no-postgres]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VESTKA = [sys.executable, "-m", "vestka.cli"]
LATENCY = [sys.executable, str(Path(__file__).resolve().parent / "latency.py")]
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
# The import command refuses files over VESTKA_IMPORT_MAX_BYTES (50 MB by default);
# the 100,000-row CSV is about 75 MB.
IMPORT_MAX_BYTES = str(1024 * 1024 * 1024)


def run(args: list[str], env: dict[str, str], timeout: float) -> tuple[float, str, str, int]:
    """Run a command; return (seconds, stdout, stderr, exit code)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return time.perf_counter() - started, "", f"timed out after {timeout:.0f} s", -1
    return time.perf_counter() - started, done.stdout, done.stderr, done.returncode


def environment(database_url: str, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        VESTKA_VAR=str(var_dir),
        VESTKA_IMPORT_MAX_BYTES=IMPORT_MAX_BYTES,
        DEBUG="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def migrate(env: dict[str, str]) -> None:
    _s, out, err, code = run([*VESTKA, "migrate", "-v0"], env, 600)
    if code:
        raise RuntimeError(f"migrate failed: {err or out}")


# --- machine --------------------------------------------------------------------------------


def machine(postgres_url: str | None) -> dict[str, str]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": "not reachable",
        "os": platform.platform(),
    }
    if postgres_url:
        version = postgres_version(postgres_url)
        if version:
            info["postgresql"] = version
    return info


def postgres_version(url: str) -> str:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return ""


class ScratchPostgres:
    """A throwaway PostgreSQL database, dropped on exit."""

    def __init__(self, url: str, name: str) -> None:
        self.admin_url = url
        self.name = name
        self.url = re.sub(r"/[^/]*$", f"/{name}", url)

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def __enter__(self) -> ScratchPostgres:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
        self._admin(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- benchmarks -----------------------------------------------------------------------------


def bench_demo(env: dict[str, str], people: int) -> dict:
    migrate(env)
    seconds, out, err, code = run([*VESTKA, "demo", "--people", str(people)], env, 1800)
    if code:
        return {"error": (err or out).strip()[-500:]}
    return {"seconds": round(seconds, 1), "output": out.strip().splitlines()[-1]}


def import_available(env: dict[str, str]) -> bool:
    _s, out, _err, code = run([*VESTKA, "import", "--help"], env, 120)
    return code == 0 and "viasna-csv" in out


def bench_import(env: dict[str, str], csv_path: Path, rows: int) -> dict:
    if not import_available(env):
        return {"error": "not available (`vestka import --format viasna-csv` not found)"}
    migrate(env)
    args = [*VESTKA, "import", str(csv_path), "--format", "viasna-csv", "--json"]
    seconds, out, err, code = run(args, env, 3600)
    result: dict = {"seconds": round(seconds, 1), "exit_code": code}
    try:
        result["report"] = summarise_report(json.loads(out))
    except ValueError:
        result["output"] = (out or err).strip()[-500:]
    if code == 0:
        result["rows_per_second"] = round(rows / seconds)
    else:
        result["error"] = (err or out).strip()[-500:]
    return result


def summarise_report(report: dict) -> dict:
    """The import's JSON report without long lists (errors are counted, not copied)."""
    return {
        key: (len(value) if isinstance(value, list) else value)
        for key, value in report.items()
        if not isinstance(value, dict) or len(value) < 20
    }


def bench_latency(env: dict[str, str], requests: int) -> dict:
    args = [*LATENCY, "--requests", str(requests), "--seconds", "120"]
    _s, out, err, code = run(args, env, 900)
    if code:
        return {"error": (err or out).strip()[-500:]}
    return json.loads(out)


# --- report ---------------------------------------------------------------------------------


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, "
        f"Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}.",
        "",
        "| benchmark | SQLite | PostgreSQL |",
        "|---|---|---|",
    ]
    people = results["people"]

    def cell(engine: str, key: str, render) -> str:
        value = results.get(engine, {}).get(key)
        if value is None:
            return "not measured"
        if "error" in value:
            return f"not available: {value['error'][:120]}"
        return render(value)

    lines.append(
        f"| `vestka demo --people {people}` | "
        + " | ".join(cell(e, "demo", lambda v: f"{v['seconds']} s") for e in ENGINES)
        + " |"
    )
    lines.append(
        f"| `vestka import` of a {people}-row Viasna CSV | "
        + " | ".join(
            cell(e, "import", lambda v: f"{v['rows_per_second']} rows/s ({v['seconds']} s)")
            for e in ENGINES
        )
        + " |"
    )
    for page in ("person", "people_active", "api_people"):
        label = next(
            (
                results[e]["latency"][page]["label"]
                for e in ENGINES
                if "latency" in results.get(e, {}) and page in results[e]["latency"]
            ),
            page,
        )
        lines.append(
            f"| {label} p50 / p95 / p99 | "
            + " | ".join(cell(e, "latency", lambda v, p=page: latency_cell(v, p)) for e in ENGINES)
            + " |"
        )
    return "\n".join(lines) + "\n"


def latency_cell(value: dict, page: str) -> str:
    numbers = value.get(page)
    if not numbers:
        return "not measured"
    statuses = ", ".join(f"{code}×{n}" for code, n in sorted(numbers["statuses"].items()))
    return (
        f"{numbers['p50_ms']} / {numbers['p95_ms']} / {numbers['p99_ms']} ms "
        f"({numbers['requests']} requests; HTTP {statuses})"
    )


ENGINES = ("sqlite", "postgresql")


def write_results(results: dict, table: str, markdown_path: str | None) -> None:
    """The results as JSON on stdout, the Markdown table on stderr and in markdown_path."""
    print(json.dumps(results, indent=2, ensure_ascii=False))
    print("\n" + table, file=sys.stderr)
    if markdown_path:
        Path(markdown_path).write_text(table, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--markdown", metavar="PATH", help="Also write the Markdown table here.")
    options = parser.parse_args(argv)
    postgres_url = None if options.no_postgres else options.postgres_url
    results: dict = {"people": options.people, "machine": machine(postgres_url)}
    postgres_ok = results["machine"]["postgresql"] != "not reachable"

    with tempfile.TemporaryDirectory(prefix="vestka-bench-") as tmp:
        tmp_path = Path(tmp)
        var_dir = tmp_path / "var"
        csv_path = tmp_path / "viasna.csv"
        print(f"generating a {options.people}-row Viasna CSV ...", file=sys.stderr)
        env = environment(f"sqlite:///{tmp_path / 'unused.sqlite3'}", var_dir)
        seconds, out, err, code = run(
            [*VESTKA, "demo", "--people", str(options.people), "--viasna-csv", str(csv_path),
             "--no-db"], env, 1800,
        )  # fmt: skip
        if code:
            raise SystemExit(f"CSV generation failed: {err or out}")
        results["csv"] = {
            "seconds": round(seconds, 1),
            "megabytes": round(csv_path.stat().st_size / 1e6, 1),
        }

        sqlite = results["sqlite"] = {}
        print("SQLite: demo load ...", file=sys.stderr)
        env = environment(f"sqlite:///{tmp_path / 'demo.sqlite3'}", var_dir)
        sqlite["demo"] = bench_demo(env, options.people)
        if "error" not in sqlite["demo"]:
            print("SQLite: page latency ...", file=sys.stderr)
            sqlite["latency"] = bench_latency(env, options.requests)
        print("SQLite: import ...", file=sys.stderr)
        env = environment(f"sqlite:///{tmp_path / 'import.sqlite3'}", var_dir)
        sqlite["import"] = bench_import(env, csv_path, options.people)

        if postgres_ok:
            pg = results["postgresql"] = {}
            suffix = os.getpid()
            with ScratchPostgres(postgres_url, f"vestka_bench_demo_{suffix}") as database:
                print("PostgreSQL: demo load ...", file=sys.stderr)
                env = environment(database.url, var_dir)
                pg["demo"] = bench_demo(env, options.people)
                if "error" not in pg["demo"]:
                    print("PostgreSQL: page latency ...", file=sys.stderr)
                    pg["latency"] = bench_latency(env, options.requests)
            with ScratchPostgres(postgres_url, f"vestka_bench_import_{suffix}") as database:
                print("PostgreSQL: import ...", file=sys.stderr)
                env = environment(database.url, var_dir)
                pg["import"] = bench_import(env, csv_path, options.people)

    write_results(results, markdown(results), options.markdown)


if __name__ == "__main__":
    main()

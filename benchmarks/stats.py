"""The numbers at scale (`make bench`): every statistic of one date at 100,000 people and
1,000,000 events, cold (nothing cached) and warm, on SQLite and PostgreSQL.

For each database: a fresh database gets `vestka demo --people N` (about 530,000
events), then sourced transfers and punishment-cell placements inside the demo's own
spells behind bars, written with bulk inserts, until the registry holds EVENTS events.
Then, in a worker process of its own:

- cold: the process holds no timeline and the cache is empty; the numbers of a date
  are counted from the database (the timeline is built, then counted);
- warm, new date: the timeline is held, the date is not cached (each of 20 dates);
- warm, cached: the same date again (200 times);
- after an editor records an event (10 times): the person replayed, the date counted;
- the numbers page and GET /api/v1/stats through Django's test client, warm;
- for comparison, ``registry.selectors.people_behind_bars(on=D).count()`` in SQL, which
  must give the same count.

    .venv/bin/python benchmarks/stats.py [--people 100000] [--events 1000000]
        [--postgres-url postgres://postgres@127.0.0.1:5432/wt_stats | --no-postgres]

Prints one JSON object; a Markdown table for docs/benchmarks.md goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as common  # noqa: E402 - the shared helpers of benchmarks/run.py

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/wt_stats"
SCRATCH = "wt_stats_bench"
DATES = ("2021-01-01", "2022-06-30", "2024-03-01")


def add_events(target: int, *, seed: int = 7) -> int:
    """Sourced transfers and punishment-cell placements inside people's spells behind
    bars, until the registry holds ``target`` events; returns how many were added."""
    import random
    from datetime import date, timedelta

    from django.db import connection, transaction

    from vestka.registry import custody
    from vestka.registry.models import Event, Facility, Source
    from vestka.registry.services import database_refresh_statistics
    from vestka.stats.services import registry_version_bump

    missing = target - Event.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    facilities = list(Facility.objects.values_list("pk", flat=True))
    sources = list(Source.objects.values_list("pk", flat=True))
    today = date(2026, 1, 1)
    spells: list[tuple[int, date, date]] = []
    open_since: dict[int, date] = {}
    for person_id, kind, on in (
        Event.objects.filter(kind__in=[custody.DETAINED, custody.RELEASED, custody.DIED_IN_CUSTODY])
        .exclude(date=None)
        .order_by("person_id", "date")
        .values_list("person_id", "kind", "date")
    ):
        if kind == custody.DETAINED:
            open_since.setdefault(person_id, on)
        elif person_id in open_since:
            spells.append((person_id, open_since.pop(person_id), on))
    spells.extend((person_id, start, today) for person_id, start in open_since.items())
    spells = [s for s in spells if (s[2] - s[1]).days > 2]
    adapt = connection.ops.adapt_datefield_value
    table = Event._meta.db_table
    columns = "person_id, kind, date, facility_id, description, release_reason, "
    columns += "declaration_url, source_id, notes, import_key"
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, '', '', '', %s, '', '')"
    added = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            while added < missing:
                rows = []
                for _ in range(min(20000, missing - added)):
                    person_id, start, end = rng.choice(spells)
                    on = start + timedelta(days=rng.randint(1, (end - start).days - 1))
                    kind = custody.TRANSFERRED if rng.random() < 0.7 else custody.PUNISHMENT_CELL
                    rows.append(
                        (person_id, kind, adapt(on), rng.choice(facilities), rng.choice(sources))
                    )
                cursor.executemany(sql, rows)
                added += len(rows)
        registry_version_bump()
    database_refresh_statistics()
    return added


def measure() -> dict:
    """Run in the worker: the timings on the database of DATABASE_URL."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestka.settings")
    django.setup()
    from datetime import date

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from vestka.registry.models import Event, Person
    from vestka.registry.selectors import people_behind_bars
    from vestka.stats import selectors

    added = add_events(int(os.environ["BENCH_EVENTS"]))
    result: dict = {
        "people": Person.objects.count(),
        "events": Event.objects.count(),
        "events_added": added,
        "engine": connection.vendor,
    }

    def timed(call) -> float:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000

    on = date.fromisoformat(DATES[1])
    selectors.stats_forget()
    cache.clear()
    started = time.perf_counter()
    timeline = selectors.stats_timeline(country="BY")
    build = (time.perf_counter() - started) * 1000
    first = timed(lambda: selectors.stats_counts(on=on, country="BY"))
    result["cold_ms"] = round(build + first, 1)
    result["cold_build_ms"] = round(build, 1)
    # And once more from scratch, the whole path in one call.
    selectors.stats_forget()
    cache.clear()
    result["cold_again_ms"] = round(timed(lambda: selectors.stats_counts(on=on, country="BY")), 1)

    days = [date(2020, 1, 1).toordinal() + 40 * i for i in range(20)]
    new_date = [
        timed(lambda d=d: selectors.stats_counts(on=date.fromordinal(d), country="BY"))
        for d in days
    ]
    result["warm_new_date_ms"] = _summary(new_date)
    cached = [timed(lambda: selectors.stats_counts(on=on, country="BY")) for _ in range(200)]
    result["warm_cached_ms"] = _summary(cached)

    # An editor records an event: only that person is replayed.
    from vestka.registry import services
    from vestka.registry.models import Event as EventModel

    held = list(people_behind_bars(on=on).values_list("pk", flat=True)[:10])
    after_change = []
    for pk in held:
        person = Person.objects.get(pk=pk)
        services.event_record(person=person, kind=EventModel.Kind.PUNISHMENT_CELL, on=on)
        after_change.append(timed(lambda: selectors.stats_counts(on=on, country="BY")))
    result["after_one_event_ms"] = _summary(after_change)

    client = Client()
    for name, url in (
        ("page", f"/numbers/?as_of={DATES[1]}"),
        ("api", f"/api/v1/stats?as_of={DATES[1]}"),
        ("json", f"/numbers/{DATES[1]}.json"),
    ):
        assert client.get(url).status_code == 200, url
        result[f"{name}_ms"] = _summary([timed(lambda url=url: client.get(url)) for _ in range(30)])
    result["behind_bars"] = {}
    sql_times = []
    for day in DATES:
        d = date.fromisoformat(day)
        counted = selectors.stats_counts(on=d, country="BY").behind_bars
        started = time.perf_counter()
        in_sql = people_behind_bars(on=d).filter(country_id="BY").count()
        sql_times.append((time.perf_counter() - started) * 1000)
        assert counted == in_sql, (day, counted, in_sql)
        result["behind_bars"][day] = counted
    result["selector_count_ms"] = _summary(sql_times)
    result["timeline_people"] = timeline.size
    result["timeline_segments"] = int(len(timeline.seg_start))
    return result


def _summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered), 2),
        "max": round(ordered[-1], 2),
        "n": len(ordered),
    }


def bench(env: dict[str, str], people: int, events: int) -> dict:
    common.migrate(env)
    seconds, out, err, code = common.run(
        [*common.VESTKA, "demo", "--people", str(people)], env, 3600
    )
    if code:
        raise RuntimeError(f"demo failed: {err or out}")
    worker_env = {**env, "BENCH_EVENTS": str(events)}
    _s, out, err, code = common.run([sys.executable, __file__, "--worker"], worker_env, 3600)
    if code:
        raise RuntimeError(f"worker failed: {err or out}")
    return {"demo_s": round(seconds, 1), **json.loads(out.strip().splitlines()[-1])}


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, "
        f"Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}.",
        "",
        "| measurement | SQLite | PostgreSQL |",
        "|---|---|---|",
    ]

    def cell(engine: str, key: str) -> str:
        value = results.get(engine, {}).get(key)
        if value is None:
            return "not measured"
        if isinstance(value, dict):
            return f"{value['p50']} ms (max {value['max']}, n={value['n']})"
        return f"{value:,}" if isinstance(value, int) else f"{value} ms"

    rows = [
        ("people / events in the registry", "people", "events"),
        ("cold: timeline built and one date counted", "cold_ms", None),
        ("… of which building the timeline", "cold_build_ms", None),
        ("warm, a date not counted before (p50)", "warm_new_date_ms", None),
        ("warm, a date counted before (cache hit, p50)", "warm_cached_ms", None),
        ("after an event is recorded: one person replayed, the date counted (p50)",
         "after_one_event_ms", None),
        ("numbers page `/numbers/?as_of=` warm (p50)", "page_ms", None),
        ("`GET /api/v1/stats?as_of=` warm (p50)", "api_ms", None),
        ("`/numbers/YYYY-MM-DD.json` warm (p50)", "json_ms", None),
        ("`people_behind_bars(on=D).count()` in SQL, for comparison (p50)",
         "selector_count_ms", None),
    ]  # fmt: skip
    for label, key, second in rows:
        if second:
            values = [
                f"{results[e][key]:,} / {results[e][second]:,}" if e in results else "not measured"
                for e in ("sqlite", "postgresql")
            ]
            lines.append(f"| {label} | {values[0]} | {values[1]} |")
        else:
            lines.append(f"| {label} | {cell('sqlite', key)} | {cell('postgresql', key)} |")
    return "\n".join(lines)


def main() -> None:
    if "--worker" in sys.argv:
        print(json.dumps(measure()))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--no-postgres", action="store_true")
    options = parser.parse_args()
    postgres_url = None if options.no_postgres else options.postgres_url
    results: dict = {"machine": common.machine(postgres_url)}
    with tempfile.TemporaryDirectory(prefix="vestka-bench-stats-") as tmp:
        var = Path(tmp)
        sqlite_url = f"sqlite:///{var / 'bench.sqlite3'}"
        results["sqlite"] = bench(
            common.environment(sqlite_url, var), options.people, options.events
        )
        if postgres_url and results["machine"]["postgresql"] != "not reachable":
            with common.ScratchPostgres(postgres_url, SCRATCH) as scratch:
                results["postgresql"] = bench(
                    common.environment(scratch.url, var / "pg"), options.people, options.events
                )
    print(json.dumps(results, indent=1))
    print(markdown(results), file=sys.stderr)


if __name__ == "__main__":
    main()

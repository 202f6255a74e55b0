"""A day of action replayed on one machine: readers browse and search while partner apps
submit 50 letters a second, against PostgreSQL, on loopback only, bounded in time.

A scratch PostgreSQL database gets the fictional demo registry (`vestka demo`), a partner
app and its token; `--processes` web processes (`vestka serve --no-worker`, waitress
with 8 threads each) and one `vestka worker` start on 127.0.0.1. Then locust
(`locust --headless`, users in `day_of_action_locust.py`) runs for `--seconds`:

- `--readers` readers loop over a mix of what supporters do: a person's page, the
  people list, a name search on the site, the API's name search and the write page (a
  reader spends `--think` seconds, 5 by default, on each page);
- `--rate` letter writers submit `POST /api/v1/letters` once a second each, every letter
  with its own Idempotency-Key, spread over the web processes.

All start at once, as when a day of action is announced, and each request goes on a
connection of its own, as a reverse proxy hands requests on.

Afterwards every letter answered 201 must be in the database exactly once (counted by its
Idempotency-Key's hash), and no other letter. Reported, per kind of request: count,
throughput, p50/p95/p99 latency and errors. Results as JSON on stdout, a Markdown table
on stderr (and in --markdown PATH).

    .venv/bin/python benchmarks/day_of_action.py [--people 100000] [--seconds 300]
        [--rate 50] [--readers 200] [--processes 2] [--cache-url URL] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import (  # noqa: E402
    DEFAULT_POSTGRES,
    VESTKA,
    ScratchPostgres,
    environment,
    machine,
    run,
    write_results,
)

HOST = "127.0.0.1"
FIRST_PORT = 8710
LOCUSTFILE = Path(__file__).resolve().parent / "day_of_action_locust.py"


def percentile(sorted_ms: list[float], share: float) -> float:
    if not sorted_ms:
        return 0.0
    index = min(len(sorted_ms) - 1, max(0, round(share * len(sorted_ms)) - 1))
    return round(sorted_ms[index], 1)


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the web process on port {port} did not start")


def shell(env, code: str) -> str:
    seconds, out, err, status = run([*VESTKA, "shell", "-c", code], env, timeout=600)
    if status != 0:
        raise SystemExit(err[-2000:])
    return out.strip().splitlines()[-1]


def scenario(options, env) -> dict:
    seconds, _out, err, status = run([*VESTKA, "init"], env, timeout=600)
    if status:
        raise SystemExit(err[-2000:])
    demo_seconds, _out, err, status = run(
        [*VESTKA, "demo", "--people", str(options.people)], env, timeout=1800
    )
    if status:
        raise SystemExit(err[-2000:])
    token = shell(
        env,
        "from vestka.letters.partners import partner_app_create; "
        "print(partner_app_create(name='Day of action', letters_per_hour=100000)[1])",
    )
    person_ids = json.loads(
        shell(
            env,
            "import json; from vestka.registry.models import Person; "
            "print(json.dumps(list(Person.objects.filter(custody='in_custody', "
            "incommunicado=False).values_list('pk', flat=True)[:5000])))",
        )
    )
    ports = [FIRST_PORT + n for n in range(options.processes)]
    processes = [
        subprocess.Popen(
            [*VESTKA, "serve", "--host", HOST, "--port", str(port), "--no-worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    processes.append(
        subprocess.Popen(
            [*VESTKA, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    )
    work = Path(env["VESTKA_VAR"])
    people_file, keys_file = work / "bench-people.json", work / "bench-keys.json"
    people_file.write_text(json.dumps(person_ids))
    locust_env = {
        **env,
        "VESTKA_BENCH_PORTS": ",".join(str(port) for port in ports),
        "VESTKA_BENCH_PEOPLE": str(people_file),
        "VESTKA_BENCH_TOKEN": token,
        "VESTKA_BENCH_WRITERS": str(options.rate),
        "VESTKA_BENCH_THINK": str(options.think),
        "VESTKA_BENCH_KEYS": str(keys_file),
    }
    users = options.readers + options.rate
    try:
        for port in ports:
            wait_until_up(port)
        began = time.perf_counter()
        # Every user at once: the day of action starts with the announcement.
        _s, out, err, status = run(
            [
                str(Path(sys.executable).with_name("locust")),
                "-f",
                str(LOCUSTFILE),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{int(options.seconds)}s",
                "--stop-timeout",
                "30",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            locust_env,
            timeout=options.seconds + 300,
        )
        elapsed = time.perf_counter() - began
        if not keys_file.exists():
            raise SystemExit(f"locust ended without its results ({status}): {(err or out)[-2000:]}")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
    recorded = json.loads(keys_file.read_text())

    # Every letter answered 201 is in the database, once; no other letter is.
    key_hashes = json.loads(
        shell(
            env,
            "import json; from django.db.models import Count; "
            "from vestka.letters.models import Letter; "
            "rows = Letter.objects.filter(partner__name='Day of action')"
            ".values('submission_key').annotate(n=Count('id')); "
            "print(json.dumps({r['submission_key']: r['n'] for r in rows}))",
        )
    )
    app_id = shell(
        env,
        "from vestka.letters.models import PartnerApp; "
        "print(PartnerApp.objects.get(name='Day of action').pk)",
    )

    def stored_key(key: str) -> str:
        return f"partner:{app_id}:" + hashlib.sha256(key.encode()).hexdigest()[:40]

    acknowledged = {stored_key(key) for key in recorded["created"]}
    unanswered = {stored_key(key) for key in recorded["unanswered"]}
    stored = set(key_hashes)
    results: dict = {
        "people": options.people,
        "demo_seconds": round(demo_seconds, 1),
        "seconds": round(elapsed, 1),
        "processes": options.processes,
        "readers": options.readers,
        "rate_asked": options.rate,
        "cache": options.cache_url or "in each process's memory",
        "kinds": {},
        "letters_answered_201": len(recorded["created"]),
        "letters_in_database": sum(key_hashes.values()),
        "letters_twice": sum(1 for n in key_hashes.values() if n > 1),
        "letters_unanswered": len(unanswered),
        # Nothing lost: every acknowledged letter is stored; nothing invented: every
        # stored letter was acknowledged or its answer never reached the client.
        "acknowledged_all_stored": acknowledged <= stored,
        "stored_all_sent": stored <= acknowledged | unanswered,
    }
    for kind, timings in sorted(recorded["timings"].items()):
        timings.sort()
        statuses = recorded["statuses"][kind]
        ok = sum(n for status, n in statuses.items() if status in ("200", "201", "301", "302"))
        results["kinds"][kind] = {
            "requests": len(timings),
            "per_second": round(len(timings) / elapsed, 1),
            "p50_ms": percentile(timings, 0.50),
            "p95_ms": percentile(timings, 0.95),
            "p99_ms": percentile(timings, 0.99),
            "errors": len(timings) - ok,
            "statuses": dict(statuses),
        }
    return results


def markdown(results: dict) -> str:
    m = results["machine"]
    r = results["postgresql"]
    lines = [
        f"Day of action, {m['date']}, {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, "
        f"PostgreSQL {m['postgresql']}: {r['people']:,} people, {r['processes']} web processes, "
        f"{r['readers']} readers, {r['rate_asked']} letters/s asked, {r['seconds']} s, "
        f"caches {r['cache']}.",
        "",
        "| requests | count | per second | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, k in r["kinds"].items():
        statuses = ", ".join(f"{status}×{n}" for status, n in k["statuses"].items())
        lines.append(
            f"| {kind} | {k['requests']:,} | {k['per_second']} | {k['p50_ms']} | {k['p95_ms']} "
            f"| {k['p99_ms']} | {k['errors']} ({statuses}) |"
        )
    lines += [
        "",
        f"Letters answered 201: {r['letters_answered_201']:,}; unanswered (the client gave "
        f"up waiting): {r['letters_unanswered']:,}; in the database: "
        f"{r['letters_in_database']:,}; twice: {r['letters_twice']}; every acknowledged "
        f"letter stored: {r['acknowledged_all_stored']}; every stored letter sent: "
        f"{r['stored_all_sent']}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--rate", type=int, default=50, help="letters a second, in total")
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument(
        "--think", type=float, default=5.0, help="seconds a reader spends on a page"
    )
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help="VESTKA_CACHE_URL of the web processes (none: each keeps its own in memory)",
    )
    parser.add_argument("--markdown", metavar="PATH")
    options = parser.parse_args(argv)
    results: dict = {"machine": machine(options.postgres_url)}
    if results["machine"]["postgresql"] == "not reachable":
        raise SystemExit(f"PostgreSQL is not reachable at {options.postgres_url}")
    suffix = uuid.uuid4().hex[:8]
    with ScratchPostgres(options.postgres_url, f"vestka_bench_day_{suffix}") as database:
        var = Path(os.environ.get("TMPDIR", "/tmp")) / f"vestka-day-{suffix}"
        env = environment(database.url, var)
        env["VESTKA_LETTERS_PER_MINUTE"] = str(max(3000, options.rate * 60 * 2))
        env["VESTKA_CACHE_URL"] = options.cache_url
        if options.cache_url:
            # A scratch run starts with nothing kept from another.
            shell(env, "from django.core.cache import caches; caches['pages'].clear()")
        results["postgresql"] = scenario(options, env)
    write_results(results, markdown(results), options.markdown)


if __name__ == "__main__":
    main()

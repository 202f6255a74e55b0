"""A day of action replayed on one machine: readers browse and search while partner apps
submit 50 letters a second, against PostgreSQL, on loopback only, bounded in time.

A scratch PostgreSQL database gets the fictional demo registry (`vestka demo`), a partner
app and its token; `--processes` web processes (`vestka serve --no-worker`, waitress
with 8 threads each) and one `vestka worker` start on 127.0.0.1. Then, for `--seconds`:

- `--readers` reader threads loop over a mix of
  what supporters do: a person's page, the people list, a name search on the site, the
  API's name search and the write page (a reader spends `--think` seconds, 5 by
  default, on each page);
- letter threads submit `POST /api/v1/letters` at `--rate` letters a second in total,
  each with its own Idempotency-Key, spread over the web processes.

Afterwards every letter answered 201 must be in the database exactly once (counted by its
Idempotency-Key's hash), and no other letter. Reported, per kind of request: count,
throughput, p50/p95/p99 latency and errors. Results as JSON on stdout, a Markdown table
on stderr (and in --markdown PATH).

    .venv/bin/python benchmarks/day_of_action.py [--people 100000] [--seconds 300]
        [--rate 50] [--readers 200] [--processes 2] [--postgres-url URL]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

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
LETTER = (
    "Прывітанне! Піша табе Ала з Гродна. У нас нарэшце выпаў снег, і мы з сабакам кожную "
    "раніцу гуляем у парку. Я чытаю «Дзікае паляванне караля Стаха», вельмі падабаецца. "
    "Увечары мы з сябрамі пяклі пернікі і спявалі песні. А што ты цяпер чытаеш? Якія кнігі "
    "табе даслаць? Абдымаю моцна і чакаю ліста."
)
SEARCHES = ["Aliaksandrau", "Алесь", "Ковальчук", "Nasta Loika", "Андрэй", "Ivanova", "Ціханоўская"]


def percentile(sorted_ms: list[float], share: float) -> float:
    if not sorted_ms:
        return 0.0
    index = min(len(sorted_ms) - 1, max(0, round(share * len(sorted_ms)) - 1))
    return round(sorted_ms[index], 1)


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter[str]] = defaultdict(Counter)
        self.created_keys: list[str] = []
        # Keys of letters whose answer never came (the client gave up): the letter may
        # still have been made, and a retry with the same key would find it.
        self.unanswered_keys: list[str] = []

    def add(self, kind: str, ms: float, status: str) -> None:
        with self.lock:
            self.timings[kind].append(ms)
            self.statuses[kind][status] += 1


def request(port: int, method: str, path: str, **kwargs):
    """One request on a connection of its own, as a reverse proxy in front hands each
    visitor's request on: hundreds of readers do not each hold one of the web
    process's connections (waitress serves 100 at a time)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, **kwargs)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, (time.perf_counter() - started) * 1000
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, b"", (time.perf_counter() - started) * 1000
    finally:
        connection.close()


def reader(ports, person_ids, recorder, stop, think, seed):
    rng = random.Random(seed)
    while not stop.is_set():
        port = rng.choice(ports)
        person = rng.choice(person_ids)
        kind, path = rng.choice(
            [
                ("person page", f"/people/{person}/"),
                ("person page", f"/people/{person}/"),
                ("people list", f"/people/?status=active&page={rng.randint(1, 20)}"),
                ("site search", f"/people/?name={quote(rng.choice(SEARCHES))}"),
                ("API search", f"/api/v1/people?q={quote(rng.choice(SEARCHES))}"),
                ("write page", f"/people/{person}/write/"),
            ]
        )
        status, _body, ms = request(port, "GET", path)
        recorder.add(kind, ms, str(status))
        stop.wait(think)


def writer(ports, person_ids, token, recorder, stop, interval, start_at, seed):
    rng = random.Random(seed)
    due = start_at
    while not stop.is_set():
        now = time.perf_counter()
        if now < due:
            stop.wait(due - now)
            continue
        due += interval
        key = uuid.uuid4().hex
        body = json.dumps(
            {"person_id": rng.choice(person_ids), "sender_name": "Ала", "text": LETTER},
            ensure_ascii=False,
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": key,
        }
        status, _body, ms = request(
            rng.choice(ports), "POST", "/api/v1/letters", body=body, headers=headers
        )
        recorder.add("letter (API)", ms, str(status))
        if status in (200, 201):
            with recorder.lock:
                recorder.created_keys.append(key)
        elif not isinstance(status, int):
            with recorder.lock:
                recorder.unanswered_keys.append(key)


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
    recorder, stop = Recorder(), threading.Event()
    try:
        for port in ports:
            wait_until_up(port)
        # Enough writers that a slow answer does not slow the letters down (each writes
        # one letter a second at most).
        writers = max(1, options.rate)
        start_at = time.perf_counter() + 0.5
        threads = [
            threading.Thread(
                target=reader,
                args=(ports, person_ids, recorder, stop, options.think, n),
                daemon=True,
            )
            for n in range(options.readers)
        ] + [
            threading.Thread(
                target=writer,
                args=(
                    ports,
                    person_ids,
                    token,
                    recorder,
                    stop,
                    writers / options.rate,
                    start_at + n / options.rate,
                    10_000 + n,
                ),
                daemon=True,
            )
            for n in range(writers)
        ]
        for thread in threads:
            thread.start()
        began = time.perf_counter()
        time.sleep(options.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.perf_counter() - began
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()

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

    acknowledged = {stored_key(key) for key in recorder.created_keys}
    unanswered = {stored_key(key) for key in recorder.unanswered_keys}
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
        "letters_answered_201": len(recorder.created_keys),
        "letters_in_database": sum(key_hashes.values()),
        "letters_twice": sum(1 for n in key_hashes.values() if n > 1),
        "letters_unanswered": len(unanswered),
        # Nothing lost: every acknowledged letter is stored; nothing invented: every
        # stored letter was acknowledged or its answer never reached the client.
        "acknowledged_all_stored": acknowledged <= stored,
        "stored_all_sent": stored <= acknowledged | unanswered,
    }
    for kind, timings in sorted(recorder.timings.items()):
        timings.sort()
        statuses = recorder.statuses[kind]
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

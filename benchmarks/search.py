"""Name search benchmarks (`make bench`): cross-spelling queries against a large registry.

On a fresh database of N people (`vestka demo --people N`, default 100,000), a temporary
SQLite file and, when one is reachable, a scratch PostgreSQL database:

1. queries: known people written another way (a Russian or Belarusian form put into Latin
   letters by anyascii, not by vestka.names; patronymic dropped, word order swapped, one
   typo) and names that are not in the registry; deterministic for a seed;
2. in-process latency per query, same queries, same run: a brute-force rapidfuzz WRatio scan
   over every stored name form (transliterated once with anyascii), and
   `vestka.registry.selectors.people_search(limit=5)`;
3. `vestka match FILE --json` of 1,000 names: wall time and names/s;
4. load: `vestka serve` answering `/api/v1/people?q=...&page_size=5`, side by side with
   `datasette serve` answering `?_search=` (SQLite FTS5) over the same people, with C
   keep-alive connections for T seconds each.

Every run of `vestka` and of the in-process part is a subprocess against the benchmark
database; the developer's var/ is never touched. Results go to stdout as one JSON object; a
Markdown table for docs/benchmarks.md goes to stderr (and to --markdown PATH).

    .venv/bin/python benchmarks/search.py [--people 100000] [--queries 300] [--unknown 50]
        [--seconds 20] [--concurrency 8] [--match-names 1000]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres | --no-postgres]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypedDict

from anyascii import anyascii
from latency import percentile
from run import (
    DEFAULT_POSTGRES,
    ROOT,
    VESTKA,
    ScratchPostgres,
    environment,
    machine,
    migrate,
    run,
    write_results,
)

SELF = [sys.executable, str(Path(__file__).resolve())]
DATASETTE = [sys.executable, "-m", "datasette"]
ENGINES = ("sqlite", "postgresql")
HOST = "127.0.0.1"
TOP = 5

# Names that the demo registry does not hold (checked again against the database).
UNKNOWN_SURNAMES = (
    "Тышкевич", "Огинский", "Сапега", "Ходкевич", "Радзивилл", "Вишневецкий", "Лещинский",
    "Калиновский", "Монюшко", "Булгак", "Корсак", "Тризна", "Скорина", "Галушко", "Курбатов",
    "Пташук", "Нестерук", "Завадский", "Островский", "Шимановский", "Кастусевич", "Головач",
    "Брыль", "Ляхович", "Зарецкий", "Любецкий", "Верниковский", "Садовский", "Цеханович",
    "Мицкевич", "Гринкевич",
)  # fmt: skip
UNKNOWN_GIVEN = (
    ("Ян", False), ("Вацлав", False), ("Богдан", False), ("Ярослав", False),
    ("Казимир", False), ("Франтишек", False), ("Тадеуш", False), ("Юзеф", False),
    ("Лев", False), ("Фёдор", False), ("Ванда", True), ("Ядвига", True), ("Барбара", True),
    ("Эльжбета", True), ("Зоя", True), ("Стефания", True),
)  # fmt: skip
LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщыьэюяіў"


class Query(TypedDict):
    text: str
    kind: str  # where the text came from: ru-latin, be-latin, cyrillic, lat, unknown
    steps: list[str]  # what was done to it: no-patronymic, swapped, typo, lowercase
    source_id: str  # the person meant, "" for names not in the registry
    name: str  # that person's Person.name


# source_id -> what tells that person apart from others (see identity()).
Identities = dict[str, frozenset[str]]


def identity(name: str, russian: str) -> frozenset[str]:
    """A person's display name and Russian surname and given name. The demo holds many
    people of one name; a query with no patronymic, or written from the Russian form,
    cannot tell them apart, so finding any of them counts as finding the name."""
    keys = {name.casefold()}
    if russian:
        keys.add(" ".join(russian.split()[:2]).casefold())
    return frozenset(keys)


# --- the registry as stored, read with sqlite3 ------------------------------------------------


class Registry:
    """People and their name forms, read straight from the benchmark's SQLite file."""

    def __init__(self, path: Path) -> None:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT id, source_id, name FROM registry_person ORDER BY id"
            ).fetchall()
            forms = connection.execute(
                "SELECT person_id, form, text FROM registry_personname ORDER BY id"
            ).fetchall()
        finally:
            connection.close()
        self.people: list[tuple[int, str, str]] = rows
        self.forms: dict[int, dict[str, str]] = {}
        for person_id, form, text in forms:
            self.forms.setdefault(person_id, {}).setdefault(form, text)
        self.identities: Identities = {
            source_id: identity(name, self.forms.get(pk, {}).get("ru", ""))
            for pk, source_id, name in rows
        }
        self.words = {
            anyascii(word).lower() for _pk, _source_id, name in rows for word in name.split()
        } | {
            anyascii(word).lower()
            for person_forms in self.forms.values()
            for text in person_forms.values()
            for word in text.split()
        }


# --- queries -----------------------------------------------------------------------------------


def typo(text: str, rng: random.Random) -> str:
    """One typing mistake in one word of four letters or more, never its first letter."""
    words = text.split()
    candidates = [i for i, word in enumerate(words) if len(word) >= 4]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    alphabet = CYRILLIC if any(ch.lower() in CYRILLIC for ch in word) else LATIN
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("substitute", "delete", "insert", "transpose"))
    if kind == "substitute":
        letter = rng.choice([ch for ch in alphabet if ch != word[at].lower()])
        word = word[:at] + letter + word[at + 1 :]
    elif kind == "delete":
        word = word[:at] + word[at + 1 :]
    elif kind == "insert":
        word = word[:at] + rng.choice(alphabet) + word[at:]
    else:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    words[i] = word
    return " ".join(words)


def known_query(registry: Registry, person: tuple[int, str, str], rng: random.Random) -> Query:
    """A known person written the way a supporter abroad or a journalist might write them."""
    pk, source_id, name = person
    forms = registry.forms.get(pk, {})
    kind = rng.choices(("ru-latin", "be-latin", "cyrillic", "lat"), (55, 20, 15, 10))[0]
    if kind == "lat" and "lat" in forms:
        words = forms["lat"].split()  # "Given Surname", no patronymic
        steps: list[str] = []
    else:
        if kind == "lat":
            kind = "ru-latin"
        source = forms.get("be" if kind == "be-latin" else "ru") or name
        if kind == "cyrillic":
            source = forms.get(rng.choice(("ru", "be"))) or name
        words = source.split()  # "Surname Given [Patronymic]"
        if kind != "cyrillic":
            words = [anyascii(word).replace("'", "") for word in words]
        steps = []
        if len(words) > 2 and rng.random() < 0.7:
            words = words[:2]
            steps.append("no-patronymic")
    if rng.random() < 0.5:
        words = [words[1], words[0], *words[2:]]
        steps.append("swapped")
    text = " ".join(words)
    if kind == "lat" or rng.random() < 0.5:
        text = typo(text, rng)
        steps.append("typo")
    if rng.random() < 0.2:
        text = text.lower()
        steps.append("lowercase")
    return Query(text=text, kind=kind, steps=steps, source_id=source_id, name=name)


def unknown_query(registry: Registry, rng: random.Random) -> Query:
    surnames = [s for s in UNKNOWN_SURNAMES if anyascii(s).lower() not in registry.words]
    surname = rng.choice(surnames)
    given, feminine = rng.choice(UNKNOWN_GIVEN)
    if feminine and surname.endswith("ий"):
        surname = surname[:-2] + "ая"
    elif feminine and surname.endswith(("ов", "ев", "ин")):
        surname += "а"
    words = [surname, given] if rng.random() < 0.5 else [given, surname]
    text = " ".join(words)
    kind = "unknown"
    if rng.random() < 0.6:
        text = anyascii(text).replace("'", "")
    return Query(text=text, kind=kind, steps=[], source_id="", name="")


def make_queries(registry: Registry, known: int, unknown: int, seed: int) -> list[Query]:
    """`known` random people written another way and `unknown` names not in the registry,
    shuffled together; the same for the same registry and seed."""
    rng = random.Random(seed)
    people = rng.sample(registry.people, min(known, len(registry.people)))
    queries = [known_query(registry, person, rng) for person in people]
    queries += [unknown_query(registry, rng) for _ in range(unknown)]
    rng.shuffle(queries)
    return queries


def describe_queries(queries: Sequence[Query]) -> dict[str, Any]:
    kinds = Counter(q["kind"] for q in queries)
    steps = Counter(step for q in queries for step in q["steps"])
    return {
        "total": len(queries),
        "kinds": dict(sorted(kinds.items())),
        "steps": dict(sorted(steps.items())),
        "examples": [q["text"] for q in queries[:8]],
    }


# --- scoring -----------------------------------------------------------------------------------


class Found:
    """How many known queries brought back the person meant (or one of the same name)."""

    def __init__(self, identities: Identities) -> None:
        self.identities = identities
        self.known = self.person = self.namesake = self.top1 = 0
        self.unknown = self.unknown_with_results = 0
        self.by_kind: Counter[str] = Counter()
        self.known_by_kind: Counter[str] = Counter()

    def add(self, query: Query, source_ids: Sequence[str]) -> None:
        if not query["source_id"]:
            self.unknown += 1
            self.unknown_with_results += bool(source_ids)
            return
        self.known += 1
        self.known_by_kind[query["kind"]] += 1
        wanted = self.identities[query["source_id"]]
        same = [bool(wanted & self.identities.get(sid, frozenset())) for sid in source_ids[:TOP]]
        self.person += query["source_id"] in source_ids[:TOP]
        if any(same):
            self.namesake += 1
            self.by_kind[query["kind"]] += 1
        self.top1 += bool(same) and same[0]

    def as_dict(self) -> dict[str, Any]:
        return {
            "known": self.known,
            "name_in_top5": self.namesake,
            "name_at_top1": self.top1,
            "person_in_top5": self.person,
            "name_in_top5_by_kind": {
                kind: f"{self.by_kind[kind]}/{n}" for kind, n in sorted(self.known_by_kind.items())
            },
            "unknown": self.unknown,
            "unknown_with_results": self.unknown_with_results,
        }


def summary(timings_ms: list[float]) -> dict[str, Any]:
    ordered = sorted(timings_ms)
    if not ordered:
        return {"requests": 0}
    return {
        "requests": len(ordered),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "p50_ms": percentile(ordered, 0.50),
        "p95_ms": percentile(ordered, 0.95),
        "p99_ms": percentile(ordered, 0.99),
    }


# --- in process (runs in a subprocess with Django set up against the benchmark database) -------


def in_process(queries_path: Path) -> dict[str, Any]:
    """Brute force and people_search over the same queries; prints nothing, returns JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestka.settings")
    import django

    django.setup()
    from rapidfuzz import fuzz, process

    from vestka.registry import selectors
    from vestka.registry.models import Person, PersonName

    queries: list[Query] = json.loads(queries_path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    source_ids: dict[int, str] = {}
    person_names: dict[int, str] = {}
    russian: dict[int, str] = {}
    choices: list[str] = []
    owners: list[int] = []
    for pk, source_id, name in Person.objects.values_list("pk", "source_id", "name").iterator():
        source_ids[pk] = source_id
        person_names[pk] = name
        choices.append(anyascii(name).lower())
        owners.append(pk)
    for person_id, form, text in PersonName.objects.values_list(
        "person_id", "form", "text"
    ).iterator():
        choices.append(anyascii(text).lower())
        owners.append(person_id)
        if form == "ru":
            russian.setdefault(person_id, text)
    names: Identities = {
        source_id: identity(person_names[pk], russian.get(pk, ""))
        for pk, source_id in source_ids.items()
    }
    result: dict[str, Any] = {
        "people": len(source_ids),
        "name_forms": len(choices),
        "brute_force_load_seconds": round(time.perf_counter() - started, 1),
    }

    timings: list[float] = []
    found = Found(names)
    for query in queries:
        started = time.perf_counter()
        hits = process.extract(
            anyascii(query["text"]).lower(), choices, scorer=fuzz.WRatio, limit=TOP
        )
        timings.append((time.perf_counter() - started) * 1000)
        found.add(query, [source_ids[owners[index]] for _choice, _score, index in hits])
    result["brute_force"] = {**summary(timings), "found": found.as_dict()}

    people_search: Callable[..., list[Any]] | None = getattr(selectors, "people_search", None)
    if people_search is None:
        result["people_search"] = {"error": "vestka.registry.selectors.people_search not found"}
        return result
    try:
        result["people_search"] = time_people_search(people_search, queries, names)
    except Exception as error:  # noqa: BLE001 - the brute-force figures are still worth having
        result["people_search"] = {"error": f"people_search raised {error!r}"}
        return result
    brute, fast = result["brute_force"], result["people_search"]
    result["ratio"] = {
        key: round(fast[key] / brute[key], 3) if brute[key] else None
        for key in ("mean_ms", "p50_ms", "p95_ms")
    }
    return result


def time_people_search(
    people_search: Callable[..., list[Any]], queries: Sequence[Query], names: Identities
) -> dict[str, Any]:
    for query in queries[:5]:  # warm-up: imports, caches, connections
        people_search(query=query["text"], limit=TOP)
    timings: list[float] = []
    found = Found(names)
    top_scores: dict[str, list[float]] = {"known": [], "unknown": []}
    for query in queries:
        started = time.perf_counter()
        name_hits = people_search(query=query["text"], limit=TOP)
        timings.append((time.perf_counter() - started) * 1000)
        found.add(query, [hit.person.source_id for hit in name_hits])
        if name_hits:
            group = "known" if query["source_id"] else "unknown"
            top_scores[group].append(float(name_hits[0].score))
    return {
        **summary(timings),
        "found": found.as_dict(),
        "median_top_score": {
            group: round(statistics.median(scores), 3) if scores else None
            for group, scores in top_scores.items()
        },
    }


def bench_in_process(env: dict[str, str], queries_path: Path) -> dict[str, Any]:
    _s, out, err, code = run([*SELF, "--in-process", str(queries_path)], env, 3600)
    if code:
        return {"error": (err or out).strip()[-500:]}
    return json.loads(out)


# --- vestka match ------------------------------------------------------------------------------


def bench_match(
    env: dict[str, str], queries: Sequence[Query], names: Identities, tmp: Path
) -> dict[str, Any]:
    _s, out, _err, code = run([*VESTKA, "match", "--help"], env, 120)
    if code or "--json" not in out:
        return {"error": "not available (`vestka match FILE --json` not found)"}
    path = tmp / "match-names.txt"
    path.write_text("".join(q["text"] + "\n" for q in queries), encoding="utf-8")
    seconds, out, err, code = run([*VESTKA, "match", str(path), "--json"], env, 1800)
    result: dict[str, Any] = {"names": len(queries), "seconds": round(seconds, 2)}
    if code:
        result["error"] = (err or out).strip()[-500:]
        return result
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    found = Found(names)
    for query, line in zip(queries, lines, strict=False):
        found.add(query, [c.get("source_id") or "" for c in line.get("candidates", [])])
    result.update(
        names_per_second=round(len(queries) / seconds),
        output_lines=len(lines),
        queries_echoed=sum(
            line.get("query") == q["text"] for q, line in zip(queries, lines, strict=False)
        ),
        found=found.as_dict(),
    )
    return result


# --- load --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """A server process of ours on a loopback port, stopped (by its own pid) on exit."""

    def __init__(self, args: list[str], env: dict[str, str], port: int, ready_path: str) -> None:
        self.args, self.env, self.port, self.ready_path = args, env, port, ready_path
        self.log = tempfile.TemporaryFile()
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            self.args, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.args[2:4]} exited: {self.output()[-800:]}")
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
                connection.request("GET", self.ready_path)
                if connection.getresponse().status == 200:
                    connection.close()
                    return self
                connection.close()
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"{self.args[2:4]} did not answer within 120 s")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def load(
    port: int,
    paths: Sequence[str],
    seconds: float,
    concurrency: int,
    rows: Callable[[bytes], list[str]],
) -> tuple[dict[str, Any], dict[int, list[str]]]:
    """C threads, each with its own keep-alive connection, send GET paths in turn (shared
    round robin) for `seconds`. Returns the figures and, for the first round of paths, the
    source ids each answer listed."""
    for path in paths[:10]:  # warm-up, not counted
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.request("GET", path)
        connection.getresponse().read()
        connection.close()
    counter = itertools.count()
    timings: list[float] = []
    statuses: Counter[str] = Counter()
    answers: dict[int, list[str]] = {}
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def client() -> None:
        mine: list[float] = []
        my_statuses: Counter[str] = Counter()
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        while time.perf_counter() < deadline:
            index = next(counter)
            sent = time.perf_counter()
            try:
                connection.request("GET", paths[index % len(paths)])
                response = connection.getresponse()
                body = response.read()
                status = str(response.status)
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                status, body = type(error).__name__, b""
                connection.close()
            mine.append((time.perf_counter() - sent) * 1000)
            my_statuses[status] += 1
            if status == "200" and index < len(paths):
                try:
                    answers[index] = rows(body)
                except (ValueError, KeyError, TypeError):
                    my_statuses["unreadable JSON"] += 1
        connection.close()
        with lock:
            timings.extend(mine)
            statuses.update(my_statuses)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    figures = {
        **summary(timings),
        "seconds": round(elapsed, 1),
        "requests_per_second": round(len(timings) / elapsed, 1),
        "errors": sum(n for status, n in statuses.items() if status != "200"),
        "statuses": dict(sorted(statuses.items())),
        "concurrency": concurrency,
    }
    return figures, answers


def vestka_rows(body: bytes) -> list[str]:
    return [person["source_id"] for person in json.loads(body)["results"]]


def datasette_rows(body: bytes) -> list[str]:
    data = json.loads(body)
    column = data["columns"].index("source_id")
    return [row[column] for row in data["rows"]]


def score_answers(
    queries: Sequence[Query], answers: dict[int, list[str]], names: Identities
) -> dict[str, Any]:
    found = Found(names)
    for index, query in enumerate(queries):
        if index in answers:
            found.add(query, answers[index])
    return found.as_dict()


def bench_vestka_load(
    env: dict[str, str], queries: Sequence[Query], names: Identities, options: Any
) -> dict[str, Any]:
    port = free_port()
    paths = [
        "/api/v1/people?" + urllib.parse.urlencode({"q": q["text"], "page_size": TOP})
        for q in queries
    ]
    args = [*VESTKA, "serve", "--host", HOST, "--port", str(port)]
    if options.threads:
        args += ["--threads", str(options.threads)]
    try:
        with Server(args, env, port, "/api/v1/people?page_size=1"):
            figures, answers = load(port, paths, options.seconds, options.concurrency, vestka_rows)
    except (RuntimeError, OSError, http.client.HTTPException) as error:
        return {"error": str(error)[-500:]}
    figures["server"] = f"vestka serve (waitress, {options.threads or 'default'} threads)"
    figures["found"] = score_answers(queries, answers, names)
    return figures


def write_datasette_db(source: Path, target: Path) -> dict[str, Any]:
    """One row per person (id, source_id, name and every name form) with an FTS5 index."""
    started = time.perf_counter()
    connection = sqlite3.connect(target)
    try:
        connection.execute("ATTACH DATABASE ? AS src", (str(source),))
        connection.executescript(
            """
            CREATE TABLE people (id INTEGER PRIMARY KEY, source_id TEXT, name TEXT, names TEXT);
            INSERT INTO people (id, source_id, name, names)
                SELECT p.id, p.source_id, p.name,
                    (SELECT group_concat(n.text, ' | ') FROM src.registry_personname n
                     WHERE n.person_id = p.id)
                FROM src.registry_person p;
            CREATE VIRTUAL TABLE people_fts USING fts5(
                name, names, content="people", content_rowid="id"
            );
            INSERT INTO people_fts (people_fts) VALUES ('rebuild');
            """
        )
        connection.commit()
        connection.execute("DETACH DATABASE src")
        rows = connection.execute("SELECT count(*) FROM people").fetchone()[0]
    finally:
        connection.close()
    return {
        "rows": rows,
        "megabytes": round(target.stat().st_size / 1e6, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def bench_datasette_load(
    db_path: Path, queries: Sequence[Query], names: Identities, options: Any
) -> dict[str, Any]:
    port = free_port()
    table = f"/{db_path.stem}/people.json"
    paths = [
        f"{table}?" + urllib.parse.urlencode({"_search": q["text"], "_size": TOP}) for q in queries
    ]
    env = dict(os.environ)
    args = [
        *DATASETTE, "serve", "--host", HOST, "--port", str(port), "-i", str(db_path),
        "--setting", "suggest_facets", "off",
    ]  # fmt: skip
    try:
        with Server(args, env, port, "/-/versions.json"):
            figures, answers = load(
                port, paths, options.seconds, options.concurrency, datasette_rows
            )
    except (RuntimeError, OSError, http.client.HTTPException) as error:
        return {"error": str(error)[-500:]}
    figures["server"] = "datasette serve -i (uvicorn), suggest_facets off"
    figures["found"] = score_answers(queries, answers, names)
    return figures


def load_ratio(vestka: dict[str, Any], datasette: dict[str, Any]) -> dict[str, Any] | None:
    if "error" in vestka or "error" in datasette or not datasette.get("requests"):
        return None
    return {
        "throughput": round(vestka["requests_per_second"] / datasette["requests_per_second"], 3),
        "p95": round(vestka["p95_ms"] / datasette["p95_ms"], 3),
    }


def datasette_available() -> bool:
    try:
        import datasette  # noqa: F401
    except ImportError:
        return False
    return True


# --- one engine --------------------------------------------------------------------------------


def bench_engine(
    env: dict[str, str],
    options: Any,
    queries_path: Path,
    queries: list[Query],
    match_queries: list[Query],
    names: Identities,
    tmp: Path,
    label: str,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    print(f"{label}: in-process latency ...", file=sys.stderr)
    result["in_process"] = bench_in_process(env, queries_path)
    print(f"{label}: vestka match ...", file=sys.stderr)
    result["match"] = bench_match(env, match_queries, names, tmp)
    print(f"{label}: load on /api/v1/people?q= ...", file=sys.stderr)
    result["load"] = bench_vestka_load(env, queries, names, options)
    return result


def load_demo(env: dict[str, str], people: int) -> dict[str, Any]:
    migrate(env)
    seconds, out, err, code = run([*VESTKA, "demo", "--people", str(people)], env, 3600)
    if code:
        return {"error": (err or out).strip()[-500:]}
    return {"seconds": round(seconds, 1), "output": out.strip().splitlines()[-1]}


# --- report ------------------------------------------------------------------------------------


class Missing(Exception):
    """A measurement that could not be made; its message says why."""


def ms(value: dict[str, Any]) -> str:
    return f"{value['mean_ms']} / {value['p50_ms']} / {value['p95_ms']} / {value['p99_ms']} ms"


def found_text(found: dict[str, Any]) -> str:
    text = (
        f"name in top 5 for {found['name_in_top5']}/{found['known']} "
        f"(at 1: {found['name_at_top1']}; that very person in top 5: {found['person_in_top5']})"
    )
    if found.get("unknown"):
        text += f"; {found['unknown_with_results']}/{found['unknown']} unknown names got results"
    return text


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    q = results["queries"]
    people = results["people"]
    lines = [
        f"Measured {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, "
        f"Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}; "
        f"{people} demo people.",
        "",
        f"Queries (seed {results['seed']}): {q['total']} — kinds {q['kinds']}, "
        f"changes {q['steps']}; e.g. " + ", ".join(f"“{t}”" for t in q["examples"][:4]) + ".",
        "",
        "| benchmark | SQLite | PostgreSQL |",
        "|---|---|---|",
    ]

    def row(label: str, render: Callable[[dict[str, Any]], str]) -> None:
        cells = []
        for engine in ENGINES:
            value = results.get(engine)
            if value is None:
                cells.append("not measured")
                continue
            try:
                cells.append(render(value))
            except Missing as missing:
                reason = str(missing).strip().splitlines() or [""]
                cells.append(f"not available: {reason[-1][:160]}")
            except (KeyError, TypeError):
                cells.append("not measured")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def part(value: dict[str, Any], *keys: str) -> dict[str, Any]:
        for key in keys:
            value = value[key]
            if "error" in value:
                raise Missing(value["error"])
        return value

    forms = next(
        (
            results[e]["in_process"]["name_forms"]
            for e in ENGINES
            if "name_forms" in results.get(e, {}).get("in_process", {})
        ),
        "all",
    )
    forms = f"{forms:,}" if isinstance(forms, int) else forms
    row(f"`vestka demo --people {people}`", lambda v: f"{v['demo']['seconds']} s")
    row(
        f"brute force: rapidfuzz WRatio over {forms} name forms, mean / p50 / p95 / p99",
        lambda v: ms(part(v, "in_process", "brute_force")),
    )
    row(
        "`people_search(limit=5)` mean / p50 / p95 / p99",
        lambda v: ms(part(v, "in_process", "people_search")),
    )
    row(
        "people_search ÷ brute force (mean; p50; p95)",
        lambda v: "{mean_ms}; {p50_ms}; {p95_ms}".format(**part(v, "in_process")["ratio"]),
    )
    row("brute force: found", lambda v: found_text(part(v, "in_process", "brute_force")["found"]))
    row(
        "people_search: found",
        lambda v: found_text(part(v, "in_process", "people_search")["found"]),
    )
    row(
        f"`vestka match` of {results['match_names']} names",
        lambda v: (
            f"{part(v, 'match')['seconds']} s, {v['match']['names_per_second']} names/s; "
            + found_text(v["match"]["found"])
        ),
    )
    row(
        "load: `/api/v1/people?q=…&page_size=5` req/s; p50 / p95 / p99; errors",
        lambda v: load_text(part(v, "load")),
    )
    row("load: Vestka found", lambda v: found_text(part(v, "load")["found"]))
    datasette = results.get("datasette", {})
    if "error" in datasette or not datasette:
        lines.append(f"| Datasette | {datasette.get('error', 'not measured')} | |")
    else:
        lines.append(
            "| load: Datasette `people.json?_search=…&_size=5` (FTS5), same queries "
            f"| {load_text(datasette)} | (same server) |"
        )
        lines.append(f"| load: Datasette found | {found_text(datasette['found'])} | |")
        row(
            "Vestka ÷ Datasette (throughput; p95)",
            lambda v: "{throughput}; {p95}".format(**v["load_ratio"]),
        )
    lines += [
        "",
        "“Name in top 5”: among the first five, a person with the display name, or the Russian "
        "surname and given name, of the person the query was written from (the demo holds many "
        "people of one name, and a query without the patronymic cannot tell them apart); “that "
        "very person”: the record itself. Load: each server on a loopback port, the client on "
        "the same machine; Datasette orders `_search` results by rowid, not by relevance.",
    ]
    return "\n".join(lines) + "\n"


def load_text(value: dict[str, Any]) -> str:
    return (
        f"{value['requests_per_second']} req/s; {value['p50_ms']} / {value['p95_ms']} / "
        f"{value['p99_ms']} ms; {value['errors']} errors ({value['requests']} requests, "
        f"C={value['concurrency']})"
    )


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="known people to look for")
    parser.add_argument("--unknown", type=int, default=50, help="names not in the registry")
    parser.add_argument("--match-names", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=20, help="load duration per server")
    parser.add_argument("--concurrency", type=int, default=8, help="load connections")
    parser.add_argument("--threads", type=int, default=0, help="vestka serve threads")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--markdown", metavar="PATH", help="Also write the Markdown table here.")
    parser.add_argument("--in-process", metavar="QUERIES", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.in_process:
        print(json.dumps(in_process(Path(options.in_process))))
        return

    postgres_url = None if options.no_postgres else options.postgres_url
    results: dict[str, Any] = {
        "people": options.people,
        "seed": options.seed,
        "match_names": options.match_names,
        "machine": machine(postgres_url),
    }
    postgres_ok = results["machine"]["postgresql"] != "not reachable"

    with tempfile.TemporaryDirectory(prefix="vestka-bench-search-") as tmp:
        tmp_path = Path(tmp)
        var_dir = tmp_path / "var"
        sqlite_path = tmp_path / "search.sqlite3"
        env = environment(f"sqlite:///{sqlite_path}", var_dir)
        print(f"SQLite: vestka demo --people {options.people} ...", file=sys.stderr)
        demo = load_demo(env, options.people)
        if "error" in demo:
            raise SystemExit(f"demo load failed: {demo['error']}")

        registry = Registry(sqlite_path)
        names = registry.identities
        queries = make_queries(registry, options.queries, options.unknown, options.seed)
        known = options.match_names - options.match_names // 10
        match_queries = make_queries(registry, known, options.match_names - known, options.seed + 1)
        results["queries"] = describe_queries(queries)
        queries_path = tmp_path / "queries.json"
        queries_path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")

        sqlite = results["sqlite"] = {"demo": demo}
        sqlite.update(
            bench_engine(
                env, options, queries_path, queries, match_queries, names, tmp_path, "SQLite"
            )
        )
        if datasette_available():
            datasette_path = tmp_path / "people.db"
            print("Datasette: FTS5 copy and load ...", file=sys.stderr)
            results["datasette_db"] = write_datasette_db(sqlite_path, datasette_path)
            results["datasette"] = bench_datasette_load(datasette_path, queries, names, options)
        else:
            results["datasette"] = {"error": "datasette not installed (pip install -e '.[bench]')"}
        sqlite["load_ratio"] = load_ratio(sqlite["load"], results["datasette"])

        if postgres_ok:
            with ScratchPostgres(postgres_url, f"vestka_bench_search_{os.getpid()}") as database:
                env = environment(database.url, var_dir)
                print(f"PostgreSQL: vestka demo --people {options.people} ...", file=sys.stderr)
                pg = results["postgresql"] = {"demo": load_demo(env, options.people)}
                if "error" not in pg["demo"]:
                    pg.update(
                        bench_engine(
                            env, options, queries_path, queries, match_queries, names, tmp_path,
                            "PostgreSQL",
                        )
                    )  # fmt: skip
                    pg["load_ratio"] = load_ratio(pg["load"], results["datasette"])

    write_results(results, markdown(results), options.markdown)


if __name__ == "__main__":
    main()

"""Page latency on a loaded registry, through Django's test Client (in process, no network).

Run by benchmarks/run.py with DATABASE_URL pointing at a database that `vestka demo`
filled. Prints one JSON object: p50/p95/p99 in milliseconds and the HTTP status
counts for each page. Bounded by --requests per page and --seconds per page.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter


def percentile(sorted_ms: list[float], share: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(share * len(sorted_ms)) - 1))
    return round(sorted_ms[index], 1)


def measure(client, label: str, paths: list[str], seconds: float) -> dict:
    timings: list[float] = []
    statuses: Counter[int] = Counter()
    # Warm-up: the first request pays for imports, template loading and connections.
    client.get(paths[0])
    deadline = time.perf_counter() + seconds
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        statuses[response.status_code] += 1
        if time.perf_counter() > deadline:
            break
    timings.sort()
    return {
        "label": label,
        "requests": len(timings),
        "p50_ms": percentile(timings, 0.50),
        "p95_ms": percentile(timings, 0.95),
        "p99_ms": percentile(timings, 0.99),
        "mean_ms": round(statistics.fmean(timings), 1),
        "statuses": {str(code): n for code, n in sorted(statuses.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=120)
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestka.settings")
    # What a page costs to make: the page cache would answer most of these requests
    # from memory (its effect is measured by day_of_action.py).
    os.environ["VESTKA_PAGE_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.test import Client

    from vestka.registry.models import Person

    rng = random.Random(0)
    pks = list(Person.objects.values_list("pk", flat=True))
    if not pks:
        sys.exit("the database holds no people; run `vestka demo` first")
    people = rng.sample(pks, min(options.requests, len(pks)))
    active = Person.objects.filter(recognised=True, custody="in_custody").count()
    # The list pages: random pages among the first 20 (pages near the start are the ones
    # people open); the site shows a fixed number per page.
    list_pages = [rng.randint(1, 20) for _ in range(options.requests)]
    client = Client()
    results = {
        "person": measure(
            client, "`/people/<pk>/` (random people)", [f"/people/{pk}/" for pk in people],
            options.seconds,
        ),
        "people_active": measure(
            client, "`/people/?status=active&page=1..20`",
            [f"/people/?status=active&page={page}" for page in list_pages], options.seconds,
        ),
        "api_people": measure(
            client, "`/api/v1/people?page=1..20`",
            [f"/api/v1/people?page={page}" for page in list_pages], options.seconds,
        ),
        "people_in_database": len(pks),
        "behind_bars": active,
    }  # fmt: skip
    print(json.dumps(results))


if __name__ == "__main__":
    main()

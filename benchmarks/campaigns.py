"""Campaigns at scale (`make bench`): on the 100,000-person demo, a group campaign over
every person behind bars with one large tag, letters and solidarity messages written
through the services as on a day of action, then the campaign pages, the API and the
calendar's days-of-action query.

Not a test: it takes minutes. Like benchmarks/run.py it loads a fresh database of its
own (a temporary SQLite file, and a scratch PostgreSQL database when one is reachable),
then measures in a subprocess with DATABASE_URL pointing at it. Results: one JSON
object on stdout, a Markdown table on stderr (and in --markdown PATH).

    .venv/bin/python benchmarks/campaigns.py [--people 100000] [--letters 2000]
        [--messages 500] [--requests 100] [--no-postgres]
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

import run as base  # noqa: E402  (benchmarks/run.py: environments, machine, scratch databases)
from latency import percentile  # noqa: E402


def percentiles(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {
        "requests": len(ms),
        "p50_ms": percentile(ms, 0.50),
        "p95_ms": percentile(ms, 0.95),
        "p99_ms": percentile(ms, 0.99),
        "mean_ms": round(statistics.fmean(ms), 1),
    }


def measure(options: argparse.Namespace) -> dict:
    """Inside the loaded database: write, then read, and time both."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestka.settings")
    import django

    django.setup()
    import datetime
    import random

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from vestka.campaigns import selectors
    from vestka.campaigns.models import Campaign
    from vestka.campaigns.services import campaign_create, message_act, message_submit
    from vestka.letters.demo import LETTERS, SENDERS
    from vestka.letters.services import letter_submit
    from vestka.registry.models import Country, Tag

    settings.ALLOWED_HOSTS = ["*"]
    settings.VESTKA_LETTERS_PER_MINUTE = 10**9  # the brake is not what is measured
    settings.VESTKA_MESSAGES_PER_MINUTE = 10**9
    from django.db.models import Count, Q

    rng = random.Random(0)
    today = timezone.localdate()
    # The tag most people behind bars carry: the largest group a campaign can have.
    largest = (
        Tag.objects.annotate(
            held=Count("people", filter=Q(people__custody="in_custody", people__recognised=True))
        )
        .order_by("-held", "slug")
        .first()
    )
    big = campaign_create(
        slug="bench-big-group",
        kind=Campaign.Kind.GROUP,
        country=Country.objects.get(code="BY"),
        title_en=f"Everyone behind bars tagged {largest.name_en}",
        starts_on=today.replace(day=1),
        tag=largest,
        hashtag="Bench",
        goal_letters=5,
        goal_period=Campaign.GoalPeriod.MONTH,
    )
    people = list(selectors.campaign_people(campaign=big).values_list("pk", flat=True))
    result: dict = {"big_campaign_people": len(people), "big_campaign_tag": largest.slug}

    from vestka.registry.models import Person

    # People a letter can reach now (as the demo letters choose them).
    reachable = list(
        Person.objects.filter(pk__in=people, incommunicado=False, facility__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    recipients = list(Person.objects.filter(pk__in=rng.sample(reachable, min(500, len(reachable)))))
    started = time.perf_counter()
    for number in range(options.letters):
        letter_submit(
            person=recipients[number % len(recipients)],
            sender_name=rng.choice(SENDERS),
            text=rng.choice(LETTERS),
        )
    seconds = time.perf_counter() - started
    result["letters"] = {
        "count": options.letters,
        "per_second": round(options.letters / seconds, 1),
    }

    texts = ["Трымайся! Мы памятаем.", "We are with you.", "Держись, мы рядом.", "Courage !"]
    started = time.perf_counter()
    messages = [
        message_submit(
            sender_name=rng.choice(SENDERS),
            text=f"{rng.choice(texts)} {number}",
            campaign=big,
            submission_key=f"bench-{number}",
        )
        for number in range(options.messages)
    ]
    seconds = time.perf_counter() - started
    result["messages"] = {
        "count": options.messages,
        "per_second": round(options.messages / seconds, 1),
    }
    for message in messages[: options.messages // 2]:
        message_act(message_id=message.pk, action="approve")

    client = Client()
    pages = {
        "index": "/campaigns/",
        "big_group": big.get_absolute_url(),
        "journalists": "/campaigns/journalists-behind-bars/",
        "day_of_action": "/campaigns/day-of-solidarity-21-may/",
        "api_big_group": f"/api/v1/campaigns/{big.slug}",
    }
    latency = {}
    for name, path in pages.items():
        client.get(path)  # warm-up
        timings, statuses = [], set()
        for _ in range(options.requests):
            begun = time.perf_counter()
            statuses.add(client.get(path).status_code)
            timings.append((time.perf_counter() - begun) * 1000)
        latency[name] = {"path": path, "statuses": sorted(statuses), **percentiles(timings)}
    result["latency"] = latency

    def timed(function, repeat: int = 20) -> dict:
        function()
        timings = []
        for _ in range(repeat):
            begun = time.perf_counter()
            function()
            timings.append((time.perf_counter() - begun) * 1000)
        return percentiles(timings)

    year = (today, today + datetime.timedelta(days=365))
    result["progress_big_group"] = timed(
        lambda: selectors.campaign_progress(campaign=big, today=today)
    )
    result["days_of_action_year"] = timed(
        lambda: selectors.campaign_days_of_action(start=year[0], end=year[1], country="BY")
    )
    return result


def bench(env: dict[str, str], options: argparse.Namespace) -> dict:
    base.migrate(env)
    seconds, out, err, code = base.run(
        [*base.VESTKA, "demo", "--people", str(options.people)], env, 3600
    )
    if code:
        return {"error": (err or out).strip()[-300:]}
    demo_seconds = round(seconds, 1)
    _s, out, err, code = base.run(
        [sys.executable, __file__, "--measure", "--letters", str(options.letters),
         "--messages", str(options.messages), "--requests", str(options.requests)],
        env, 3600,
    )  # fmt: skip
    if code:
        return {"error": (err or out).strip()[-300:]}
    return {"demo_seconds": demo_seconds, **json.loads(out.strip().splitlines()[-1])}


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, "
        f"Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}.",
        "",
        "| benchmark | SQLite | PostgreSQL |",
        "|---|---|---|",
    ]

    def row(label: str, render) -> None:
        cells = []
        for engine in ("sqlite", "postgresql"):
            value = results.get(engine)
            if value is None:
                cells.append("not measured")
            elif "error" in value:
                cells.append(f"not available: {value['error'][:100]}")
            else:
                cells.append(render(value))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def ms(v: dict) -> str:
        return f"{v['p50_ms']} / {v['p95_ms']} / {v['p99_ms']} ms ({v['requests']}×)"

    row(
        "people in the big group campaign (its tag)",
        lambda v: f"{v['big_campaign_people']} (`{v['big_campaign_tag']}`)",
    )
    row("`letter_submit` (screened, logged)", lambda v: f"{v['letters']['per_second']} letters/s")
    row(
        "`message_submit` (screened, logged)", lambda v: f"{v['messages']['per_second']} messages/s"
    )
    for page in ("index", "big_group", "journalists", "day_of_action", "api_big_group"):
        row(
            f"`{results.get('sqlite', {}).get('latency', {}).get(page, {}).get('path', page)}`"
            " p50 / p95 / p99",
            lambda v, p=page: ms(v["latency"][p]),
        )
    row(
        "`campaign_progress` of the big group p50 / p95 / p99",
        lambda v: ms(v["progress_big_group"]),
    )
    row(
        "`campaign_days_of_action` for a year p50 / p95 / p99",
        lambda v: ms(v["days_of_action_year"]),
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--letters", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", base.DEFAULT_POSTGRES)
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--markdown", metavar="PATH")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.measure:
        print(json.dumps(measure(options)))
        return
    postgres_url = None if options.no_postgres else options.postgres_url
    results: dict = {"people": options.people, "machine": base.machine(postgres_url)}
    with tempfile.TemporaryDirectory(prefix="vestka-bench-campaigns-") as tmp:
        var_dir = Path(tmp) / "var"
        print("SQLite ...", file=sys.stderr)
        env = base.environment(f"sqlite:///{Path(tmp) / 'campaigns.sqlite3'}", var_dir)
        results["sqlite"] = bench(env, options)
        if results["machine"]["postgresql"] != "not reachable" and postgres_url:
            name = f"vestka_bench_campaigns_{os.getpid()}"
            with base.ScratchPostgres(postgres_url, name) as database:
                print("PostgreSQL ...", file=sys.stderr)
                results["postgresql"] = bench(base.environment(database.url, var_dir), options)
    table = markdown(results)
    print(json.dumps(results))
    print(table, file=sys.stderr)
    if options.markdown:
        Path(options.markdown).write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()

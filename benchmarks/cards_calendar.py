"""Share card and calendar benchmarks (`make bench`) at 100,000 people.

On a fresh database of N people (`vestka demo --people N`, default 100,000; a temporary
SQLite file and, when one is reachable, a scratch PostgreSQL database), with the day and
month of every demo birth date published (`vestka calendar publish-birthdays --demo`):

1. cards: drawing alone (`vestka.cards.drawing.card_render`, no database), og and square,
   with a photo and with initials; then through the service a person's card drawn and
   cached ("cold": person read, card drawn and written to the cache folder) and read back
   from the cache ("cached"), and the served `/people/<id>/card-og.png` cold and cached;
2. calendar: `calendar_entries` for each month of the coming year (every kind), for a week,
   the month page `/calendar/?month=...` and the iCal feed `/calendar/feed.ics` (a week
   back and six weeks ahead; built, and from its cache) through Django's test Client.

Mean and p95 in milliseconds. The in-process part runs as a subprocess with the
benchmark database's DATABASE_URL; the developer's var/ is never touched. Results go to
stdout as one JSON object; a Markdown table for docs/benchmarks.md goes to stderr (and to
--markdown PATH).

    .venv/bin/python benchmarks/cards_calendar.py [--people 100000] [--cards 30]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres | --no-postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from latency import percentile
from run import (
    DEFAULT_POSTGRES,
    VESTKA,
    ScratchPostgres,
    environment,
    machine,
    migrate,
    run,
    write_results,
)

SCRIPT = [sys.executable, str(Path(__file__).resolve())]
# The PostgreSQL database this benchmark makes and drops.
POSTGRES_NAME = "wt_cards_bench"


def timed(action: Callable[[], object], repeat: int) -> dict:
    """Mean and p95 in milliseconds of ``repeat`` calls (after none: callers warm up)."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "n": repeat,
        "mean_ms": round(statistics.fmean(timings), 1),
        "p95_ms": percentile(timings, 0.95),
    }


def timed_each(actions: list[Callable[[], object]]) -> dict:
    """Like timed, one call of each action (each on a different record)."""
    iterator = iter(actions)
    return timed(lambda: next(iterator)(), len(actions))


# --- in process, against the benchmark database ----------------------------------------------


def inner(cards: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestka.settings")
    import django

    django.setup()
    import dataclasses
    import datetime
    import io

    from django.core.cache import cache
    from django.core.files.base import ContentFile
    from django.test import Client
    from django.utils import timezone
    from PIL import Image

    from vestka.calendar import selectors as calendar_selectors
    from vestka.calendar.models import PublicBirthday
    from vestka.cards import drawing, services
    from vestka.registry import selectors as registry_selectors
    from vestka.registry.models import Person

    results: dict = {"public_birthdays": PublicBirthday.objects.count()}
    held = list(
        registry_selectors.people_behind_bars_now().order_by("pk").values_list("pk", flat=True)
    )
    results["held_now"] = len(held)

    # A fictional "photo": a portrait-shaped gradient, as a JPEG of a typical upload size.
    photo = io.BytesIO()
    gradient = Image.linear_gradient("L").resize((600, 800)).convert("RGB")
    gradient.save(photo, format="JPEG", quality=90)
    photo_bytes = photo.getvalue()

    content = drawing.CardContent(
        title="Аляксандра Прыдуманая-Вялікапольская",
        headline="1\u00a0940 дзён за кратамі",
        subline="за кратамі з 9 жніўня 2021 г.",
        hashtag="#FreeThemAll",
        link="https://vestka.example/be/people/12345/",
        initials="АП",
    )
    drawing.card_render(content, size="og")  # fonts loaded once
    draw: dict = {}
    for size in drawing.SIZES:
        draw[f"{size} initials"] = timed(lambda s=size: drawing.card_render(content, size=s), cards)
        with_photo = dataclasses.replace(content, photo=photo_bytes)
        draw[f"{size} photo"] = timed(
            lambda s=size, c=with_photo: drawing.card_render(c, size=s), cards
        )
    results["drawing"] = draw

    # Through the service: each person once cold, then once from the cache.
    sample = held[: cards * 4]
    with_photos = sample[cards * 2 :]
    for pk in with_photos:
        person = Person.objects.get(pk=pk)
        person.photo.save(f"bench-{pk}.jpg", ContentFile(photo_bytes), save=True)
    service: dict = {}
    groups = {
        "og initials": ("og", sample[:cards]),
        "square initials": ("square", sample[cards : cards * 2]),
        "og photo": ("og", with_photos[:cards]),
        "square photo": ("square", with_photos[cards:]),
    }
    for label, (size, pks) in groups.items():

        def render(pk: int, size: str = size) -> None:
            person = registry_selectors.person_detail(pk=pk)
            services.person_card_render(person=person, size=size, language="be")

        service[f"{label} cold"] = timed_each([lambda pk=pk: render(pk) for pk in pks])
        service[f"{label} cached"] = timed_each([lambda pk=pk: render(pk) for pk in pks])
    results["service"] = service

    client = Client()
    served = held[cards * 4 : cards * 5]
    client.get(f"/people/{served[0]}/card-og.png")
    results["http"] = {
        "og cold": timed_each(
            [lambda pk=pk: client.get(f"/people/{pk}/card-og.png") for pk in served[1:]]
        ),
        "og cached": timed_each(
            [lambda pk=pk: client.get(f"/people/{pk}/card-og.png") for pk in served[1:]]
        ),
    }

    today = timezone.localdate()
    months = []
    first = today.replace(day=1)
    for _ in range(12):
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        months.append((first, following - datetime.timedelta(days=1)))
        first = following
    counts = []

    def month_query(start: datetime.date, end: datetime.date) -> None:
        counts.append(len(calendar_selectors.calendar_entries(start=start, end=end)))

    month_query(*months[0])  # warm-up
    counts.clear()
    calendar: dict = {
        "month query": timed_each([lambda m=m: month_query(*m) for m in months]),
    }
    calendar["month query"]["entries_mean"] = round(statistics.fmean(counts))
    week = (today, today + datetime.timedelta(days=6))
    calendar["week query"] = timed(lambda: month_query(*week), 12)
    client.get("/calendar/")
    cache.clear()
    calendar["month page"] = timed_each(
        [lambda m=m: client.get(f"/calendar/?month={m[0]:%Y-%m}") for m in months]
    )
    calendar["month page cached"] = timed_each(
        [lambda m=m: client.get(f"/calendar/?month={m[0]:%Y-%m}") for m in months]
    )

    def feed_cold() -> None:
        cache.clear()
        client.get("/calendar/feed.ics")

    calendar["feed cold"] = timed(feed_cold, 3)
    feed = client.get("/calendar/feed.ics")
    calendar["feed cached"] = timed(lambda: client.get("/calendar/feed.ics"), 10)
    calendar["feed cold"]["events"] = feed.content.count(b"BEGIN:VEVENT")
    calendar["feed cold"]["kilobytes"] = round(len(feed.content) / 1024)
    results["calendar"] = calendar
    return results


# --- outside, per database -------------------------------------------------------------------


def bench_engine(env: dict[str, str], people: int, cards: int) -> dict:
    migrate(env)
    seconds, out, err, code = run([*VESTKA, "demo", "--people", str(people)], env, 1800)
    if code:
        return {"error": (err or out).strip()[-500:]}
    result: dict = {"demo_seconds": round(seconds, 1)}
    seconds, out, err, code = run([*VESTKA, "calendar", "publish-birthdays", "--demo"], env, 900)
    if code:
        return {**result, "error": (err or out).strip()[-500:]}
    result["publish_birthdays"] = {"seconds": round(seconds, 1), **json.loads(out)}
    _s, out, err, code = run([*SCRIPT, "--inner", "--cards", str(cards)], env, 1800)
    if code:
        return {**result, "error": (err or out).strip()[-800:]}
    result.update(json.loads(out))
    return result


def cell(value: dict | None) -> str:
    if not value:
        return "not measured"
    return f"{value['mean_ms']} / {value['p95_ms']} ms"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['ram']} RAM, "
        f"Python {m['python']}, SQLite {m['sqlite']}, PostgreSQL {m['postgresql']}; "
        f"{results['people']} people, {results['cards']} cards per line.",
        "",
        "| benchmark (mean / p95) | SQLite | PostgreSQL |",
        "|---|---|---|",
    ]
    sqlite, pg = results.get("sqlite", {}), results.get("postgresql", {})
    for label in ("og initials", "og photo", "square initials", "square photo"):
        value = sqlite.get("drawing", {}).get(label)
        lines.append(f"| drawing only, {label} | {cell(value)} | (no database) |")
    for label in ("og initials", "og photo", "square initials", "square photo"):
        for state in ("cold", "cached"):
            key = f"{label} {state}"
            lines.append(
                f"| `person_card_render`, {key} | {cell(sqlite.get('service', {}).get(key))} | "
                f"{cell(pg.get('service', {}).get(key))} |"
            )
    for key in ("og cold", "og cached"):
        lines.append(
            f"| `GET /people/<id>/card-og.png`, {key.split()[1]} | "
            f"{cell(sqlite.get('http', {}).get(key))} | {cell(pg.get('http', {}).get(key))} |"
        )
    labels = {
        "month query": "`calendar_entries` for a month (12 months)",
        "week query": "`calendar_entries` for a week",
        "month page": "`GET /calendar/?month=...` (12 months), built",
        "month page cached": "`GET /calendar/?month=...`, listing from the cache",
        "feed cold": "`GET /calendar/feed.ics` (a week back, six weeks ahead), built",
        "feed cached": "`GET /calendar/feed.ics`, from the cache",
    }
    for key, label in labels.items():
        lines.append(
            f"| {label} | {cell(sqlite.get('calendar', {}).get(key))} | "
            f"{cell(pg.get('calendar', {}).get(key))} |"
        )
    for name, engine in (("SQLite", sqlite), ("PostgreSQL", pg)):
        if "error" in engine:
            lines.append(f"\n{name} failed: {engine['error']}")
        elif engine:
            calendar = engine.get("calendar", {})
            lines.append(
                f"\n{name}: demo load {engine.get('demo_seconds')} s; "
                f"{engine.get('publish_birthdays', {}).get('published')} birthdays published in "
                f"{engine.get('publish_birthdays', {}).get('seconds')} s; "
                f"{engine.get('held_now')} political prisoners held now; a month holds "
                f"{calendar.get('month query', {}).get('entries_mean')} entries on average; "
                f"the feed {calendar.get('feed cold', {}).get('events')} events "
                f"({calendar.get('feed cold', {}).get('kilobytes')} KiB)."
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=30)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--markdown", metavar="PATH", help="Also write the Markdown table here.")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.inner:
        print(json.dumps(inner(options.cards)))
        return

    postgres_url = None if options.no_postgres else options.postgres_url
    results: dict = {
        "people": options.people,
        "cards": options.cards,
        "machine": machine(postgres_url),
    }
    postgres_ok = results["machine"]["postgresql"] != "not reachable"
    with tempfile.TemporaryDirectory(prefix="vestka-bench-cards-") as tmp:
        tmp_path = Path(tmp)
        print("SQLite: demo, birthdays, cards, calendar ...", file=sys.stderr)
        env = environment(f"sqlite:///{tmp_path / 'demo.sqlite3'}", tmp_path / "var-sqlite")
        results["sqlite"] = bench_engine(env, options.people, options.cards)
        if postgres_ok:
            with ScratchPostgres(postgres_url, POSTGRES_NAME) as database:
                print("PostgreSQL: demo, birthdays, cards, calendar ...", file=sys.stderr)
                env = environment(database.url, tmp_path / "var-postgres")
                results["postgresql"] = bench_engine(env, options.people, options.cards)
    write_results(results, markdown(results), options.markdown)


if __name__ == "__main__":
    main()

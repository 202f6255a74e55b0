"""Print benchmark: building the PDF of a 1,000-letter batch.

In a scratch SQLite database (a temporary file, migrated by `vestka migrate`), a
fictional facility, fictional people and N approved letters of about 1,500 characters
each (everyday Belarusian and Russian, like the demo letters) are made; `batch_create`
puts them in one batch and `letters.printing.batch_pdf` prints it. Reported: seconds
for the batch and for the PDF (best of --runs, one process, one core), pages, bytes,
whether two builds gave the same bytes, and peak memory (the process's peak RSS growth
while printing, and the Python heap peak from tracemalloc in a separate build, since
tracing slows the build down). The developer's var/ is never touched.

    .venv/bin/python benchmarks/letters_pdf.py [--letters 1000] [--chars 1500]
        [--envelope c6|dl|labels] [--runs 3] [--markdown PATH]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import environment, machine, migrate, run, write_results  # noqa: E402

SELF = [sys.executable, str(Path(__file__).resolve())]
TARGET_SECONDS = 15.0

# Fictional everyday sentences: the kind of letter that passes screening.
SENTENCES = (
    "Прывітанне! Піша табе Ала з Гродна.",
    "У нас нарэшце выпаў снег, і мы з сабакам кожную раніцу гуляем у парку.",
    "Я чытаю «Дзікае паляванне караля Стаха», вельмі падабаецца.",
    "Увечары мы з сябрамі пяклі пернікі і спявалі песні, было цёпла і весела.",
    "А што ты цяпер чытаеш? Якія кнігі табе даслаць?",
    "Здравствуй! Пишу тебе из Витебска, у нас уже совсем весна.",
    "На выходных ездили к бабушке в деревню, копали грядки и пили чай с мятой.",
    "Кот по-прежнему спит на подоконнике и делает вид, что охраняет дом.",
    "Я записалась на курсы итальянского, пока получается смешно, но интересно.",
    "Расскажи, как проходит твой день, что тебе снится и о чём ты думаешь.",
    "Мы часта ўспамінаем, як ты вучыў нас рабіць фота на старую камеру.",
    "На рынку з'явіліся першыя суніцы, і я адразу падумала пра цябе.",
    "Береги себя, пей побольше воды и пиши, если будет возможность.",
    "Абдымаю моцна і чакаю ліста. Да сустрэчы!",
)
SURNAMES = ("Выдуманная", "Придуманный", "Сочинённая", "Вымышленный", "Небылицына", "Сказочный")
FIRST_NAMES = ("Алёна", "Игорь", "Вера", "Павел", "Ольга", "Сымон", "Жанна", "Андрей")
PATRONYMICS = ("Петровна", "Иванович", "Олеговна", "Сергеевич", "Андреевна", "Павлович")


def letter_text(rng: random.Random, chars: int) -> str:
    """About ``chars`` characters of everyday letter in paragraphs of three to five
    sentences."""
    paragraphs: list[str] = []
    length = 0
    while length < chars - 120:  # a paragraph is about 250 characters
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 5)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


# --- in process (a subprocess with Django set up against the scratch database) ---------------


def in_process(letters: int, chars: int, envelope: str, runs: int) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vestka.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User

    from vestka.letters import lifecycle
    from vestka.letters.dispatch import batch_create
    from vestka.letters.models import Letter
    from vestka.letters.printing import batch_pdf
    from vestka.registry.models import Country, Facility, Person, PersonName

    settings.VESTKA_RETURN_ADDRESS = ["Vestka", "а/я 15", "00-950 Warszawa 1", "POLAND"]
    rng = random.Random(0)
    facility = Facility.objects.create(
        country=Country.objects.get(code="BY"),
        kind=Facility.Kind.PENAL_COLONY,
        name_en="Fictional penal colony No. 99",
        name_ru="Вымышленная исправительная колония № 99",
        address="246999, г. Гомель\nул. Вымышленная, 99\nИК-99",
    )
    people_count = max(1, letters // 5)
    people = Person.objects.bulk_create(
        Person(
            country_id="BY",
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {n}",
            source_id=f"bench-pdf-{n}",
            birth_year=rng.randint(1955, 2003),
            custody="in_custody",
            recognised=True,
            facility=facility,
            is_demo=True,
        )
        for n in range(people_count)
    )
    PersonName.objects.bulk_create(
        PersonName(
            person=person,
            form=PersonName.Form.RUSSIAN,
            text=f"{rng.choice(SURNAMES)} {rng.choice(FIRST_NAMES)} {rng.choice(PATRONYMICS)}",
        )
        for person in people
    )
    Letter.objects.bulk_create(
        Letter(
            person=people[n % people_count],
            sender_name=f"Ала {n}",
            text=letter_text(rng, chars),
            state=lifecycle.APPROVED,
        )
        for n in range(letters)
    )
    actor = User.objects.create_user("bench-dispatcher", is_staff=True)
    started = time.perf_counter()
    batch = batch_create(facility=facility, actor=actor, envelope=envelope)
    batch_seconds = time.perf_counter() - started

    pdfs: list[bytes] = []
    timings: list[float] = []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(runs):
        started = time.perf_counter()
        pdfs.append(batch_pdf(batch=batch))
        timings.append(time.perf_counter() - started)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    batch_pdf(batch=batch)
    _current, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdfs[0])).pages)
    texts = Letter.objects.filter(batch=batch).values_list("text", flat=True)
    mean_chars = sum(len(text) for text in texts) / letters
    return {
        "letters": letters,
        "mean_chars": round(mean_chars),
        "envelope": envelope,
        "batch_create_seconds": round(batch_seconds, 2),
        "pdf_seconds_best": round(min(timings), 2),
        "pdf_seconds_runs": [round(t, 2) for t in timings],
        "pages": pages,
        "bytes": len(pdfs[0]),
        "identical_rebuilds": all(pdf == pdfs[0] for pdf in pdfs),
        "peak_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
        "peak_rss_mb": round(rss_after / 1024, 1),
        "tracemalloc_peak_mb": round(heap_peak / 1e6, 1),
        "target_seconds": TARGET_SECONDS,
        "within_target": min(timings) < TARGET_SECONDS,
    }


def markdown(results: dict[str, Any]) -> str:
    pdf = results.get("sqlite", {})
    if "error" in pdf:
        return f"Letters PDF benchmark failed: {pdf['error']}\n"
    m = results["machine"]
    return "\n".join(
        [
            f"Batch PDF, {pdf['letters']:,} letters of ~{pdf['mean_chars']:,} characters, "
            f"{pdf['envelope']} envelopes ({m['date']}, {m['cpu']}, Python {m['python']}):",
            "",
            "| measure | value |",
            "|---|---|",
            f"| `batch_create` | {pdf['batch_create_seconds']} s |",
            f"| `batch_pdf` (best of {len(pdf['pdf_seconds_runs'])}) | "
            f"{pdf['pdf_seconds_best']} s (target < {TARGET_SECONDS:.0f} s) |",
            f"| pages | {pdf['pages']:,} |",
            f"| size | {pdf['bytes'] / 1e6:.1f} MB |",
            f"| same bytes when rebuilt | {'yes' if pdf['identical_rebuilds'] else 'NO'} |",
            f"| peak RSS growth while printing | {pdf['peak_rss_growth_mb']} MB |",
            f"| Python heap peak (tracemalloc) | {pdf['tracemalloc_peak_mb']} MB |",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--chars", type=int, default=1500, help="characters per letter")
    parser.add_argument("--envelope", default="c6", choices=("c6", "dl", "labels"))
    parser.add_argument("--runs", type=int, default=3, help="PDF builds to time")
    parser.add_argument("--markdown", metavar="PATH", help="Also write the Markdown table here.")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.in_process:
        result = in_process(options.letters, options.chars, options.envelope, options.runs)
        print(json.dumps(result))
        return

    results: dict[str, Any] = {"machine": machine(None)}
    with tempfile.TemporaryDirectory(prefix="vestka-bench-pdf-") as tmp:
        tmp_path = Path(tmp)
        env = environment(f"sqlite:///{tmp_path / 'letters.sqlite3'}", tmp_path / "var")
        print("SQLite: migrate ...", file=sys.stderr)
        migrate(env)
        print(f"SQLite: {options.letters} letters, batch and PDF ...", file=sys.stderr)
        args = [
            *SELF,
            "--in-process",
            "--letters", str(options.letters),
            "--chars", str(options.chars),
            "--envelope", options.envelope,
            "--runs", str(options.runs),
        ]  # fmt: skip
        _seconds, out, err, code = run(args, env, 1800)
        if code:
            results["sqlite"] = {"error": (err or out).strip()[-500:]}
        else:
            results["sqlite"] = json.loads(out.strip().splitlines()[-1])
    write_results(results, markdown(results), options.markdown)


if __name__ == "__main__":
    main()

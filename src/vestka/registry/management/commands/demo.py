"""`vestka demo`: fill an empty registry with fictional people (see vestka.registry.demo)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vestka.campaigns.demo import demo_campaigns
from vestka.letters.demo import demo_letters
from vestka.registry import demo


class Command(BaseCommand):
    help = (
        "Fill an EMPTY registry with fictional demo people (about 1,400 behind bars and "
        "2,000 released per 3,400), facilities, prosecutions and sourced events. The same "
        "--seed always gives the same data. Refuses a registry that holds data, unless "
        "--if-empty, which then does nothing. --viasna-csv also writes the same people as "
        "a Viasna-format CSV; add --no-db to write only the CSV and leave the database alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=demo.DEFAULT_PEOPLE,
            help=f"How many fictional people (default {demo.DEFAULT_PEOPLE}).",
        )  # fmt: skip
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; same seed, same data (default 1)."
        )
        parser.add_argument(
            "--if-empty", action="store_true",
            help="When the registry already holds data, say so and exit successfully.",
        )  # fmt: skip
        parser.add_argument(
            "--viasna-csv", metavar="PATH",
            help="Also write the same people to PATH as a Viasna-format CSV (UTF-8).",
        )  # fmt: skip
        parser.add_argument(
            "--no-db", action="store_true",
            help="With --viasna-csv: write only the CSV; the database is not touched.",
        )  # fmt: skip

    def handle(self, *args, people, seed, if_empty, viasna_csv, no_db, **options):
        if people < 1:
            raise CommandError("--people must be at least 1.")
        if no_db and not viasna_csv:
            raise CommandError("--no-db only makes sense with --viasna-csv PATH.")
        started = time.perf_counter()
        if no_db:
            path = Path(viasna_csv)
            with path.open("w", encoding="utf-8", newline="") as out:
                rows = demo.write_viasna_csv(
                    demo.plan_people(people=people, seed=seed), out, seed=seed
                )
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Wrote {rows} fictional people to {path} in {elapsed:.1f} s.")
            return

        if not demo.registry_is_empty():
            message = (
                "The registry already holds data; demo data is only loaded into an empty database."
            )
            if if_empty:
                self.stdout.write(message + " Nothing done.")
                return
            raise CommandError(message + " Use a fresh database (or --if-empty to skip).")
        try:
            if viasna_csv:
                with Path(viasna_csv).open("w", encoding="utf-8", newline="") as out:
                    result = demo.demo_load(people=people, seed=seed, csv_out=out)
            else:
                result = demo.demo_load(people=people, seed=seed)
        except demo.RegistryNotEmpty as error:
            raise CommandError(f"Refused: {error}.") from None
        # Letters in the moderators' queue and beyond, so every staff page has work.
        letters = demo_letters(seed=seed)
        # Campaigns with messages and shares, for the campaign pages and the message queue.
        campaigns = demo_campaigns(seed=seed)
        elapsed = time.perf_counter() - started
        counts = ", ".join(f"{state} {n}" for state, n in sorted(result.counts.items()))
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {result.people} fictional people ({counts}), {result.prosecutions} "
            f"prosecutions, {result.events} events and {result.facilities} facilities "
            f"(seed {seed}) in {elapsed:.1f} s."
        ))  # fmt: skip
        self.stdout.write(f"Wrote {letters.total()} fictional letters.")
        made = ", ".join(f"{what} {n}" for what, n in sorted(campaigns.items()))
        self.stdout.write(f"Made fictional campaigns: {made or 'none'}.")
        if viasna_csv:
            self.stdout.write(f"Wrote the same people to {viasna_csv} as a Viasna CSV.")

"""vestka stats [--as-of DATE] [--country BY] [--json]: the numbers of a date."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vestka.commandfiles import json_line
from vestka.stats import selectors
from vestka.stats.dates import BadDate, parse_as_of


class Command(BaseCommand):
    help = (
        "Print the numbers of political prisoners on a date: behind bars, recognised, "
        "released, died in custody, incommunicado, and the breakdowns."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default="", help="YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--country", default=selectors.DEFAULT_COUNTRY, help="ISO code (default: %(default)s)."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, as_of, country, json, **options):
        today = timezone.localdate()
        try:
            on = parse_as_of(as_of, today=today) if as_of else today
        except BadDate as error:
            raise CommandError(f"--as-of: {error}", returncode=2) from None
        try:
            numbers = selectors.stats_numbers(on=on, country=country)
        except selectors.UnknownCountry as error:
            raise CommandError(f"--country: {error}", returncode=2) from None
        if json:
            self.stdout.write(json_line(numbers.as_dict()))
            return
        c = numbers.counts
        lines = [
            f"Political prisoners in {numbers.country.name_en} as of {on.isoformat()}",
            f"  behind bars      {c.behind_bars}",
            f"  recognised       {c.recognised}",
            f"  released         {c.released}",
            f"  died in custody  {c.died_in_custody}",
            f"  incommunicado    {c.incommunicado}",
            f"  years of prison pronounced  {c.sentence_years}",
            "  by article: "
            + (", ".join(f"{row.key}: {row.count}" for row in numbers.by_article) or "none"),
        ]
        self.stdout.write("\n".join(lines))

from django.core.management.base import BaseCommand

from vestka.commandfiles import json_line, read_utf8
from vestka.registry import selectors
from vestka.registry.management.commands.search import MAX_QUERY, candidate

CANDIDATES = 5


class Command(BaseCommand):
    help = (
        "Match a list of names against the registry, e.g. a pardon list or a court report: "
        "one name per line in, one JSON line per line out, in the same order, each with the "
        f"{CANDIDATES} best candidates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="A UTF-8 text file with one name per line, or - for stdin."
        )
        parser.add_argument(
            "--json", action="store_true", help="JSON lines (the only output format)."
        )

    def handle(self, *args, file: str, **options):
        lines = read_utf8(file).splitlines()
        for number, line in enumerate(lines, start=1):
            query = line.strip()
            result: dict = {"query": query, "candidates": []}
            if len(query) > MAX_QUERY:
                result["error"] = f"line {number}: longer than {MAX_QUERY} characters"
            elif query:
                hits = selectors.people_search(query=query, limit=CANDIDATES)
                result["candidates"] = [candidate(h) for h in hits]
            self.stdout.write(json_line(result))

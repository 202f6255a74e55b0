from django.core.management.base import BaseCommand, CommandError

from vestka.commandfiles import json_line
from vestka.registry import selectors

MAX_QUERY = 300


def candidate(hit: selectors.NameHit) -> dict:
    """One person found, as `vestka search` and `vestka match` print it."""
    return {
        "source_id": hit.person.source_id,
        "id": hit.person.pk,
        "name": hit.person.name,
        "score": hit.score,
        "matched_name": hit.name,
        "matched_form": hit.form,
    }


class Command(BaseCommand):
    help = "Find people by name, in any spelling, script or word order."

    def add_arguments(self, parser):
        parser.add_argument("query", help='A name, e.g. "Andrei Aliaksandrau" or "Бяляцкі".')
        parser.add_argument(
            "--limit", type=int, default=10, help="How many people at most (1–200, default 10)."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, query, limit, json: bool, **options):
        if not 1 <= limit <= selectors.SEARCH_RESULTS_MAX:
            raise CommandError(f"--limit must be between 1 and {selectors.SEARCH_RESULTS_MAX}.")
        if len(query) > MAX_QUERY:
            raise CommandError(f"The query is longer than {MAX_QUERY} characters.")
        hits = selectors.people_search(query=query, limit=limit)
        if json:
            self.stdout.write(
                json_line({"query": query, "candidates": [candidate(h) for h in hits]})
            )
            return
        if not hits:
            self.stderr.write(f"Nobody in the registry is named like {query!r}.")
            return
        for hit in hits:
            matched = f"  (as {hit.name})" if hit.name != hit.person.name else ""
            source = hit.person.source_id or "-"
            self.stdout.write(
                f"{hit.score:.2f}  {hit.person.pk:>7}  {source:>8}  {hit.person.name}{matched}"
            )

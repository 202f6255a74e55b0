"""Export the registry's public fields as CSV or JSON.

Only what ``public.person_summary`` shows leaves: staff-only fields cannot be
exported by mistake. CSV cells that a spreadsheet would run as a formula are
neutralised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO

from django.db.models import Prefetch

from vestka.registry import public
from vestka.registry.models import Person, Prosecution

CSV_COLUMNS = [
    "source_id",
    "name",
    "status",
    "custody",
    "recognised",
    "articles",
    "facility",
    "region",
    "custody_since",
    "custody_until",
    "gender",
    "birth_year",
    "country",
    "incommunicado",
    "on_terrorist_list",
    "tags",
    "is_demo",
    "url",
]
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: str) -> str:
    """Make a cell inert in spreadsheets: a leading formula character gets a quote."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def people_for_export() -> Iterator[Person]:
    people = (
        Person.objects.select_related("facility", "facility__region")
        .prefetch_related(
            "tags",
            Prefetch("prosecutions", queryset=Prosecution.objects.prefetch_related("articles")),
        )
        .order_by("pk")
    )
    return people.iterator(chunk_size=2000)


def export_json(stream: IO[str]) -> int:
    """Write a JSON list of people; returns how many were written."""
    count = 0
    stream.write("[")
    for person in people_for_export():
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps(public.person_summary(person), ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return neutralise(str(value))


def export_csv(stream: IO[str]) -> int:
    """Write a CSV of people (UTF-8, header row); returns how many were written."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for person in people_for_export():
        summary = public.person_summary(person)
        writer.writerow([_cell(summary[column]) for column in CSV_COLUMNS])
        count += 1
    return count


EXPORTERS = {"json": export_json, "csv": export_csv}

"""A fictional but realistic registry for demos, screenshots and benchmarks.

Every person made here is invented: given names and surnames common in Belarus are
combined at random, and biographies are built from sentence templates. Facilities
are real Belarusian institutions, but their addresses are written from memory and
marked unverified. Everything derives from ``random.Random(seed)`` and a fixed
reference date, never the clock, so one seed always gives byte-identical data.

The generator has two halves:

- ``plan_people`` yields plain ``PersonPlan`` objects (no Django, no database), so
  the same people can be written to the database, to a Viasna-format CSV, or both;
- ``demo_load`` writes plans to an empty registry in one transaction, in chunks:
  ``bulk_create`` for people and prosecutions (whose keys the next rows need), plain
  multi-row inserts (``_insert_rows``) for names, events and the many-to-many rows;
  the derived custody fields are computed with ``custody.derive_custody`` before
  the people are inserted. ``write_viasna_csv`` writes the same plans in the column
  layout of Viasna's export.

No history rows (django-simple-history) are written for demo data: bulk inserts
bypass them, writing them would double the load time, and a demo record's history
would only say "created by the demo". The first staff edit starts its history.

The tables are in ``tables``, planning in ``people``, the two writers in
``database`` and ``viasna_csv``.
"""

from .database import LoadResult, RegistryNotEmpty, demo_load, registry_is_empty
from .people import PersonPlan, plan_people
from .tables import DEFAULT_PEOPLE, FACILITIES, feminine_surname
from .viasna_csv import VIASNA_COLUMNS, write_viasna_csv

__all__ = [
    "DEFAULT_PEOPLE",
    "FACILITIES",
    "VIASNA_COLUMNS",
    "LoadResult",
    "PersonPlan",
    "RegistryNotEmpty",
    "demo_load",
    "feminine_surname",
    "plan_people",
    "registry_is_empty",
    "write_viasna_csv",
]

"""Database functions that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db.models import Func

SQLITE_LOWER = "vestka_lower"


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give every new SQLite connection the functions Vestka's queries call
    (connected to ``connection_created`` once, at start-up)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_LOWER, 1, _unicode_lower, deterministic=True)


class Lower(Func):
    """Unicode-aware lower case in every database.

    SQLite's LOWER() and LIKE fold ASCII letters only, so "андрэй" would not find
    "Андрэй"; on SQLite this calls Python's str.lower instead.
    """

    function = "LOWER"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_LOWER, **extra_context)

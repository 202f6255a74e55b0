"""Read Viasna's machine export of Belarusian political prisoners.

A pure core (standard library only): it turns the bytes of a CSV or JSON export into typed
`ParsedRow`s and a list of `RowError`s naming row, column and offending value, so that the
importer can show every problem at once and write nothing until the file is clean. Problems
with the file as a whole (encoding, missing columns, malformed JSON) raise `ViasnaFileError`.
"""

from .cells import ParsedFacility, parse_articles, parse_date, parse_penalty, parse_prison
from .reader import (
    ParsedRow,
    ParseResult,
    RowError,
    ViasnaFileError,
    parse_viasna_csv,
    parse_viasna_json,
)
from .vocabulary import COLUMNS

__all__ = [
    "COLUMNS",
    "ParseResult",
    "ParsedFacility",
    "ParsedRow",
    "RowError",
    "ViasnaFileError",
    "parse_articles",
    "parse_date",
    "parse_penalty",
    "parse_prison",
    "parse_viasna_csv",
    "parse_viasna_json",
]

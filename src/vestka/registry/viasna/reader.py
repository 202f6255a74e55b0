"""Read whole files: CSV or JSON bytes in, typed rows and row errors out."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TypeVar, cast

from .cells import (
    ParsedFacility,
    parse_articles,
    parse_birthday,
    parse_date,
    parse_died,
    parse_gender,
    parse_penalty,
    parse_prison,
    parse_status,
    parse_url,
    parse_yes_no,
    split_clusters,
)
from .vocabulary import (
    COLUMN_ALIASES,
    COLUMNS,
    DESCRIPTION_MAX,
    MULTILINE_COLUMNS,
    NAME_MAX,
    REQUIRED_COLUMNS,
    SHORT_MAX,
    clean,
    shown,
)

T = TypeVar("T")


class ViasnaFileError(ValueError):
    """The file as a whole cannot be read; the message says what and where."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ParsedRow:
    row: int
    source_id: str
    url: str
    name: str
    status: str
    gender: str
    photo_url: str
    description: str
    birth_date: date | None
    birth_year: int | None
    arrested: date | None
    articles: tuple[str, ...]
    facility: ParsedFacility | None
    prison_says_released: bool
    declaration_url: str
    decision: str
    penalty: str
    term_months: int | None
    sentence_kind: str
    judge: str
    counsel: str
    penalty_start: date | None
    release_date: date | None
    verdict_date: date | None
    appeal_date: date | None
    on_terrorist_list: bool
    died: bool
    died_on: date | None
    clusters: tuple[str, ...]

    def fingerprint(self) -> str:
        """Return a sha256 hex digest of every parsed field except `row`.

        The row number is left out on purpose: the same person moved to another line of the
        next export is unchanged, and the importer uses this to skip unchanged rows.
        """
        fields = asdict(self)
        del fields["row"]
        payload = json.dumps(
            fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0


def parse_viasna_csv(data: bytes) -> ParseResult:
    """Parse a CSV export (UTF-8 or cp1251, comma or semicolon) into rows and row errors.

    Row numbers are spreadsheet rows: the header is row 1, and a record whose quoted cells
    span several lines still counts as one row. Raises `ViasnaFileError` when the file is
    empty, undecodable, unreadable as CSV, or lacks the `id` or `name` column.
    """
    text = _decode(data).replace("\x00", "")
    if not text.strip():
        raise ViasnaFileError("the file is empty")
    records = _csv_records(text, _sniff_delimiter(text))
    _, header = next(records, (0, []))
    columns = _map_header(header)
    people = _PeopleReader()
    for row, cells in records:
        errors = []
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            message = (
                f"row has {len(cells)} cells but the header has {len(header)}; "
                "a cell probably holds an unquoted delimiter"
            )
            errors.append(RowError(row, "", message))
        values = {column: cells[index] for column, index in columns.items() if index < len(cells)}
        people.read(row, values, errors)
    return people.result


def parse_viasna_json(data: bytes) -> ParseResult:
    """Parse a JSON export: a list of objects, or `{"people": [...]}`, keyed in any language.

    Values may be strings, numbers, booleans or null; `articles`, `prison` and `clusters` may
    also be lists of strings. Row numbers are 1-based positions in the list. Raises
    `ViasnaFileError` for an empty file, malformed JSON (with line and column) or a document
    that is not a list of people.
    """
    text = _decode(data)
    if not text.strip():
        raise ViasnaFileError("the file is empty")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ViasnaFileError(
            f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except (ValueError, RecursionError) as error:
        raise ViasnaFileError(f"the JSON cannot be read: {error}") from None
    people = _PeopleReader()
    for row, item in enumerate(_people_list(document), start=1):
        if isinstance(item, dict):
            values, errors = _json_values(row, item)
            people.read(row, values, errors)
        else:
            text = shown(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False))
            people.reject(RowError(row, "", f"expected an object, got {_json_type(item)} {text}"))
    return people.result


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp1251")
        except UnicodeDecodeError as cp1251_error:
            raise ViasnaFileError(
                "the file is neither UTF-8 "
                f"(byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start} is invalid) "
                f"nor cp1251 (byte 0x{data[cp1251_error.start]:02x} "
                f"at offset {cp1251_error.start} is undefined)"
            ) from None


def _sniff_delimiter(text: str) -> str:
    header_line = next(line for line in text.splitlines() if line.strip())
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    return max((",", ";", "\t"), key=unquoted.count)


def _csv_records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells) for every non-blank record; blank records still count."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row, cells in enumerate(reader, start=1):
            if any(cell.strip() for cell in cells):
                yield row, cells
    except csv.Error as error:
        message = f"the CSV cannot be read near line {reader.line_num}: {error}"
        raise ViasnaFileError(message) from None


def _map_header(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        column = _column_for(title)
        if column is None:
            continue
        if column in columns:
            first = columns[column]
            raise ViasnaFileError(
                f"header cells {first + 1} ({shown(header[first])}) and {index + 1} "
                f"({shown(title)}) both mean the column '{column}'; keep only one"
            )
        columns[column] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        found = ", ".join(shown(title) for title in header if title.strip()) or "nothing"
        names = " and ".join(repr(column) for column in missing)
        verb = "columns {} are" if len(missing) > 1 else "column {} is"
        raise ViasnaFileError(
            f"required {verb.format(names)} missing from the header row; the header has: {found}"
        )
    return columns


def _header_key(title: str) -> str:
    key = clean(title).lower().replace("ё", "е").replace("_", " ").replace("-", " ")
    return " ".join(key.split()).rstrip(".:;,!?*").strip()


_COLUMN_BY_KEY = {
    _header_key(alias): column for column, aliases in COLUMN_ALIASES.items() for alias in aliases
} | {_header_key(column): column for column in COLUMNS}


def _column_for(title: str) -> str | None:
    return _COLUMN_BY_KEY.get(_header_key(title))


def _people_list(document: object) -> list[object]:
    if isinstance(document, dict) and "people" in document:
        document = document["people"]
    if not isinstance(document, list):
        raise ViasnaFileError(
            f'expected a JSON list of people or {{"people": [...]}}, got {_json_type(document)}'
        )
    return document


def _json_values(row: int, item: dict[str, object]) -> tuple[dict[str, str], list[RowError]]:
    values: dict[str, str] = {}
    keys: dict[str, str] = {}
    errors: list[RowError] = []
    for key, value in item.items():
        column = _column_for(key)
        if column is None:
            continue
        if column in keys:
            message = f"keys {shown(keys[column])} and {shown(key)} both mean '{column}'"
            errors.append(RowError(row, "", message))
            continue
        keys[column] = key
        try:
            values[column] = _json_text(column, value)
        except ValueError as error:
            errors.append(RowError(row, column, str(error)))
    return values, errors


def _json_text(column: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list) and column in MULTILINE_COLUMNS:
        if all(isinstance(part, (str, int, float)) for part in value):
            return "\n".join(str(part) for part in value)
        raise ValueError(f"expected a list of strings, got {shown(json.dumps(value))}")
    raise ValueError(f"expected text, got {_json_type(value)} {shown(json.dumps(value))}")


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


# --- one person --------------------------------------------------------------------------------


class _PeopleReader:
    """Turns records into `ParsedRow`s, collecting errors and catching repeated ids."""

    def __init__(self) -> None:
        self.result = ParseResult()
        self.row_of_id: dict[str, int] = {}

    def reject(self, error: RowError) -> None:
        self.result.total += 1
        self.result.errors.append(error)

    def read(self, row: int, values: dict[str, str], errors: list[RowError]) -> None:
        self.result.total += 1
        cells = _Cells(row, values, errors)
        person = _person(cells, self.row_of_id)
        self.result.errors.extend(cells.errors)
        if person is not None:
            self.result.rows.append(person)


class _Cells:
    """The cleaned cells of one record and the errors found in them."""

    def __init__(self, row: int, values: dict[str, str], errors: list[RowError]) -> None:
        self.row = row
        self.values = values
        self.errors = list(errors)

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def failed(self, column: str) -> bool:
        return any(error.column == column for error in self.errors)

    def text(self, column: str, limit: int = SHORT_MAX) -> str:
        """The cell, stripped of control characters, over-long cells reported as errors."""
        raw = self.values.get(column, "")
        if column == "description":
            value = clean(raw, keep_tabs=True).strip()
        elif column in MULTILINE_COLUMNS:
            lines = (" ".join(line.split()) for line in clean(raw).split("\n"))
            value = "\n".join(line for line in lines if line)
        else:
            value = " ".join(clean(raw).split())
        if len(value) > limit:
            self.fail(
                column,
                f"{column} is {len(value)} characters long, over the limit of {limit}: "
                f"{shown(value)}",
            )
            return ""
        return value

    def required(self, column: str, limit: int = SHORT_MAX) -> str:
        value = self.text(column, limit)
        if not value and not self.failed(column):
            self.fail(column, f"{column} is missing or empty")
        return value

    def convert(self, column: str, parse: Callable[[str], T], default: object) -> T:
        """The cell read by ``parse``; on a ValueError, the error is kept and
        ``default`` (of the parser's type) stands in."""
        text = self.text(column)
        try:
            return parse(text)
        except ValueError as error:
            self.fail(column, str(error))
            return cast(T, default)


def _person(cells: _Cells, row_of_id: dict[str, int]) -> ParsedRow | None:
    """Read the cells in the export's column order, so a row's errors come in that order."""
    source_id = cells.required("id")
    if source_id in row_of_id:
        cells.fail("id", f"id {shown(source_id)} already used on row {row_of_id[source_id]}")
    elif source_id:
        row_of_id[source_id] = cells.row
    url = cells.convert("url", parse_url, "")
    name = cells.required("name", NAME_MAX)
    status = cells.convert("status", parse_status, "")
    gender = cells.convert("gender", parse_gender, "")
    photo_url = cells.convert("photo", parse_url, "")
    description = cells.text("description", DESCRIPTION_MAX)
    birth_date, birth_year = cells.convert("birthday", parse_birthday, (None, None))
    arrested = cells.convert("arrested", parse_date, None)
    articles = cells.convert("articles", parse_articles, ())
    facility, prison_says_released = cells.convert("prison", parse_prison, (None, False))
    declaration_url = cells.convert("declaration", parse_url, "")
    decision = cells.text("decision")
    penalty = cells.text("penalty")
    term_months, sentence_kind = parse_penalty(penalty)
    judge = cells.text("judge")
    counsel = cells.text("councel")
    penalty_start = cells.convert("penalty_start_date", parse_date, None)
    release_date = cells.convert("release_date", parse_date, None)
    verdict_date = cells.convert("verdict_date", parse_date, None)
    appeal_date = cells.convert("appeal_date", parse_date, None)
    on_terrorist_list = cells.convert("fake_terrorist_list", parse_yes_no, False)
    died, died_on = cells.convert("died", parse_died, (False, None))
    clusters = cells.convert("clusters", split_clusters, ())
    if cells.errors:
        return None
    return ParsedRow(
        row=cells.row,
        source_id=source_id,
        url=url,
        name=name,
        status=status,
        gender=gender,
        photo_url=photo_url,
        description=description,
        birth_date=birth_date,
        birth_year=birth_year,
        arrested=arrested,
        articles=articles,
        facility=facility,
        prison_says_released=prison_says_released,
        declaration_url=declaration_url,
        decision=decision,
        penalty=penalty,
        term_months=term_months,
        sentence_kind=sentence_kind,
        judge=judge,
        counsel=counsel,
        penalty_start=penalty_start,
        release_date=release_date,
        verdict_date=verdict_date,
        appeal_date=appeal_date,
        on_terrorist_list=on_terrorist_list,
        died=died,
        died_on=died_on,
        clusters=clusters,
    )

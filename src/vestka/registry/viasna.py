"""Read Viasna's machine export of Belarusian political prisoners.

A pure core (standard library only): it turns the bytes of a CSV or JSON export into typed
`ParsedRow`s and a list of `RowError`s naming row, column and offending value, so that the
importer can show every problem at once and write nothing until the file is clean. Problems
with the file as a whole (encoding, missing columns, malformed JSON) raise `ViasnaFileError`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TypeVar

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

T = TypeVar("T")

# The export's own English column names, in its order; `councel` is Viasna's spelling.
COLUMNS = (
    "id", "url", "name", "status", "gender", "photo", "description", "birthday", "arrested",
    "articles", "prison", "declaration", "decision", "penalty", "judge", "councel",
    "penalty_start_date", "release_date", "verdict_date", "appeal_date", "fake_terrorist_list",
    "died", "clusters",
)  # fmt: skip
REQUIRED_COLUMNS = ("id", "name")

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ид", "идентификатор", "ідэнтыфікатар"),
    "url": ("url", "link", "ссылка", "спасылка"),
    "name": ("name", "full name", "фио", "имя", "імя", "піб", "прозвішча, імя", "прозвішча імя"),
    "status": ("status", "статус"),
    "gender": ("gender", "sex", "пол"),
    "photo": ("photo", "фото", "фота"),
    "description": ("description", "описание", "апісанне"),
    "birthday": ("birthday", "birth date", "date of birth", "дата рождения", "дата нараджэння"),
    "arrested": ("arrested", "задержан", "дата задержания", "затрыманы", "дата затрымання"),
    "articles": ("articles", "статьи", "артыкулы"),
    "prison": ("prison", "facility", "место заключения", "тюрьма", "месца зняволення"),
    "declaration": ("declaration", "заявление", "декларация", "заява"),
    "decision": ("decision", "решение", "рашэнне"),
    "penalty": ("penalty", "наказание", "приговор", "пакаранне", "прысуд"),
    "judge": ("judge", "судья", "суддзя"),
    "councel": ("councel", "counsel", "lawyer", "адвокат", "абаронца"),
    "penalty_start_date": ("penalty start date", "начало срока", "пачатак тэрміну"),
    "release_date": ("release date", "дата освобождения", "дата вызвалення"),
    "verdict_date": ("verdict date", "дата приговора", "дата прысуду"),
    "appeal_date": ("appeal date", "дата апелляции", "дата апеляцыі"),
    "fake_terrorist_list": ("fake terrorist list", "список террористов", "спіс тэрарыстаў"),
    "died": ("died", "умер", "памёр", "погиб", "загінуў"),
    "clusters": ("clusters", "кластеры", "кластары", "группы", "групы"),
}

NAME_MAX = 300
SHORT_MAX = 1000
DESCRIPTION_MAX = 20000
SHOWN_MAX = 80

# Cells whose lines mean something (separate articles, facility vs address, tags); in JSON
# these may also be lists of strings.
MULTILINE_COLUMNS = frozenset({"articles", "prison", "clusters"})

STATUS_WORDS: dict[str, str] = {
    "active": "active", "действующий": "active", "действующая": "active",
    "дзейны": "active", "дзеючы": "active", "дзеючая": "active",
    "former": "former", "бывший": "former", "бывшая": "former",
    "былы": "former", "былая": "former",
    "np": "np", "n/p": "np", "не признан": "np", "не признана": "np", "не прызнаны": "np",
}  # fmt: skip

GENDER_WORDS: dict[str, str] = {
    "male": "male", "m": "male", "man": "male", "м": "male", "муж": "male", "мужской": "male",
    "мужчина": "male", "мужчына": "male", "мужчынскі": "male",
    "female": "female", "f": "female", "woman": "female", "ж": "female", "жен": "female",
    "женский": "female", "женщина": "female", "жанчына": "female", "жаночы": "female",
}  # fmt: skip

TRUE_WORDS = frozenset({"1", "yes", "y", "true", "да", "так", "+", "x", "х"})  # second x: Cyrillic
FALSE_WORDS = frozenset({"", "0", "no", "n", "false", "нет", "не", "нэ", "-", "—"})

RELEASED_WORDS = (
    "released", "freed", "освобожден", "освобождена", "на свободе",
    "вызвалены", "вызваленая", "вызвалена", "на волі",
)  # fmt: skip
RELEASED_MARKS = frozenset({"-", "—", "–"})

# Words that announce a criminal-code article, and words that announce a part (or item) of
# one, whose number must not be taken for an article. Compared lower-case, without the dot.
ARTICLE_WORDS = frozenset({
    "art", "arts", "article", "articles",
    "ст", "стст", "статья", "статьи", "статье", "статьей", "статьёй", "статей",
    "арт", "артыкул", "артыкула", "артыкулы", "артыкулаў", "артыкуле",
})  # fmt: skip
PART_WORDS = frozenset({
    "part", "parts", "pt", "p", "item", "paragraph", "para",
    "ч", "чч", "часть", "части", "частью", "частей", "частка", "часткі", "часткай", "частак",
    "п", "пп", "пункт", "пункта", "пункты", "пункце",
})  # fmt: skip
ARTICLE_FILLER_WORDS = frozenset({"and", "of", "the", "и", "і", "й"})

# (kind, patterns); the first kind with a matching pattern wins, so the order matters:
# "домашний арест" is home confinement, not arrest; "N years of colony and a fine" is colony.
SENTENCE_KIND_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("death", (
        r"смертн\w* казн", r"смяротн\w* пакаранн", r"расстрел", r"\bdeath (penalty|sentence)",
    )),
    ("life", (r"пожизненн", r"пажыццёв", r"\blife\b")),
    ("home_confinement", (
        r"домашн\w* арест", r"хатн\w* арышт", r"\bhouse arrest", r"\bhome confinement",
    )),
    ("compulsory_treatment", (
        r"принудительн\w* (\w+ )*лечени", r"прымусов\w* (\w+ )*лячэнн",
        r"\bcompulsory (\w+ )*treatment",
    )),
    ("restricted_freedom", (
        r"ограничени\w* свободы", r"абмежаванн\w* волі", r"\bхими[яи]\b", r"\bхімі[яі]\b",
        r"\brestrict\w* (of )?(freedom|liberty)",
    )),
    ("prison", (r"\bprison\b", r"тюрьм", r"тюремн", r"\bтурм", r"турэмн")),
    ("colony", (
        r"\bcolony", r"колони", r"калоні", r"лишени\w* свободы", r"пазбаўленн\w* волі",
        r"\bimprisonment", r"\bdeprivation of (liberty|freedom)",
    )),
    ("arrest", (r"\bарест", r"\bарышт", r"\barrest\b")),
    ("fine", (r"\bштраф", r"\bfined?\b")),
)  # fmt: skip


class ViasnaFileError(ValueError):
    """The file as a whole cannot be read; the message says what and where."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ParsedFacility:
    name: str
    address_lines: tuple[str, ...]
    postal_code: str


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


# --- text -------------------------------------------------------------------------------------

# Control characters, and invisible characters that can disguise text (bidi overrides,
# zero-width space, stray BOMs). Newline and tab are handled by the callers.
_HIDDEN_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _clean(value: str, *, keep_tabs: bool = False) -> str:
    value = re.sub(r"\r\n?|[\u2028\u2029]", "\n", value)
    value = _HIDDEN_CHARACTERS.sub("", value)
    return value if keep_tabs else value.replace("\t", " ")


def _show(value: str) -> str:
    """Quote a value for an error message, on one line and at most SHOWN_MAX characters."""
    flat = " ".join(_clean(value).split())
    if len(flat) > SHOWN_MAX:
        flat = flat[: SHOWN_MAX - 1] + "…"
    return f"'{flat}'"


# --- whole files -------------------------------------------------------------------------------


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
            shown = _show(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False))
            people.reject(RowError(row, "", f"expected an object, got {_json_type(item)} {shown}"))
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
                f"header cells {first + 1} ({_show(header[first])}) and {index + 1} "
                f"({_show(title)}) both mean the column '{column}'; keep only one"
            )
        columns[column] = index
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        found = ", ".join(_show(title) for title in header if title.strip()) or "nothing"
        names = " and ".join(repr(column) for column in missing)
        verb = "columns {} are" if len(missing) > 1 else "column {} is"
        raise ViasnaFileError(
            f"required {verb.format(names)} missing from the header row; the header has: {found}"
        )
    return columns


def _header_key(title: str) -> str:
    key = _clean(title).lower().replace("ё", "е").replace("_", " ").replace("-", " ")
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
            message = f"keys {_show(keys[column])} and {_show(key)} both mean '{column}'"
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
        raise ValueError(f"expected a list of strings, got {_show(json.dumps(value))}")
    raise ValueError(f"expected text, got {_json_type(value)} {_show(json.dumps(value))}")


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
            value = _clean(raw, keep_tabs=True).strip()
        elif column in MULTILINE_COLUMNS:
            lines = (" ".join(line.split()) for line in _clean(raw).split("\n"))
            value = "\n".join(line for line in lines if line)
        else:
            value = " ".join(_clean(raw).split())
        if len(value) > limit:
            self.fail(
                column,
                f"{column} is {len(value)} characters long, over the limit of {limit}: "
                f"{_show(value)}",
            )
            return ""
        return value

    def required(self, column: str, limit: int = SHORT_MAX) -> str:
        value = self.text(column, limit)
        if not value and not self.failed(column):
            self.fail(column, f"{column} is missing or empty")
        return value

    def convert(self, column: str, parse: Callable[[str], T], default: T) -> T:
        text = self.text(column)
        try:
            return parse(text)
        except ValueError as error:
            self.fail(column, str(error))
            return default


def _person(cells: _Cells, row_of_id: dict[str, int]) -> ParsedRow | None:
    """Read the cells in the export's column order, so a row's errors come in that order."""
    source_id = cells.required("id")
    if source_id in row_of_id:
        cells.fail("id", f"id {_show(source_id)} already used on row {row_of_id[source_id]}")
    elif source_id:
        row_of_id[source_id] = cells.row
    url = cells.convert("url", _parse_url, "")
    name = cells.required("name", NAME_MAX)
    status = cells.convert("status", _parse_status, "")
    gender = cells.convert("gender", _parse_gender, "")
    photo_url = cells.convert("photo", _parse_url, "")
    description = cells.text("description", DESCRIPTION_MAX)
    birth_date, birth_year = cells.convert("birthday", _parse_birthday, (None, None))
    arrested = cells.convert("arrested", parse_date, None)
    articles = cells.convert("articles", parse_articles, ())
    facility, prison_says_released = cells.convert("prison", parse_prison, (None, False))
    declaration_url = cells.convert("declaration", _parse_url, "")
    decision = cells.text("decision")
    penalty = cells.text("penalty")
    term_months, sentence_kind = parse_penalty(penalty)
    judge = cells.text("judge")
    counsel = cells.text("councel")
    penalty_start = cells.convert("penalty_start_date", parse_date, None)
    release_date = cells.convert("release_date", parse_date, None)
    verdict_date = cells.convert("verdict_date", parse_date, None)
    appeal_date = cells.convert("appeal_date", parse_date, None)
    on_terrorist_list = cells.convert("fake_terrorist_list", _parse_yes_no, False)
    died, died_on = cells.convert("died", _parse_died, (False, None))
    clusters = cells.convert("clusters", _split_clusters, ())
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


# --- cells -------------------------------------------------------------------------------------


def _word(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split()).rstrip(".!")


def _parse_status(text: str) -> str:
    if not text:
        raise ValueError("status is missing or empty; expected active, former or np")
    status = STATUS_WORDS.get(_word(text))
    if status is None:
        raise ValueError(f"unknown status {_show(text)}; expected active, former or np")
    return status


def _parse_gender(text: str) -> str:
    if not text:
        return ""
    gender = GENDER_WORDS.get(_word(text))
    if gender is None:
        raise ValueError(f"unknown gender {_show(text)}; expected male or female")
    return gender


def _parse_yes_no(text: str) -> bool:
    word = _word(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"expected yes or no, got {_show(text)}")


def _parse_died(text: str) -> tuple[bool, date | None]:
    """A yes/no word, or the date of death (which also means yes)."""
    word = _word(text)
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS, None
    if not re.search(r"\d", text):
        raise ValueError(f"expected yes, no or a date, got {_show(text)}")
    return True, parse_date(text)


def _parse_birthday(text: str) -> tuple[date | None, int | None]:
    if re.fullmatch(r"\d{4}", text):
        return None, _checked_year(int(text), text)
    birth_date = parse_date(text)
    return birth_date, birth_date.year if birth_date else None


def _parse_url(text: str) -> str:
    # Links end up in href attributes; a javascript: or data: link there is an attack.
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", text, re.IGNORECASE)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise ValueError(f"not a web link: {_show(text)}; only http and https links are accepted")
    return text


def _split_clusters(text: str) -> tuple[str, ...]:
    tags = (tag.strip() for tag in re.split(r"[;,\n]", text))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


# --- dates -------------------------------------------------------------------------------------

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_DAY_FIRST_DATE = re.compile(rf"(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}}){_TIME}")
_ISO_DATE = re.compile(rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}}){_TIME}")
FIRST_YEAR, LAST_YEAR = 1900, 2100


def parse_date(text: str) -> date | None:
    """Parse `dd.mm.yyyy`, `d.m.yyyy` or ISO `yyyy-mm-dd`, ignoring a time part.

    Returns None for an empty cell. Raises ValueError naming the value when it is not a date,
    is impossible (31.02.2021), or falls outside 1900-2100.
    """
    text = text.strip()
    if not text:
        return None
    match = _DAY_FIRST_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a date: {_show(text)}; expected dd.mm.yyyy or yyyy-mm-dd")
    year = _checked_year(int(match["year"]), text)
    try:
        return date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        raise ValueError(f"no such date: {_show(text)}") from None


def _checked_year(year: int, text: str) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is outside {FIRST_YEAR} to {LAST_YEAR}: {_show(text)}")
    return year


# --- articles ----------------------------------------------------------------------------------

_ARTICLE_TOKENS = re.compile(
    r"(?P<number>\d+(?:[-‐‑–—−.]\d+)*)|(?P<word>[^\W\d_]+)|(?P<hard>[;\n\r])|(?P<soft>[,/&])"
)
_NUMBER_PARTS = re.compile(r"[-‐‑–—−.]")


def parse_articles(text: str) -> tuple[str, ...]:
    """Find the criminal-code article numbers in a cell, however they are written.

    Understands `Art. 342 of the Criminal Code`, `part 2 of Art. 361-1`, `ч. 1 ст. 342 УК`,
    `арт. 342 КК`, `ст.ст. 342, 130`, bare `361-1` and the like; part and item numbers are
    skipped. Returns normalised numbers ("342", "361-1") without repeats, in order. Raises
    ValueError when the text is not empty but holds no article number.
    """
    tokens = [(match.lastgroup or "", match.group()) for match in _ARTICLE_TOKENS.finditer(text)]
    articles: list[str] = []
    in_part = after_comma = False
    for index, (kind, value) in enumerate(tokens):
        word = value.lower()
        if kind == "hard":
            in_part = after_comma = False
        elif kind == "soft":
            after_comma = True
        elif kind == "word" and word in PART_WORDS:
            in_part, after_comma = True, False
        elif kind == "word" and word in ARTICLE_WORDS:
            in_part = False
        elif kind == "number":
            # "ч. 1, 2 ст. 342": after a comma, numbers are still parts only if an article
            # word follows; in "ст. 342 ч. 1, 130" the 130 is an article.
            if in_part and after_comma and not _article_word_follows(tokens, index):
                in_part = False
            if not in_part and (article := _article_number(value)):
                articles.append(article)
    if not articles and text.strip():
        raise ValueError(f"no article number found in {_show(text)}")
    return tuple(dict.fromkeys(articles))


def _article_word_follows(tokens: list[tuple[str, str]], index: int) -> bool:
    for kind, value in tokens[index + 1 :]:
        if kind == "word" and value.lower() in ARTICLE_WORDS:
            return True
        if kind not in ("number", "soft") and value.lower() not in ARTICLE_FILLER_WORDS:
            return False
    return False


def _article_number(token: str) -> str:
    """ "361.1" and "361‑1" become "361-1"; years and dates are not articles."""
    parts = _NUMBER_PARTS.split(token)
    if len(parts) > 2 or len(parts[0]) > 3 or int(parts[0]) == 0:
        return ""
    if len(parts) == 2 and (len(parts[1]) > 2 or int(parts[1]) == 0):
        return ""
    return "-".join(str(int(part)) for part in parts)


# --- prison ------------------------------------------------------------------------------------

_POSTAL_CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


def parse_prison(text: str) -> tuple[ParsedFacility | None, bool]:
    """Split a prison cell into facility name, address lines and postal code.

    The name comes first, then the address, separated by a newline or `;` (or, on one line,
    by the postal code). Returns (None, True) when the cell says the person was released
    (`released`, `освобожден`, `вызвалены`, `-` ...), and (None, False) when it is empty.
    """
    text = _clean(text).strip()
    if not text:
        return None, False
    if _says_released(text):
        return None, True
    parts = [" ".join(part.split()) for part in re.split(r"[\n;]", text)]
    parts = [part for part in parts if part]
    if len(parts) == 1 and (postal := _POSTAL_CODE.search(parts[0])):
        parts = [parts[0][: postal.start()].strip(" ,"), parts[0][postal.start() :]]
    name, address = parts[0], parts[1:]
    address_lines = tuple(
        line.strip() for part in address for line in part.split(",") if line.strip()
    )
    postal = _POSTAL_CODE.search(" ".join(address_lines))
    return ParsedFacility(name, address_lines, postal.group() if postal else ""), False


def _says_released(text: str) -> bool:
    word = _word(text)
    if word in RELEASED_MARKS:
        return True
    return any(re.match(rf"{re.escape(released)}(?![^\W\d_])", word) for released in RELEASED_WORDS)


# --- penalty -----------------------------------------------------------------------------------

_YEAR_WORDS = r"(?:years?|yrs?|год(?:а|ов)?|лет|гад(?:а|ы|оў)?)"
_MONTH_WORDS = r"(?:months?|mos?|месяц(?:а|ев|ы|аў)?|мес)"
_WORD_END = r"(?![^\W\d_])"
_YEARS = rf"(?P<years>\d{{1,3}}(?:[.,]\d{{1,2}})?|полтора|паўтара)\s*-?\s*{_YEAR_WORDS}{_WORD_END}"
_AND_MONTHS = rf"\s*(?:,|and|и|і)?\s*(?P<months>\d{{1,3}})\s*{_MONTH_WORDS}{_WORD_END}"
_ONLY_MONTHS = rf"(?P<only_months>\d{{1,3}})\s*{_MONTH_WORDS}{_WORD_END}"
_TERM = re.compile(rf"(?<![\d.,])(?:{_YEARS}(?:{_AND_MONTHS})?|{_ONLY_MONTHS})", re.IGNORECASE)
_KIND_PATTERNS = tuple(
    (kind, re.compile("|".join(patterns), re.IGNORECASE))
    for kind, patterns in SENTENCE_KIND_PATTERNS
)


def parse_penalty(text: str) -> tuple[int | None, str]:
    """Read the term in months and the kind of sentence from penalty text.

    Understands `5 years`, `2 years 6 months`, `1 год 6 месяцев`, `1,5 года`, `2 гады 6
    месяцаў`, `6 месяцев` and kinds such as colony, prison, restricted_freedom, fine. Returns
    (None, "") parts for what it cannot read; penalty text is never an error.
    """
    return _term_months(text), _sentence_kind(text)


def _term_months(text: str) -> int | None:
    match = _TERM.search(text)
    if match is None:
        return None
    if match["only_months"]:
        return int(match["only_months"])
    years = match["years"].lower()
    years_count = 1.5 if years in ("полтора", "паўтара") else float(years.replace(",", "."))
    return round(years_count * 12) + int(match["months"] or 0)


def _sentence_kind(text: str) -> str:
    lowered = text.lower()
    return next((kind for kind, pattern in _KIND_PATTERNS if pattern.search(lowered)), "")

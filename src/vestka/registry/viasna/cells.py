"""Parsers for single cells: dates, articles, the prison cell, the penalty, yes/no words.

Each raises ValueError with a message naming the offending value; the reader turns that
into a row error for the cell's column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .vocabulary import (
    ARTICLE_FILLER_WORDS,
    ARTICLE_WORDS,
    FALSE_WORDS,
    GENDER_WORDS,
    PART_WORDS,
    RELEASED_MARKS,
    RELEASED_WORDS,
    SENTENCE_KIND_PATTERNS,
    STATUS_WORDS,
    TRUE_WORDS,
    clean,
    shown,
)


@dataclass(frozen=True)
class ParsedFacility:
    name: str
    address_lines: tuple[str, ...]
    postal_code: str


def word_of(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split()).rstrip(".!")


def parse_status(text: str) -> str:
    if not text:
        raise ValueError("status is missing or empty; expected active, former or np")
    status = STATUS_WORDS.get(word_of(text))
    if status is None:
        raise ValueError(f"unknown status {shown(text)}; expected active, former or np")
    return status


def parse_gender(text: str) -> str:
    if not text:
        return ""
    gender = GENDER_WORDS.get(word_of(text))
    if gender is None:
        raise ValueError(f"unknown gender {shown(text)}; expected male or female")
    return gender


def parse_yes_no(text: str) -> bool:
    word = word_of(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"expected yes or no, got {shown(text)}")


def parse_died(text: str) -> tuple[bool, date | None]:
    """A yes/no word, or the date of death (which also means yes)."""
    word = word_of(text)
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS, None
    if not re.search(r"\d", text):
        raise ValueError(f"expected yes, no or a date, got {shown(text)}")
    return True, parse_date(text)


def parse_birthday(text: str) -> tuple[date | None, int | None]:
    if re.fullmatch(r"\d{4}", text):
        return None, checked_year(int(text), text)
    birth_date = parse_date(text)
    return birth_date, birth_date.year if birth_date else None


def parse_url(text: str) -> str:
    # Links end up in href attributes; a javascript: or data: link there is an attack.
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", text, re.IGNORECASE)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise ValueError(f"not a web link: {shown(text)}; only http and https links are accepted")
    return text


def split_clusters(text: str) -> tuple[str, ...]:
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
        raise ValueError(f"not a date: {shown(text)}; expected dd.mm.yyyy or yyyy-mm-dd")
    year = checked_year(int(match["year"]), text)
    try:
        return date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        raise ValueError(f"no such date: {shown(text)}") from None


def checked_year(year: int, text: str) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is outside {FIRST_YEAR} to {LAST_YEAR}: {shown(text)}")
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
        raise ValueError(f"no article number found in {shown(text)}")
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
    text = clean(text).strip()
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
    word = word_of(text)
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

"""Screening one letter: every rule that fires, with the span of text it concerns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from vestka.screening.language import identify
from vestka.screening.lexicon import TERMS, Term
from vestka.screening.rules import BLOCK, INFO, RULES, SEVERITY_ORDER, WARN

TOO_SHORT_WORDS = 8  # fewer words than this is a one-liner
SHORT_WORDS = 50  # fewer than this is a short letter
MAX_FLAGS_PER_RULE = 20

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
LATIN_WORD = re.compile(r"\b[A-Za-z][A-Za-z'’-]{2,}\b")
# Uppercase letter groups that are abbreviations; common harmless ones are allowed.
ACRONYM = re.compile(r"\b[A-ZА-ЯЁІЎЄЇ]{2,6}\b")
HARMLESS_ACRONYMS = frozenset({"ТВ", "СМС", "ДР", "ОК", "TV", "OK", "PS", "ПС", "СССР", "ЧМ"})

SAFETY_PATTERNS: dict[str, re.Pattern[str]] = {
    "safety.email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    "safety.link": re.compile(
        r"\b(?:https?://|www\.)\S+|\bt\.me/\S+|"
        r"\b[\w-]+\.(?:by|ru|com|org|net|pl|ua|eu|io|me|info|bel|su)\b(?:/\S*)?",
        re.IGNORECASE,
    ),
    "safety.phone": re.compile(r"(?<![\w+])\+?\d(?:[\s().-]{0,2}\d){8,14}(?!\w)"),
    "safety.address": re.compile(
        r"\b(?:ул\.|улиц[аеуы]|вул\.|вуліц[аыу]|пр-т|просп(?:ект|\.)|пер\.|переул\w*|"
        r"завул\w*|бульвар\w*|str\.|street|ul\.|ulica|aleja)\s*[^\n;\d]{1,40}?"
        r"[,\s]*(?:д\.|дом|house|nr)?\s*\d+[а-яa-z]?"
        r"(?:[,\s]*(?:кв\.?|квартира|апт\.?|flat|apt\.?)\s*\d+)?",
        re.IGNORECASE,
    ),
    "safety.fundraising": re.compile(
        r"\b(?:сбор\w*\s+(?:денег|средств|на\s)|збор\w*\s+(?:грошай|сродкаў|коштів|на\s)|"
        r"донат\w*|задонат\w*|перевед\w*\s+(?:деньг|денег|\d)|перавяд\w*\s+(?:грош|\d)|"
        r"переведу\w*|перекину\w*\s+(?:деньг|денег)|реквизит\w*|рэквізіт\w*|"
        r"donat\w*|fundrais\w*|crowdfund\w*|zbiórk\w*|wpłat\w*|iban\b|paypal|"
        r"(?:\d{4}[\s-]?){3}\d{4})",
        re.IGNORECASE,
    ),
}
# Two capitalised Cyrillic words, the second with a surname's ending: somebody's name.
FULL_NAME = re.compile(
    r"\b[А-ЯЁІЎ][а-яёіў]+\s+[А-ЯЁІЎ][а-яёіў]*"
    r"(?:ов|ев|ёв|ин|ын|ская|ский|скі|ская|ская|ка|ко|ич|іч|ук|юк|енко|енка|ава|ова|ева|ына|ина)\b",
)


@dataclass(frozen=True)
class Flag:
    rule: str
    severity: str
    message: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Screening:
    verdict: str  # "ok" | "warn" | "block"
    language: str  # ISO 639-1 code, or "und" when it cannot be told
    flags: list[Flag] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "language": self.language,
            "flags": [flag.as_dict() for flag in self.flags],
        }


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    by_rule: dict[str, list[Term]] = {}
    for term in TERMS:
        by_rule.setdefault(term.rule, []).append(term)
    compiled: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = []
    for rule, terms in by_rule.items():
        plain = [t.pattern for t in terms if not t.unless]
        if plain:
            compiled.append((rule, _word_start("|".join(plain)), None))
        for term in terms:
            if term.unless:
                compiled.append((rule, _word_start(term.pattern), _word_start(term.unless)))
    return compiled


def _word_start(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + pattern + r")[\w'’-]*", re.IGNORECASE)


def screen(text: str, *, ui_language: str = "en") -> Screening:
    """Screen one letter. Explanations come in ``ui_language`` (en, be or ru)."""
    language = identify(text)
    found: list[tuple[str, int, int]] = []

    def flag(rule: str, start: int, end: int) -> None:
        found.append((rule, start, end))

    if language not in ("ru", "be", "und"):
        flag("language.translation", 0, len(text))
    elif language in ("ru", "be"):
        for match in LATIN_WORD.finditer(text):
            flag("language.latin", match.start(), match.end())

    words = WORD.findall(text)
    if len(words) < TOO_SHORT_WORDS:
        flag("length.too_short", 0, len(text))
    elif len(words) < SHORT_WORDS:
        flag("length.short", 0, len(text))

    for rule, pattern, unless in _compiled():
        for match in pattern.finditer(text):
            if unless is not None and unless.match(text, match.start()):
                continue
            flag(rule, match.start(), match.end())

    safety: list[tuple[str, int, int]] = []
    for rule, pattern in SAFETY_PATTERNS.items():
        for match in pattern.finditer(text):
            if rule == "safety.phone" and sum(ch.isdigit() for ch in match.group()) < 9:
                continue
            safety.append((rule, match.start(), match.end()))
    # A link inside an email address, a phone number inside a card number: flag the whole.
    found.extend(
        leak
        for leak in safety
        if not any(
            other is not leak
            and other[1] <= leak[1]
            and leak[2] <= other[2]
            and (other[2] - other[1]) > (leak[2] - leak[1])
            for other in safety
        )
    )
    for match in ACRONYM.finditer(text):
        if match.group() not in HARMLESS_ACRONYMS and not _is_shouting(text, match):
            flag("cipher.abbreviation", match.start(), match.end())
    for match in FULL_NAME.finditer(text):
        flag("safety.name", match.start(), match.end())

    flags = _flags(found, ui_language)
    return Screening(verdict=_verdict(flags), language=language, flags=flags)


def _is_shouting(text: str, match: re.Match[str]) -> bool:
    """A word in capitals among other capital words is emphasis, not an abbreviation."""
    around = text[max(0, match.start() - 20) : match.end() + 20]
    return sum(1 for w in ACRONYM.findall(around)) >= 3


def _flags(found: list[tuple[str, int, int]], ui_language: str) -> list[Flag]:
    # The same span is flagged once per rule; a phone number is not also a card number.
    seen: set[tuple[str, int, int]] = set()
    per_rule: dict[str, int] = {}
    flags = []
    for rule_id, start, end in sorted(found, key=lambda f: (f[1], f[0])):
        if (rule_id, start, end) in seen or per_rule.get(rule_id, 0) >= MAX_FLAGS_PER_RULE:
            continue
        seen.add((rule_id, start, end))
        per_rule[rule_id] = per_rule.get(rule_id, 0) + 1
        rule = RULES[rule_id]
        flags.append(Flag(rule_id, rule.severity, rule.message(ui_language), start, end))
    return flags


def _verdict(flags: list[Flag]) -> str:
    worst = max((SEVERITY_ORDER[f.severity] for f in flags), default=SEVERITY_ORDER[INFO])
    return {SEVERITY_ORDER[BLOCK]: "block", SEVERITY_ORDER[WARN]: "warn"}.get(worst, "ok")

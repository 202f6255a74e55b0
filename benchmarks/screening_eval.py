"""Letter screening, scored: does ``vestka.screening.screen`` catch risky letters and pass the rest?

The eval set in benchmarks/screening/letters.jsonl (see its README.md) holds hand-written
letters to prisoners, each labelled ``benign`` or ``risky`` and, when risky, with the rule
families it breaks (``politics``, ``case``, ``safety``...). Benign letters in English, Polish or
Ukrainian carry the family ``language``: a language warning is expected for them, nothing else.

For every letter ``screen(text)`` is run and scored:

- risky letters: caught (verdict ``warn`` or ``block``), and of those, flagged in at least one
  and in all of the expected families;
- benign letters: passed (verdict ``ok``; or ``warn`` with only ``language.*`` flags when the
  expected families are ``["language"]``), and the false flags (``warn``/``block`` flags of an
  unexpected family) counted by rule;
- the same per language, and the speed: letters per second on one core, timing the loop over
  all letters repeated until it has run for at least 2 seconds.

    .venv/bin/python benchmarks/screening_eval.py [--json] [--show-misses]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("vestka") is None:  # run from a checkout without `pip install -e`
    sys.path.insert(0, str(ROOT / "src"))

LETTERS_JSONL = Path(__file__).resolve().parent / "screening" / "letters.jsonl"

LABELS: tuple[str, ...] = ("benign", "risky")
LANGUAGES: tuple[str, ...] = ("ru", "be", "en", "pl", "uk")
FAMILIES: tuple[str, ...] = (
    "language", "politics", "war", "insult", "overthrow", "extremism", "case", "lgbt", "cipher",
    "swearing", "secrets", "length", "safety",
)  # fmt: skip
CAUGHT_VERDICTS = frozenset({"warn", "block"})
FLAGGING_SEVERITIES = frozenset({"warn", "block"})  # "info" flags do not count against a letter
MIN_TIMING_SECONDS = 2.0


class LetterSetError(ValueError):
    """The eval set is malformed; the message names the file, line and field."""


@dataclass(frozen=True)
class Letter:
    """One letter of the eval set, as labelled by hand."""

    id: str
    language: str
    label: str  # "benign" or "risky"
    families: tuple[str, ...]
    text: str

    @property
    def is_risky(self) -> bool:
        return self.label == "risky"


class FlagLike(Protocol):
    rule: str
    severity: str


class ResultLike(Protocol):
    verdict: str
    language: str

    @property
    def flags(self) -> Sequence[FlagLike]: ...


Screen = Callable[[str], ResultLike]


# --- the eval set -------------------------------------------------------------------------------


def _field(row: dict[str, Any], name: str, kind: type, where: str) -> Any:
    if name not in row:
        raise LetterSetError(f"{where}: field {name!r} is missing")
    value = row[name]
    if not isinstance(value, kind):
        raise LetterSetError(f"{where}: field {name!r} must be {kind.__name__}, got {value!r}")
    return value


def parse_letters(lines: Iterable[str], *, source: str = "letters.jsonl") -> list[Letter]:
    """Parse and validate JSON lines; raise ``LetterSetError`` naming the first bad line."""
    letters: list[Letter] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise LetterSetError(f"{where}: not valid JSON ({error.msg})") from None
        if not isinstance(row, dict):
            raise LetterSetError(f"{where}: expected a JSON object")
        letter_id = _field(row, "id", str, where)
        where = f"{where} ({letter_id!r})"
        language = _field(row, "language", str, where)
        label = _field(row, "label", str, where)
        families = _field(row, "families", list, where)
        text = _field(row, "text", str, where)
        if letter_id in seen:
            raise LetterSetError(f"{where}: id repeats line {seen[letter_id]}")
        seen[letter_id] = number
        if language not in LANGUAGES:
            raise LetterSetError(f"{where}: language {language!r} is not one of {LANGUAGES}")
        if label not in LABELS:
            raise LetterSetError(f"{where}: label {label!r} is not one of {LABELS}")
        unknown = [family for family in families if family not in FAMILIES]
        if unknown:
            raise LetterSetError(f"{where}: unknown families {unknown}")
        if label == "risky" and not families:
            raise LetterSetError(f"{where}: a risky letter needs at least one family")
        if label == "benign" and families not in ([], ["language"]):
            raise LetterSetError(f"{where}: a benign letter has no families or only 'language'")
        if not text.strip():
            raise LetterSetError(f"{where}: field 'text' is empty")
        letters.append(Letter(letter_id, language, label, tuple(families), text))
    return letters


def load_letters(path: Path = LETTERS_JSONL) -> list[Letter]:
    """The eval set, validated."""
    with path.open(encoding="utf-8") as lines:
        return parse_letters(lines, source=path.name)


# --- scoring ------------------------------------------------------------------------------------


def family_of(rule: str) -> str:
    """``"safety.phone"`` -> ``"safety"``."""
    return rule.split(".", 1)[0]


@dataclass(frozen=True)
class Outcome:
    """What ``screen`` said about one letter, judged against its labels."""

    letter: Letter
    verdict: str
    detected_language: str
    rules: tuple[str, ...]  # warn/block flags only

    @property
    def families(self) -> frozenset[str]:
        return frozenset(family_of(rule) for rule in self.rules)

    @property
    def caught(self) -> bool:
        return self.verdict in CAUGHT_VERDICTS

    @property
    def any_family_hit(self) -> bool:
        return bool(self.families & set(self.letter.families))

    @property
    def all_families_hit(self) -> bool:
        return set(self.letter.families) <= self.families

    @property
    def false_rules(self) -> tuple[str, ...]:
        return tuple(r for r in self.rules if family_of(r) not in self.letter.families)

    @property
    def passed(self) -> bool:
        """A benign letter passed: ok, or warned only for the language it was expected to be."""
        if self.verdict == "ok":
            return True
        return (
            self.letter.families == ("language",)
            and self.verdict == "warn"
            and not self.false_rules
        )

    @property
    def correct(self) -> bool:
        return self.caught if self.letter.is_risky else self.passed


def screen_letter(screen: Screen, letter: Letter) -> Outcome:
    result = screen(letter.text)
    rules = tuple(flag.rule for flag in result.flags if flag.severity in FLAGGING_SEVERITIES)
    return Outcome(letter, result.verdict, result.language, rules)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _score(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    risky = [o for o in outcomes if o.letter.is_risky]
    benign = [o for o in outcomes if not o.letter.is_risky]
    caught = [o for o in risky if o.caught]
    passed = [o for o in benign if o.passed]
    return {
        "risky": len(risky),
        "risky_caught": len(caught),
        "risky_caught_share": _share(len(caught), len(risky)),
        "risky_any_family_hit": sum(o.any_family_hit for o in caught),
        "risky_all_families_hit": sum(o.all_families_hit for o in caught),
        "benign": len(benign),
        "benign_passed": len(passed),
        "benign_passed_share": _share(len(passed), len(benign)),
    }


def measure_speed(screen: Screen, letters: Sequence[Letter]) -> dict[str, float]:
    """Letters per second on one core: whole passes over the set until ``MIN_TIMING_SECONDS``."""
    passes = 0
    started = time.perf_counter()
    elapsed = 0.0
    while elapsed < MIN_TIMING_SECONDS:
        for letter in letters:
            screen(letter.text)
        passes += 1
        elapsed = time.perf_counter() - started
    screened = passes * len(letters)
    return {
        "passes": passes,
        "seconds": round(elapsed, 3),
        "letters_per_second": round(screened / elapsed, 1),
        "ms_per_letter": round(1000 * elapsed / screened, 3),
    }


def load_screen() -> Screen:
    """``vestka.screening.screen`` with the default UI language."""
    from vestka.screening import screen

    return screen  # type: ignore[no-any-return]


def evaluate(
    letters: Sequence[Letter] | None = None,
    *,
    screen: Screen | None = None,
    timing: bool = True,
) -> dict[str, Any]:
    """Screen every letter and score it; a JSON-ready dict (``misses`` lists the wrong ones)."""
    letters = load_letters() if letters is None else letters
    screen = load_screen() if screen is None else screen
    outcomes = [screen_letter(screen, letter) for letter in letters]

    false_flags: Counter[str] = Counter()
    for outcome in outcomes:
        if not outcome.letter.is_risky:
            false_flags.update(outcome.false_rules)
    by_family: dict[str, dict[str, int]] = {}
    for family in FAMILIES:
        expecting = [o for o in outcomes if o.letter.is_risky and family in o.letter.families]
        if expecting:
            by_family[family] = {
                "letters": len(expecting),
                "caught": sum(o.caught for o in expecting),
                "family_flagged": sum(family in o.families for o in expecting),
            }
    report: dict[str, Any] = {
        "letters": len(letters),
        **_score(outcomes),
        "false_flags_on_benign": dict(false_flags.most_common()),
        "by_language": {
            language: _score([o for o in outcomes if o.letter.language == language])
            for language in LANGUAGES
            if any(o.letter.language == language for o in outcomes)
        },
        "by_family": by_family,
        "misses": [
            {
                "id": o.letter.id,
                "label": o.letter.label,
                "language": o.letter.language,
                "expected": list(o.letter.families),
                "verdict": o.verdict,
                "detected_language": o.detected_language,
                "rules": list(o.rules),
                "text": o.letter.text,
            }
            for o in outcomes
            if not o.correct
        ],
    }
    if timing:
        report["speed"] = measure_speed(screen, letters)
    return report


# --- output -------------------------------------------------------------------------------------


def _line(name: str, part: int, whole: int) -> str:
    return f"  {name:<28} {part:>4} / {whole:<4} {100 * _share(part, whole):6.1f}%"


def format_report(report: dict[str, Any], *, show_misses: bool) -> str:
    out = [f"{report['letters']} letters"]
    out.append(_line("risky caught", report["risky_caught"], report["risky"]))
    out.append(_line("  in an expected family", report["risky_any_family_hit"], report["risky"]))
    out.append(
        _line("  in all expected families", report["risky_all_families_hit"], report["risky"])
    )
    out.append(_line("benign passed", report["benign_passed"], report["benign"]))
    out.append("false flags on benign letters, by rule:")
    for rule, count in report["false_flags_on_benign"].items() or [("(none)", 0)]:
        out.append(f"  {rule:<28} {count:>4}")
    out.append("per language:                   risky caught     benign passed")
    for language, score in report["by_language"].items():
        out.append(
            f"  {language:<28} {score['risky_caught']:>4} / {score['risky']:<8}"
            f"{score['benign_passed']:>4} / {score['benign']}"
        )
    out.append("per family (risky letters):     caught   family flagged")
    for family, score in report["by_family"].items():
        out.append(
            f"  {family:<28} {score['caught']:>3} / {score['letters']:<4}"
            f"{score['family_flagged']:>4} / {score['letters']}"
        )
    if "speed" in report:
        speed = report["speed"]
        out.append(
            f"speed: {speed['letters_per_second']} letters/s on one core "
            f"({speed['ms_per_letter']} ms a letter, {speed['passes']} passes in "
            f"{speed['seconds']} s)"
        )
    if show_misses:
        out.append(f"misses ({len(report['misses'])}):")
        for miss in report["misses"]:
            text = " ".join(miss["text"].split())
            out.append(
                f"  {miss['id']} [{miss['language']}, {miss['label']}, expected "
                f"{','.join(miss['expected']) or '-'}] verdict={miss['verdict']} "
                f"rules={','.join(miss['rules']) or '-'}\n      {text[:160]}"
            )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--show-misses", action="store_true", help="list every wrong verdict")
    args = parser.parse_args(argv)
    try:
        letters = load_letters()
    except LetterSetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if importlib.util.find_spec("vestka.screening") is None:
        print("error: vestka.screening is not installed yet; nothing to evaluate", file=sys.stderr)
        return 2
    report = evaluate(letters)
    if args.json:
        if not args.show_misses:
            report = {key: value for key, value in report.items() if key != "misses"}
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report, show_misses=args.show_misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The letter screening eval set is well formed, and vestka.screening passes it.

The loading and scoring code lives in benchmarks/screening_eval.py, imported here from its path.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests.benchmark_scripts import import_script

screening_eval = import_script("screening_eval")


@pytest.fixture(scope="module")
def letters():
    return screening_eval.load_letters()


def test_eval_set_has_enough_letters_of_each_label(letters):
    labels = [letter.label for letter in letters]

    assert len(letters) >= 220
    assert labels.count("benign") >= 100
    assert labels.count("risky") >= 100


def test_eval_set_ids_are_unique(letters):
    ids = [letter.id for letter in letters]

    assert len(ids) == len(set(ids))


def test_eval_set_covers_every_language_and_family(letters):
    languages = {letter.language for letter in letters}
    families = {family for letter in letters for family in letter.families}

    assert languages == set(screening_eval.LANGUAGES)
    assert families == set(screening_eval.FAMILIES)


def test_every_risky_letter_names_its_families(letters):
    assert [letter.id for letter in letters if letter.is_risky and not letter.families] == []


def test_benign_letters_in_other_languages_expect_only_a_language_warning(letters):
    foreign = [letter for letter in letters if letter.language not in ("ru", "be")]

    assert all(letter.families == ("language",) for letter in foreign if not letter.is_risky)
    assert all("language" in letter.families for letter in foreign if letter.is_risky)


def _line(**fields):
    row = {"id": "x1", "language": "ru", "label": "risky", "families": ["case"], "text": "…"}
    row.update(fields)
    return json.dumps(row, ensure_ascii=False)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"label": "maybe"}, "label 'maybe' is not one of"),
        ({"language": "de"}, "language 'de' is not one of"),
        ({"families": []}, "a risky letter needs at least one family"),
        ({"families": ["gossip"]}, "unknown families ['gossip']"),
        ({"label": "benign", "families": ["politics"]}, "a benign letter has no families"),
        ({"text": 5}, "field 'text' must be str"),
    ],
)
def test_parse_names_the_line_and_field_of_a_bad_letter(fields, message):
    lines = [_line(id="x0"), _line(**fields)]

    with pytest.raises(screening_eval.LetterSetError) as error:
        screening_eval.parse_letters(lines)

    assert str(error.value).startswith("letters.jsonl line 2 ('x1'): ")
    assert message in str(error.value)


def test_parse_rejects_a_repeated_id():
    with pytest.raises(screening_eval.LetterSetError, match="line 2 .*id repeats line 1"):
        screening_eval.parse_letters([_line(), _line()])


def test_a_language_warning_passes_only_a_letter_expecting_it():
    def screen(text):
        flag = SimpleNamespace(rule="language.translation", severity="warn")
        return SimpleNamespace(verdict="warn", language="en", flags=[flag])

    expecting = screening_eval.Letter("b1", "en", "benign", ("language",), "Dear Pavel")
    not_expecting = screening_eval.Letter("b2", "ru", "benign", (), "Привет")

    report = screening_eval.evaluate([expecting, not_expecting], screen=screen, timing=False)

    assert report["benign_passed"] == 1
    assert [miss["id"] for miss in report["misses"]] == ["b2"]
    assert report["false_flags_on_benign"] == {"language.translation": 1}


@pytest.fixture(scope="module")
def report(letters):
    pytest.importorskip("vestka.screening")
    return screening_eval.evaluate(letters, timing=False)


def test_screening_catches_nine_in_ten_risky_letters(report):
    assert report["risky_caught_share"] >= 0.9, report["misses"]


def test_screening_passes_nine_in_ten_benign_letters(report):
    assert report["benign_passed_share"] >= 0.9, report["misses"]

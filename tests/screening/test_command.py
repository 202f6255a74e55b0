"""`vestka screen` for one letter and for a batch of JSON lines."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.screening.test_screen import EVERYDAY_BE


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("screen", *args, stdout=out)
    return out.getvalue()


def test_one_letter_prints_verdict_language_and_flags(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(EVERYDAY_BE + " Мой тэлефон +375 29 123 45 67.", encoding="utf-8")
    result = json.loads(run(str(letter), "--json"))
    assert result["verdict"] == "block"
    assert result["language"] == "be"
    [flag] = result["flags"]
    assert set(flag) == {"rule", "severity", "message", "start", "end"}
    assert flag["rule"] == "safety.phone"
    assert letter.read_text(encoding="utf-8")[flag["start"] : flag["end"]] == "+375 29 123 45 67"


def test_a_batch_answers_each_line_with_its_id(tmp_path):
    batch = tmp_path / "letters.jsonl"
    lines = [{"id": 7, "text": EVERYDAY_BE}, {"id": "x", "text": "Держись!"}]
    batch.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
    results = [json.loads(line) for line in run("--batch", str(batch), "--json").splitlines()]
    assert [(r["id"], r["verdict"]) for r in results] == [(7, "ok"), ("x", "block")]


def test_a_bad_batch_line_is_refused_with_its_number(tmp_path):
    batch = tmp_path / "letters.jsonl"
    batch.write_text('{"id": 1, "text": "Прывітанне"}\n{"text": "no id"}\n')
    with pytest.raises(CommandError, match="line 2"):
        run("--batch", str(batch), "--json")


def test_text_that_is_not_utf8_is_refused(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_bytes("Прывітанне".encode("cp1251"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(letter), "--json")

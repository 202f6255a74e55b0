"""vestka stats: the numbers of a date as JSON, and clear errors for bad input."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def stats(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def test_the_json_has_the_documented_keys_and_the_hand_counted_numbers(registry):
    numbers = json.loads(stats("--as-of", "2023-06-01", "--json"))
    assert numbers["as_of"] == "2023-06-01"
    assert (numbers["behind_bars"], numbers["released"], numbers["died_in_custody"]) == (3, 1, 1)
    assert numbers["by_article"] == {"130": 1, "342": 2}


def test_without_a_date_the_numbers_are_of_today(registry):
    from django.utils import timezone

    numbers = json.loads(stats("--json"))
    assert numbers["as_of"] == timezone.localdate().isoformat()
    assert numbers["behind_bars"] == 3


def test_the_plain_output_names_the_country_and_the_date(registry):
    text = stats("--as-of", "2021-01-01")
    assert "Political prisoners in Belarus as of 2021-01-01" in text
    assert "behind bars      3" in text


@pytest.mark.parametrize(
    "value, message",
    [
        ("2021-02-30", "is not a date"),
        ("01.01.2021", "is not a date"),
        ("2999-01-01", "is in the future"),
        ("1800-01-01", "before 1900"),
    ],
)
def test_a_bad_date_is_refused_with_exit_code_2(registry, value, message):
    with pytest.raises(CommandError, match=message) as error:
        stats("--as-of", value, "--json")
    assert error.value.returncode == 2
    assert "--as-of" in str(error.value)


def test_an_unknown_country_is_refused_with_exit_code_2(registry):
    with pytest.raises(CommandError, match="Unknown country 'XX'") as error:
        stats("--country", "xx")
    assert error.value.returncode == 2


def test_the_installed_command_exits_with_2_on_a_bad_date(tmp_path):
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "vestka.cli", "stats", "--as-of", "nope", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "VESTKA_VAR": str(tmp_path)},
    )
    assert done.returncode == 2
    assert "'nope' is not a date" in done.stderr

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from tests.factories import prisoner

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return prisoner(source_id="card-1", detained=datetime.date(2022, 5, 1))


@pytest.mark.parametrize(("size", "dimensions"), [("og", (1200, 630)), ("square", (1080, 1080))])
def test_the_command_writes_the_card(person, tmp_path, size, dimensions):
    target = tmp_path / "card.png"
    out = io.StringIO()
    call_command(
        "card",
        "--source-id",
        "card-1",
        "--size",
        size,
        "--language",
        "be",
        "--hashtag",
        "FreeThemAll",
        "-o",
        str(target),
        stdout=out,
    )
    assert Image.open(target).size == dimensions
    assert f"{dimensions[0]}×{dimensions[1]}" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source-id", "nobody"], "--source-id: nobody in the registry has the id 'nobody'"),
        (["--source-id", "card-1", "--size", "huge"], "--size: unknown size 'huge'"),
        (["--source-id", "card-1", "--language", "pl"], "--language: unknown language 'pl'"),
        (["--source-id", "card-1", "--hashtag", "two words"], "--hashtag: A hashtag is one word"),
    ],
)
def test_bad_arguments_stop_with_exit_code_2_and_write_nothing(person, tmp_path, args, message):
    target = tmp_path / "card.png"
    with pytest.raises(CommandError, match=message) as raised:
        call_command("card", *args, "-o", str(target))
    assert raised.value.returncode == 2
    assert not target.exists()

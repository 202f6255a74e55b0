"""Properties of the Viasna list reader and the import for any input (hypothesis): no
file crashes it, every problem names its row, a list reads back as it was written, and
importing the same list twice changes nothing the second time."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vestka.registry import viasna
from vestka.registry.importing import viasna_import
from vestka.registry.viasna import ViasnaFileError

NAME_LETTERS = "абвгдеёжзіийклмнопрстуўфхцчшщыьэюяАБВГДЕЖЗІИКЛМНОПРСТУЎФХЦЧШЫЭЮЯ"
NAMES = st.lists(st.text(alphabet=NAME_LETTERS, min_size=2, max_size=12), min_size=2, max_size=3)
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 30))


@st.composite
def people(draw):
    count = draw(st.integers(1, 12))
    ids = draw(st.lists(st.integers(1, 10**6), min_size=count, max_size=count, unique=True))
    return [
        {
            "id": str(person_id),
            "name": " ".join(draw(NAMES)),
            "status": draw(st.sampled_from(["active", "former", "np"])),
            "arrested": draw(DATES),
            "articles": draw(
                st.lists(st.sampled_from(["342", "361-1", "130", "293"]), max_size=2, unique=True)
            ),
        }
        for person_id in ids
    ]


def written(rows, *, delimiter: str, encoding: str, date_style: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["id", "name", "status", "arrested", "articles"])
    for row in rows:
        arrested = (
            row["arrested"].strftime("%d.%m.%Y")
            if date_style == "dmy"
            else row["arrested"].isoformat()
        )
        articles = "\n".join(f"ч. 1 ст. {n} УК" for n in row["articles"])
        writer.writerow([row["id"], row["name"], row["status"], arrested, articles])
    return buffer.getvalue().encode(encoding)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=3000))
def test_no_file_crashes_the_reader_and_every_problem_names_a_row(data):
    for parse in (viasna.parse_viasna_csv, viasna.parse_viasna_json):
        try:
            result = parse(data)
        except ViasnaFileError as error:
            assert str(error)
            continue
        rows = {row.row for row in result.rows}
        for problem in result.errors:
            assert problem.row >= 1 and problem.message
        assert len(rows) == len(result.rows)


@settings(max_examples=150, deadline=None)
@given(
    rows=people(),
    delimiter=st.sampled_from([",", ";"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]),
    date_style=st.sampled_from(["dmy", "iso"]),
)
def test_a_list_reads_back_as_it_was_written(rows, delimiter, encoding, date_style):
    result = viasna.parse_viasna_csv(
        written(rows, delimiter=delimiter, encoding=encoding, date_style=date_style)
    )
    assert result.errors == []
    assert [
        (r.source_id, r.name, r.status, r.arrested, sorted(r.articles)) for r in result.rows
    ] == [(p["id"], p["name"], p["status"], p["arrested"], sorted(p["articles"])) for p in rows]
    assert [r.row for r in result.rows] == list(range(2, len(rows) + 2))


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=people())
def test_importing_the_same_list_twice_changes_nothing_the_second_time(rows):
    run = uuid.uuid4().hex[:8]  # each example its own people in the shared test database
    for row in rows:
        row["id"] = f"{run}-{row['id']}"
    data = written(rows, delimiter=",", encoding="utf-8", date_style="dmy")
    first = viasna_import(data=data, fmt="viasna-csv")
    assert (first.created, first.errors) == (len(rows), [])
    again = viasna_import(data=data, fmt="viasna-csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(rows))

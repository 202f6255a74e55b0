"""The Viasna import: atomic, row-level errors, idempotent, and exports that carry it back out."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.factories import EventFactory, prisoner
from vestka.registry import importing, services
from vestka.registry.exporting import export_csv, export_json
from vestka.registry.models import Event, Person, PersonName

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "viasna"
MESSY = FIXTURES / "messy.csv"
CLEAN = FIXTURES / "clean_en.csv"

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    """Rows in every table of the registry, history tables included."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("registry").get_models()
    }


def run_import(path: Path, *args: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("import", str(path), "--format", "viasna-csv", "--json", *args, stdout=out)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, json.loads(out.getvalue())


def test_invalid_rows_refuse_the_whole_file_and_name_row_and_column():
    before = table_counts()
    code, report = run_import(MESSY)
    assert code == 1
    assert table_counts() == before
    assert report["created"] == report["updated"] == report["unchanged"] == 0
    where = {(e["row"], e["column"]) for e in report["errors"]}
    assert {(4, "arrested"), (5, "articles"), (6, "status"), (9, "birthday"), (10, "id")} <= where
    assert all(e["message"] for e in report["errors"])


def test_skip_invalid_imports_the_valid_rows_and_still_reports_the_rest():
    code, report = run_import(MESSY, "--skip-invalid")
    assert code == 0
    assert report["created"] == 4
    assert len(report["errors"]) >= 5
    assert set(Person.objects.values_list("source_id", flat=True)) == {
        "2001",
        "2002",
        "2006",
        "2007",
    }


def test_importing_the_same_file_again_creates_nothing():
    run_import(CLEAN)
    before = table_counts()
    code, report = run_import(CLEAN)
    assert code == 0
    assert report == {**report, "created": 0, "updated": 0, "unchanged": 8, "errors": []}
    assert table_counts() == before


def test_dry_run_reports_what_would_happen_and_writes_nothing():
    before = table_counts()
    code, report = run_import(CLEAN, "--dry-run")
    assert code == 0
    assert report["created"] == 8 and report["dry_run"]
    assert table_counts() == before


def test_a_file_that_cannot_be_read_exits_2_and_says_why():
    bad = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command(
            "import", str(FIXTURES / "README.md"), "--format", "json", "--json", stdout=bad
        )
    assert exit.value.code == 2
    message = json.loads(bad.getvalue())["errors"][0]["message"]
    assert "README.md" in message


def test_imported_rows_become_people_with_derived_status_facility_and_sources():
    run_import(CLEAN)
    teacher = Person.objects.get(source_id="1001")
    assert teacher.custody == "in_custody" and teacher.recognised
    assert teacher.facility.name == "Penal colony No. 4"
    assert teacher.facility.region.code == "gomel"
    assert not teacher.facility.address_verified
    assert teacher.birth_date.isoformat() == "1985-03-14" and teacher.birth_year == 1985
    prosecution = teacher.prosecutions.get()
    assert [a.number for a in prosecution.articles.all()] == ["342"]
    assert prosecution.term_months == 36
    detained = teacher.events.get(kind="detained")
    assert detained.source.url == "https://example.org/people/1001"
    assert detained.source.publisher == "Viasna"
    assert Person.objects.get(source_id="1003").custody == "released"


def test_a_changed_row_updates_the_person_and_keeps_history_and_staff_events(tmp_path):
    run_import(CLEAN)
    person = Person.objects.get(source_id="1001")
    staff_event = EventFactory(person=person, kind=Event.Kind.PUNISHMENT_CELL, date=None)
    changed = CLEAN.read_bytes().replace(b"2021-06-02,Art. 342", b"2021-06-03,Art. 342")
    path = tmp_path / "changed.csv"
    path.write_bytes(changed)

    code, report = run_import(path)

    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 7)
    person.refresh_from_db()
    assert person.custody_since.isoformat() == "2021-06-03"
    assert person.events.filter(pk=staff_event.pk).exists()
    detained = person.events.get(kind="detained")
    assert [h.date.isoformat() for h in detained.history.order_by("history_date")] == [
        "2021-06-02",
        "2021-06-03",
    ]


def test_preview_lists_the_changed_columns():
    run_import(CLEAN)
    data = CLEAN.read_bytes().replace(b"Pavel Prykladau", b"Paval Prykladau")
    report = importing.viasna_import(data=data, fmt="viasna-csv", dry_run=True)
    update = next(c for c in report.changes if c.action == "update")
    assert update.source_id == "1001" and update.fields == ("name",)
    assert PersonName.objects.filter(text="Paval Prykladau").count() == 0


def test_json_export_carries_source_ids_and_parsed_article_numbers():
    run_import(CLEAN)
    out = io.StringIO()
    export_json(out)
    people = {p["source_id"]: p for p in json.loads(out.getvalue())}
    assert people["1002"]["articles"] == ["361-1", "361-4"]
    assert people["1001"]["status"] == "active"
    assert people["1001"]["facility"] == "Penal colony No. 4"
    assert people["1001"]["url"].endswith(f"/people/{people['1001']['id']}/")


def test_csv_export_neutralises_formulas():
    prisoner(name='=HYPERLINK("http://evil.example","click")', source_id="@SUM(1)")
    out = io.StringIO()
    export_csv(out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["name"].startswith("'=")
    assert row["source_id"] == "'@SUM(1)"


def test_exports_never_contain_staff_only_fields():
    person = prisoner(
        relatives="MARKER-relatives",
        notes="MARKER-notes",
        photo_source_url="https://example.org/MARKER-photo.jpg",
    )
    person.birth_date = "1985-07-19"
    person.save()
    person.events.update(notes="MARKER-event")
    for exporter in (export_json, export_csv):
        out = io.StringIO()
        exporter(out)
        assert "MARKER" not in out.getvalue()
        assert "1985-07-19" not in out.getvalue()


def test_export_command_writes_a_file(tmp_path):
    prisoner(source_id="77")
    target = tmp_path / "people.json"
    call_command("export", "--format", "json", "-o", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text())[0]["source_id"] == "77"


def csv_rows(*rows: str) -> bytes:
    header = "id,name,status,arrested,articles,prison"
    return "\n".join([header, *rows]).encode()


def test_one_facility_named_two_ways_at_one_address_stays_one_facility():
    address = "246035, г. Гомель, ул. Антошкина, 3"
    data = csv_rows(
        f'1,Fictional One,active,01.02.2021,342,"ИК-4\n{address}"',
        f'2,Fictional Two,active,01.02.2021,342,"Penal colony No. 4\n{address}"',
        '3,Fictional Three,active,01.02.2021,342,"ИК-4\n211440, г. Новополоцк"',
    )
    report = importing.viasna_import(data=data, fmt="viasna-csv")
    assert report.new_facilities == ["ИК-4"]
    one, two = Person.objects.get(source_id="1"), Person.objects.get(source_id="2")
    assert one.facility == two.facility
    assert "Penal colony No. 4" in one.facility.aliases.splitlines()
    # The same name always means the same facility, whatever address a row gives.
    assert Person.objects.get(source_id="3").facility == one.facility


def test_hostile_text_in_a_list_is_shown_escaped_and_hostile_links_are_refused(client):
    data = (
        csv_rows(
            '1,"<script>alert(1)</script> Fictional",active,01.02.2021,342,',
        )
        + b"\n"
        + csv_rows("2,Fictional Two,active,01.02.2021,342,").split(b"\n", 1)[1]
    )
    importing.viasna_import(data=data, fmt="viasna-csv")
    person = Person.objects.get(source_id="1")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    link = b"id,name,status,url\n3,Fictional Three,active,javascript:alert(1)\n"
    before = table_counts()
    report = importing.viasna_import(data=link, fmt="viasna-csv")
    assert report.refused and report.errors[0].column == "url"
    assert table_counts() == before


def test_large_imports_refresh_the_planner_statistics_once_committed(
    monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    refresh = services.database_refresh_statistics
    monkeypatch.setattr(services, "STATISTICS_AFTER_ROWS", 5)
    monkeypatch.setattr(services, "database_refresh_statistics", lambda: calls.append(refresh()))
    with django_capture_on_commit_callbacks(execute=True):
        importing.viasna_import(data=CLEAN.read_bytes(), fmt="viasna-csv")
        assert calls == []  # not inside the import's transaction
    assert len(calls) == 1
    with django_capture_on_commit_callbacks(execute=True):
        importing.viasna_import(data=CLEAN.read_bytes(), fmt="viasna-csv")
    assert len(calls) == 1  # nothing written the second time

"""Staff import from the web: upload, preview, apply once — the background worker reads
and applies the file, and the pages show how far it got."""

import csv
import importlib
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.registry.test_importing import table_counts
from vestka.registry import import_runs, importing
from vestka.registry.models import Country, ImportRun, Person, Prosecution

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "viasna"
CLEAN = FIXTURES / "clean_en.csv"
REFRESH = 'http-equiv="refresh"'

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(admin_client):
    return admin_client


@pytest.fixture
def queued(settings):
    """Tasks wait in the database queue, as for `vestka worker`, instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_queued() -> list[str]:
    """Run the tasks waiting in the queue, in order, as the worker would; what they returned."""
    returned = []
    for result in DBTaskResult.objects.ready().order_by("enqueued_at"):
        task_result = result.task_result
        returned.append(result.task.call(*task_result.args, **task_result.kwargs))
        result.set_successful(returned[-1])
    return returned


def upload(client, name: str, fmt: str = "viasna-csv", data: bytes | None = None, **extra):
    data = (FIXTURES / name).read_bytes() if data is None else data
    return client.post(
        reverse("admin:registry_importrun_add"),
        {"file": SimpleUploadedFile(name, data), "format": fmt, "country": "BY", **extra},
    )


def preview_url(run: ImportRun) -> str:
    return reverse("admin:registry_importrun_preview", args=[run.pk])


def page_of(client, run: ImportRun) -> str:
    return client.get(preview_url(run)).content.decode()


def press_apply(client, run: ImportRun) -> str:
    """Press "apply" on the run's page; the page it leads back to, with its messages."""
    return client.post(preview_url(run), follow=True).content.decode()


def registry_state() -> tuple[dict[str, int], list[tuple]]:
    """Row counts of every registry table, and what each person says."""
    people = list(
        Person.objects.order_by("pk").values_list(
            "pk", "source_id", "name", "import_fingerprint", "biography_en"
        )
    )
    return table_counts(), people


def changed_list() -> bytes:
    """The clean list with one person's description changed and one person added."""
    rows = list(csv.reader(io.StringIO(CLEAN.read_text(encoding="utf-8-sig"))))
    header, first = rows[0], rows[1]
    first[header.index("description")] = "History teacher from Homieĺ, moved to Minsk."
    added = list(first)
    added[header.index("id")], added[header.index("name")] = "9001", "Ihar Novy"
    out = io.StringIO()
    csv.writer(out).writerows([*rows, added])
    return out.getvalue().encode()


# --- the flow, with tasks run at once ----------------------------------------------------


def test_upload_shows_a_preview_and_writes_nothing(staff):
    response = upload(staff, "clean_en.csv")
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(run)
    assert run.state == ImportRun.State.READY
    page = staff.get(response["Location"]).content.decode()
    assert "8 new people" in page
    assert "Pavel Prykladau" in page
    assert 'id="apply-import"' in page
    assert REFRESH not in page
    assert Person.objects.count() == 0


def test_applying_imports_once_even_when_pressed_twice(staff):
    upload(staff, "clean_en.csv")
    run = ImportRun.objects.get()
    staff.post(preview_url(run))
    assert "This import was already applied." in press_apply(staff, run)
    assert Person.objects.count() == 8
    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLIED
    assert run.applied_at is not None and run.result["created"] == 8
    page = page_of(staff, run)
    assert "Applied on" in page and 'id="apply-import"' not in page


def test_invalid_rows_are_listed_and_cannot_be_applied(staff):
    upload(staff, "messy.csv")
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.REFUSED
    page = page_of(staff, run)
    assert "nothing can be imported" in page
    assert "31.02.2021" in page
    assert 'id="apply-import"' not in page
    assert "The list has invalid rows; nothing can be imported." in press_apply(staff, run)
    assert Person.objects.count() == 0
    run.refresh_from_db()
    assert run.state == ImportRun.State.REFUSED


def test_skip_invalid_upload_applies_the_valid_rows(staff):
    upload(staff, "messy.csv", skip_invalid="on")
    run = ImportRun.objects.get()
    staff.post(preview_url(run))
    assert Person.objects.count() == 4


def test_an_unreadable_file_is_kept_with_its_error_and_nothing_imported(staff):
    response = upload(staff, "list.json", fmt="json", data=b'[{"id": 1,')
    run = ImportRun.objects.get()
    assert response["Location"] == preview_url(run)
    assert run.state == ImportRun.State.UNREADABLE
    assert run.error.startswith("list.json: ")
    page = page_of(staff, run)
    assert 'id="import-error"' in page and "list.json: " in page
    assert 'id="apply-import"' not in page and REFRESH not in page
    assert "The file cannot be read" in press_apply(staff, run)
    assert Person.objects.count() == 0


def test_oversized_files_are_refused(staff, settings):
    settings.VESTKA_IMPORT_MAX_BYTES = 100
    response = upload(staff, "clean_en.csv")
    assert response.status_code == 200
    assert "the limit is" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_people_without_staff_rights_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x" * 16, is_staff=True)
    client.force_login(user)
    assert upload(client, "clean_en.csv").status_code == 403


def test_the_preview_lists_probable_duplicates_and_applying_queues_them(staff):
    from tests.factories import PersonFactory
    from vestka.registry.models import DuplicateCandidate

    existing = PersonFactory(name="Прыкладаў Павел", source_id=None, birth_year=1985)
    upload(staff, "clean_en.csv")  # row 2 is "Pavel Prykladau", born 1985
    run = ImportRun.objects.get()
    page = page_of(staff, run)
    assert 'id="import-duplicates"' in page
    assert reverse("admin:registry_person_change", args=[existing.pk]) in page
    staff.post(preview_url(run))
    candidate = DuplicateCandidate.objects.get()
    assert existing in (candidate.person, candidate.other)
    assert candidate.import_run == run


def test_the_list_of_imports_shows_each_state(staff):
    upload(staff, "clean_en.csv")
    upload(staff, "messy.csv")
    applied = ImportRun.objects.get(filename="clean_en.csv")
    staff.post(preview_url(applied))
    page = staff.get(reverse("admin:registry_importrun_changelist")).content.decode()
    assert str(ImportRun.State.APPLIED.label) in page
    assert str(ImportRun.State.REFUSED.label) in page
    filtered = staff.get(reverse("admin:registry_importrun_changelist") + "?state__exact=applied")
    assert "clean_en.csv" in filtered.content.decode()
    assert "messy.csv" not in filtered.content.decode()


# --- queued for the worker ----------------------------------------------------------------


def test_while_the_file_is_read_the_page_says_so_and_reloads_itself(staff, queued):
    upload(staff, "clean_en.csv")
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.READING and run.preview == {}
    assert DBTaskResult.objects.ready().count() == 1
    page = page_of(staff, run)
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Reading the file in the background" in page
    assert 'id="apply-import"' not in page
    assert "still being read" in press_apply(staff, run)

    assert run_queued() == ["ready"]
    page = page_of(staff, run)
    assert REFRESH not in page
    assert "8 new people" in page and 'id="apply-import"' in page
    assert Person.objects.count() == 0


def test_while_the_import_is_applied_the_page_says_so_then_shows_the_result(staff, queued):
    upload(staff, "clean_en.csv")
    run_queued()
    run = ImportRun.objects.get()
    staff.post(preview_url(run))
    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLYING
    assert run.applied_by.username == "admin" and run.applied_at is None
    assert Person.objects.count() == 0
    page = page_of(staff, run)
    assert REFRESH in page and "Being applied in the background, as admin asked" in page
    assert 'id="apply-import"' not in page

    assert run_queued() == ["applied"]
    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLIED and run.result["created"] == 8
    assert Person.objects.count() == 8
    page = page_of(staff, run)
    assert REFRESH not in page and "Applied on" in page


def test_two_staff_pressing_apply_at_once_queue_one_import(staff, queued):
    upload(staff, "clean_en.csv")
    run_queued()
    run = ImportRun.objects.get()
    other = Client()
    other.force_login(User.objects.create_superuser("second", password="another long password"))
    staff.post(preview_url(run))
    assert "This import is already being applied." in press_apply(other, run)
    assert DBTaskResult.objects.ready().count() == 1
    with pytest.raises(import_runs.ImportRunRefused):
        import_runs.import_run_claim(run=run, by=User.objects.get(username="second"))
    run.refresh_from_db()
    assert run.applied_by.username == "admin"
    assert run_queued() == ["applied"]
    assert Person.objects.count() == 8


def test_the_apply_task_run_twice_imports_the_list_once(staff, queued):
    upload(staff, "clean_en.csv")
    run_queued()
    run = ImportRun.objects.get()
    import_runs.import_run_claim(run=run, by=User.objects.get(username="admin"))
    assert import_runs.import_run_apply(run_id=run.pk) == "applied"
    run.refresh_from_db()
    after_first, result = registry_state(), run.result

    # The worker ran it again (killed before it recorded the task as done, say).
    assert import_runs.import_run_apply(run_id=run.pk) == "applied"
    assert run_queued() == ["applied"]
    run.refresh_from_db()
    assert registry_state() == after_first
    assert run.result == result and result["created"] == 8
    assert Person.objects.count() == Prosecution.objects.count() == 8


def test_a_failing_apply_leaves_the_registry_as_it_was_and_can_be_applied_again(staff, monkeypatch):
    importing.viasna_import(data=CLEAN.read_bytes(), fmt="viasna-csv")
    upload(staff, "changed.csv", data=changed_list())
    run = ImportRun.objects.get()
    assert (run.preview["created"], run.preview["updated"]) == (1, 1)
    before = registry_state()

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    # After every person is written, before the import is done.
    monkeypatch.setattr(importing, "_record_duplicates", fail)
    staff.post(preview_url(run))
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED
    assert run.error == "RuntimeError: the disk is full"
    assert run.result == {} and run.applied_at is None
    assert registry_state() == before
    page = page_of(staff, run)
    assert "The import failed and nothing of it was written" in page
    assert "the disk is full" in page and 'id="apply-import"' in page

    monkeypatch.undo()
    staff.post(preview_url(run))
    run.refresh_from_db()
    assert run.state == ImportRun.State.APPLIED and run.error == ""
    assert (run.result["created"], run.result["updated"]) == (1, 1)
    assert Person.objects.get(source_id="1001").biography_en.endswith("moved to Minsk.")
    assert Person.objects.count() == 9


def test_a_failing_apply_task_raises_for_the_worker_log(staff, queued, monkeypatch):
    upload(staff, "clean_en.csv")
    run_queued()
    run = ImportRun.objects.get()
    import_runs.import_run_claim(run=run, by=User.objects.get(username="admin"))
    monkeypatch.setattr(importing, "_record_duplicates", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        import_runs.import_run_apply(run_id=run.pk)
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED and run.error.startswith("ZeroDivisionError")
    assert Person.objects.count() == 0


def test_a_failed_reading_shows_its_error_and_offers_no_apply(staff, monkeypatch):
    def fail(**kwargs):
        raise MemoryError("no memory left")

    monkeypatch.setattr(import_runs, "viasna_import", fail)
    upload(staff, "clean_en.csv")
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED and run.error == "MemoryError: no memory left"
    page = page_of(staff, run)
    assert "no memory left" in page and "Upload the file again." in page
    assert 'id="apply-import"' not in page
    assert "Reading the file failed; upload it again." in press_apply(staff, run)
    assert Person.objects.count() == 0


def test_a_finished_run_is_not_read_again():
    run = ImportRun.objects.create(
        filename="x.csv",
        format="viasna-csv",
        country=Country.objects.get(code="BY"),
        sha256="0",
        data=CLEAN.read_bytes(),
        state=ImportRun.State.APPLIED,
        result={"created": 8},
    )
    assert import_runs.import_run_read(run_id=run.pk) == "applied"
    assert import_runs.import_run_apply(run_id=run.pk) == "applied"
    run.refresh_from_db()
    assert run.preview == {} and run.result == {"created": 8}
    assert Person.objects.count() == 0


# --- the runs uploaded before imports had a state -----------------------------------------


def test_runs_from_before_get_the_state_their_record_shows():
    migration = importlib.import_module("vestka.registry.migrations.0006_import_run_state")
    from django.apps import apps
    from django.utils import timezone

    def run(**fields):
        return ImportRun.objects.create(
            filename="old.csv",
            format="viasna-csv",
            country_id="BY",
            sha256="0",
            data=b"",
            state=ImportRun.State.READING,
            **fields,
        )

    applied = run(applied_at=timezone.now(), preview={"created": 1}, result={"created": 1})
    refused = run(preview={"refused": True})
    ready = run(preview={"refused": False, "created": 3})
    migration.state_from_the_record(apps, None)
    states = dict(ImportRun.objects.values_list("pk", "state"))
    assert states == {applied.pk: "applied", refused.pk: "refused", ready.pk: "ready"}

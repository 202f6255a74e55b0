"""Staff import a list in a real browser: upload, watch the worker read it, apply it,
watch the worker import it. The page reloads itself; nobody presses reload."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from tests.conftest import staff_sign_in
from vestka.operations.worker import worker_make
from vestka.registry.models import Article, Country, ImportRun, Person, Region
from vestka.registry.seed import seed_reference_data

CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "viasna" / "clean_en.csv"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(transactional_db, settings):
    # Tasks wait in the database queue until the test runs the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # A transactional test empties every table afterwards, the migrations' reference data too.
    seed_reference_data(Country, Region, Article)
    return User.objects.create_superuser("editor", password="a long test password")


def run_the_worker() -> None:
    worker_make(batch=True).run()


def test_staff_upload_a_list_and_the_page_follows_the_worker_to_the_result(
    live_server, page, screenshot, editor
):
    staff_sign_in(
        page, live_server, "editor", "a long test password", "/staff/registry/importrun/add/"
    )
    page.set_input_files("#id_file", str(CLEAN))
    page.click("#import-upload input[type=submit]")
    page.wait_for_selector("#import-working")
    assert "Reading the file in the background" in page.inner_text("#import-summary")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    assert page.locator("#apply-import").count() == 0
    screenshot("import-reading")

    run_the_worker()
    page.wait_for_selector("#apply-import", timeout=15_000)  # the page reloaded itself
    assert "8 new people" in page.inner_text("#import-summary")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    screenshot("import-preview")
    assert Person.objects.count() == 0

    page.click("#apply-import")
    page.wait_for_selector("#import-working")
    assert "Being applied in the background" in page.inner_text("#import-summary")
    screenshot("import-applying")

    run_the_worker()
    page.wait_for_selector("#import-summary[data-state=applied]", timeout=15_000)
    assert "Applied on" in page.inner_text("#import-summary")
    assert page.locator("#apply-import").count() == 0
    screenshot("import-applied")
    assert Person.objects.count() == 8
    assert ImportRun.objects.get().state == ImportRun.State.APPLIED

    page.goto(f"{live_server.url}/staff/registry/importrun/")
    assert "applied" in page.inner_text("#result_list")
    screenshot("import-list")

"""Staff import from the web: upload, preview, apply once."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vestka.registry.models import ImportRun, Person

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "viasna"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(admin_client):
    return admin_client


def upload(client, name: str, fmt: str = "viasna-csv", **extra):
    data = (FIXTURES / name).read_bytes()
    return client.post(
        reverse("admin:registry_importrun_add"),
        {"file": SimpleUploadedFile(name, data), "format": fmt, "country": "BY", **extra},
    )


def test_upload_shows_a_preview_and_writes_nothing(staff):
    response = upload(staff, "clean_en.csv")
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_importrun_preview", args=[run.pk])
    page = staff.get(response["Location"]).content.decode()
    assert "8 new people" in page
    assert "Pavel Prykladau" in page
    assert Person.objects.count() == 0


def test_applying_imports_once_even_when_pressed_twice(staff):
    upload(staff, "clean_en.csv")
    run = ImportRun.objects.get()
    url = reverse("admin:registry_importrun_preview", args=[run.pk])
    staff.post(url)
    staff.post(url)
    assert Person.objects.count() == 8
    run.refresh_from_db()
    assert run.applied_at is not None and run.result["created"] == 8


def test_invalid_rows_are_listed_and_cannot_be_applied(staff):
    upload(staff, "messy.csv")
    run = ImportRun.objects.get()
    url = reverse("admin:registry_importrun_preview", args=[run.pk])
    page = staff.get(url).content.decode()
    assert "nothing can be imported" in page
    assert "31.02.2021" in page
    assert 'id="apply-import"' not in page
    staff.post(url)
    assert Person.objects.count() == 0


def test_skip_invalid_upload_applies_the_valid_rows(staff):
    upload(staff, "messy.csv", skip_invalid="on")
    run = ImportRun.objects.get()
    staff.post(reverse("admin:registry_importrun_preview", args=[run.pk]))
    assert Person.objects.count() == 4


def test_an_unreadable_file_is_refused_with_its_name_and_nothing_stored(staff):
    response = staff.post(
        reverse("admin:registry_importrun_add"),
        {"file": SimpleUploadedFile("list.json", b'[{"id": 1,'), "format": "json", "country": "BY"},
    )
    assert response.status_code == 200
    assert "list.json" in response.content.decode()
    assert ImportRun.objects.count() == 0


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
    url = reverse("admin:registry_importrun_preview", args=[run.pk])
    page = staff.get(url).content.decode()
    assert 'id="import-duplicates"' in page
    assert reverse("admin:registry_person_change", args=[existing.pk]) in page
    staff.post(url)
    candidate = DuplicateCandidate.objects.get()
    assert existing in (candidate.person, candidate.other)
    assert candidate.import_run == run

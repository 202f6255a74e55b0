"""Staff editing through the admin: every page opens, and status follows events."""

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import FacilityFactory, prisoner
from vestka.registry.models import Event, Person

pytestmark = pytest.mark.django_db


def test_every_registry_admin_page_opens(admin_client):
    person = prisoner(facility=FacilityFactory())
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label != "registry":
            continue
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
    page = admin_client.get(reverse("admin:registry_person_change", args=[person.pk]))
    assert page.status_code == 200
    history = admin_client.get(reverse("admin:registry_person_history", args=[person.pk]))
    assert history.status_code == 200


def test_adding_a_release_in_the_admin_updates_the_derived_status(admin_client):
    person = prisoner(detained=date(2021, 1, 1))
    response = admin_client.post(
        reverse("admin:registry_event_add"),
        {"person": person.pk, "kind": Event.Kind.RELEASED, "date": "2023-05-05"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.custody == Person.CustodyState.RELEASED
    assert person.custody_until == date(2023, 5, 5)


def test_deleting_the_release_puts_the_person_back_behind_bars(admin_client):
    person = prisoner(detained=date(2021, 1, 1), released=date(2022, 1, 1))
    release = person.events.get(kind=Event.Kind.RELEASED)
    admin_client.post(reverse("admin:registry_event_delete", args=[release.pk]), {"post": "yes"})
    person.refresh_from_db()
    assert person.custody == Person.CustodyState.IN_CUSTODY
    assert release.history.filter(history_type="-").exists()


def person_form(person, photo):
    from django.forms.models import model_to_dict

    from vestka.registry.admin import PersonForm

    data = {k: v for k, v in model_to_dict(person).items() if v is not None and k != "photo"}
    data["tags"] = []
    return PersonForm(data=data, files={"photo": photo}, instance=person)


def test_an_uploaded_photo_is_stored_without_its_metadata_or_its_name(db):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.factories import prisoner

    person = prisoner(name="Ігар Прыдуманы")
    buffer, exif = io.BytesIO(), Image.Exif()
    exif[0x010F] = "FictionalCam"  # camera maker
    exif[0x8825] = {1: "N"}  # GPS
    Image.new("RGB", (300, 400), (120, 90, 60)).save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("IMG_Homel_colony.jpg", buffer.getvalue(), "image/jpeg")
    form = person_form(person, upload)
    assert form.is_valid(), form.errors
    saved = form.save()
    assert "Homel" not in saved.photo.name and saved.photo.name.endswith(".jpg")
    with Image.open(saved.photo.path) as stored:
        assert stored.size == (300, 400) and not stored.getexif()


def test_a_photo_that_is_no_image_is_refused_saying_why(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import prisoner

    person = prisoner(name="Ігар Прыдуманы")
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 fictional", "image/jpeg")
    form = person_form(person, fake)
    assert not form.is_valid()
    assert "photo" in form.errors
    person.refresh_from_db()
    assert not person.photo

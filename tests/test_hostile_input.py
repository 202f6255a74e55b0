"""Hostile input through every field a person types into: markup, scripts, template
syntax, control and direction characters, spreadsheet formulas. Whatever is kept comes
back escaped on every page and neutralised in every export; nothing is run."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.conftest import staff_authenticator
from tests.factories import PersonNameFactory, gomel_colony, prisoner
from tests.site.test_writing import GOOD_TEXT, letter_data
from vestka.letters.models import Letter
from vestka.registry.exporting import export_csv
from vestka.registry.importing import viasna_import
from vestka.registry.models import Person, PersonName
from vestka.site import writing_forms

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "{{ request.META }}{% debug %}",
    "\u202eгэта тэкст справа налева",
]
RAW_MARKERS = ["<script>alert", "<img src=x", "<svg/onload"]


def assert_escaped(html: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, f"unescaped {marker!r} on the page"
    # Template syntax in what people typed is text: it is never rendered.
    assert "HTTP_HOST" not in html and "SERVER_NAME" not in html


@pytest.fixture(autouse=True)
def _no_minimum_form_age(monkeypatch):
    monkeypatch.setattr(writing_forms, "FORM_MIN_SECONDS", 0)


@pytest.fixture
def person():
    return prisoner(name="Ігар Прыдуманы", facility=gomel_colony())


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_letter_with_hostile_text_is_kept_as_text_and_shown_escaped(
    client, admin_user, person, payload
):
    response = client.post(
        reverse("site:write", args=[person.pk]),
        letter_data(person, sender_name=payload[:100], text=GOOD_TEXT + "\n" + payload),
        follow=True,
    )
    assert response.status_code == 200
    letter = Letter.objects.get()
    assert payload in letter.text and letter.sender_name == payload[:100].strip()
    assert_escaped(response.content.decode())
    staff_authenticator(admin_user)
    client.force_login(admin_user)
    for url in [
        f"/staff/letters/letter/{letter.pk}/moderate/",
        "/staff/letters/letter/",
        f"/staff/letters/letter/{letter.pk}/change/",
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert_escaped(page.content.decode())


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_names_and_stories_are_escaped_on_every_page_and_in_every_export(
    client, person, payload
):
    Person.objects.filter(pk=person.pk).update(
        name=f"Ігар {payload}", biography_en=payload, biography_be=payload
    )
    PersonNameFactory(person=person, form=PersonName.Form.LATIN, text=f"Ihar {payload}")
    for url in [
        person.get_absolute_url(),
        "/be" + person.get_absolute_url(),
        reverse("site:people"),
        reverse("site:people") + "?q=Ihar",
        reverse("site:home"),
        reverse("site:write", args=[person.pk]),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert_escaped(page.content.decode())
    api = client.get(f"/api/v1/people/{person.pk}")
    assert api["Content-Type"].startswith("application/json")
    assert payload in json.dumps(api.json(), ensure_ascii=False)  # data, not markup


def test_cells_a_spreadsheet_would_run_are_neutralised_in_the_export(person):
    Person.objects.filter(pk=person.pk).update(name='=HYPERLINK("http://evil","x")')
    out = io.StringIO()
    export_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    names = [row["name"] for row in rows]
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


def test_a_list_with_hostile_cells_imports_as_text_and_is_shown_escaped(client):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["id", "name", "status", "description"])
    for number, payload in enumerate(HOSTILE, start=1):
        writer.writerow([number, f"Сымон {payload}", "active", payload])
    data = buffer.getvalue().encode()
    report = viasna_import(data=data, fmt="viasna-csv")
    assert report.created == len(HOSTILE) and not report.errors
    for person in Person.objects.filter(source_id__in=[str(n) for n in range(1, 7)]):
        assert_escaped(client.get(person.get_absolute_url()).content.decode())
    assert_escaped(client.get(reverse("site:people")).content.decode())

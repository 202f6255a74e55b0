"""No IP address is stored or logged anywhere: not in a model, not in any table after
people write letters and staff sign in, not in the log.

Senders are at real risk, and an address in a seized database or log leads to a person.
Rate limits are counted from the letters themselves, never by address, so Tor users are
treated like everyone else.
"""

import json
import logging
import re
import time

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from tests.conftest import authenticator_code, staff_authenticator
from tests.factories import prisoner
from vestka.letters.models import Letter
from vestka.letters.partners import partner_app_create
from vestka.site import writing_forms

CLIENT_ADDRESS = "203.0.113.77"
FORWARDED_ADDRESS = "198.51.100.9"
ADDRESSES = (CLIENT_ADDRESS, FORWARDED_ADDRESS)
TEXT = (
    "Прывітанне! Як ты? У нас выпаў снег, і ў вольны час я катаюся на лыжах. Учора пякла "
    "пірог з яблыкамі. Што ты чытаеш? Напішы, якія кнігі табе даслаць. Абдымаю! "
) * 2
PASSWORD = "a long test password"

# Name parts that would mean a request's address is kept.
SUSPECT_NAME = re.compile(
    r"(^|_)(ip|ips|ipv4|ipv6|ip_address|ipaddress|addr|remote|forwarded|client|"
    r"user_agent|useragent|host)(_|$)"
)
# Every field named "address" holds a postal address, and is listed here with why.
POSTAL_ADDRESSES = {
    "registry.Facility.address": "a prison's postal address, printed on envelopes",
    "registry.HistoricalFacility.address": "the history of that postal address",
    "letters.Batch.address": "the prison's postal address as printed on a batch",
    "letters.Batch.return_address": "the organisation's return address as printed",
}


def concrete_fields():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False):
                yield f"{model._meta.label}.{field.name}", field


def test_no_model_has_a_field_for_an_ip_address():
    for label, field in concrete_fields():
        assert not isinstance(field, models.GenericIPAddressField), label
        assert not SUSPECT_NAME.search(field.name.lower()), label


def test_every_field_named_address_is_a_postal_address():
    named = {label for label, field in concrete_fields() if field.name.endswith("address")}
    assert named == set(POSTAL_ADDRESSES)


def all_stored_text() -> str:
    """Every row of every table, as text; session data decoded, binary data too."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    if isinstance(value, bytes):
                        value = value.decode("latin-1")
                    chunks.append(f"{table}: {value}")
    # Session data is signed and may be compressed: look inside it too.
    for session in Session.objects.all():
        chunks.append(f"session: {json.dumps(session.get_decoded(), default=str)}")
    return "\n".join(chunks)


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def captured_logs():
    handler = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.records
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.fixture
def from_an_address():
    """A client whose every request comes from one address, through a proxy that says
    where it came from."""
    return Client(
        REMOTE_ADDR=CLIENT_ADDRESS,
        HTTP_X_FORWARDED_FOR=FORWARDED_ADDRESS,
        HTTP_X_REAL_IP=FORWARDED_ADDRESS,
        HTTP_FORWARDED=f"for={FORWARDED_ADDRESS}",
        raise_request_exception=False,
    )


@pytest.mark.django_db
def test_writing_letters_and_signing_in_store_and_log_no_address(from_an_address, captured_logs):
    client = from_an_address
    person = prisoner()
    _, token = partner_app_create(name="A fictional partner")
    for text, key in ((TEXT, "k-1"), (TEXT, "k-1"), (TEXT + " Другі ліст.", "k-2")):
        response = client.post(
            "/api/v1/letters",
            {"person_id": person.pk, "sender_name": "Ala", "text": text, "email": "a@example.org"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert response.status_code in (200, 201), response.content
    # A letter written on the site, and its writer's private page.
    written = client.post(
        reverse("site:write", args=[person.pk]),
        {
            "form_token": writing_forms.form_token_issue(
                person_id=person.pk, issued_at=time.time() - 60
            ),
            "website": "",
            "sender_name": "Ala",
            "email": "ala@example.org",
            "text": TEXT + " З сайта.",
            "route": "send_now",
        },
    )
    assert written.status_code == 303, written.content
    assert client.get(written["Location"]).status_code == 200
    # Refused requests are logged by Django ("Unauthorized: /api/v1/letters").
    assert client.post("/api/v1/letters", {}, content_type="application/json").status_code == 401
    assert client.get("/api/v1/people").status_code == 200

    device = staff_authenticator(User.objects.create_superuser("moderator", password=PASSWORD))
    failed = client.post("/staff/login/", {"username": "moderator", "password": "wrong"})
    assert failed.status_code == 200
    signed_in = client.post(
        "/staff/login/",
        {
            "username": "moderator",
            "password": PASSWORD,
            "otp_token": authenticator_code(device),
            "next": "/staff/",
        },
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/staff/"
    letter = Letter.objects.first()
    moderated = client.post(
        f"/staff/letters/letter/{letter.pk}/moderate/",
        {"action": "approve", "reason": "", "state": "submitted"},
    )
    assert moderated.status_code == 302
    assert Letter.objects.get(pk=letter.pk).state == "approved"
    assert client.get("/").status_code == 200

    assert Letter.objects.count() == 3 and Session.objects.exists()
    stored = all_stored_text()
    assert "Ala" in stored  # the dump does see what was stored
    for address in ADDRESSES:
        assert address not in stored

    assert captured_logs, "nothing was logged; the check below would prove nothing"
    formatters = [
        logging.Formatter(f.get("format")) for f in settings.LOGGING["formatters"].values()
    ]
    for record in captured_logs:
        for formatter in formatters:
            line = formatter.format(record)
            for address in ADDRESSES:
                assert address not in line, line


def test_the_log_format_names_no_request_address():
    for name, formatter in settings.LOGGING.get("formatters", {}).items():
        fields = set(re.findall(r"%\((\w+)\)", formatter.get("format", "")))
        fields |= set(re.findall(r"\{(\w+)", formatter.get("format", "")))
        assert fields <= {"asctime", "levelname", "name", "message", "module", "lineno"}, name


def test_errors_are_not_mailed_with_the_request_attached():
    # Django mails 500 errors to ADMINS with the request's headers, REMOTE_ADDR included.
    assert not getattr(settings, "ADMINS", [])

"""POST /api/v1/letters: partner apps submit letters with a token, and nothing else."""

import datetime
import json

import pytest
from django.test import Client

from tests.api.conftest import assert_error_shape
from tests.factories import prisoner
from vestka.letters import sealing
from vestka.letters.models import Letter, LetterEvent
from vestka.letters.partners import partner_app_create, partner_app_revoke
from vestka.registry.models import PersonRedirect
from vestka.screening import RULES

URL = "/api/v1/letters"
TEXT = (
    "Прывітанне! Як ты? У нас выпаў снег, і ў вольны час я катаюся на лыжах. Учора пякла "
    "пірог з яблыкамі. Што ты чытаеш? Напішы, якія кнігі табе даслаць. Абдымаю! "
) * 2
EMAIL = "fictional.writer@example.org"


@pytest.fixture
def partner(db):
    app, token = partner_app_create(name="Fictional Pen Pals")
    return {"app": app, "token": token}


@pytest.fixture
def person(db):
    return prisoner()


def post(api, body, *, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return api.post(URL, data, content_type="application/json", **headers)


def letter_body(person, **fields):
    return {"person_id": person.pk, "sender_name": "Ala", "text": TEXT, **fields}


# Authentication


def test_a_request_without_a_token_is_refused_with_a_401_saying_how_to_send_one(api, person):
    response = post(api, letter_body(person))
    error = assert_error_shape(response, 401, "unauthorized")
    assert "Authorization: Bearer" in error["message"]
    assert response["WWW-Authenticate"] == 'Bearer realm="vestka"'
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Basic dXNlcjpwYXNz", "unauthorized"),
        ("Bearer", "unauthorized"),
        ("Bearer vka_not-a-real-token", "invalid_token"),
        ("Bearer " + "x" * 5000, "invalid_token"),
    ],
)
def test_a_bad_authorization_header_is_refused(api, person, partner, header, code):
    response = post(api, letter_body(person), HTTP_AUTHORIZATION=header)
    assert_error_shape(response, 401, code)
    assert not Letter.objects.exists()


def test_a_revoked_token_stops_working_at_once(api, person, partner):
    assert post(api, letter_body(person), token=partner["token"]).status_code == 201
    partner_app_revoke(name="Fictional Pen Pals")
    response = post(api, letter_body(person, text=TEXT + " Да сустрэчы!"), token=partner["token"])
    assert_error_shape(response, 401, "invalid_token")
    assert Letter.objects.count() == 1


def test_a_signed_in_staff_session_is_not_a_token(api, person, admin_user):
    api.force_login(admin_user)
    response = post(api, letter_body(person))
    assert_error_shape(response, 401, "unauthorized")
    assert not Letter.objects.exists()


def test_a_token_needs_no_csrf_token_even_beside_a_session_cookie(db, person, partner, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = post(client, letter_body(person), token=partner["token"])
    assert response.status_code == 201, response.content
    assert Letter.objects.get().partner == partner["app"]


def test_browsers_on_other_sites_cannot_send_a_token(api):
    # The API's CORS headers allow GET only, without Authorization: a token belongs on the
    # partner's server, not in a web page where anybody could copy it.
    response = api.options(
        URL,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "authorization" not in response["Access-Control-Allow-Headers"].lower()


# Letters made


def test_a_letter_is_made_screened_and_queued_for_the_moderators(api, person, partner, settings):
    settings.SITE_URL = "https://vestka.example"
    response = post(api, letter_body(person), token=partner["token"])
    assert response.status_code == 201, response.content
    body = response.json()
    letter = Letter.objects.get()
    assert set(body) == {"id", "state", "status_url", "screening"}
    assert body["id"] == letter.pk and body["state"] == "submitted"
    assert body["status_url"] == f"https://vestka.example/letters/{letter.token}/"
    assert body["screening"] == letter.screening
    assert body["screening"]["language"] == "be"
    assert (letter.partner, letter.person, letter.sender_name) == (partner["app"], person, "Ala")
    assert letter.submission_key is None
    assert list(LetterEvent.objects.values_list("action", "role")) == [("submit", "sender")]
    assert not response.cookies


def test_the_screening_comes_back_in_the_writers_language(api, person, partner):
    body = letter_body(person, text=TEXT + " Звані: +375 29 123 45 67.", ui_language="ru")
    response = post(api, body, token=partner["token"])
    screening = response.json()["screening"]
    assert screening["verdict"] == "block"
    [flag] = screening["flags"]
    assert flag["rule"] == "safety.phone"
    assert flag["message"] == RULES["safety.phone"].ru
    assert body["text"][flag["start"] : flag["end"]] == "+375 29 123 45 67"
    assert Letter.objects.get().ui_language == "ru"


def test_the_email_is_sealed_and_never_sent_back(api, person, partner):
    response = post(api, letter_body(person, email=EMAIL), token=partner["token"])
    assert response.status_code == 201
    assert EMAIL.encode() not in response.content
    assert b"email" not in response.content
    letter = Letter.objects.get()
    assert EMAIL not in letter.sender_email_sealed
    assert sealing.unseal(letter.sender_email_sealed) == EMAIL
    assert letter.email_purge_after is not None


def test_an_address_that_is_not_an_email_is_refused_without_repeating_it(api, person, partner):
    response = post(api, letter_body(person, email="fictional.writer@"), token=partner["token"])
    error = assert_error_shape(response, 422, "invalid_parameters")
    assert [d["parameter"] for d in error["details"]] == ["letter.email"]
    assert b"fictional.writer" not in response.content
    assert not Letter.objects.exists()


def test_a_person_can_be_named_by_their_source_id(api, partner):
    person = prisoner(source_id="viasna-4242")
    body = {"person_source_id": "viasna-4242", "sender_name": "Ala", "text": TEXT}
    assert post(api, body, token=partner["token"]).status_code == 201
    assert Letter.objects.get().person == person


def test_the_old_id_of_a_merged_person_reaches_the_person_kept(api, person, partner):
    PersonRedirect.objects.create(old_id=987654, old_source_id="old-1", old_name="X", person=person)
    for body in (
        letter_body(person, person_id=987654),
        {"person_source_id": "old-1", "sender_name": "Ala", "text": TEXT + " Абдымаю!"},
    ):
        assert post(api, body, token=partner["token"]).status_code == 201
    assert set(Letter.objects.values_list("person", flat=True)) == {person.pk}


@pytest.mark.parametrize(
    "body",
    [
        {"person_id": 987654321, "sender_name": "Ala", "text": TEXT},
        {"person_source_id": "no-such-person", "sender_name": "Ala", "text": TEXT},
    ],
)
def test_an_unknown_person_is_a_404(api, partner, body):
    error = assert_error_shape(post(api, body, token=partner["token"]), 404, "person_not_found")
    assert ("987654321" in error["message"]) or ("no-such-person" in error["message"])


@pytest.mark.parametrize("both", [True, False])
def test_the_person_is_named_exactly_once(api, person, partner, both):
    body = {"sender_name": "Ala", "text": TEXT}
    if both:
        body.update(person_id=person.pk, person_source_id=person.source_id)
    error = assert_error_shape(post(api, body, token=partner["token"]), 422, "invalid_parameters")
    assert "person_id or letter.person_source_id" in error["message"]
    assert error["details"][0]["parameter"] == "letter.person_id"
    assert not Letter.objects.exists()


def test_a_route_the_person_cannot_have_is_refused_with_the_reason(api, partner):
    free = prisoner(released=datetime.date(2023, 1, 1))
    response = post(api, letter_body(free), token=partner["token"])
    error = assert_error_shape(response, 409, "letter_refused")
    assert "not in prison" in error["message"]
    assert not Letter.objects.exists()


def test_a_letter_kept_for_release_is_accepted_for_someone_held_incommunicado(api, partner):
    held = prisoner()
    held.incommunicado = True
    held.save()
    refused = post(api, letter_body(held), token=partner["token"])
    assert "kept for delivery on release" in assert_error_shape(refused, 409)["message"]
    kept = post(api, letter_body(held, route="keep_for_release"), token=partner["token"])
    assert kept.status_code == 201
    assert Letter.objects.get().route == "keep_for_release"


@pytest.mark.parametrize("field", ["text", "sender_name"])
def test_a_blank_letter_or_name_is_refused_naming_the_field(api, person, partner, field):
    response = post(api, letter_body(person, **{field: "   "}), token=partner["token"])
    error = assert_error_shape(response, 422, "invalid_parameters")
    assert f"letter.{field}" in error["message"]
    assert Letter.objects.count() == 0


@pytest.mark.parametrize("field", ["person_id", "person_source_id"])
def test_a_null_person_is_refused(api, person, partner, field):
    body = {**letter_body(person), field: None}
    error = assert_error_shape(post(api, body, token=partner["token"]), 422, "invalid_parameters")
    assert field in error["message"]


@pytest.mark.parametrize(
    ("fields", "parameters"),
    [
        ({"text": 5}, ["letter.text"]),
        ({"route": "by_pigeon"}, ["letter.route"]),
        ({"ui_language": "de"}, ["letter.ui_language"]),
        ({"sender_name": "A" * 101}, ["letter.sender_name"]),
        ({"text": "а" * 20_001}, ["letter.text"]),
        ({"person_id": 0}, ["letter.person_id"]),
    ],
)
def test_invalid_fields_are_refused_naming_each(api, person, partner, fields, parameters):
    response = post(api, letter_body(person, **fields), token=partner["token"])
    error = assert_error_shape(response, 422, "invalid_parameters")
    assert [d["parameter"] for d in error["details"]] == parameters
    assert {d["location"] for d in error["details"]} == {"body"}
    assert not Letter.objects.exists()


def test_a_missing_field_is_named(api, person, partner):
    response = post(api, {"person_id": person.pk, "text": TEXT}, token=partner["token"])
    error = assert_error_shape(response, 422, "invalid_parameters")
    assert "letter.sender_name" in error["message"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        ("", "invalid_json"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_400(api, partner, body, code):
    response = post(api, body, token=partner["token"])
    assert_error_shape(response, 400, code)
    assert not Letter.objects.exists()


def test_a_body_too_large_for_a_letter_is_a_400(api, person, partner):
    body = json.dumps(letter_body(person, text="а" * 300_000))
    response = post(api, body, token=partner["token"])
    error = assert_error_shape(response, 400, "body_too_large")
    assert "kB" in error["message"]
    assert not Letter.objects.exists()


# One request, one letter


def test_a_retried_request_returns_the_letter_it_made(api, person, partner):
    first = post(api, letter_body(person), token=partner["token"], HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(api, letter_body(person), token=partner["token"], HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    letter = Letter.objects.get()
    assert letter.submission_key.startswith(f"partner:{partner['app'].pk}:")
    assert len(letter.submission_key) <= 64
    assert LetterEvent.objects.count() == 1


def test_a_retry_is_answered_even_when_letters_are_busy(api, person, partner, settings):
    post(api, letter_body(person), token=partner["token"], HTTP_IDEMPOTENCY_KEY="k-1")
    settings.VESTKA_LETTERS_PER_MINUTE = 1
    again = post(api, letter_body(person), token=partner["token"], HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200


def test_two_apps_may_use_the_same_key(api, person, partner):
    _, other = partner_app_create(name="Another fictional app")
    for token in (partner["token"], other):
        response = post(api, letter_body(person), token=token, HTTP_IDEMPOTENCY_KEY="same")
        assert response.status_code == 201
    assert Letter.objects.count() == 2


def test_a_key_used_again_for_another_letter_is_refused_not_answered_with_the_first(
    api, person, partner
):
    post(api, letter_body(person), token=partner["token"], HTTP_IDEMPOTENCY_KEY="k-1")
    other = letter_body(person, text=TEXT + " Зусім іншы ліст.")
    response = post(api, other, token=partner["token"], HTTP_IDEMPOTENCY_KEY="k-1")
    error = assert_error_shape(response, 409, "idempotency_key_reused")
    assert error["details"][0]["parameter"] == "Idempotency-Key"
    assert Letter.objects.count() == 1


def test_a_key_longer_than_64_characters_is_refused(api, person, partner):
    response = post(api, letter_body(person), token=partner["token"], HTTP_IDEMPOTENCY_KEY="k" * 65)
    error = assert_error_shape(response, 422, "invalid_parameters")
    assert error["details"][0] == {
        "location": "header",
        "parameter": "Idempotency-Key",
        "message": "String should have at most 64 characters",
        "type": "string_too_long",
    }
    assert not Letter.objects.exists()


# Pace


def test_when_letters_are_busy_the_app_is_told_when_to_retry(api, person, partner, settings):
    settings.VESTKA_LETTERS_PER_MINUTE = 1
    assert post(api, letter_body(person), token=partner["token"]).status_code == 201
    response = post(api, letter_body(person, text=TEXT + " Ещё."), token=partner["token"])
    error = assert_error_shape(response, 429, "too_many_letters")
    assert response["Retry-After"] == "60"
    assert "minute" in error["message"]
    assert Letter.objects.count() == 1


def test_an_app_over_its_hourly_allowance_is_told_to_wait(api, person):
    app, token = partner_app_create(name="A small fictional app", letters_per_hour=2)
    for n in range(2):
        assert post(api, letter_body(person, text=TEXT + f" {n}"), token=token).status_code == 201
    response = post(api, letter_body(person), token=token)
    error = assert_error_shape(response, 429, "too_many_letters")
    assert "2 letters in the last hour" in error["message"]
    assert response["Retry-After"] == "60"
    assert app.letters.count() == 2


# Documentation


def test_the_schema_documents_the_endpoint_its_token_and_its_answers(api):
    schema = api.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/letters"]["post"]
    [requirement] = operation["security"]
    [scheme_name] = requirement
    scheme = schema["components"]["securitySchemes"][scheme_name]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert {"200", "201", "400", "401", "404", "409", "422", "429"} <= set(operation["responses"])
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    [header] = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key"
    body = schema["components"]["schemas"]["LetterIn"]["properties"]
    assert {"person_id", "person_source_id", "sender_name", "text", "email", "route"} <= set(body)
    assert body["route"]["enum"] == ["send_now", "keep_for_release"]
    out = schema["components"]["schemas"]["LetterOut"]["properties"]
    assert set(out) == {"id", "state", "status_url", "screening"}

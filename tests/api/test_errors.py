"""One JSON error shape for every endpoint and every failure, guarded over the whole
OpenAPI schema so that a new endpoint is covered the day it is added."""

import pytest

from tests.api.conftest import assert_error_shape
from vestka.api import views
from vestka.letters.partners import partner_app_create

METHODS = ("get", "post", "put", "patch", "delete")
WRONG_METHODS = ("post", "put", "patch", "delete")


def openapi(api):
    schema = api.get("/api/v1/openapi.json").json()
    assert schema["paths"], "the schema documents no endpoint"
    return schema


def operations(api):
    """(path template, method, operation) for every operation the schema documents."""
    return [
        (path, method, operation)
        for path, item in openapi(api)["paths"].items()
        for method, operation in item.items()
    ]


@pytest.fixture
def partner_token(db):
    """A partner app's token, for the operations that take one."""
    return partner_app_create(name="The error-shape walker")[1]


def call(api, method, url, operation, *, token=None, query=None, headers=None):
    """Call an operation as a client would: its method, the documented example body if it
    takes one, a token if it needs one, and the given query and header parameters."""
    headers = {f"HTTP_{name.upper().replace('-', '_')}": v for name, v in (headers or {}).items()}
    if operation.get("security"):
        assert token, f"{url} needs a token"
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if "requestBody" in operation:
        if query:
            url += "?" + "&".join(f"{name}={value}" for name, value in query.items())
        return getattr(api, method)(
            url, example_body(api, operation), content_type="application/json", **headers
        )
    return getattr(api, method)(url, query, **headers)


def example_body(api, operation):
    """The first example of the operation's documented request body; every body must
    have one, so that this walk can reach its parameters."""
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = openapi(api)["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert schema.get("examples"), f"{ref} documents no example"
    return schema["examples"][0]


def _constraints(schema: dict) -> dict:
    """The non-null branch of an optional parameter's schema."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") != "null":
            return branch
    return schema


def bad_values(schema: dict) -> list[str]:
    """Values the parameter's documented schema refuses."""
    schema = _constraints(schema)
    if "enum" in schema:
        return ["no-such-choice"]
    if schema.get("type") == "integer":
        values = ["not-a-number"]
        if "minimum" in schema:
            values.append(str(schema["minimum"] - 1))
        if "maximum" in schema:
            values.append(str(schema["maximum"] + 1))
        return values
    values = []
    if "pattern" in schema:
        values.append("!!!")
    if "maxLength" in schema:
        values.append("x" * (schema["maxLength"] + 1))
    return values


def nonexistent(schema: dict) -> str:
    return "987654321" if _constraints(schema).get("type") == "integer" else "no-such-id"


def fill(path: str, parameters: list[dict], override: dict[str, str] | None = None) -> str:
    for parameter in parameters:
        if parameter["in"] == "path":
            value = (override or {}).get(parameter["name"], nonexistent(parameter["schema"]))
            path = path.replace("{" + parameter["name"] + "}", value)
    return path


def test_the_schema_documents_every_endpoint(api):
    documented = {(path, method) for path, method, _ in operations(api)}
    assert documented == {
        ("/api/v1/people", "get"),
        ("/api/v1/people/{person_id}", "get"),
        ("/api/v1/people/by-source-id/{source_id}", "get"),
        ("/api/v1/facilities", "get"),
        ("/api/v1/facilities/{facility_id}", "get"),
        ("/api/v1/articles", "get"),
        ("/api/v1/letters", "post"),
        ("/api/v1/campaigns", "get"),
        ("/api/v1/campaigns/{slug}", "get"),
        ("/api/v1/stats", "get"),
    }


def test_every_operation_documents_its_errors_in_the_one_shape(api):
    for path, method, operation in operations(api):
        for status in ("405", "422", "500"):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"]["$ref"].endswith("/Error"), (path, method, status)


def test_every_path_with_an_id_answers_a_nonexistent_one_with_a_404(api):
    walked = 0
    for path, _method, operation in operations(api):
        parameters = operation.get("parameters", [])
        if not any(p["in"] == "path" for p in parameters):
            continue
        response = api.get(fill(path, parameters))
        error = assert_error_shape(response, 404)
        assert error["code"].endswith("not_found")
        walked += 1
    assert walked >= 3


def test_every_parameter_refuses_bad_values_naming_the_parameter(api, partner_token):
    walked = 0
    for path, method, operation in operations(api):
        parameters = operation.get("parameters", [])
        for parameter in parameters:
            for value in bad_values(parameter["schema"]):
                url, query, headers = fill(path, parameters), {}, {}
                if parameter["in"] == "path":
                    url = fill(path, parameters, {parameter["name"]: value})
                elif parameter["in"] == "header":
                    headers = {parameter["name"]: value}
                else:
                    query = {parameter["name"]: value}
                response = call(
                    api, method, url, operation, token=partner_token, query=query, headers=headers
                )
                error = assert_error_shape(response, 422, "invalid_parameters")
                assert [d["parameter"] for d in error["details"]] == [parameter["name"]], (
                    url,
                    query,
                )
                assert error["details"][0]["location"] == parameter["in"]
                assert error["details"][0]["message"]
                assert parameter["name"] in error["message"]
                walked += 1
    assert walked >= 20


@pytest.mark.parametrize("method", METHODS)
def test_every_path_refuses_a_wrong_method_with_a_405(api, method):
    walked = 0
    for path, item in openapi(api)["paths"].items():
        if method in item:
            continue
        operation = next(iter(item.values()))
        url = fill(path, operation.get("parameters", []))
        response = getattr(api, method)(url)
        error = assert_error_shape(response, 405, "method_not_allowed")
        assert {m.upper() for m in item} <= set(response["Allow"].split(", "))
        assert method.upper() in error["message"]
        walked += 1
    assert walked >= 1


def test_every_operation_that_takes_a_token_refuses_a_request_without_one(api, partner_token):
    walked = 0
    for path, method, operation in operations(api):
        if not operation.get("security"):
            continue
        assert "401" in operation["responses"], (path, method)
        url = fill(path, operation.get("parameters", []))
        for token in (None, "vka_not-a-token"):
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
            body = {}
            if "requestBody" in operation:
                body = {"data": example_body(api, operation), "content_type": "application/json"}
            response = getattr(api, method)(url, **body, **headers)
            assert_error_shape(response, 401)
            assert response["WWW-Authenticate"].startswith("Bearer")
        walked += 1
    assert walked >= 1


@pytest.mark.parametrize("method", WRONG_METHODS)
def test_the_schema_and_docs_refuse_a_wrong_method_with_a_405(api, method):
    for url in ("/api/v1/openapi.json", "/api/v1/docs"):
        assert_error_shape(getattr(api, method)(url), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nope",
        "/api/nope",
        "/api",
        "/api/",
        "/api/v1/",
        "/api/v2/people",
        "/api/v1/people/",
        "/api/v1/people/1/names",
        "/api/v1/docs/assets/settings.py",
    ],
)
def test_unknown_paths_under_api_are_a_json_404(api, url):
    error = assert_error_shape(api.get(url), 404, "not_found")
    assert url in error["message"]


def test_unknown_paths_are_a_json_404_whatever_the_method(api):
    assert_error_shape(api.post("/api/nope"), 404, "not_found")
    assert_error_shape(api.delete("/api/v1/nope"), 404, "not_found")


def test_an_unhandled_exception_is_a_json_500_without_the_traceback(api, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(views.selectors, "people_list", broken)
    response = api.get("/api/v1/people")
    error = assert_error_shape(response, 500, "internal_error")
    assert error["details"] == []
    assert b"secret-internal-detail" not in response.content
    assert b"Traceback" not in response.content
    assert b"RuntimeError" not in response.content


def test_responses_allow_any_origin_and_set_no_cookie(api):
    response = api.get("/api/v1/people", HTTP_ORIGIN="https://bot.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert not response.cookies
    assert api.get("/api/v1/openapi.json")["Access-Control-Allow-Origin"] == "*"


def test_a_cors_preflight_is_answered(api):
    response = api.options(
        "/api/v1/people",
        HTTP_ORIGIN="https://bot.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]

import pytest
from django.test import Client


@pytest.fixture
def api(db):
    """A client of the API that, like a browser, sees a 500 response instead of the exception."""
    return Client(raise_request_exception=False)


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    """The one error shape of the API; returns the error body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"].islower() and " " not in error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    if code is not None:
        assert error["code"] == code
    return error

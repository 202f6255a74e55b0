"""One error shape for every response of the API, whatever went wrong.

Every failure, from an unknown id to an unhandled exception, reaches the client as

    {"error": {"status": 404, "code": "person_not_found", "message": "...", "details": [...]}}

with ``application/json``. Clients (and the invariant test over the OpenAPI
schema) rely on this, so nothing in the API builds an error response by hand.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from functools import wraps
from http import HTTPStatus
from typing import Any

from django.core import signals
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError, ValidationError

logger = logging.getLogger("vestka.api")

CONTENT_TYPE = "application/json; charset=utf-8"
# The data is public and no cookie is read, so any site may fetch it.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
}


class ApiError(Exception):
    """An error the API reports to the client in the one error shape."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Iterable[dict[str, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = list(details)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def code_for_status(status: int) -> str:
    """``404`` → ``not_found``, ``405`` → ``method_not_allowed``, …"""
    return "_".join(_phrase(status).lower().replace("-", " ").replace("'", "").split())


def error_response(error: ApiError) -> HttpResponse:
    body = {
        "error": {
            "status": error.status,
            "code": error.code,
            "message": error.message,
            "details": error.details,
        }
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=error.status, content_type=CONTENT_TYPE
    )


def not_found(request: HttpRequest) -> ApiError:
    docs = reverse("api:openapi-view")
    return ApiError(
        404,
        "not_found",
        f"There is no API endpoint at {request.path}. The endpoints are listed at {docs}.",
    )


def internal_error() -> ApiError:
    # Never the exception text: it may hold data or paths the public must not see.
    return ApiError(500, "internal_error", "Something went wrong on our side. It has been logged.")


def validation_error(errors: list[dict[str, Any]]) -> ApiError:
    """ninja's parameter errors (pydantic's, with a location) as one 422 error."""
    details = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else None
        parameter = ".".join(loc[1:]) or None
        details.append(
            {
                "location": location,
                "parameter": parameter,
                "message": error.get("msg", "is not valid"),
                "type": error.get("type", "invalid"),
            }
        )
    named = ", ".join(
        f"{d['parameter']} ({d['message']})" if d["parameter"] else d["message"] for d in details
    )
    return ApiError(422, "invalid_parameters", f"Invalid request parameters: {named}.", details)


def method_not_allowed(method: str, allowed: Iterable[str]) -> ApiError:
    allowed = sorted(set(allowed))
    return ApiError(
        405,
        "method_not_allowed",
        f"{method} is not allowed here; this address accepts {', '.join(allowed)}.",
        [{"method": method, "allowed": allowed}],
    )


def report_exception(request: HttpRequest) -> None:
    """Log an unhandled exception and tell Django's error reporters, as Django would."""
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    signals.got_request_exception.send(sender=None, request=request)


# Exception handlers registered on the NinjaAPI (see urls.py).


def handle_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc)


def handle_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(validation_error(exc.errors))


def handle_http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(not_found(request))


def handle_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(ApiError(exc.status_code, code_for_status(exc.status_code), str(exc)))


def handle_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    report_exception(request)
    return error_response(internal_error())


def _allowed_methods(response: HttpResponseBase) -> list[str]:
    allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
    if "GET" in allowed:
        allowed += ["HEAD", "OPTIONS"]
    return allowed


def api_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap a view of the API so that whatever it returns or raises leaves in the
    one error shape, with CORS headers, and HEAD and CORS preflights are answered.

    ninja's own exception handlers cover its operations; this covers what they
    cannot see: its 405 for a method no operation takes, and the schema, docs and
    root views, which are plain Django views.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        original_method = request.method
        if request.method == "OPTIONS":
            response: HttpResponseBase = HttpResponse(status=204)
            del response["Content-Type"]
        else:
            if request.method == "HEAD":
                # A GET whose body the server drops; ninja only knows the GET operation.
                request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = error_response(error)
            except Http404:
                response = error_response(not_found(request))
            except Exception:
                report_exception(request)
                response = error_response(internal_error())
            if response.status_code >= 400 and not _is_json(response):
                response = _in_error_shape(response, original_method or "")
            request.method = original_method
        for header, value in CORS_HEADERS.items():
            response[header] = value
        return response

    return csrf_exempt(wrapped)


def _is_json(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def _in_error_shape(response: HttpResponseBase, method: str) -> HttpResponse:
    """A plain-text or HTML error (ninja's 405, Django's shortcuts) in the one shape."""
    status = response.status_code
    if status == 405:
        allowed = _allowed_methods(response)
        converted = error_response(method_not_allowed(method, allowed))
        converted["Allow"] = ", ".join(allowed)
        return converted
    return error_response(ApiError(status, code_for_status(status), _phrase(status)))


def read_only(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Refuse every method but GET (HEAD and OPTIONS are answered by ``api_view``)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return view(request, *args, **kwargs)

    return wrapped


@api_view
def unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Everything under /api/ that no endpoint answers: a JSON 404, not the site's HTML one."""
    return error_response(not_found(request))

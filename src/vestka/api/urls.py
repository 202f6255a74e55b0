"""The JSON API, mounted at /api/v1/ (see vestka/urls.py): the public registry,
read-only, and ``POST /letters`` for partner apps with a bearer token.

Every response, errors included, is JSON in one shape (``errors.py``). The registry's
data is public (``Access-Control-Allow-Origin: *``) and no cookie is ever read.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from vestka.api import campaigns, docs, errors, letters, stats, views


class UnicodeJSONRenderer(JSONRenderer):
    # Names are Cyrillic: UTF-8 text is readable, and a third of the size of \u escapes.
    json_dumps_params = {"ensure_ascii": False}


# ninja's schema, docs and root views and ours for the docs' files are plain Django
# views that would take any method; ninja's operations answer a wrong one with 405.
PLAIN_VIEWS = {"openapi-json", "openapi-view", "api-root", "docs-asset"}


class VestkaAPI(NinjaAPI):
    """A NinjaAPI whose every URL, not only its operations, answers in the API's way."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        patterns = [
            path("docs/assets/<str:name>", docs.docs_asset, name="docs-asset"),
            *patterns,
        ]
        for pattern in patterns:
            if not isinstance(pattern, URLPattern):
                continue
            view = pattern.callback
            if pattern.name in PLAIN_VIEWS:
                view = errors.read_only(view)
            pattern.callback = errors.api_view(view)
        return patterns, app_name, namespace

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "query" and not parameter.get("required"):
                        parameter["schema"] = _empty_means_absent(parameter["schema"])
        return schema


# A query string cannot carry null; an empty value is what a form sends for "not given"
# (``schemas._Query``), so that is the other branch the schema documents.
EMPTY = {"type": "string", "maxLength": 0, "description": "Empty: the same as not given."}


def _empty_means_absent(schema: dict[str, Any]) -> dict[str, Any]:
    branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
    if "anyOf" not in schema:
        outer = {k: v for k, v in schema.items() if k in ("title", "description", "default")}
        branches = [{k: v for k, v in schema.items() if k not in outer}]
    else:
        outer = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**outer, "anyOf": [*branches, EMPTY]}


api = VestkaAPI(
    title="Vestka API",
    version="1",
    description=(
        "The public registry of political prisoners and its campaigns, read-only, and "
        "letters from partner apps (`POST /letters`, with a bearer token). Every error is "
        '`{"error": {"status", "code", "message", "details"}}`.'
    ),
    urls_namespace="api",
    docs=docs.LocalSwagger(),
    renderer=UnicodeJSONRenderer(),
)
api.add_exception_handler(errors.ApiError, errors.handle_api_error)
api.add_exception_handler(ValidationError, errors.handle_validation_error)
api.add_exception_handler(Http404, errors.handle_http404)
api.add_exception_handler(HttpError, errors.handle_http_error)
api.add_exception_handler(Exception, errors.handle_exception)

api.add_router("/people", views.people)
api.add_router("/facilities", views.facilities)
api.add_router("/articles", views.articles)
api.add_router("/letters", letters.router)
api.add_router("/campaigns", campaigns.router)
api.add_router("/stats", stats.router)

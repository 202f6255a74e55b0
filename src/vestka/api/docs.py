"""Interactive API documentation served entirely from this site.

ninja renders Swagger UI from a CDN unless ``ninja`` is an installed app; Vestka
loads no third-party resource on any page (readers may be watched), so the docs
page here uses the Swagger UI files that ship inside the ninja package and
serves them from /api/v1/docs/assets/.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

ASSETS_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg", "favicon.png"}
)


class LocalSwagger(DocsBase):
    """Swagger UI from files bundled with ninja, with every outside call switched off."""

    settings: dict[str, Any] = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # Swagger UI would otherwise send the schema to validator.swagger.io.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        namespace = api.urls_namespace
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(
            request,
            "api/docs.html",
            {
                "title": api.title,
                "swagger_settings": settings,
                "assets": {
                    name.replace("-", "_").replace(".", "_"): (
                        reverse(f"{namespace}:docs-asset", args=[name]) + f"?v={ninja.__version__}"
                    )
                    for name in ASSETS
                },
            },
        )


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of the Swagger UI files shipped with ninja."""
    if name not in ASSETS:
        raise Http404(name)
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse(
        (ASSETS_DIR / name).open("rb"), content_type=content_type or "application/octet-stream"
    )
    # The URL carries ninja's version, so a new release gets a new address.
    response["Cache-Control"] = "public, max-age=604800"
    return response

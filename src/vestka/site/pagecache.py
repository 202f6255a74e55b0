"""One copy of a public page for every reader who asks for it within a minute.

On a day of action thousands of readers open the same lists, searches and people; the
pages are the same for all of them. ``public_page`` keeps a rendered page in the
``pages`` cache for ``VESTKA_PAGE_CACHE_SECONDS`` (60 by default; 0 turns it off), keyed
by its address, its language, the day and the version of what public pages show
(``public_version``). A change to the registry, a solidarity message or a campaign
gives a new version, so a person staff hid or a message a moderator withdrew is gone
from every page at once, in every web process, whatever cache backend is configured:
the version is read from the database on every request (one query of three
indexed lookups).

Only what is the same for everyone is kept: a GET or HEAD from a reader who is not
signed in (no session cookie), answered 200, that set no cookie, used no CSRF token and
did not read the session, and that the view did not mark private or uncacheable. A
signed-in staff member always sees the page as it is now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

# The response headers a kept page is served with again; the site's middleware adds the
# rest (security headers, Content-Language) to every response, kept or not.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Link")


def public_version() -> str:
    """Changes whenever the registry, a solidarity message or a campaign changes: the
    newest entries of their append-only logs, read in one query."""
    from vestka.campaigns.models import Campaign, MessageEvent
    from vestka.stats.models import RegistryChange

    quote = connection.ops.quote_name
    newest = ", ".join(
        f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})"
        for model in (RegistryChange, MessageEvent, Campaign.history.model)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {newest}")  # noqa: S608 - table names from the models
        row = cursor.fetchone()
    return ".".join(str(pk or 0) for pk in row)


def _key(request: HttpRequest) -> str:
    parts = "\n".join(
        [
            public_version(),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            request.get_host(),
            request.get_full_path(),
        ]
    )
    return "page:" + hashlib.sha256(parts.encode()).hexdigest()


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.accessed)
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
        and "Cookie" not in response.get("Vary", "")
    )


def _is_for_everyone(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page from the page cache when the same page was made for
    someone else within ``VESTKA_PAGE_CACHE_SECONDS`` (see the module's notes)."""

    @wraps(view)
    def cached(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.VESTKA_PAGE_CACHE_SECONDS
        if seconds <= 0 or not _is_for_everyone(request):
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        key = _key(request)
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if _cacheable(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.content, headers), seconds)
        return response

    return cached

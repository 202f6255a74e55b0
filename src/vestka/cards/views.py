"""Share cards served at stable addresses: /people/<id>/card-og.png and card-square.png
(in the language of the address's prefix, or ?lang=be|ru|en)."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vestka.cards import drawing, selectors, services
from vestka.registry import selectors as registry_selectors
from vestka.registry.models import Person

# Cards change at most once a day (the day count); a day's card may be kept an hour.
MAX_AGE = 3600


def card_response(request: HttpRequest, card: services.RenderedCard) -> HttpResponse:
    """The PNG with its ETag; 304 when the client already holds this picture. Caches
    may keep it an hour, and never past midnight, when the day count moves on."""
    etag = f'"{card.etag}"'
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    max_age = max(60, min(MAX_AGE, int((midnight - now).total_seconds())))
    cache_control = f"public, max-age={max_age}"
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(card.png, content_type="image/png")
        response["Content-Length"] = str(len(card.png))
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def person_card(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    language = request.GET.get("lang") or (translation.get_language() or "en").split("-")[0]
    try:
        selectors.card_check(size=size, language=language)
    except selectors.BadCardRequest as error:
        if size not in drawing.SIZES:
            raise Http404(str(error)) from error
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    try:
        person = registry_selectors.person_detail(pk=pk)
    except Person.DoesNotExist as error:
        kept = registry_selectors.person_redirect(old_id=pk)
        if kept is not None:
            return redirect("cards:person", pk=kept, size=size, permanent=True)
        raise Http404(_("There is no person with this number in the registry.")) from error
    card = services.person_card_render(person=person, size=size, language=language)
    return card_response(request, card)

"""The public website: home, the people list, a person, a facility, error pages."""

from __future__ import annotations

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import Resolver404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from vestka.campaigns import selectors as campaign_selectors
from vestka.cards import selectors as card_selectors
from vestka.registry import custody, selectors
from vestka.registry.models import Facility, LocalizedText, Person, localized_text
from vestka.site import selectors as site_selectors
from vestka.site.forms import PeopleFilterForm
from vestka.site.pagecache import public_page

PER_PAGE = 50
PERSON_MESSAGES_SHOWN = 10


def _page(request, items):
    """One page of a list; a page number that is not a page is a 404 with a reason."""
    paginator = Paginator(items, PER_PAGE)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(_("There is no such page of this list.")) from error


@public_page
def home(request):
    return render(
        request,
        "site/home.html",
        {
            "numbers": site_selectors.registry_numbers(),
            "recently_detained": site_selectors.people_recently_detained(),
        },
    )


@public_page
def people(request):
    form = PeopleFilterForm(request.GET or None)
    page = None
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        filters = form.people_filter() if form.is_bound else selectors.PeopleFilter()
        page = _page(request, selectors.people_list(filters=filters))
    return render(
        request,
        "site/people.html",
        {
            "form": form,
            "page": page,
            "filtered": form.is_filtered(),
            "filtered_beyond_name": form.is_filtered(besides=("q",)),
        },
        status=status,
    )


def _story(person: Person) -> LocalizedText | None:
    return localized_text(person, "biography")


@public_page
def person(request, pk: int):
    try:
        person = selectors.person_detail(pk=pk)
    except Person.DoesNotExist as error:
        # A person merged into another: their old address leads to the person kept.
        kept = selectors.person_redirect(old_id=pk)
        if kept is not None:
            return redirect("site:person", pk=kept, permanent=True)
        raise Http404(_("There is no person with this number in the registry.")) from error
    derived = selectors.person_custody(person=person)
    held = person.custody == custody.IN_CUSTODY
    story = _story(person)
    return render(
        request,
        "site/person.html",
        {
            "person": person,
            "names": person.names.all(),
            "story": story,
            "days_behind_bars": derived.days_behind_bars(timezone.localdate()),
            "held": held,
            "facility": person.facility if held else None,
            "recipient": selectors.person_envelope_recipient(person=person) if held else "",
            "timeline": selectors.person_timeline(person=person),
            "share": card_selectors.person_share(
                person=person, language=(translation.get_language() or "en").split("-")[0]
            ),
            "person_campaigns": campaign_selectors.person_campaigns(
                person=person, today=timezone.localdate()
            ),
            "solidarity_messages": campaign_selectors.messages_shown(person=person)[
                :PERSON_MESSAGES_SHOWN
            ],
            "solidarity_count": campaign_selectors.person_message_count(person=person),
        },
    )


@public_page
def facility(request, pk: int):
    try:
        facility = site_selectors.facility_detail(pk=pk)
    except Facility.DoesNotExist as error:
        raise Http404(_("There is no facility with this number in the registry.")) from error
    page = _page(request, site_selectors.people_held_at(facility_id=facility.pk))
    return render(request, "site/facility.html", {"facility": facility, "page": page})


def not_found(request, exception=None):
    # The site's own 404s carry a translated reason; the URL resolver's do not.
    reason = ""
    if isinstance(exception, Http404) and not isinstance(exception, Resolver404):
        message = exception.args[0] if exception.args else ""
        reason = message if isinstance(message, str) else ""
    return render(request, "site/404.html", {"reason": reason}, status=404)


@requires_csrf_token
def server_error(request):
    # No context processors: they query the database, which may be what failed.
    return HttpResponseServerError(loader.get_template("site/500.html").render())

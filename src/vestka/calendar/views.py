"""The calendar's pages: a month or a week (plain GET links, no JavaScript needed), a
printable list, the iCalendar feed, and the weekly digest's subscription pages."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from vestka.calendar import ical, selectors, services
from vestka.calendar.forms import KIND_LABELS, CalendarFilterForm, Period, SubscribeForm
from vestka.registry.public import absolute_url

# The feed reaches a week back (events just past stay visible) and six weeks ahead (a
# postcard posted abroad takes two to four weeks to arrive): calendar apps poll it twice a
# day, so nothing is missed, and at 100,000 people a longer horizon would be tens of
# thousands of events.
FEED_DAYS_BEFORE = 7
FEED_DAYS_AFTER = 42
# The same feed is built once per language and filter for a few hours (and anew each
# day), however many apps poll it.
FEED_CACHE_SECONDS = 6 * 3600


class Listing:
    """The period's entries, read only when the template needs them: the rendered list
    is cached (LISTING_CACHE_SECONDS) under ``cache_key``, and a cached page reads
    nothing."""

    def __init__(self, form: CalendarFilterForm, period: Period) -> None:
        self.form = form
        self.period = period
        self.cache_key = ":".join(
            [
                period.start.isoformat(),
                period.end.isoformat(),
                form.chosen_country(),
                ",".join(sorted(form.chosen_kinds())),
                timezone.localdate().isoformat(),
            ]
        )

    @cached_property
    def entries(self) -> list[selectors.CalendarEntry]:
        return selectors.calendar_entries(
            start=self.period.start,
            end=self.period.end,
            country=self.form.chosen_country(),
            kinds=self.form.chosen_kinds(),
        )

    @cached_property
    def days(self) -> list[tuple[datetime.date, list[selectors.CalendarEntry]]]:
        return selectors.entries_by_day(self.entries)

    @property
    def count(self) -> int:
        return len(self.entries)


def _query(form: CalendarFilterForm, **changes) -> str:
    """The page's query string with some fields changed: for the previous/next links."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    params: list[tuple[str, str]] = []
    if data.get("country"):
        params.append(("country", data["country"]))
    for kind in data.get("kind") or []:
        params.append(("kind", kind))
    params.extend((key, value) for key, value in changes.items())
    return "?" + urlencode(params) if params else ""


def _calendar_page(request: HttpRequest, view: str, template: str) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None, view=view)
    status = 400 if form.is_bound and not form.is_valid() else 200
    period = form.period()
    today = timezone.localdate()
    listing = Listing(form, period)

    def link(view_name: str, day: datetime.date) -> str:
        key = "week" if view_name == "week" else "month"
        value = day.isoformat() if key == "week" else day.strftime("%Y-%m")
        return reverse(f"calendar:{view_name}") + _query(form, **{key: value})

    context = {
        "form": form,
        "period": period,
        "listing": listing,
        "kind_labels": KIND_LABELS,
        "previous_url": link(view, period.previous),
        "next_url": link(view, period.next),
        "week_url": link("week", today if period.start <= today <= period.end else period.start),
        "month_url": link("month", period.start),
        "print_url": reverse("calendar:print")
        + _query(form, view=view, start=period.start.isoformat()),
        "feed_url": absolute_url(reverse("calendar:feed")) + _query(form),
    }
    context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[1]
    return render(request, template, context, status=status)


def month(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, "month", "calendar/calendar.html")


def week(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, "week", "calendar/calendar.html")


def printable(request: HttpRequest) -> HttpResponse:
    """The month or week as a plain list for paper (?view=week|month&start=YYYY-MM-DD)."""
    view = "week" if request.GET.get("view") == "week" else "month"
    data = request.GET.copy()
    start = data.pop("start", [""])[-1]
    data.pop("view", None)
    if start:
        data["week" if view == "week" else "month"] = start if view == "week" else start[:7]
    form = CalendarFilterForm(data, view=view)
    status = 400 if not form.is_valid() else 200
    period: Period = form.period()
    return render(
        request,
        "calendar/print.html",
        {
            "form": form,
            "period": period,
            "listing": Listing(form, period),
            "kind_labels": KIND_LABELS,
        },
        status=status,
    )


def feed(request: HttpRequest) -> HttpResponse:
    """The iCalendar feed (?country=BY&kind=birthday…), a week back and six weeks ahead."""
    form = CalendarFilterForm(request.GET or None, view="month")
    if form.is_bound and not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        return HttpResponse(problems, status=400, content_type="text/plain; charset=utf-8")
    today = timezone.localdate()
    language = (translation.get_language() or "en").split("-")[0]
    key = "vestka.calendar.feed:" + ":".join(
        [language, today.isoformat(), form.chosen_country(), ",".join(sorted(form.chosen_kinds()))]
    )
    body = cache.get(key)
    if body is None:
        entries = selectors.calendar_entries(
            start=today - datetime.timedelta(days=FEED_DAYS_BEFORE),
            end=today + datetime.timedelta(days=FEED_DAYS_AFTER),
            country=form.chosen_country(),
            kinds=form.chosen_kinds(),
        )
        body = ical.calendar_ical(
            entries=entries,
            name=_("Vestka: political prisoners' calendar"),
            language=language,
            now=timezone.now(),
        )
        now = timezone.localtime()
        midnight = datetime.datetime.combine(
            now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
        )
        cache.set(key, body, max(60, min(FEED_CACHE_SECONDS, (midnight - now).seconds)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="vestka-calendar.ics"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        language = (translation.get_language() or "en").split("-")[0]
        try:
            services.digest_subscribe(email=form.cleaned_data["email"], language=language)
        except ValidationError as error:
            form.add_error("email", error)
        except services.TooManyConfirmations as error:
            form.add_error(None, str(error))
            return render(request, "calendar/subscribe.html", {"form": form}, status=429)
        else:
            # The same answer whether the address was new, waiting or confirmed.
            return render(request, "calendar/subscribe_sent.html", {})
    status = 400 if request.method == "POST" else 200
    return render(request, "calendar/subscribe.html", {"form": form}, status=status)


def _token_page(request, token, *, purpose: str, act, done_template: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links, they do not press buttons);
    POST acts. A bad link is a 400 page that says why."""
    try:
        services.digest_token_open(token=token, purpose=purpose)
    except services.BadToken as error:
        return render(request, "calendar/link_problem.html", {"problem": str(error)}, status=400)
    if request.method == "POST":
        act(token=token)
        return render(request, done_template, {})
    return render(request, "calendar/token_action.html", {"purpose": purpose})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _token_page(
        request,
        token,
        purpose=services.CONFIRM,
        act=services.digest_confirm,
        done_template="calendar/confirmed.html",
    )


# RFC 8058: mail clients post "List-Unsubscribe=One-Click" here without a page or a
# cookie; the signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _token_page(
        request,
        token,
        purpose=services.UNSUBSCRIBE,
        act=services.digest_unsubscribe,
        done_template="calendar/unsubscribed.html",
    )

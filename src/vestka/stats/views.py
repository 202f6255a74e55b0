"""The public numbers: the page, its downloads, the embeddable counter and the report."""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from vestka.stats import selectors
from vestka.stats.dates import BadDate, parse_as_of
from vestka.stats.downloads import numbers_csv
from vestka.stats.forms import AsOfForm
from vestka.stats.pdf import report_pdf
from vestka.stats.sections import monthly_section, numbers_sections

# Downloads and the counter may be read by any site (open data).
OPEN = {"Access-Control-Allow-Origin": "*"}
# Numbers of a past day change only when the registry does; a few minutes of caching
# by browsers and proxies is safe.
MAX_AGE = 300


def _chosen(request) -> tuple[AsOfForm, date, str] | tuple[AsOfForm, None, None]:
    form = AsOfForm(request.GET or None)
    if not form.is_bound:
        return form, timezone.localdate(), selectors.DEFAULT_COUNTRY
    if not form.is_valid():
        return form, None, None
    return form, form.cleaned_data["as_of"], form.cleaned_data["country"]


def _download_urls(on: date, country: str) -> dict[str, str]:
    suffix = "" if country == selectors.DEFAULT_COUNTRY else f"?country={country}"
    day = on.isoformat()
    return {
        "json": reverse("stats:numbers_json", args=[day]) + suffix,
        "csv": reverse("stats:numbers_csv", args=[day]) + suffix,
        "report": reverse("stats:report", args=[day]) + suffix,
        "pdf": reverse("stats:report_pdf", args=[day]) + suffix,
    }


@require_safe
def numbers(request):
    """The numbers page: headline numbers and every breakdown, as of a chosen day."""
    form, on, country = _chosen(request)
    if on is None or country is None:
        return render(request, "stats/numbers.html", {"form": form}, status=400)
    numbers = selectors.stats_numbers(on=on, country=country)
    return render(
        request,
        "stats/numbers.html",
        {
            "form": form,
            "numbers": numbers,
            "counts": numbers.counts,
            "sections": numbers_sections(numbers),
            "monthly": monthly_section(numbers),
            "downloads": _download_urls(on, country),
            "is_today": on == timezone.localdate(),
        },
    )


def _day_and_country(request, day: str) -> tuple[date, str]:
    """The date of a download's address and its ?country=; Http404 naming the problem."""
    try:
        on = parse_as_of(day, today=timezone.localdate())
    except BadDate as error:
        raise Http404(str(error)) from None
    return on, (request.GET.get("country") or selectors.DEFAULT_COUNTRY).upper()


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse(
        {"error": {"status": 400, "code": "bad_request", "message": message}},
        status=400,
        headers=OPEN,
    )


def _numbers_or_error(request, day: str) -> selectors.Numbers | JsonResponse:
    try:
        on, country = _day_and_country(request, day)
        return selectors.stats_numbers(on=on, country=country)
    except (Http404, selectors.UnknownCountry) as error:
        return _bad_request(str(error.args[0]) if error.args else str(error))


@require_safe
def numbers_json(request, day: str):
    """Every number of a day as JSON, at a stable address (/numbers/YYYY-MM-DD.json)."""
    numbers = _numbers_or_error(request, day)
    if isinstance(numbers, JsonResponse):
        return numbers
    return HttpResponse(
        json.dumps(numbers.as_dict(), ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
        headers={**OPEN, "Cache-Control": f"public, max-age={MAX_AGE}"},
    )


@require_safe
def numbers_csv_download(request, day: str):
    """Every number of a day as CSV, at a stable address (/numbers/YYYY-MM-DD.csv)."""
    numbers = _numbers_or_error(request, day)
    if isinstance(numbers, JsonResponse):
        return numbers
    name = f"vestka-numbers-{numbers.country.code.lower()}-{numbers.on.isoformat()}.csv"
    return HttpResponse(
        numbers_csv(numbers),
        content_type="text/csv; charset=utf-8",
        headers={
            **OPEN,
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": f"public, max-age={MAX_AGE}",
        },
    )


# The embeddable counter: the one page that other sites may frame.
# Its one style sheet is the only thing it loads; no script runs in it.
EMBED_CSP = "default-src 'none'; style-src 'self'; frame-ancestors *"


@require_safe
@xframe_options_exempt
def counter(request):
    """A small page with today's count, for other sites' iframes."""
    country = (request.GET.get("country") or selectors.DEFAULT_COUNTRY).upper()
    try:
        numbers = selectors.stats_numbers(on=timezone.localdate(), country=country)
    except selectors.UnknownCountry as error:
        response = HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
        response["Content-Security-Policy"] = EMBED_CSP
        return response
    response = render(
        request,
        "stats/counter.html",
        {"numbers": numbers, "page_url": settings.SITE_URL + reverse("stats:numbers")},
    )
    response["Content-Security-Policy"] = EMBED_CSP
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@require_safe
def counter_json(request):
    """Today's count as JSON, for other sites to show in their own way."""
    country = (request.GET.get("country") or selectors.DEFAULT_COUNTRY).upper()
    try:
        numbers = selectors.stats_numbers(on=timezone.localdate(), country=country)
    except selectors.UnknownCountry as error:
        return _bad_request(str(error))
    c = numbers.counts
    return JsonResponse(
        {
            "as_of": c.on.isoformat(),
            "country": numbers.country.code,
            "behind_bars": c.behind_bars,
            "released": c.released,
            "died_in_custody": c.died_in_custody,
            "url": settings.SITE_URL + reverse("stats:numbers"),
        },
        json_dumps_params={"ensure_ascii": False},
        headers={**OPEN, "Cache-Control": f"public, max-age={MAX_AGE}"},
    )


@require_safe
def embed(request):
    """How to put the counter on another site."""
    counter_url = settings.SITE_URL + reverse("stats:counter")
    return render(
        request,
        "stats/embed.html",
        {
            "counter_url": counter_url,
            "counter_json_url": settings.SITE_URL + reverse("stats:counter_json"),
        },
    )


@require_safe
def report_today(request):
    """The report as of a chosen day (the picker's form), or today."""
    form, on, country = _chosen(request)
    if on is None or country is None:
        return render(request, "stats/numbers.html", {"form": form}, status=400)
    return _report(request, on, country)


@require_safe
def report(request, day: str):
    """The report as of a day, in HTML, at a stable address."""
    on, country = _day_and_country(request, day)
    return _report(request, on, country)


def _report(request, on: date, country: str):
    try:
        report = selectors.stats_report(on=on, country=country)
    except selectors.UnknownCountry as error:
        raise Http404(str(error)) from None
    return render(
        request,
        "stats/report.html",
        {
            "report": report,
            "numbers": report.numbers,
            "counts": report.numbers.counts,
            "sections": numbers_sections(report.numbers),
            "monthly": monthly_section(report.numbers),
            "downloads": _download_urls(on, report.numbers.country.code),
        },
    )


@require_safe
def report_pdf_download(request, day: str):
    """The report as of a day as a PDF, to attach to a submission."""
    on, country = _day_and_country(request, day)
    try:
        report = selectors.stats_report(on=on, country=country)
    except selectors.UnknownCountry as error:
        raise Http404(str(error)) from None
    name = f"vestka-report-{report.numbers.country.code.lower()}-{on.isoformat()}.pdf"
    return HttpResponse(
        report_pdf(report, site_url=settings.SITE_URL),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

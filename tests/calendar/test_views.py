import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

import vestka
from tests.calendar.conftest import held

pytestmark = pytest.mark.django_db


def test_the_main_navigation_links_to_the_calendar(client, db):
    html = client.get("/").content.decode()
    assert '<a href="/calendar/">Calendar</a>' in html
    page = client.get("/calendar/").content.decode()
    assert '<a href="/calendar/" aria-current="page">Calendar</a>' in page


def test_the_month_page_lists_the_months_dates_by_day(client, db):
    held("Прыдуманая Алена", birthday=(5, 21), latin="Alena Prydumanaya")
    response = client.get("/calendar/?month=2027-05")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Calendar: May 2027" in html
    assert '<time datetime="2027-05-21">' in html
    assert "Birthday: Alena Prydumanaya" in html
    assert "Day of Solidarity with Political Prisoners in Belarus" in html
    assert 'href="/calendar/?month=2027-04" rel="prev"' in html
    assert 'href="/calendar/?month=2027-06" rel="next"' in html


def test_the_week_page_runs_monday_to_sunday(client, db):
    html = client.get("/calendar/week/?week=2027-05-20").content.decode()
    # 20 May 2027 is a Thursday: the week is 17–23 May.
    assert "May 17, 2027" in html and "May 23, 2027" in html
    assert 'href="/calendar/week/?week=2027-05-10" rel="prev"' in html
    assert 'href="/calendar/week/?week=2027-05-24" rel="next"' in html


def test_filters_are_kept_in_the_navigation_links(client, db):
    html = client.get("/calendar/?month=2027-05&kind=birthday&country=BY").content.decode()
    assert 'href="/calendar/?country=BY&amp;kind=birthday&amp;month=2027-06" rel="next"' in html
    assert "Day of Solidarity" not in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("month=2027-13", "Month"),
        ("month=may", "Month"),
        ("kind=parade", "Show"),
        ("country=ZZ", "Country"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field_and_this_month_is_shown(client, db, query, field):
    response = client.get(f"/calendar/?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf"<li>{field}: [^<]+</li>", html)
    assert f"Calendar: {timezone.localdate():%B %Y}" in html


def test_the_printable_list_has_print_css_and_no_site_navigation(client, db):
    held("Прыдуманая Алена", birthday=(5, 21), latin="Alena Prydumanaya")
    response = client.get("/calendar/print/?view=month&start=2027-05-01")
    html = response.content.decode()
    assert response.status_code == 200
    assert "calendar/print.css" in html and "site-nav" not in html
    css = (Path(vestka.__file__).parent / "calendar/static/calendar/print.css").read_text()
    assert "@media print" in css
    assert "Birthday: Alena Prydumanaya" in html


def test_the_printable_week(client, db):
    html = client.get("/calendar/print/?view=week&start=2027-05-20").content.decode()
    assert "the week of May 17, 2027 to May 23, 2027" in html


@pytest.mark.parametrize("prefix", ["/be", "/ru"])
def test_the_calendar_works_in_belarusian_and_russian(client, db, prefix):
    response = client.get(f"{prefix}/calendar/?month=2027-05")
    assert response.status_code == 200
    assert f'<html lang="{prefix[1:]}">' in response.content.decode()


def test_the_page_offers_the_feed_print_and_digest(client, db):
    html = client.get("/calendar/").content.decode()
    assert 'href="webcal://vestka.example/calendar/feed.ics"' in html
    assert "/calendar/print/?view=month&amp;start=" in html
    assert 'href="/calendar/digest/"' in html


def test_the_calendar_works_without_javascript(client, db):
    html = client.get("/calendar/").content.decode()
    assert "<script" not in html
    assert '<form class="filters calendar-filters" method="get"' in html


def test_today_is_in_the_default_month(client, db):
    today = timezone.localdate()
    assert client.get("/calendar/").context["period"].start == today.replace(day=1)
    week = client.get("/calendar/week/").context["period"]
    assert week.start <= today <= week.end and week.start.weekday() == 0
    assert week.end - week.start == datetime.timedelta(days=6)


def test_a_listing_shown_once_is_served_from_the_cache_for_its_language(client, db, monkeypatch):
    from vestka.calendar import selectors

    held("Прыдуманая Алена", birthday=(5, 21), latin="Alena Prydumanaya")
    assert "Alena Prydumanaya" in client.get("/calendar/?month=2027-05").content.decode()

    def unexpected(**kwargs):
        raise AssertionError("the cached listing was read again")

    monkeypatch.setattr(selectors, "calendar_entries", unexpected)
    assert "Alena Prydumanaya" in client.get("/calendar/?month=2027-05").content.decode()
    # Another language or another period is a listing of its own.
    with pytest.raises(AssertionError, match="read again"):
        client.get("/be/calendar/?month=2027-05")

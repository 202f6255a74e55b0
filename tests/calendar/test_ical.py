import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.calendar.conftest import held
from vestka.calendar import ical, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=10)
    held("Прыдуманая Алена", birthday=(soon.month, soon.day), latin="Alena Prydumanaya")
    return soon


def parsed(response):
    return Calendar.from_ical(response.content)


def events(calendar):
    return list(calendar.walk("VEVENT"))


def test_the_feed_is_an_icalendar_file_that_parses_back(client, people):
    response = client.get("/calendar/feed.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parsed(response)
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Vestka: political prisoners' calendar"
    birthday = next(e for e in events(calendar) if "Alena" in str(e["SUMMARY"]))
    assert str(birthday["SUMMARY"]) == "Birthday: Alena Prydumanaya"
    assert birthday["CATEGORIES"].cats == ["BIRTHDAY"]
    assert str(birthday["URL"]).startswith("https://vestka.example/people/")


def test_every_event_is_all_day(client, people):
    for event in events(parsed(client.get("/calendar/feed.ics"))):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is datetime.date and end - start == datetime.timedelta(days=1)
        assert event["DTSTART"].params.get("VALUE") == "DATE"


def test_uids_stay_the_same_between_fetches_and_languages(client, people):
    first = [str(e["UID"]) for e in events(parsed(client.get("/calendar/feed.ics")))]
    again = [str(e["UID"]) for e in events(parsed(client.get("/calendar/feed.ics")))]
    russian = [str(e["UID"]) for e in events(parsed(client.get("/ru/calendar/feed.ics")))]
    assert first == again == russian and len(set(first)) == len(first)


def test_the_feed_can_be_narrowed_to_kinds(client, people):
    response = client.get("/calendar/feed.ics?kind=birthday")
    kinds = {tuple(e["CATEGORIES"].cats) for e in events(parsed(response))}
    assert kinds == {("BIRTHDAY",)}


def test_a_bad_feed_filter_is_a_plain_400_naming_the_field(client, db):
    response = client.get("/calendar/feed.ics?kind=parade")
    assert response.status_code == 400
    assert response.content.decode().startswith("kind:")


def test_the_feed_spans_a_week_back_and_six_weeks_ahead(client, db):
    today = timezone.localdate()
    inside = [today - datetime.timedelta(days=7), today + datetime.timedelta(days=42)]
    outside = [today - datetime.timedelta(days=8), today + datetime.timedelta(days=43)]
    for n, on in enumerate(inside + outside):
        held(f"Прыдуманы Дата {n}", birthday=(on.month, on.day), latin=f"Window {n}")
    summaries = [str(e["SUMMARY"]) for e in events(parsed(client.get("/calendar/feed.ics")))]
    assert "Birthday: Window 0" in summaries and "Birthday: Window 1" in summaries
    assert "Birthday: Window 2" not in summaries and "Birthday: Window 3" not in summaries


def test_the_feed_is_built_once_per_language_and_served_from_the_cache(
    client, db, django_assert_num_queries
):
    client.get("/calendar/feed.ics")
    with django_assert_num_queries(1):  # the form's country choices: no calendar query
        assert client.get("/calendar/feed.ics").status_code == 200


def test_the_builder_escapes_text_and_keeps_descriptions(db):
    entry = selectors.CalendarEntry(
        kind=selectors.DAY_OF_ACTION,
        on=datetime.date(2027, 5, 21),
        title="Day, with; commas",
        description="Line one",
        url="https://example.org/x",
        key="k",
    )
    body = ical.calendar_ical(entries=[entry], name="Test", language="en", now=timezone.now())
    event = events(Calendar.from_ical(body))[0]
    assert str(event["SUMMARY"]) == "Day, with; commas"
    assert str(event["DESCRIPTION"]) == "Line one\nhttps://example.org/x"

"""The calendar as an iCalendar (RFC 5545) feed that calendar apps subscribe to.

Every entry is an all-day event whose UID stays the same for the same birthday,
anniversary, release or day of action, so a calendar app refreshing the feed updates
events instead of adding them twice.
"""

from __future__ import annotations

import datetime

from icalendar import Calendar, Event

from vestka.calendar.selectors import CalendarEntry
from vestka.registry.public import absolute_url

PRODUCT = "-//Vestka//Calendar of political prisoners//EN"
CATEGORIES = {
    "birthday": "BIRTHDAY",
    "arrest_anniversary": "ANNIVERSARY",
    "expected_release": "RELEASE",
    "day_of_action": "DAY-OF-ACTION",
}


def calendar_ical(
    *, entries: list[CalendarEntry], name: str, language: str, now: datetime.datetime
) -> bytes:
    """The entries as an iCalendar file (all-day events) named for calendar apps."""
    feed = Calendar()
    feed.add("prodid", PRODUCT)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    # Calendar apps poll a subscribed feed; twelve hours keeps the day counts fresh.
    feed.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", "PT12H")
    stamp = now.astimezone(datetime.UTC).replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + datetime.timedelta(days=1))
        event.add("summary", entry.title, parameters={"LANGUAGE": language})
        url = entry.url if "://" in entry.url else absolute_url(entry.url)
        if entry.description:
            event.add("description", f"{entry.description}\n{url}")
        else:
            event.add("description", url)
        event.add("url", url)
        event.add("categories", [CATEGORIES[entry.kind]])
        event.add("transp", "TRANSPARENT")
        event.add("class", "PUBLIC")
        feed.add_component(event)
    return feed.to_ical()

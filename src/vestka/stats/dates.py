"""The "as of" date of the numbers, read from what a person typed (no Django import)."""

from __future__ import annotations

from datetime import date

EARLIEST = date(1900, 1, 1)


class BadDate(ValueError):
    """The text is not a date the numbers can be counted on; the message says why."""


def parse_as_of(text: str, *, today: date) -> date:
    """The date in ``text`` (YYYY-MM-DD). Raises BadDate for anything else, for a day
    in the future (nothing is known of it yet) and for one before 1900."""
    value = text.strip()
    try:
        if len(value) != 10:
            raise ValueError
        on = date.fromisoformat(value)
    except ValueError:
        raise BadDate(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2021-01-01.") from None
    if on > today:
        raise BadDate(f"{value} is in the future; the latest date is today, {today.isoformat()}.")
    if on < EARLIEST:
        raise BadDate(f"{value} is before {EARLIEST.isoformat()}; the registry starts later.")
    return on

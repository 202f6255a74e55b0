"""Template helpers of the calendar pages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

register = template.Library()

# Django's Belarusian catalogue has no standalone month names for "May 2026".
BELARUSIAN_MONTHS = (
    "студзень",
    "люты",
    "сакавік",
    "красавік",
    "травень",
    "чэрвень",
    "ліпень",
    "жнівень",
    "верасень",
    "кастрычнік",
    "лістапад",
    "снежань",
)


@register.filter
def month_name(value: date) -> str:
    """The month and year in the active language: "May 2026", "травень 2026"."""
    if (get_language() or "").split("-")[0] == "be":
        return f"{BELARUSIAN_MONTHS[value.month - 1]} {value.year}"
    return date_format(value, "YEAR_MONTH_FORMAT")


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key, "")

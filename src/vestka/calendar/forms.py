"""The calendar's forms: which period and what to show (plain GET), and the digest's
subscription (an email address, nothing else)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vestka.calendar import selectors
from vestka.registry.models import Country

KIND_LABELS = {
    selectors.DAY_OF_ACTION: _("Days of action"),
    selectors.BIRTHDAY: _("Birthdays"),
    selectors.ARREST_ANNIVERSARY: _("Arrest anniversaries"),
    selectors.EXPECTED_RELEASE: _("Expected releases"),
}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    view: str  # "month" or "week"

    @property
    def previous(self) -> datetime.date:
        if self.view == "week":
            return self.start - datetime.timedelta(days=7)
        return (self.start - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        return self.end + datetime.timedelta(days=1)


def month_period(first: datetime.date) -> Period:
    first = first.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return Period(first, following - datetime.timedelta(days=1), "month")


def week_period(day: datetime.date) -> Period:
    monday = day - datetime.timedelta(days=day.weekday())
    return Period(monday, monday + datetime.timedelta(days=6), "week")


class CalendarFilterForm(forms.Form):
    """Every field is optional: without them, this month (or this week), every kind,
    every country."""

    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    week = forms.DateField(
        label=_("Week of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.MultipleChoiceField(
        label=_("Show"),
        required=False,
        choices=list(KIND_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, view: str = "month", **kwargs):
        super().__init__(*args, **kwargs)
        self.view = view
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c.code, c.name) for c in Country.objects.order_by("code")
        ]
        if view == "month":
            del self.fields["week"]
        else:
            del self.fields["month"]

    def clean_month(self) -> datetime.date | None:
        value = self.cleaned_data.get("month") or ""
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise ValidationError(
                _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2026-05."),
                params={"value": value},
            )
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def period(self) -> Period:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        today = timezone.localdate()
        if self.view == "week":
            return week_period(data.get("week") or today)
        return month_period(data.get("month") or today)

    def chosen_kinds(self) -> tuple[str, ...]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return tuple(data.get("kind") or selectors.KINDS)

    def chosen_country(self) -> str:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("country") or ""


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

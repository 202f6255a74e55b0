"""The "as of" picker of the numbers pages: a plain GET form."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vestka.registry.models import Country
from vestka.stats import selectors
from vestka.stats.dates import EARLIEST, BadDate, parse_as_of


class AsOfForm(forms.Form):
    as_of = forms.CharField(
        label=_("As of"),
        required=False,
        max_length=10,
        widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST.isoformat()}),
        help_text=_("Any day up to today, as YYYY-MM-DD."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["as_of"].widget.attrs["max"] = today.isoformat()
        self.fields["country"].choices = [
            (country.code, country.name) for country in Country.objects.order_by("code")
        ]

    def clean_as_of(self) -> date:
        text = self.cleaned_data["as_of"]
        today = timezone.localdate()
        if not text:
            return today
        try:
            return parse_as_of(text, today=today)
        except BadDate:
            raise forms.ValidationError(
                _(
                    "“%(value)s” is not a day the numbers can be counted on: write a date "
                    "up to today as YYYY-MM-DD, e.g. 2021-01-01."
                ),
                params={"value": text},
            ) from None

    def clean_country(self) -> str:
        return self.cleaned_data["country"] or selectors.DEFAULT_COUNTRY

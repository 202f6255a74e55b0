"""The filter form of the public people list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vestka.registry.models import Person
from vestka.registry.selectors import (
    STATUS_CHOICES,
    PeopleFilter,
    articles_list,
    facilities_list,
)
from vestka.site.selectors import regions_list, tags_list

STATUS_LABELS = {
    "active": _("Political prisoners behind bars now"),
    "former": _("Former political prisoners"),
    "np": _("Not (yet) recognised"),
    "in_custody": _("Everyone behind bars now"),
    "released": _("Released"),
    "died_in_custody": _("Died in custody"),
    "died": _("Died after release"),
    "unknown": _("Custody not known"),
}

ANY = [("", _("Any"))]


class PeopleFilterForm(forms.Form):
    """Every field is optional; an empty field does not filter. Choices are read
    from the registry so that only values that can match are accepted."""

    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("In any spelling: Бяляцкі, Bialiatski, Беляцкий…"),
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    article = forms.ChoiceField(label=_("Article"), required=False)
    facility = forms.TypedChoiceField(
        label=_("Facility"), required=False, coerce=int, empty_value=None
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["status"].choices = ANY + [
            (value, STATUS_LABELS.get(value, value)) for value in STATUS_CHOICES
        ]
        fields["article"].choices = ANY + [
            (a.number, f"{a.number} — {a.title}" if a.title else a.number) for a in articles_list()
        ]
        fields["facility"].choices = ANY + [(f.pk, f.name) for f in facilities_list()]
        fields["region"].choices = ANY + [(r.code, r.name) for r in regions_list()]
        fields["gender"].choices = ANY + [
            (value, label) for value, label in Person.Gender.choices if value
        ]
        fields["tag"].choices = ANY + [(t.slug, t.name) for t in tags_list()]

    def people_filter(self) -> PeopleFilter:
        """The validated filters; call only after is_valid()."""
        data = self.cleaned_data
        return PeopleFilter(
            status=data["status"],
            article=data["article"],
            facility=data["facility"],
            region=data["region"],
            gender=data["gender"],
            tag=data["tag"],
            name=data["q"],
        )

    def is_filtered(self, *, besides: tuple[str, ...] = ()) -> bool:
        """Whether any field (other than those ``besides``) narrows the list."""
        return self.is_bound and any(
            self.data.get(name) for name in self.fields if name not in besides
        )

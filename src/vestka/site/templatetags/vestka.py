"""Presentation helpers for the public site's templates."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext as _

from vestka.registry import custody
from vestka.registry.models import Person, PersonName
from vestka.registry.public import person_articles

register = template.Library()

# Django ships no date formats for Belarusian, and its catalogue lacks the
# genitive month names, so "1 сакавіка 2021 г." is spelt out here.
BELARUSIAN_MONTHS_GENITIVE = (
    "студзеня",
    "лютага",
    "сакавіка",
    "красавіка",
    "траўня",
    "чэрвеня",
    "ліпеня",
    "жніўня",
    "верасня",
    "кастрычніка",
    "лістапада",
    "снежня",
)


def number_grouped(number: int, language: str) -> str:
    """A whole number with its thousands apart: "2,101" in English, "2 101" (a no-break
    space) in Belarusian and Russian."""
    text = f"{number:,}"
    return text if language == "en" else text.replace(",", "\u00a0")


@register.filter
def grouped(number: int) -> str:
    """``number_grouped`` in the active language."""
    return number_grouped(number, (get_language() or "en").split("-")[0])


@register.filter
def day(value: date | None) -> str:
    """A date written out in the active language: "1 March 2021", "1 марта 2021 г."."""
    if not value:
        return ""
    if (get_language() or "").split("-")[0] == "be":
        return f"{value.day} {BELARUSIAN_MONTHS_GENITIVE[value.month - 1]} {value.year} г."
    return date_format(value, "DATE_FORMAT")


_CUSTODY_LABELS = {
    custody.IN_CUSTODY: lambda: _("Behind bars"),
    custody.RELEASED_STATE: lambda: _("Released"),
    custody.DIED_IN_CUSTODY_STATE: lambda: _("Died in custody"),
    custody.DIED_STATE: lambda: _("Died after release"),
    custody.UNKNOWN: lambda: _("Custody not known"),
}


@register.filter
def custody_label(person: Person) -> str:
    label = _CUSTODY_LABELS.get(person.custody)
    return label() if label else person.get_custody_display()


@register.filter
def name_form_label(form: str) -> str:
    """The label of a PersonName form code: "be" → "Belarusian"."""
    try:
        return str(PersonName.Form(form).label)
    except ValueError:
        return ""


@register.filter
def articles(person: Person) -> list[str]:
    """Article numbers of all the person's cases (uses the list's prefetch)."""
    return person_articles(person)


@register.filter
def term(months: int | None) -> str:
    """A prison term in months as years and months in words: "2 years 6 months"."""
    if months is None:
        return ""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)d year", "%(n)d years", years) % {"n": years})
    if rest or not years:
        parts.append(ngettext("%(n)d month", "%(n)d months", rest) % {"n": rest})
    return " ".join(parts)


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current list's address with another page number, keeping the filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + urlencode(
        [(key, value) for key, values in query.lists() for value in values if value]
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[tuple[str, str, str]]:
    """This page in each language: (code, the language's own name, address).

    The language is in the address (``/be/…``, ``/ru/…``, none for the default), so
    switching needs no cookie and no form: a page without a form sets no cookie and
    the page cache can keep one copy of it for every reader.
    """
    full_path = context["request"].get_full_path()
    return [
        (code, get_language_info(code)["name_local"], translate_url(full_path, code))
        for code, _name in settings.LANGUAGES
    ]

"""Reads for share cards: what a person's card says, in which language, and where the
card and the share links live."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vestka.cards import drawing, sharing
from vestka.registry import custody
from vestka.registry import selectors as registry_selectors
from vestka.registry.models import Person, PersonName
from vestka.registry.public import absolute_url
from vestka.site.templatetags.vestka import day, number_grouped

# Which written forms of a name a card shows first in each language.
NAME_FORMS = {"en": ("lat", "be", "ru"), "be": ("be", "ru", "lat"), "ru": ("ru", "be", "lat")}
HASHTAG = re.compile(r"^#\w{1,60}$")
# Ids per query when names are read for many people (below every database's limit).
NAMES_BATCH = 2000


class BadCardRequest(ValueError):
    """A card asked for with a size, language or hashtag that is not possible."""


def card_languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def card_check(*, size: str, language: str) -> None:
    """Raise BadCardRequest naming what is wrong with a size or a language."""
    if size not in drawing.SIZES:
        raise BadCardRequest(
            _("Unknown card size “%(size)s”: use one of %(sizes)s.")
            % {"size": size, "sizes": ", ".join(drawing.SIZES)}
        )
    if language not in card_languages():
        raise BadCardRequest(
            _("Unknown language “%(language)s”: use one of %(languages)s.")
            % {"language": language, "languages": ", ".join(card_languages())}
        )


def card_hashtag(*, text: str) -> str:
    """A hashtag as a card shows it ("FreeThemAll" → "#FreeThemAll"); "" stays "".
    Raises BadCardRequest for anything but letters, digits and underscores."""
    text = text.strip()
    if not text:
        return ""
    tag = text if text.startswith("#") else f"#{text}"
    if not HASHTAG.match(tag):
        raise BadCardRequest(
            _(
                "A hashtag is one word of letters, digits or underscores (at most 60), "
                "not “%(text)s”."
            )
            % {"text": text}
        )
    return tag


def _name_in(by_form: dict[str, str], language: str) -> str:
    for form in NAME_FORMS.get(language, NAME_FORMS["en"]):
        if by_form.get(form):
            return by_form[form]
    return ""


def person_card_name(*, person: Person, language: str) -> str:
    """The person's name in the written form that suits the language: Latin letters for
    English, the Belarusian form for Belarusian, the Russian form for Russian, each
    falling back to the other forms and then to the registry's display name."""
    by_form: dict[str, str] = {}
    for name in person.names.all():
        by_form.setdefault(name.form, name.text)
    return _name_in(by_form, language) or person.name


def person_card_names(*, person_ids: list[int], language: str) -> dict[int, str]:
    """person_card_name for many people at once (without the display-name fallback:
    people with no name form are missing from the result)."""
    forms: dict[int, dict[str, str]] = {}
    for start in range(0, len(person_ids), NAMES_BATCH):
        rows = (
            PersonName.objects.filter(
                person_id__in=person_ids[start : start + NAMES_BATCH],
                form__in=NAME_FORMS["en"],
            )
            .order_by("person_id", "form", "id")
            .values_list("person_id", "form", "text")
        )
        for person_id, form, text in rows:
            forms.setdefault(person_id, {}).setdefault(form, text)
    return {pk: name for pk, by_form in forms.items() if (name := _name_in(by_form, language))}


@dataclass(frozen=True)
class CustodyWords:
    headline: str
    subline: str
    days: int | None  # the count the words give, or None when they give none
    tone: str = "held"  # drawing.TONES: held, free or mourning


def custody_words(*, person: Person, derived: custody.Custody, today: date) -> CustodyWords:
    """What a card says about custody, in the active language. Only someone held now
    is "N days behind bars"; a released person was released after N days, a person
    who died in custody died in custody."""
    days = derived.days_behind_bars(today)
    count = number_grouped(days, (translation.get_language() or "en").split("-")[0])
    state = person.custody
    if state == custody.IN_CUSTODY:
        since = day(person.custody_since)
        return CustodyWords(
            headline=ngettext("%(days)s day behind bars", "%(days)s days behind bars", days)
            % {"days": count},
            subline=_("behind bars since %(date)s") % {"date": since} if since else "",
            days=days,
        )
    if state == custody.RELEASED_STATE:
        until = day(person.custody_until)
        if days:
            headline = ngettext(
                "Released after %(days)s day behind bars",
                "Released after %(days)s days behind bars",
                days,
            ) % {"days": count}
        else:
            headline = _("Released")
        return CustodyWords(
            headline=headline,
            subline=_("released on %(date)s") % {"date": until} if until else "",
            days=days or None,
            tone="free",
        )
    if state == custody.DIED_IN_CUSTODY_STATE:
        until = day(person.custody_until)
        parts = []
        if days:
            parts.append(
                ngettext("after %(days)s day behind bars", "after %(days)s days behind bars", days)
                % {"days": count}
            )
        if until:
            parts.append(_("died on %(date)s") % {"date": until})
        return CustodyWords(
            headline=_("Died in custody"), subline=", ".join(parts), days=days, tone="mourning"
        )
    if state == custody.DIED_STATE:
        subline = (
            ngettext("spent %(days)s day behind bars", "spent %(days)s days behind bars", days)
            % {"days": count}
            if days
            else ""
        )
        return CustodyWords(
            headline=_("Died after release"), subline=subline, days=days, tone="mourning"
        )
    return CustodyWords(headline="", subline="", days=None)


def person_page_url(*, person: Person, language: str) -> str:
    """The absolute address of the person's page in a language (/be/people/1/ …)."""
    with translation.override(language):
        return absolute_url(person.get_absolute_url())


def person_card_url(*, person: Person, size: str, language: str) -> str:
    """The absolute address of the person's card of a size in a language."""
    with translation.override(language):
        return absolute_url(reverse("cards:person", kwargs={"pk": person.pk, "size": size}))


@dataclass(frozen=True)
class PersonCard:
    """A person's card before it is drawn: the words, and what its cache key rests on."""

    person: Person
    size: str
    language: str
    content: drawing.CardContent  # without the photo's bytes: read only when drawing
    days: int | None


def person_card(
    *, person: Person, size: str, language: str, hashtag: str = "", today: date | None = None
) -> PersonCard:
    """What the person's card says in the language, as of today. The person should come
    from registry_selectors.person_detail (names and events loaded)."""
    card_check(size=size, language=language)
    today = today or timezone.localdate()
    with translation.override(language):
        words = custody_words(
            person=person,
            derived=registry_selectors.person_custody(person=person),
            today=today,
        )
    title = person_card_name(person=person, language=language)
    content = drawing.CardContent(
        title=title,
        headline=words.headline,
        subline=words.subline,
        hashtag=card_hashtag(text=hashtag or settings.VESTKA_CARD_HASHTAG),
        link=person_page_url(person=person, language=language),
        initials=drawing.initials_of(title),
        tone=words.tone,
    )
    return PersonCard(person=person, size=size, language=language, content=content, days=words.days)


@dataclass(frozen=True)
class PersonShare:
    """What the person page needs to be shared: the card for link previews, the share
    links and the card downloads."""

    title: str
    description: str
    page_url: str
    image_url: str
    image_width: int
    image_height: int
    links: list[sharing.ShareLink]
    downloads: list[tuple[str, str]]  # (label, address) of each card size


def person_share(*, person: Person, language: str) -> PersonShare:
    """The Open Graph card, share links and card downloads of a person's page."""
    card = person_card(person=person, size="og", language=language)
    text = card.content.title
    if card.content.headline:
        text = f"{text}: {card.content.headline}"
    page_url = card.content.link
    og = drawing.LAYOUTS["og"]
    return PersonShare(
        title=card.content.title,
        description=" · ".join(p for p in (card.content.headline, card.content.subline) if p),
        page_url=page_url,
        image_url=person_card_url(person=person, size="og", language=language),
        image_width=og.width,
        image_height=og.height,
        links=sharing.share_links(url=page_url, text=text, email_label=_("Email")),
        downloads=[
            (
                _("Card for link previews (1200×630)"),
                person_card_url(person=person, size="og", language=language),
            ),
            (
                _("Square card (1080×1080)"),
                person_card_url(person=person, size="square", language=language),
            ),
        ],
    )

"""Share cards drawn once and kept on disk until what they say changes.

A card's cache key is a digest of everything it shows (the words in its language, the
day count, the hashtag, the link, the photo file) and of the person's last change, so
a card refreshes the day its count moves on or the day its record is edited. Each
person keeps one file per size and language: a new drawing replaces the old one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from vestka.cards import drawing, selectors
from vestka.files import file_write_whole
from vestka.registry import selectors as registry_selectors
from vestka.registry.models import Person


@dataclass(frozen=True)
class RenderedCard:
    png: bytes
    etag: str  # the cache key: the same for the same picture
    cached: bool  # read from the cache rather than drawn now


def cards_folder() -> Path:
    return Path(settings.VESTKA_CARDS_CACHE)


def _key(content: drawing.CardContent, *, size: str, extra: tuple) -> str:
    parts = {
        "renderer": drawing.RENDERER_VERSION,
        "size": size,
        "content": {k: v for k, v in dataclasses.asdict(content).items() if k != "photo"},
        "extra": [str(part) for part in extra],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def card_cached(
    *,
    content: drawing.CardContent,
    size: str,
    folder: str,
    variant: str,
    extra: tuple = (),
    photo: Path | None = None,
) -> RenderedCard:
    """The card for the content, from the cache under ``folder`` or drawn now and kept.

    ``variant`` names the slot the card fills (its size and language): drawing a card
    for a slot removes the slot's older cards. ``extra`` adds what the content does not
    show but the card depends on (a record's last change). A photo file is read only
    when the card is drawn; its name, size and modification time are in the key.
    """
    if photo is not None:
        stat = photo.stat()
        extra = (*extra, photo.name, stat.st_size, stat.st_mtime_ns)
    key = _key(content, size=size, extra=extra)
    directory = cards_folder() / folder
    path = directory / f"{variant}-{key}.png"
    try:
        return RenderedCard(png=path.read_bytes(), etag=key, cached=True)
    except FileNotFoundError:
        pass
    if photo is not None:
        content = dataclasses.replace(content, photo=photo.read_bytes())
    png = drawing.card_render(content, size=size)
    file_write_whole(path, png)
    for older in directory.glob(f"{variant}-*.png"):
        if older != path:
            older.unlink(missing_ok=True)
    return RenderedCard(png=png, etag=key, cached=False)


def _photo_path(person: Person) -> Path | None:
    if not person.photo:
        return None
    try:
        path = Path(person.photo.path)
    except NotImplementedError:  # a storage without local files
        return None
    return path if path.is_file() else None


def person_card_render(
    *, person: Person, size: str, language: str, hashtag: str = ""
) -> RenderedCard:
    """The person's share card as of today, drawn or from the cache. The person should
    come from registry_selectors.person_detail. Raises selectors.BadCardRequest."""
    card = selectors.person_card(person=person, size=size, language=language, hashtag=hashtag)
    return card_cached(
        content=card.content,
        size=size,
        folder=f"people/{person.pk}",
        variant=f"{size}-{language}-{card.content.hashtag.lstrip('#') or 'none'}",
        extra=(person.pk, card.days, person.updated_at.isoformat(), timezone.localdate()),
        photo=_photo_path(person),
    )


def people_cards_draw(*, person_ids: Iterable[int]) -> int:
    """Draw today's cards of these people, every size in every language, so that the
    first reader to share one is served from the cache. A card already drawn today is
    read, not drawn again, so running this twice does no more work; people no longer
    in the registry are passed over. Returns how many cards were drawn now."""
    drawn = 0
    for pk in person_ids:
        try:
            person = registry_selectors.person_detail(pk=pk)
        except Person.DoesNotExist:
            continue
        for size in drawing.SIZES:
            for language in selectors.card_languages():
                card = person_card_render(person=person, size=size, language=language)
                drawn += not card.cached
    return drawn


def page_card_render(
    *,
    folder: str,
    size: str,
    language: str,
    title: str,
    subtitle: str = "",
    hashtag: str = "",
    link: str = "",
    headline: str = "",
    extra: tuple = (),
) -> RenderedCard:
    """A card for any page that is not a person's (a campaign, a day of action): its
    title, subtitle, hashtag and absolute link, drawn with initials of the title.

    ``folder`` keeps the page's cards together ("campaigns/12"); ``extra`` should hold
    the record's last change. Raises selectors.BadCardRequest.
    """
    selectors.card_check(size=size, language=language)
    content = drawing.CardContent(
        title=title,
        headline=headline,
        subline=subtitle,
        hashtag=selectors.card_hashtag(text=hashtag),
        link=link,
        initials=drawing.initials_of(title),
    )
    return card_cached(
        content=content,
        size=size,
        folder=folder,
        variant=f"{size}-{language}-{content.hashtag.lstrip('#') or 'none'}",
        extra=extra,
    )

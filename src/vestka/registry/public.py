"""The public face of registry records: exactly the fields that may leave staff hands.

The API, the exports and the share features all serialise through here, so a
staff-only field cannot leak by being forgotten in one place: nothing is shown
unless it is listed below.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings

from vestka.registry.models import Article, Facility, Person, Prosecution, Source


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def article_public(article: Article) -> dict[str, Any]:
    return {
        "country": article.country_id,
        "number": article.number,
        "title": {"en": article.title_en, "be": article.title_be, "ru": article.title_ru},
        "titles_verified": article.titles_verified,
    }


def facility_public(facility: Facility) -> dict[str, Any]:
    return {
        "id": facility.pk,
        "country": facility.country_id,
        "kind": facility.kind,
        "name": facility.name,
        "names": {"en": facility.name_en, "be": facility.name_be, "ru": facility.name_ru},
        "address": facility.envelope_lines,
        "postal_code": facility.postal_code,
        "region": facility.region.code if facility.region else None,
        "address_verified": facility.address_verified,
        "address_source": facility.address_source or None,
        "url": absolute_url(facility.get_absolute_url()),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def prosecution_public(prosecution: Prosecution) -> dict[str, Any]:
    return {
        "articles": [a.number for a in prosecution.articles.all()],
        "case_number": prosecution.case_number,
        "detained_on": _iso(prosecution.detained_on),
        "verdict_on": _iso(prosecution.verdict_on),
        "appeal_on": _iso(prosecution.appeal_on),
        "court": prosecution.court,
        "judge": prosecution.judge,
        "prosecutor": prosecution.prosecutor,
        "counsel": prosecution.counsel,
        "sentence": prosecution.sentence_text,
        "sentence_kind": prosecution.sentence_kind or None,
        "term_months": prosecution.term_months,
        "expected_release": _iso(prosecution.expected_release),
    }


def source_public(source: Source) -> dict[str, Any]:
    return {
        "url": source.url or None,
        "publisher": source.publisher,
        "title": source.title,
        "published_on": _iso(source.published_on),
    }


def person_articles(person: Person) -> list[str]:
    """The article numbers of all the person's prosecutions, in code order, once each."""
    seen: dict[str, int] = {}
    for prosecution in person.prosecutions.all():
        for article in prosecution.articles.all():
            seen.setdefault(article.number, article.sort_key)
    return sorted(seen, key=lambda n: (seen[n], n))


def person_summary(person: Person) -> dict[str, Any]:
    """The fields of a person shown in lists and exports."""
    facility = person.facility
    return {
        "id": person.pk,
        "source_id": person.source_id,
        "name": person.name,
        "status": person.status,
        "custody": person.custody,
        "recognised": person.recognised,
        "gender": person.gender or None,
        "birth_year": person.birth_year,
        "country": person.country_id,
        "articles": person_articles(person),
        "facility": facility.name if facility else None,
        "facility_id": facility.pk if facility else None,
        "region": facility.region.code if facility and facility.region else None,
        "custody_since": _iso(person.custody_since),
        "custody_until": _iso(person.custody_until),
        "incommunicado": person.incommunicado,
        "on_terrorist_list": person.on_terrorist_list,
        "tags": [tag.slug for tag in person.tags.all()],
        "is_demo": person.is_demo,
        "url": absolute_url(person.get_absolute_url()),
    }


def person_public(person: Person, *, timeline: list | None = None) -> dict[str, Any]:
    """Everything public about one person: the summary plus names, story, cases and events."""
    data = person_summary(person)
    data.update(
        {
            "names": [{"form": n.form, "text": n.text} for n in person.names.all()],
            "biography": {
                "en": person.biography_en,
                "be": person.biography_be,
                "ru": person.biography_ru,
            },
            "photo": absolute_url(person.photo.url) if person.photo else None,
            "facility": facility_public(person.facility) if person.facility else None,
            "prosecutions": [prosecution_public(p) for p in person.prosecutions.all()],
            "events": [
                {
                    "kind": e.kind,
                    "date": _iso(e.date),
                    "description": e.description,
                    "facility_id": e.facility_id,
                    "release_reason": e.release_reason or None,
                    "declaration_url": e.declaration_url or None,
                    "source": source_public(e.source) if e.source else None,
                }
                for e in (timeline if timeline is not None else person.events.all())
            ],
        }
    )
    return data

"""Reference data shipped with Vestka: countries, regions and criminal-code articles.

Each country lives in ``data/<country>.json``; adding a country is adding a file.
Article titles ship unverified (an editor confirms them against the published
code in the admin).
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRY_FILES = ["belarus.json"]


def article_sort_key(number: str) -> int:
    main, _sep, sub = number.partition("-")
    try:
        return int(main) * 100 + (int(sub) if sub else 0)
    except ValueError:
        return 0


def seed_reference_data(Country, Region, Article) -> None:
    """Create or update the shipped reference data. Takes model classes so that
    migrations can pass their historical models."""
    for filename in COUNTRY_FILES:
        data = json.loads((DATA_DIR / filename).read_text(encoding="utf-8"))
        country_data = data["country"]
        country, _ = Country.objects.update_or_create(
            code=country_data["code"],
            defaults={k: v for k, v in country_data.items() if k != "code"},
        )
        for region in data["regions"]:
            Region.objects.update_or_create(
                country=country,
                code=region["code"],
                defaults={
                    "name_en": region["name_en"],
                    "name_be": region["name_be"],
                    "name_ru": region["name_ru"],
                    "postal_prefixes": ",".join(region["postal_prefixes"]),
                },
            )
        for number, title_en, title_be, title_ru in data["articles"]:
            Article.objects.get_or_create(
                country=country,
                number=number,
                defaults={
                    "sort_key": article_sort_key(number),
                    "title_en": title_en,
                    "title_be": title_be,
                    "title_ru": title_ru,
                },
            )

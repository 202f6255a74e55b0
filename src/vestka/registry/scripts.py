"""Which writing a piece of text is in: Belarusian or Russian Cyrillic, or Latin.

Just enough to file an imported name or story under the right form; the names
package does the real work of matching spellings.
"""

from __future__ import annotations

BELARUSIAN_ONLY = set("іўІЎ'’")
RUSSIAN_ONLY = set("иИщЩъЪ")


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def name_form(text: str) -> str:
    """The PersonName form for a name: "be", "ru", "lat" or "alias" when Cyrillic
    but not telling (e.g. "Наста Лойка" is written the same way in both)."""
    if not has_cyrillic(text):
        return "lat"
    letters = set(text)
    if letters & BELARUSIAN_ONLY and not letters & RUSSIAN_ONLY:
        return "be"
    if letters & RUSSIAN_ONLY and not letters & BELARUSIAN_ONLY:
        return "ru"
    return "alias"


def text_language(text: str) -> str:
    """The language code ("en", "be" or "ru") a story most probably is written in."""
    if not has_cyrillic(text):
        return "en"
    be = sum(1 for ch in text if ch in BELARUSIAN_ONLY)
    ru = sum(1 for ch in text if ch in RUSSIAN_ONLY)
    return "be" if be > ru else "ru"

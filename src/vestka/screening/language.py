"""Which language a letter is written in, with py3langid's bundled model."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

# The languages supporters write in; the model chooses among these only.
LANGUAGES = ["ru", "be", "uk", "pl", "en", "de", "fr", "lt", "lv", "es", "it", "cs"]
BELARUSIAN_ONLY = set("ўЎ")
UKRAINIAN_ONLY = set("їЇєЄґҐ")
NOT_UKRAINIAN = set("ыЫэЭёЁъЪ")
NOT_BELARUSIAN = set("иИщЩъЪ")
BELARUSIAN_OR_UKRAINIAN = set("іІ")
MIN_LETTERS = 12  # fewer letters than this cannot be told apart


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_modelpath(Path(MODEL_DIR) / MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def identify(text: str) -> str:
    """The ISO 639-1 code of the letter's language, or "und" for too little text."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return "und"
    cyrillic = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    if cyrillic / len(letters) > 0.5:
        present = set(letters)
        if present & BELARUSIAN_ONLY and not present & UKRAINIAN_ONLY:
            return "be"
        if present & UKRAINIAN_ONLY and not present & BELARUSIAN_ONLY:
            return "uk"
        if (
            present & NOT_UKRAINIAN
            and present & NOT_BELARUSIAN
            and not present & (BELARUSIAN_ONLY | UKRAINIAN_ONLY | BELARUSIAN_OR_UKRAINIAN)
        ):
            return "ru"  # letters that only Russian has both of: ы/э/ё/ъ and и/щ
    language, _confidence = _identifier().classify(text)
    return str(language)

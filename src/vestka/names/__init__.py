"""Names in every spelling: Belarusian, Russian and Ukrainian Cyrillic, Łacinka, the
official romanisations, English and Polish press spellings, ISO 9 and ASCII fallbacks.

Pure Python, no Django. ``spelling`` reads words into sounds and keys, ``given`` knows
national equivalents and pet forms of given names, ``matching`` scores and finds names.
"""

from vestka.names.matching import (
    KEYS_VERSION,
    MATCH_THRESHOLD,
    SECOND_TIER_BELOW,
    Lookup,
    Match,
    NameIndex,
    best_candidates,
    lookup,
    name_keys,
    name_score,
    rank,
)
from vestka.names.spelling import words

__all__ = [
    "KEYS_VERSION",
    "MATCH_THRESHOLD",
    "SECOND_TIER_BELOW",
    "Lookup",
    "Match",
    "NameIndex",
    "best_candidates",
    "lookup",
    "name_keys",
    "name_score",
    "rank",
    "words",
]

"""Names in every spelling: Belarusian, Russian and Ukrainian Cyrillic, Łacinka, the
official romanisations, English and Polish press spellings, ISO 9 and ASCII fallbacks.

Pure Python, no Django. ``spelling`` reads words into sounds and keys, ``given`` knows
national equivalents and pet forms of given names, ``matching`` scores and finds names.
"""

from vestka.names.matching import (
    KEYS_VERSION,
    MATCH_THRESHOLD,
    Lookup,
    Match,
    NameIndex,
    lookup,
    name_keys,
    name_score,
    rank,
    rank_candidates,
)
from vestka.names.spelling import words

__all__ = [
    "KEYS_VERSION",
    "MATCH_THRESHOLD",
    "Lookup",
    "Match",
    "NameIndex",
    "lookup",
    "name_keys",
    "name_score",
    "rank",
    "rank_candidates",
    "words",
]

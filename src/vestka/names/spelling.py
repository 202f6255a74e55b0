"""From a written name to the sounds it stands for, and from sounds to a search key.

A name is split into words. Each word is read into *phonemes*: a small Latin alphabet in
which Cyrillic letters and every Latin convention (English press, Belarusian and Russian
official romanisations, Polish, Łacinka, ISO 9, ASCII fallbacks) land on the same
symbols: ``ž š č`` for ж ш ч, ``x`` for х, ``c`` for ц, ``j`` for й and the iotation of
я е ё ю, ``w`` for ў. A Latin word can be read more than one way (``ch`` is ч in English
and х in Polish; ``c`` is к or с in English and ц in Polish), so it gets every reading.

The *key* of a reading folds away what differs between Belarusian and Russian forms of one
name and between careful and careless spellings: unstressed о/а and е/я (akanye and
yakanye), ў/в, ц/т and дз/д before soft vowels, г/h/х, iotation, soft signs, doubled
letters. Two spellings of one name have equal keys, or keys one or two edits apart.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A stand-in for ц while a Latin word is read, so that the English reading's c → к/с
# leaves the ц of "ts" and Polish "c" alone.
TS = "ʦ"

# Cyrillic letters (Belarusian, Russian and Ukrainian) to phonemes.
CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "е": "je",
    "ё": "jo",
    "є": "je",
    "ж": "ž",
    "з": "z",
    "и": "i",
    "і": "i",
    "ї": "ji",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ў": "w",
    "ф": "f",
    "х": "x",
    "ц": "c",
    "ч": "č",
    "ш": "š",
    "щ": "šč",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "ju",
    "я": "ja",
}

# Latin letters with diacritics, as Łacinka, Polish, ISO 9 and the official
# romanisations use them, to phonemes. Other diacritics are simply dropped.
LATIN_MARKED = {
    "č": "č",
    "ć": TS,
    "ĉ": "č",
    "š": "š",
    "ś": "s",
    "ŝ": "šč",
    "ž": "ž",
    "ź": "z",
    "ż": "ž",
    "ł": "l",
    "ĺ": "l",
    "ń": "n",
    "ŭ": "w",
    "ǔ": "w",
    "ë": "jo",
    "ě": "je",
    "â": "ja",
    "û": "ju",
    "è": "e",
    "ì": "i",
    "ę": "e",
    "ą": "o",
    "ß": "ss",
}

# Letter groups every Latin reading shares, longest first.
LATIN_COMMON = (
    ("shch", "šč"),
    ("szcz", "šč"),
    ("dzh", "dž"),
    ("zh", "ž"),
    ("kh", "x"),
    ("sh", "š"),
    ("sz", "š"),
    ("cz", "č"),
    ("ts", TS),
    ("tz", TS),
    ("ph", "f"),
    ("th", "t"),
    ("x", "ks"),
    ("q", "k"),
    ("w", "w"),
)
# English and the English-based official romanisations: ch is ч, c is к (or с before e/i/y).
LATIN_ENGLISH = (("ch", "č"), ("ck", "k"))
# Polish, Łacinka and ISO 9: ch is х, c is ц, rz is ж.
LATIN_POLISH = (("ch", "x"), ("rz", "ž"), ("c", TS))
# Łacinka or ISO 9 typed without marks: a bare c may have been č (Igorevic for Igorevič).
LATIN_UNMARKED = (("ch", "x"), ("rz", "ž"), ("c", "č"))

APOSTROPHES = "'’ʼ`´ʹʺ\u02bc"
WORD_BREAK = re.compile(r"[^\w]+|_")


def is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def words(text: str) -> list[str]:
    """The words of a name, in lower case, without punctuation. Hyphenated surnames
    become two words; apostrophes (Дар'я, Mar'ian) join rather than split."""
    folded = unicodedata.normalize("NFC", text).casefold()
    for mark in APOSTROPHES:
        folded = folded.replace(mark, "")
    return [word for word in WORD_BREAK.split(folded) if word]


def _latin_letters(word: str) -> str:
    """Marked Latin letters to phonemes; every other diacritic dropped."""
    out = []
    for ch in word:
        if ch in LATIN_MARKED:
            out.append(LATIN_MARKED[ch])
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base)
    return "".join(out)


def _replace_groups(word: str, groups: tuple[tuple[str, str], ...]) -> str:
    """Replace letter groups left to right, trying the longest group first at each place."""
    ordered = sorted(groups, key=lambda group: -len(group[0]))
    out = []
    i = 0
    while i < len(word):
        for spelling, sound in ordered:
            if word.startswith(spelling, i):
                out.append(sound)
                i += len(spelling)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def _english_c(word: str) -> str:
    """English c: soft (с) before e, i, y; hard (к) elsewhere."""
    return re.sub(r"c(?=[eiy])", "s", word).replace("c", "k")


@lru_cache(maxsize=65536)
def readings(word: str) -> tuple[str, ...]:
    """Every way a lower-case word may be read, as phonemes. Cyrillic has one reading;
    a Latin word has its English and its Polish/Łacinka reading (often the same)."""
    if is_cyrillic(word):
        return ("".join(CYRILLIC.get(ch, ch if ch.isalpha() else "") for ch in word),)
    latin = _latin_letters(word)
    english = _english_c(_replace_groups(latin, LATIN_ENGLISH + LATIN_COMMON)).replace(TS, "c")
    polish = _replace_groups(latin, LATIN_POLISH + LATIN_COMMON)
    found = [english, polish.replace(TS, "c")]
    if word.isascii() and "c" in word.replace("ts", "").replace("tz", ""):
        found.append(_replace_groups(latin, LATIN_UNMARKED + LATIN_COMMON).replace(TS, "c"))
    return tuple(dict.fromkeys(found))


# Keys: sounds folded into classes.
VOWELS = "aiu"
_FOLD_CONSONANTS = {
    "y": "i",
    "j": "i",
    "w": "v",
    "g": "h",
    "x": "h",
    "c": "t",  # ц (Belarusian ць) and т
    "č": "C",
    "š": "S",
    "ž": "Z",
}
_FOLD = str.maketrans({**_FOLD_CONSONANTS, "o": "a", "e": "a"})
_FOLD_KEEPING_VOWELS = str.maketrans(_FOLD_CONSONANTS)


def _folded(phonemes: str, table: dict[int, str], vowels: str) -> str:
    sounds = phonemes.replace("dž", "ž").replace("dz", "d").replace("ts", "c")
    # A u after a, e or o, before a consonant or at the end, is the Belarusian ў
    # written in Latin (Aliaksandrau, Tsikhanouskaya); iu and yu are ю (Pauliuk, Yury).
    sounds = re.sub(r"(?<=[aeo])u(?![aeiouy])", "w", sounds)
    folded = sounds.translate(table)
    folded = "".join(ch for ch in folded if ch.isalpha() and ch.isascii())
    # Iotation and softness: an i-sound before a vowel is dropped (ja, ia, je, ie, ju).
    folded = re.sub(rf"i+(?=[{vowels}])", "", folded)
    # Doubled letters, and the doubles the folding makes, are one.
    return re.sub(r"(.)\1+", r"\1", folded)


@lru_cache(maxsize=65536)
def key(phonemes: str) -> str:
    """The search key of one reading of a word."""
    return _folded(phonemes, _FOLD, "au")


@lru_cache(maxsize=65536)
def vowel_key(phonemes: str) -> str:
    """A finer key that keeps the vowels apart: Оля and Алла, one key apart, are
    different given names."""
    return _folded(phonemes, _FOLD_KEEPING_VOWELS, "aeou")


def word_keys(word: str) -> tuple[str, ...]:
    """The distinct keys of every reading of a word, in reading order."""
    return tuple(dict.fromkeys(k for k in (key(r) for r in readings(word)) if k))


def word_vowel_keys(word: str) -> tuple[str, ...]:
    """The distinct finer keys of every reading of a word."""
    return tuple(dict.fromkeys(k for k in (vowel_key(r) for r in readings(word)) if k))

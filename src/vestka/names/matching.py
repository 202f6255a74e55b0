"""Scoring a written name against a query, and finding candidates by key.

Search works in two steps, the same in memory (``NameIndex``) and in the database:

1. *Candidates by key.* Every stored name form is filed under the keys of its words and
   the given-name groups they belong to (``name_keys``). A query asks for the keys of its
   words, their given-name groups, and every key one edit away from a word's key
   (``lookup_keys``), so a typo still reaches the person through an index.
2. *Ranking.* Each candidate's forms are scored against the query (``name_score``): the
   query's words are paired with the form's words in any order; a pair scores 1 when the
   keys are equal, a little less when the words are the same given name in two languages
   or are a few edits apart, and 0 otherwise. Missing patronymics and extra words in the
   stored form cost little; a query word that matches nothing costs a lot.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz.distance import OSA

from vestka.names.given import given_name_groups, group_initials
from vestka.names.spelling import is_cyrillic, word_keys, words

# Raised whenever a change makes different keys for some name: stored keys are then
# out of date and must be made again (``vestka init`` does it).
KEYS_VERSION = 1

# A score at or above this is a match worth showing; below it, a different person.
MATCH_THRESHOLD = 0.8

GIVEN_NAME_EQUIVALENT = 0.96  # Алесь for Аляксандр, Nasta for Anastasia
EDIT_SCORES = (1.0, 0.88, 0.76)  # a word's score with 0, 1 or 2 edits between the keys
UNMATCHED_FORM_WORD = 0.02  # a patronymic or second surname the query leaves out
INITIAL_WEIGHT = 0.5  # "A." says less than "Aliaksandr"
PATRONYMIC_WEIGHT = 0.2  # a query's patronymic the record lacks
GROUP_KEY_PREFIX = "="
QUERY_WORDS_MAX = 8

KEY_ALPHABET = "aiubvdhzklmnprstfCSZ"
PATRONYMIC = re.compile(r"(vi?C|iC|vna|Cna)$")  # -віч, -ич, -аўна, -ична; -vch typed


@dataclass(frozen=True)
class Word:
    """One word of a name, read every way it can be."""

    text: str
    keys: tuple[str, ...]
    groups: frozenset[str]

    @property
    def initial(self) -> bool:
        return len(self.text) == 1 or (len(self.text) == 2 and self.text in INITIAL_DIGRAPHS)


# Two-letter Latin initials of one Cyrillic letter: Ts. for Ц., Sh. for Ш., Yu. for Ю.
INITIAL_DIGRAPHS = {"ts", "sh", "ch", "zh", "kh", "ya", "yu", "ye", "yo", "ia", "iu", "dz"}


@lru_cache(maxsize=65536)
def _word(text: str) -> Word:
    return Word(text=text, keys=word_keys(text), groups=given_name_groups(text))


@lru_cache(maxsize=65536)
def parse(name: str) -> tuple[Word, ...]:
    """The words of a name, each with its keys and given-name groups."""
    return tuple(w for w in (_word(text) for text in words(name)) if w.keys)


def allowed_edits(length: int) -> int:
    """How many edits a word's key may be away and still be the same word, by the
    length of the query's word as written (a typo in the spelling can cost two
    edits in the key: Sisrhei for Siarhei)."""
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    return 2


def word_score(
    query: Word, stored: Word, *, query_patronymic: bool = False, stored_patronymic: bool = False
) -> float:
    """How well one query word stands for one stored word: 1 when they sound the same.

    A patronymic matches a word that is not one only exactly: Aliaksandrau and
    Aliaksandravich, Andreyeva and Andreyevna are different words, not a typo apart."""
    if query.initial:
        letters = {s[0] for s in stored.keys}
        for group in stored.groups:
            letters |= group_initials(group)
        return 1.0 if any(k[0] in letters for k in query.keys) else 0.0
    allowed = 0 if query_patronymic != stored_patronymic else allowed_edits(len(query.text))
    best = 0.0
    for query_key in query.keys:
        for stored_key in stored.keys:
            if query_key == stored_key:
                return 1.0
            # Folding makes keys short: a short key two edits away is another name.
            within = min(allowed, allowed_edits(min(len(query_key), len(stored_key)) + 1))
            if within:
                edits = OSA.distance(query_key, stored_key, score_cutoff=within)
                if edits <= within:
                    best = max(best, EDIT_SCORES[edits])
    if query.groups and stored.groups:
        # Two known given names: the same name in two languages, or different names
        # however alike they look (Ihar and Yahor, Ivan and Ivanna).
        return GIVEN_NAME_EQUIVALENT if query.groups & stored.groups else 0.0
    return best


@lru_cache(maxsize=262144)
def _word_score_of(
    query: str, stored: str, query_patronymic: bool, stored_patronymic: bool
) -> float:
    # Words are scored by their text: given names, patronymics and common surnames
    # recur across candidates and queries, and a word always reads the same way.
    return word_score(
        _word(query),
        _word(stored),
        query_patronymic=query_patronymic,
        stored_patronymic=stored_patronymic,
    )


def patronymics(words: Sequence[Word]) -> tuple[bool, ...]:
    """Which words of a name are patronymics: in a name of three words or more, a
    word with a patronymic's ending right after a given name (Андрэй Ігаравіч)."""
    if len(words) < 3:
        return (False,) * len(words)
    return tuple(
        i > 0 and bool(words[i - 1].groups) and any(PATRONYMIC.search(k) for k in word.keys)
        for i, word in enumerate(words)
    )


def words_score(query: Sequence[Word], stored: Sequence[Word]) -> float:
    """How well a query's words stand for a stored name's words, in any order."""
    if not query or not stored:
        return 0.0
    query_roles, stored_roles = patronymics(query), patronymics(stored)
    # Best pairs first; among equal scores a full word before an initial (so that "А."
    # does not take the word "Алесь" from the word that matches it whole), then in order.
    pairs = sorted(
        (
            (
                _word_score_of(q.text, s.text, query_roles[i], stored_roles[j]),
                not q.initial,
                not s.initial,
                -i,
                -j,
            )
            for i, q in enumerate(query)
            for j, s in enumerate(stored)
        ),
        reverse=True,
    )
    scores: dict[int, float] = {}
    used: set[int] = set()
    for score, _query_word, _stored_word, minus_i, minus_j in pairs:
        i, j = -minus_i, -minus_j
        if score <= 0.0:
            break
        if i in scores or j in used:
            continue
        scores[i] = score
        used.add(j)
    total = weights = 0.0
    matched_full_words = sum(1 for i, q in enumerate(query) if i in scores and not q.initial)
    for i, q in enumerate(query):
        weight = INITIAL_WEIGHT if q.initial else 1.0
        if (
            i not in scores
            and matched_full_words >= 2
            and any(PATRONYMIC.search(k) for k in q.keys)
        ):
            weight = PATRONYMIC_WEIGHT
        total += weight * scores.get(i, 0.0)
        weights += weight
    if not matched_full_words:
        return 0.0
    score = total / weights
    full_words = [i for i, q in enumerate(query) if not q.initial]
    if len(full_words) < len(query):
        # Initials are weak evidence: they may not lift a poorly matched surname.
        score = min(score, sum(scores.get(i, 0.0) for i in full_words) / len(full_words))
    unmatched_stored = len(stored) - len(used)
    return max(0.0, score - UNMATCHED_FORM_WORD * min(unmatched_stored, 2))


def name_score(query: str, name: str) -> float:
    """How well a query stands for a stored name, from 0 (unrelated) to 1 (same sounds)."""
    return words_score(parse(query), parse(name))


# Keys


def name_keys(name: str) -> set[str]:
    """The keys a stored name is filed under: its words' keys and given-name groups."""
    keys: set[str] = set()
    for word in parse(name):
        if word.initial:
            continue
        keys.update(word.keys)
        keys.update(GROUP_KEY_PREFIX + group for group in word.groups)
    return keys


def _one_edit_away(key: str) -> Iterator[str]:
    for i in range(len(key)):
        yield key[:i] + key[i + 1 :]
        for letter in KEY_ALPHABET:
            if letter != key[i]:
                yield key[:i] + letter + key[i + 1 :]
        if i + 1 < len(key):
            yield key[:i] + key[i + 1] + key[i] + key[i + 2 :]
    for i in range(len(key) + 1):
        for letter in KEY_ALPHABET:
            yield key[:i] + letter + key[i:]


@dataclass(frozen=True)
class Lookup:
    """What to look up for a query: each key, with the query words it can stand for and
    how good a hit on it is before ranking (1 exact, less for an equivalent or a typo)."""

    words: tuple[Word, ...]
    keys: Mapping[str, tuple[tuple[int, float], ...]]


def lookup(query: str) -> Lookup:
    """The keys to look up for a query, and what a hit on each means. Only the first
    ``QUERY_WORDS_MAX`` words count: no name is longer, and each word costs lookups."""
    parsed = parse(query)[:QUERY_WORDS_MAX]
    found: dict[str, dict[int, float]] = {}

    def add(key: str, index: int, quality: float) -> None:
        qualities = found.setdefault(key, {})
        qualities[index] = max(qualities.get(index, 0.0), quality)

    roles = patronymics(parsed)
    full_words = sum(1 for word in parsed if not word.initial)
    for index, word in enumerate(parsed):
        if word.initial:
            continue
        if roles[index] and full_words >= 3:
            # Thousands share a patronymic: the other words find the candidates, and
            # the patronymic still counts when they are ranked.
            continue
        for group in word.groups:
            add(GROUP_KEY_PREFIX + group, index, GIVEN_NAME_EQUIVALENT)
        for word_key in word.keys:
            if allowed_edits(len(word_key)):
                for neighbour in _one_edit_away(word_key):
                    add(neighbour, index, EDIT_SCORES[1])
        for word_key in word.keys:
            add(word_key, index, 1.0)
    return Lookup(
        words=parsed,
        keys={key: tuple(qualities.items()) for key, qualities in found.items()},
    )


# In memory


PersonId = TypeVar("PersonId", int, str)


@dataclass(frozen=True)
class Match(Generic[PersonId]):
    """A person found for a query: the score and the stored form that matched best."""

    person_id: PersonId
    score: float
    name: str


def rank(
    query: Lookup | str,
    people: Mapping[PersonId, Iterable[str]],
    *,
    limit: int | None = None,
    threshold: float | None = None,
) -> list[Match[PersonId]]:
    """Score every person's forms against the query; the matches, best first."""
    found = query if isinstance(query, Lookup) else lookup(query)
    threshold = MATCH_THRESHOLD if threshold is None else threshold
    cyrillic_query = any(is_cyrillic(word.text) for word in found.words)
    matches = []
    for person_id, names in people.items():
        best_score, best_name = 0.0, ""
        scored: dict[tuple[tuple[str, ...], ...], float] = {}
        for name in names:
            words = parse(name)
            # A person's forms often read alike (Лойка, Loika): score each reading once.
            signature = tuple(word.keys for word in words)
            score = scored.get(signature)
            if score is None:
                score = scored[signature] = words_score(found.words, words)
            # Of equally good forms, show the one in the script of the query.
            if score > best_score or (
                score == best_score
                and score
                and is_cyrillic(name) == cyrillic_query
                and is_cyrillic(best_name) != cyrillic_query
            ):
                best_score, best_name = score, name
        if best_score >= threshold:
            matches.append(Match(person_id=person_id, score=round(best_score, 4), name=best_name))
    matches.sort(key=_match_order)
    return matches[:limit] if limit is not None else matches


def _match_order(match: Match[PersonId]) -> tuple[float, str, PersonId]:
    return (-match.score, match.name, match.person_id)


# Candidates whose quick score is this far below the best are ranked only when the
# better ones give fewer than SECOND_TIER_BELOW matches: they were found through fewer
# of the query's words, so they rarely match and never rank above the first tier.
CANDIDATE_TIER = 0.5
SECOND_TIER_BELOW = 5


def best_candidates(
    found: Lookup, hits: Iterable[tuple[PersonId, str]], *, count: int
) -> tuple[list[PersonId], list[PersonId]]:
    """From ``(person_id, key)`` hits, the ``count`` people most worth ranking, as two
    tiers: those found through (nearly) as many query words as the best, and the rest."""
    found_words: dict[PersonId, dict[int, float]] = {}
    keys = found.keys
    for person_id, key in hits:
        words = found_words.get(person_id)
        if words is None:
            words = found_words[person_id] = {}
        for index, quality in keys.get(key, ()):
            if quality > words.get(index, 0.0):
                words[index] = quality
    coarse = heapq.nlargest(
        count, ((sum(words.values()), person_id) for person_id, words in found_words.items())
    )
    if not coarse:
        return [], []
    floor = coarse[0][0] - CANDIDATE_TIER
    first = [person_id for score, person_id in coarse if score >= floor]
    return first, [person_id for score, person_id in coarse[len(first) :]]


def rank_candidates(
    found: Lookup,
    hits: Iterable[tuple[PersonId, str]],
    *,
    forms_of: Callable[[list[PersonId]], Mapping[PersonId, Iterable[str]]],
    limit: int,
    count: int,
) -> list[Match[PersonId]]:
    """The matches among the people found by key, best first. ``forms_of`` gives the
    written forms of a list of people; the second tier is read and ranked only when the
    first gives fewer than SECOND_TIER_BELOW matches."""
    first, rest = best_candidates(found, hits, count=count)
    matches = rank(found, forms_of(first))
    if len(matches) < min(limit, SECOND_TIER_BELOW) and rest:
        matches += rank(found, forms_of(rest))
        matches.sort(key=_match_order)
    return matches[:limit]


class NameIndex:
    """An in-memory registry of names: what the database does with its key table, for
    evaluation, benchmarks and lists that are not in the database."""

    def __init__(self) -> None:
        self._names: dict[str, list[str]] = {}
        self._people_by_key: dict[str, set[str]] = {}

    def add(self, person_id: str, names: Iterable[str]) -> None:
        stored = self._names.setdefault(person_id, [])
        for name in names:
            if not name or name in stored:
                continue
            stored.append(name)
            for key in name_keys(name):
                self._people_by_key.setdefault(key, set()).add(person_id)

    def __len__(self) -> int:
        return len(self._names)

    def search(self, query: str, limit: int = 5, *, candidates: int = 200) -> list[Match[str]]:
        found = lookup(query)
        hits = (
            (person_id, key) for key in found.keys for person_id in self._people_by_key.get(key, ())
        )
        return rank_candidates(
            found,
            hits,
            forms_of=lambda people: {p: self._names[p] for p in people},
            limit=limit,
            count=candidates,
        )

"""Properties of name matching that hold for any name (hypothesis)."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vestka.names import MATCH_THRESHOLD, NameIndex, lookup, name_keys, name_score
from vestka.names.matching import parse

CYRILLIC = "абвгдеёжзіийклмнопрстуўфхцчшщыьэюяАБВГДЕЁЖЗІИЙКЛМНОПРСТУЎФХЦЧШЩЫЬЭЮЯ'-"
LATIN = "abcdefghijklmnopqrstuvwxyzčšžćńłśźąęóüABCDEFGHIJKLMNOPRSTUVWXYZČŠŽŁ'-"
WORD = st.text(alphabet=CYRILLIC, min_size=2, max_size=14) | st.text(
    alphabet=LATIN, min_size=2, max_size=14
)
NAME = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200)


@settings(max_examples=300, deadline=None)
@given(query=ANY_TEXT, name=ANY_TEXT)
def test_any_two_texts_score_between_nothing_and_the_same(query, name):
    assert 0.0 <= name_score(query, name) <= 1.0
    name_keys(name)
    lookup(query)


@settings(max_examples=300, deadline=None)
@given(name=NAME)
def test_a_name_matches_itself_fully(name):
    # Initials alone are too weak to match anyone, themselves included.
    assume(any(not word.initial for word in parse(name)))
    assert name_score(name, name) == 1.0


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(WORD, min_size=2, max_size=3, unique=True))
def test_word_order_does_not_matter(parts):
    name = " ".join(parts)
    assume(name_score(name, name) == 1.0)
    assert name_score(" ".join(reversed(parts)), name) == 1.0


@settings(max_examples=200, deadline=None)
@given(name=NAME)
def test_upper_and_lower_case_are_the_same_name(name):
    assert name_score(name.upper(), name) == name_score(name.lower(), name)


@settings(max_examples=100, deadline=None)
@given(names=st.lists(NAME, min_size=1, max_size=20), pick=st.data())
def test_the_in_memory_index_finds_every_stored_name_by_itself(names, pick):
    index = NameIndex()
    for number, name in enumerate(names):
        index.add(str(number), [name])
    person = pick.draw(st.integers(0, len(names) - 1))
    assume(name_score(names[person], names[person]) >= MATCH_THRESHOLD)
    found = [match.person_id for match in index.search(names[person], limit=len(names))]
    assert str(person) in found or any(names[int(other)] == names[person] for other in found)

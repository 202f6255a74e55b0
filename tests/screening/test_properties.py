"""Properties of screening that hold for any text at all, hostile or not (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vestka.screening import screen

SEVERITY = {"ok": 0, "info": 0, "warn": 1, "block": 2}
# Letters, digits, punctuation, spaces, controls, combining marks, right-to-left text,
# emoji and lone surrogates' neighbours: everything a form field can carry.
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=600) | st.text(
    alphabet="абвгдеёжзіийклмнопрстуўфхцчшщыьэюя .,!?\n-«»'0123456789", max_size=600
)


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, language=st.sampled_from(["en", "be", "ru"]))
def test_any_text_gets_a_verdict_with_flags_inside_the_text(text, language):
    screening = screen(text, ui_language=language)
    assert screening.verdict in ("ok", "warn", "block")
    assert isinstance(screening.language, str) and screening.language
    for flag in screening.flags:
        assert 0 <= flag.start <= flag.end <= len(text)
        assert flag.severity in ("block", "warn", "info") and flag.message
    worst = max((SEVERITY[f.severity] for f in screening.flags), default=0)
    assert SEVERITY[screening.verdict] == worst


@settings(max_examples=100, deadline=None)
@given(text=ANY_TEXT)
def test_screening_is_the_same_every_time(text):
    assert screen(text).as_dict() == screen(text).as_dict()


@settings(max_examples=100, deadline=None)
@given(text=ANY_TEXT)
def test_explanations_differ_by_language_but_not_what_is_flagged(text):
    def flagged(language):
        return [
            (f.rule, f.severity, f.start, f.end) for f in screen(text, ui_language=language).flags
        ]

    assert flagged("en") == flagged("be") == flagged("ru")

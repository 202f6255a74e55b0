"""The templates and phrases offered to writers are letters that get through themselves."""

import ast
from pathlib import Path

import pytest

from vestka.letters import phrasebook
from vestka.letters.phrasebook import (
    CATEGORIES,
    LETTER_LANGUAGES,
    PHRASES,
    TOPICS,
    phrases_by_category,
    topic_find,
)
from vestka.screening import screen

# A phrase is a fragment: being shorter than a letter is expected, nothing else is.
LENGTH_RULES = {"length.too_short", "length.short"}


def flags_besides_length(text: str) -> list[tuple[str, str]]:
    return [
        (flag.rule, text[flag.start : flag.end])
        for flag in screen(text).flags
        if flag.rule not in LENGTH_RULES
    ]


@pytest.mark.parametrize("language", LETTER_LANGUAGES)
@pytest.mark.parametrize("topic", TOPICS, ids=lambda topic: topic.slug)
def test_every_template_gets_through_screening_in_its_own_language(topic, language):
    result = screen(topic.text(language))
    # Not even a note: no flag at all, not "short", not "is this somebody's name?".
    assert result.flags == [], [(f.rule, f.start, f.end) for f in result.flags]
    assert result.verdict == "ok"
    assert result.language == language


@pytest.mark.parametrize("language", LETTER_LANGUAGES)
@pytest.mark.parametrize("phrase", PHRASES, ids=lambda phrase: phrase.meaning.en)
def test_every_phrase_screens_clean_but_for_its_length(phrase, language):
    text = phrase.text(language)
    assert flags_besides_length(text) == []
    # Too short to tell ("und"), or its own language; never taken for another language,
    # which would ask for a translation.
    assert screen(text).language in (language, "und")


@pytest.mark.parametrize("language", LETTER_LANGUAGES)
def test_a_letter_put_together_from_a_template_and_every_phrase_gets_through(language):
    letter = "\n\n".join(
        [topic_find(slug="everyday").text(language), *(p.text(language) for p in PHRASES)]
    )
    result = screen(letter)
    assert (result.verdict, result.flags) == ("ok", [])


def test_the_phrase_check_would_catch_a_phrase_that_does_not_belong():
    # The checks above can fail: the screener flags what a careless phrasebook might hold.
    assert {rule for rule, _quote in flags_besides_length("Долой режим!")} == {
        "overthrow.call",
        "politics.protest",
    }
    assert ("safety.email", "test@example.org") in flags_besides_length(
        "Пишите мне: test@example.org"
    )


def test_the_templates_writers_need_are_there_with_titles_in_every_ui_language():
    slugs = {topic.slug for topic in TOPICS}
    assert {"first", "birthday", "new_year", "everyday", "books_films"} <= slugs
    assert len(slugs) == len(TOPICS)
    for topic in TOPICS:
        assert all(topic.title.in_language(code) for code in ("en", "be", "ru")), topic.slug
        assert topic.ru != topic.be


def test_the_phrasebook_has_phrases_in_every_category_with_their_meanings():
    assert len(PHRASES) >= 30
    grouped = phrases_by_category()
    assert [category for category, _phrases in grouped] == list(CATEGORIES)
    assert all(phrases for _category, phrases in grouped)
    assert sum(len(phrases) for _category, phrases in grouped) == len(PHRASES)
    assert len({p.ru for p in PHRASES}) == len({p.be for p in PHRASES}) == len(PHRASES)
    for phrase in PHRASES:
        assert phrase.ru and phrase.be, phrase
        assert phrase.meaning.en.isascii(), phrase.meaning.en  # English for an English UI
        assert phrase.meaning.be.startswith(phrase.be)
        assert phrase.meaning.ru.startswith(phrase.ru)


def test_meanings_and_titles_fall_back_to_english_for_other_ui_languages():
    birthday = topic_find(slug="birthday")
    assert birthday.title.in_language("be") == "Дзень нараджэння"
    assert birthday.title.in_language("pl") == "Birthday"
    with_note = next(p for p in PHRASES if p.ru == "С праздником!")
    assert with_note.meaning.in_language("ru") == "С праздником! (с любым праздником)"


def test_unknown_topics_and_languages_are_refused_clearly():
    assert topic_find(slug="war-news") is None
    with pytest.raises(ValueError, match="Russian \\(ru\\) or Belarusian \\(be\\), not 'en'"):
        TOPICS[0].text("en")
    with pytest.raises(ValueError, match="not 'uk'"):
        PHRASES[0].text("uk")


def test_the_phrasebook_is_pure_python():
    tree = ast.parse(Path(phrasebook.__file__).read_text(encoding="utf-8"))
    imported = {
        name.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module)])
    }
    assert not {name for name in imported if name and name.startswith("django")}

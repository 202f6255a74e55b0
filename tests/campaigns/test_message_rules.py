"""Which screening rules hold for a public solidarity message, and which do not."""

import pytest

from vestka.campaigns.message_rules import (
    APPLIED_RULES,
    EXPLANATIONS,
    REFUSED_RULES,
    message_screening,
)
from vestka.screening import RULES, screen


def screened(text, ui_language="en"):
    return message_screening(text, screen(text), ui_language=ui_language)


def test_every_applied_rule_is_a_screening_rule_with_an_explanation_in_each_language():
    assert APPLIED_RULES <= set(RULES)
    for rule in APPLIED_RULES:
        assert set(EXPLANATIONS[rule]) == {"en", "be", "ru"}
        assert all(EXPLANATIONS[rule].values())


@pytest.mark.parametrize(
    "text",
    [
        "We think of you every day. Stay strong!",
        "Myślimy o Tobie. Trzymaj się!",
        "Свабоду Ігару! Мы памятаем.",  # politics and "freedom": fine on a public page
        "Держись!",  # a one-liner is what a message is
        "Free all political prisoners!",
    ],
)
def test_solidarity_in_any_language_with_politics_and_freedom_passes(text):
    assert screened(text).flags == ()


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Call me: +375 29 123-45-67", "safety.phone"),
        ("Write to ala@example.org", "safety.email"),
        ("Read more at https://spam.example.com/offer", "safety.link"),
        ("Пошли вы все на хуй", "swearing.obscene"),
        ("Donate to my paypal", "safety.fundraising"),
    ],
)
def test_leaks_links_and_swearing_refuse_the_message(text, rule):
    result = screened(text)
    assert rule in {flag.rule for flag in result.refused}
    assert all(flag.rule in REFUSED_RULES for flag in result.refused)


def test_hostile_words_go_to_the_moderator_without_refusing():
    result = screened("Менты — фашисты!")
    assert {flag.rule for flag in result.flags} == {"insult.officials"}
    assert result.refused == ()
    assert result.flags[0].quote in ("Менты", "фашисты")


def test_explanations_follow_the_writers_language_and_quote_the_words():
    flag = screened("Звоните +375 29 123-45-67", ui_language="be").refused[0]
    assert flag.message == EXPLANATIONS["safety.phone"]["be"]
    assert flag.quote == "+375 29 123-45-67"

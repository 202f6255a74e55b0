"""Template helpers of the numbers pages."""

from __future__ import annotations

from django import template

from vestka.stats.sections import term_words

register = template.Library()


@register.simple_tag
def term_label(months: int | None) -> str:
    """A prison term in words: "life", "5 years", "2 years 6 months"."""
    return term_words(months)

"""Screening a letter to a prisoner against the rules prison censors apply, and against
what would endanger the prisoner or the sender. Pure Python, no Django.

``screen(text, ui_language=...)`` returns a verdict ("ok", "warn" or "block"), the
letter's language and every flag: the rule, its severity, an explanation in the
writer's language and the span of text it concerns.
"""

from vestka.screening.rules import RULES, Rule
from vestka.screening.screen import Flag, Screening, screen

__all__ = ["RULES", "Flag", "Rule", "Screening", "screen"]

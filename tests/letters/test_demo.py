"""The demo letters: fictional, screened, and spread over the staff queues."""

import pytest

from tests.factories import gomel_colony, prisoner
from vestka.letters.demo import LETTERS, demo_letters
from vestka.letters.models import Letter
from vestka.screening import screen

pytestmark = pytest.mark.django_db


def test_the_everyday_demo_letters_pass_screening():
    assert [screen(text, ui_language="en").verdict for text in LETTERS] == ["ok"] * len(LETTERS)


def test_demo_letters_fill_several_queues_and_log_every_step():
    colony = gomel_colony()
    for number in range(5):
        prisoner(facility=colony, name=f"Демо Человек {number}")
    states = demo_letters(seed=3, count=30)
    assert states.total() == Letter.objects.count() == 30
    assert {"submitted", "approved", "edit_requested", "needs_translation"} <= set(states)
    for letter in Letter.objects.all():
        assert letter.events.count() >= 1
        assert letter.screening["verdict"] in {"ok", "warn", "block"}


def test_no_letters_without_people_to_write_to():
    assert demo_letters(seed=1).total() == 0

import datetime

import pytest
from django.utils import translation

from tests.factories import (
    PersonNameFactory,
    TagFactory,
    gomel_colony,
    minsk_pretrial,
    prisoner,
)
from vestka.registry.models import PersonName


@pytest.fixture(autouse=True)
def _english():
    """Requests leave their language active in the thread; every test starts in English
    so that reverse() and get_absolute_url() give unprefixed addresses."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def colony(db):
    return gomel_colony()


@pytest.fixture
def pretrial(db):
    return minsk_pretrial()


@pytest.fixture
def registry(colony, pretrial):
    """A small fictional registry: people in two facilities, one released, one not recognised."""
    journalist = TagFactory(
        slug="journalist", name_en="Journalist", name_ru="Журналист", name_be="Журналіст"
    )
    alena = prisoner(
        name="Алена Выдуманая",
        facility=colony,
        articles=("342",),
        gender="female",
        detained=datetime.date(2021, 3, 1),
        birth_year=1985,
    )
    PersonNameFactory(person=alena, form=PersonName.Form.RUSSIAN, text="Выдуманная Алёна Петровна")
    PersonNameFactory(person=alena, form=PersonName.Form.LATIN, text="Alena Vydumanaja")
    ihar = prisoner(
        name="Ігар Прыдуманы",
        facility=pretrial,
        articles=("361-1", "130"),
        gender="male",
        detained=datetime.date(2023, 5, 10),
    )
    ihar.tags.add(journalist)
    released = prisoner(
        name="Вольга Вызваленая",
        facility=colony,
        articles=("342",),
        detained=datetime.date(2020, 9, 1),
        released=datetime.date(2022, 9, 1),
    )
    unrecognised = prisoner(
        name="Пётр Непрызнаны",
        facility=pretrial,
        articles=("293",),
        recognised=False,
        gender="male",
    )
    died = prisoner(
        name="Сымон Памерлы",
        facility=colony,
        articles=("342",),
        died=datetime.date(2023, 1, 2),
    )
    return {
        "alena": alena,
        "ihar": ihar,
        "released": released,
        "unrecognised": unrecognised,
        "died": died,
        "journalist": journalist,
    }

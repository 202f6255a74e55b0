import datetime

import pytest
from django.utils import translation

from tests.factories import (
    EventFactory,
    PersonNameFactory,
    SourceFactory,
    TagFactory,
    gomel_colony,
    minsk_pretrial,
    prisoner,
)
from vestka.registry import services
from vestka.registry.models import Event, PersonName


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
    died = prisoner(name="Сымон Памерлы", facility=colony, articles=("342",))
    EventFactory(
        person=died,
        kind=Event.Kind.DIED_IN_CUSTODY,
        date=datetime.date(2023, 1, 2),
        source=SourceFactory(),
    )
    services.person_refresh_custody(person=died)
    return {
        "alena": alena,
        "ihar": ihar,
        "released": released,
        "unrecognised": unrecognised,
        "died": died,
        "journalist": journalist,
    }

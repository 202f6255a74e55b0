import datetime

import pytest
from django.utils import translation

from tests.factories import TagFactory, belarus, gomel_colony, prisoner
from vestka.campaigns.models import Campaign
from vestka.campaigns.services import campaign_create

TODAY = datetime.date(2026, 5, 14)


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def colony(db):
    return gomel_colony()


@pytest.fixture
def journalists(db):
    return TagFactory(slug="journalists", name_en="Journalists", name_be="Журналісты")


@pytest.fixture
def ihar(colony, journalists):
    person = prisoner(name="Ігар Прыдуманы", facility=colony)
    person.tags.add(journalists)
    return person


@pytest.fixture
def alena(colony):
    return prisoner(name="Алена Выдуманая", facility=colony)


def make_campaign(**fields) -> Campaign:
    """A campaign through the service, with defaults for what the test does not say."""
    defaults = {
        "slug": "letters-for-ihar",
        "kind": Campaign.Kind.PERSON,
        "country": belarus(),
        "title_en": "Letters for Ihar",
        "starts_on": datetime.date(2026, 5, 1),
        "ends_on": None,
        "hashtag": "LettersForIhar",
    }
    return campaign_create(**{**defaults, **fields})


@pytest.fixture
def campaign(ihar):
    return make_campaign(people=[ihar], goal_letters=3)

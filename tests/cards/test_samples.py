"""Sample cards in every language, with a photo and with initials, a long name, a released
person and one who died in custody, saved to test-artifacts/ for people to look at."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.conftest import ARTIFACTS
from tests.factories import PersonNameFactory, prisoner
from vestka.cards import services
from vestka.registry.models import PersonName
from vestka.registry.selectors import person_detail

pytestmark = pytest.mark.django_db


def portrait() -> bytes:
    """A fictional portrait: a face-like oval on a gradient (no real person)."""
    image = Image.linear_gradient("L").resize((500, 700)).convert("RGB")
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    draw.ellipse((140, 120, 360, 400), fill=(224, 188, 160))
    draw.rectangle((90, 430, 410, 700), fill=(40, 60, 90))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def named(person, be, ru, lat):
    for form, text in (("be", be), ("ru", ru), ("lat", lat)):
        PersonNameFactory(person=person, form=PersonName.Form(form), text=text)
    return person


@pytest.fixture
def people(db):
    long_name = named(
        prisoner(name="Прыдуманая-Вялікапольская Аляксандра", detained=datetime.date(2020, 8, 9)),
        "Аляксандра-Кацярына Прыдуманая-Вялікапольская",
        "Александра-Екатерина Придуманная-Великопольская",
        "Aliaksandra-Katsiaryna Prydumanaya-Vialikapolskaya",
    )
    with_photo = named(
        prisoner(name="Прыдуманы Ёсіф", detained=datetime.date(2022, 1, 15)),
        "Ёсіф Ўладзь-Прыдуманы",
        "Иосиф Владь-Придуманный",
        "Josif Uladz-Prydumany",
    )
    with_photo.photo.save("portrait.jpg", ContentFile(portrait()), save=True)
    released = named(
        prisoner(
            name="Прыдуманы Вольны",
            detained=datetime.date(2021, 3, 1),
            released=datetime.date(2024, 9, 11),
        ),
        "Міхась Вольны",
        "Михаил Вольный",
        "Mikhas Volny",
    )
    died = named(
        prisoner(
            name="Прыдуманы Памерлы",
            detained=datetime.date(2020, 12, 1),
            died=datetime.date(2021, 5, 21),
        ),
        "Віктар Прыдуманы",
        "Виктор Придуманный",
        "Viktar Prydumany",
    )
    return {"long": long_name, "photo": with_photo, "released": released, "died": died}


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_sample_cards_in_every_language(people, language, settings):
    settings.VESTKA_CARD_HASHTAG = "FreeThemAll"
    ARTIFACTS.mkdir(exist_ok=True)
    for label, person in people.items():
        for size, dimensions in (("og", (1200, 630)), ("square", (1080, 1080))):
            card = services.person_card_render(
                person=person_detail(pk=person.pk), size=size, language=language
            )
            image = Image.open(io.BytesIO(card.png))
            assert image.size == dimensions
            image.save(ARTIFACTS / f"card-{label}-{size}-{language}.png")

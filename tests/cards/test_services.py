import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from tests.cards.conftest import photo_bytes
from tests.factories import prisoner
from vestka.cards import services
from vestka.registry.selectors import person_detail

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return person_detail(pk=prisoner(detained=datetime.date(2021, 3, 1)).pk)


def render(person, size="og", language="en"):
    return services.person_card_render(person=person, size=size, language=language)


def cached_files(settings, person):
    return sorted((settings.VESTKA_CARDS_CACHE / f"people/{person.pk}").glob("*.png"))


def test_a_card_is_drawn_once_then_read_from_the_cache(person):
    first = render(person)
    second = render(person)
    assert not first.cached and second.cached
    assert first.etag == second.etag and first.png == second.png


def test_each_size_and_language_is_cached_apart(person, settings):
    etags = {
        render(person, size, language).etag
        for size in ("og", "square")
        for language in ("en", "be")
    }
    assert len(etags) == 4 and len(cached_files(settings, person)) == 4


def test_the_card_refreshes_when_the_day_count_moves_on(person, settings, monkeypatch):
    today = timezone.localdate()
    first = render(person)
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + datetime.timedelta(days=1))
    later = render(person)
    assert not later.cached and later.etag != first.etag
    # The old picture is removed: one file per size and language.
    assert len(cached_files(settings, person)) == 1


def test_the_card_refreshes_when_the_record_changes(person):
    first = render(person)
    person.name = "Прыдуманы Новы"
    person.save()
    changed = render(person_detail(pk=person.pk))
    assert changed.etag != first.etag and not changed.cached


def test_the_photo_is_drawn_and_a_new_photo_makes_a_new_card(person):
    without = render(person)
    person.photo.save("face.jpg", ContentFile(photo_bytes((10, 200, 10))), save=True)
    with_photo = render(person_detail(pk=person.pk))
    assert with_photo.etag != without.etag
    image = Image.open(io.BytesIO(with_photo.png)).convert("RGB")
    r, g, b = image.getpixel((120, 245))
    assert g > 150 and r < 60


def test_a_page_card_for_a_campaign_takes_title_subtitle_hashtag_and_link(settings):
    card = services.page_card_render(
        folder="campaigns/1",
        size="square",
        language="en",
        title="Letters for journalists",
        subtitle="Every journalist behind bars gets five letters this month",
        hashtag="PressFreedom",
        link="https://vestka.example/campaigns/1/",
        extra=("2026-12-01T10:00",),
    )
    assert Image.open(io.BytesIO(card.png)).size == (1080, 1080)
    assert services.page_card_render(
        folder="campaigns/1",
        size="square",
        language="en",
        title="Letters for journalists",
        subtitle="Every journalist behind bars gets five letters this month",
        hashtag="PressFreedom",
        link="https://vestka.example/campaigns/1/",
        extra=("2026-12-01T10:00",),
    ).cached

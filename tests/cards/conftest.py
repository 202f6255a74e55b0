import io

import pytest
from django.utils import translation
from PIL import Image


@pytest.fixture(autouse=True)
def _card_settings(settings):
    """Cards as an installation without its own hashtag draws them (the folder is the
    test's own: tests/conftest.py)."""
    settings.VESTKA_CARD_HASHTAG = ""
    settings.SITE_URL = "https://vestka.example"


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.activate("en")


def photo_bytes(colour=(200, 40, 160), size=(400, 600), fmt="JPEG") -> bytes:
    """A fictional 'photo': one colour, taller than wide like a portrait."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()

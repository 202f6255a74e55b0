import io

import pytest
import segno
from PIL import Image

from tests.cards.conftest import photo_bytes
from vestka.cards import drawing

LINK = "https://vestka.example/be/people/12/"


def card(size="og", **fields):
    content = drawing.CardContent(
        **{
            "title": "Ігар Прыдуманы",
            "headline": "1 234 дзён за кратамі",
            "subline": "з 1 сакавіка 2021 г.",
            "hashtag": "#FreeThemAll",
            "link": LINK,
            "initials": "ІП",
            **fields,
        }
    )
    return Image.open(io.BytesIO(drawing.card_render(content, size=size))).convert("RGB")


@pytest.mark.parametrize(("size", "dimensions"), [("og", (1200, 630)), ("square", (1080, 1080))])
def test_cards_are_png_of_the_open_graph_and_square_sizes(size, dimensions):
    assert card(size).size == dimensions


def test_an_unknown_size_is_refused_naming_the_sizes():
    with pytest.raises(drawing.UnknownSize, match="og, square"):
        drawing.card_render(drawing.CardContent(title="x"), size="huge")


def test_text_is_set_in_the_vendored_dejavu_fonts_which_have_belarusian_letters():
    assert drawing.REGULAR.is_file() and drawing.BOLD.is_file()
    face = drawing.font(drawing.BOLD, 40)
    # A missing glyph would be drawn as the same empty box for every letter.
    boxes = {face.getmask(letter).getbbox() for letter in "ўіё"}
    assert None not in boxes and len(boxes) > 1


def _portrait_sample(image, size="og"):
    box = drawing.LAYOUTS[size].portrait
    # Inside the disc, left of the initials.
    return image.getpixel((box.left + box.width // 6, box.top + box.width // 2))


def test_without_a_photo_the_initials_sit_on_a_disc_of_their_colour():
    assert _portrait_sample(card()) == drawing.disc_colour("ІП")


def test_a_photo_fills_the_portrait():
    sample = _portrait_sample(card(photo=photo_bytes((200, 40, 160))))
    assert all(abs(a - b) < 12 for a, b in zip(sample, (200, 40, 160), strict=True))


def test_a_photo_that_is_not_an_image_falls_back_to_the_initials():
    assert _portrait_sample(card(photo=b"not a picture")) == drawing.disc_colour("ІП")


@pytest.mark.parametrize("size", drawing.SIZES)
def test_the_qr_code_encodes_the_page_link(size):
    image = card(size)
    box = drawing.LAYOUTS[size].qr
    code = segno.make(LINK, error="m", boost_error=False)
    modules = code.symbol_size(scale=1, border=2)[0]
    scale = box.width // modules
    offset = (box.width - modules * scale) // 2
    for y, row in enumerate(code.matrix):
        for x, dark in enumerate(row):
            pixel = image.getpixel(
                (
                    box.left + offset + (x + 2) * scale + scale // 2,
                    box.top + offset + (y + 2) * scale + scale // 2,
                )
            )
            assert (pixel == (0, 0, 0)) == bool(dark), (x, y)


def test_long_names_wrap_into_at_most_three_lines_that_fit():
    face, lines = drawing.fit(
        "Аляксандра-Кацярына Уладзіміраўна Прыдуманая-Вялікапольская Іванова-Пятровіч",
        path=drawing.BOLD,
        width=700,
        max_lines=3,
        sizes=(68, 34),
        height=240,
    )
    assert 1 < len(lines) <= 3
    assert all(face.getlength(line) <= 700 for line in lines)
    assert face.size < 68


def test_a_word_longer_than_the_line_is_broken_not_overflowing():
    face = drawing.font(drawing.BOLD, 60)
    lines = drawing.wrap("Ааааааааааааааааааааааааааааааааааааа", face, 400)
    assert len(lines) > 1 and all(face.getlength(line) <= 400 for line in lines)


def test_text_that_cannot_fit_is_cut_with_an_ellipsis():
    face, lines = drawing.fit(
        "слова " * 60, path=drawing.BOLD, width=300, max_lines=2, sizes=(40, 30), height=200
    )
    assert len(lines) == 2 and lines[-1].endswith("…")


def test_initials_are_taken_from_the_name_shown():
    assert drawing.initials_of("Pavel Liaukou") == "PL"
    assert drawing.initials_of("Ляўкоў-Шмідт Павел") == "ЛШ"

"""A batch's PDF: every letter in order with its reference, the envelopes or labels with
the fixed addresses, extractable Cyrillic text, and the same bytes every time."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from tests.factories import gomel_colony, prisoner
from tests.letters.helpers import RETURN_ADDRESS, approved_letter, named_prisoner, release
from vestka.letters import printing
from vestka.letters.dispatch import batch_create, batch_letter_remove, batch_post
from vestka.letters.models import Batch, Letter
from vestka.letters.printing import PrintRefused, batch_pdf

pytestmark = pytest.mark.django_db

BELARUSIAN = (
    "Прывітанне, Алёна! У нас увесь тыдзень ішоў снег, і ўчора мы з сястрой лепілі "
    "снегавіка. Я чытаю «Новую зямлю» Коласа і ўспамінаю, як ты расказвала пра вёску. "
    "Што ты цяпер чытаеш? Якія кнігі табе даслаць? Абдымаю і чакаю ліста."
)
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(autouse=True)
def _return_address(settings):
    settings.VESTKA_RETURN_ADDRESS = RETURN_ADDRESS


@pytest.fixture
def colony(db):
    return gomel_colony()


@pytest.fixture
def dispatcher(django_user_model):
    return django_user_model.objects.create_user("dispatcher", is_staff=True)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in read(pdf).pages]


def flat(text: str) -> str:
    """Extracted text with line breaks and no-break spaces as plain spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def page_size_mm(page) -> tuple[int, int]:
    return round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)


def make_batch(colony, dispatcher, *, envelope="c6", letters=2, **letter_fields) -> Batch:
    person = named_prisoner("Выдуманная Алёна Петровна", facility=colony, birth_year=1985)
    for number in range(letters):
        fields = {"sender_name": f"Ала {number + 1}", "text": BELARUSIAN, **letter_fields}
        approved_letter(person, **fields)
    return batch_create(facility=colony, actor=dispatcher, envelope=envelope)


def test_each_letter_is_printed_with_recipient_text_sender_and_reference(colony, dispatcher):
    batch = make_batch(colony, dispatcher)
    texts = page_texts(batch_pdf(batch=batch))
    assert len(texts) == 4  # two one-page letters, two C6 envelopes
    for number, text in enumerate(texts[:2], start=1):
        body = flat(text)
        assert "Выдуманная Алёна Петровна, 1985 г. р." in body
        assert flat(BELARUSIAN) in body  # ў, і and the rest, extractable
        assert f"Ала {number}" in body
        assert f"B{batch.pk}-{number} · 1" in body


def test_the_translation_is_printed_instead_of_the_original(colony, dispatcher):
    batch = make_batch(colony, dispatcher, letters=1, translation="Привет! Как ты? Что читаешь?")
    Letter.objects.update(text="Hello! How are you? What are you reading?")
    text = flat(page_texts(batch_pdf(batch=batch))[0])
    assert "Привет! Как ты? Что читаешь?" in text and "Hello" not in text


def test_c6_and_dl_envelopes_carry_the_fixed_addresses(colony, dispatcher):
    for envelope, size in (("c6", (162, 114)), ("dl", (220, 110))):
        Letter.objects.all().delete()
        batch = make_batch(colony, dispatcher, envelope=envelope, letters=1)
        pdf = read(batch_pdf(batch=batch))
        letter_page, envelope_page = pdf.pages
        assert page_size_mm(letter_page) == (210, 297)
        assert page_size_mm(envelope_page) == size
        text = envelope_page.extract_text()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[: len(RETURN_ADDRESS)] == RETURN_ADDRESS
        block = [flat(line) for line in lines[len(RETURN_ADDRESS) :]]
        assert block[:5] == [
            "Выдуманная Алёна Петровна, 1985 г. р.",
            "246035, г. Гомель",
            "ул. Антошкина, 3",
            "ИК-4",
            "REPUBLIC OF BELARUS",
        ]
        assert f"B{batch.pk}-1" in text


def test_the_return_address_is_top_left_and_the_recipient_bottom_right(colony, dispatcher):
    batch = make_batch(colony, dispatcher, letters=1)
    envelope = read(batch_pdf(batch=batch)).pages[1]
    where: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            where.setdefault(text.strip(), (tm[4] / MM, tm[5] / MM))

    envelope.extract_text(visitor_text=visit)
    x_return, y_return = where[RETURN_ADDRESS[0]]
    x_country, y_country = where["REPUBLIC OF BELARUS"]
    assert x_return < 20 and y_return > 95  # PDF y grows upwards; the page is 114 mm high
    assert x_country > 162 * 0.38 and y_country < 30


def test_labels_fill_a4_sheets_of_3_by_8(colony, dispatcher):
    batch = make_batch(colony, dispatcher, envelope="labels", letters=25)
    pdf = read(batch_pdf(batch=batch))
    assert len(pdf.pages) == 25 + 2  # letters, then 24 labels and 1 on a second sheet
    sheet = pdf.pages[25]
    assert page_size_mm(sheet) == (210, 297)
    text = sheet.extract_text()
    assert text.count("REPUBLIC OF BELARUS") == 24
    assert flat(text).count("Выдуманная Алёна Петровна, 1985 г. р.") == 24
    assert pdf.pages[26].extract_text().count("REPUBLIC OF BELARUS") == 1


def test_rebuilding_a_batch_gives_the_same_bytes(colony, dispatcher):
    batch = make_batch(colony, dispatcher, letters=3)
    first = batch_pdf(batch=batch)
    assert batch_pdf(batch=Batch.objects.get(pk=batch.pk)) == first
    assert read(first).metadata.creation_date.replace(tzinfo=None) == (
        batch.created_at.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    )
    # Nothing about the batch's people travels in the metadata.
    assert not (read(first).metadata.title or read(first).metadata.author)


def test_a_posted_batch_reprints_the_same_letters(colony, dispatcher):
    batch = make_batch(colony, dispatcher, letters=3)
    removed = batch.letters.get(batch_position=2)
    batch_letter_remove(batch=batch, letter_id=removed.pk, actor=dispatcher, reason="moved")
    before = batch_pdf(batch=batch)
    batch_post(batch=batch, actor=dispatcher)
    after = batch_pdf(batch=batch)
    assert after == before
    texts = [flat(text) for text in page_texts(after)]
    assert any(f"B{batch.pk}-3 · 1" in text for text in texts)
    assert not any(f"B{batch.pk}-2 " in text for text in texts)


def test_long_letters_wrap_over_pages_and_long_words_do_not_break_the_batch(colony, dispatcher):
    endless_word = "Ў" * 500
    url_like = "https://example.org/" + "a" * 300
    long_text = "\n\n".join([BELARUSIAN] * 40 + [endless_word, url_like, "\tТаб\r\nі\x07 😀"])
    batch = make_batch(colony, dispatcher, letters=1, text=long_text)
    texts = page_texts(batch_pdf(batch=batch))
    letter_pages = [text for text in texts if f"B{batch.pk}-1 · " in text]
    assert len(letter_pages) >= 4
    assert [f"B{batch.pk}-1 · {n}" in letter_pages[n - 1] for n in range(1, 5)] == [True] * 4
    everything = "".join(texts)
    assert everything.count("Ў") >= 500  # cut over lines, none lost
    assert "Ала 1" in letter_pages[-1]  # the signature ends the letter


def test_characters_the_font_lacks_are_marked_not_dropped(colony, dispatcher):
    batch = make_batch(colony, dispatcher, letters=1, text="Прывітанне 中文 з Мінска")
    text = flat(page_texts(batch_pdf(batch=batch))[0])
    assert "Прывітанне \ufffd\ufffd з Мінска" in text


def test_an_empty_batch_cannot_be_printed(colony, dispatcher):
    batch = make_batch(colony, dispatcher, letters=1)
    batch_letter_remove(
        batch=batch, letter_id=batch.letters.get().pk, actor=dispatcher, reason="moved"
    )
    with pytest.raises(PrintRefused, match=f"Batch #{batch.pk} has no letters"):
        batch_pdf(batch=batch)


def test_a_batch_for_delivery_on_release_has_letters_but_no_envelopes(colony, dispatcher):
    person = prisoner(name="Свободная Вера", facility=colony, birth_year=1970)
    approved_letter(person, route=Letter.Route.KEEP_FOR_RELEASE, text=BELARUSIAN)
    release(person)
    batch = batch_create(facility=None, actor=dispatcher)
    texts = page_texts(batch_pdf(batch=batch))
    assert len(texts) == 1 and "Свободная Вера, 1970 г. р." in flat(texts[0])


def test_wrapping_keeps_every_word_and_respects_the_width():
    def measure(text: str) -> float:
        return float(len(text))

    lines = printing._wrap("один два три\n\nчатыры " + "x" * 25, 10, measure)
    assert lines == ["один два", "три", "", "чатыры", "x" * 10, "x" * 10, "x" * 5]

"""A batch as one print-ready PDF: every letter on A4, then the envelopes (C6 or DL, one
per letter) or a sheet of address labels, in the batch's order.

Everything printed comes from what the batch fixed when it was made (the recipient line
of each letter, the facility's address, the organisation's return address) and the PDF's
dates come from the batch, so building it again gives the same bytes: a lost or spoiled
print can be rebuilt and matched page for page. All of it is read once, as a
``BatchPrint``, whose digest names exactly what a PDF was printed from; the background
worker keeps the printed PDF under that digest (``letters.batch_pdfs``).

Lines are wrapped here rather than by fpdf2's ``multi_cell``: measuring each word once
keeps a 1,000-letter batch to a few seconds (``multi_cell`` measures a line again for every
character it adds), and a word wider than the line is cut wherever it must, so no text
can stop a batch from printing.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import TTFFont

from vestka.letters.models import Batch, Letter

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"

A4 = (210.0, 297.0)
ENVELOPES = {  # width × height in mm, landscape
    Batch.Envelope.C6: (162.0, 114.0),
    Batch.Envelope.DL: (220.0, 110.0),
}
LABEL_SIZE = (70.0, 37.0)
LABEL_COLUMNS, LABEL_ROWS = 3, 8

# Letter pages (mm and points).
LEFT, RIGHT, TOP, BOTTOM = 25.0, 20.0, 20.0, 22.0
BODY_PT, BODY_LEADING = 11.0, 5.6
HEADING_PT = 12.0
REFERENCE_PT = 7.0
GREY = 120
PT = 25.4 / 72  # one point in mm

# Part of every print's digest: change it whenever a change to this module changes the
# pages, so that PDFs stored before are printed again rather than handed out.
LAYOUT = 1


class PrintRefused(ValueError):
    """A batch that cannot be printed; the message says why."""


def letter_reference(*, batch_id: int, position: int | None) -> str:
    """The small mark on a letter's pages and its envelope ("B12-3": batch 12, letter 3),
    so that a dispatcher can match pages and envelopes."""
    return f"B{batch_id}-{position}"


@dataclass(frozen=True)
class _Printed:
    reference: str
    recipient: str
    body: str
    sender: str


class _BatchPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(unit="mm", format="A4")
        self.measures: dict[tuple[str, float], Callable[[str], float]] = {}
        self.set_auto_page_break(False)
        self.set_margins(LEFT, TOP, RIGHT)
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))


@dataclass(frozen=True)
class BatchPrint:
    """Everything a batch's PDF is printed from, read at one moment: the batch's fixed
    addresses and envelopes and its letters in order."""

    batch: Batch
    letters: tuple[_Printed, ...]
    letter_ids: tuple[int, ...]

    @cached_property
    def digest(self) -> str:
        """SHA-256 of everything printed (and of the layout's version): two prints with
        the same digest are the same bytes; any change to a letter, its place in the
        batch, a text, an address or the envelopes changes it."""
        batch = self.batch
        described = {
            "layout": LAYOUT,
            "batch": batch.pk,
            "made": _as_utc(batch.created_at).isoformat(),
            "facility": batch.facility_id is not None,
            "envelope": batch.envelope,
            "address": batch.address,
            "return_address": batch.return_address,
            "letters": [
                [pk, letter.reference, letter.recipient, letter.body, letter.sender]
                for pk, letter in zip(self.letter_ids, self.letters, strict=True)
            ],
        }
        encoded = json.dumps(described, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()


def batch_printed(*, batch: Batch) -> BatchPrint:
    """What the batch's PDF is printed from, as it is now, in one query.

    PrintRefused when the batch has no letters, or when the texts of some of its letters
    were deleted on schedule after posting (a reprint would have blank letters)."""
    letters = list(
        Letter.objects.filter(batch=batch, batch_position__isnull=False)
        .order_by("batch_position")
        .only(
            "pk",
            "batch_position",
            "recipient",
            "text",
            "translation",
            "sender_name",
            "text_purged_at",
        )
    )
    if not letters:
        raise PrintRefused(_("Batch #%(batch)d has no letters to print.") % {"batch": batch.pk})
    purged = [letter.pk for letter in letters if letter.text_purged_at is not None]
    if purged:
        raise PrintRefused(
            _(
                "Batch #%(batch)d can no longer be printed: the texts of its letters "
                "(%(ids)s) were deleted on schedule after posting."
            )
            % {"batch": batch.pk, "ids": ", ".join(str(pk) for pk in purged)}
        )
    return BatchPrint(
        batch=batch,
        letters=tuple(
            _Printed(
                reference=letter_reference(batch_id=batch.pk, position=letter.batch_position),
                recipient=letter.recipient,
                body=letter.translation.strip() or letter.text,
                sender=letter.sender_name,
            )
            for letter in letters
        ),
        letter_ids=tuple(letter.pk for letter in letters),
    )


def batch_pdf(*, batch: Batch) -> bytes:
    """The batch's letters in batch order, each starting on a new A4 page, followed by one
    envelope per letter (C6 or DL) or A4 sheets of 3 × 8 address labels. A batch for
    delivery on release has no envelopes: the organisation hands its letters over.

    Deterministic: the same batch gives the same bytes. PrintRefused as
    ``batch_printed``.
    """
    return batch_print_render(batch_printed(batch=batch))


def batch_print_render(printed: BatchPrint) -> bytes:
    """The PDF of what was read: the same ``BatchPrint`` (the same digest) always gives
    the same bytes."""
    batch = printed.batch
    pdf = _BatchPDF()
    # No title, author or subject: a PDF's metadata travels further than its pages.
    pdf.set_creation_date(_as_utc(batch.created_at))
    pdf.set_producer("Vestka")
    letters = list(printed.letters)
    for letter in letters:
        _letter_pages(pdf, letter)
    address = _lines(batch.address)
    return_address = _lines(batch.return_address)
    if batch.facility_id is not None:
        if batch.envelope == Batch.Envelope.LABELS:
            _label_sheets(pdf, letters, address)
        else:
            size = ENVELOPES.get(Batch.Envelope(batch.envelope), ENVELOPES[Batch.Envelope.C6])
            for letter in letters:
                _envelope(pdf, letter, address, return_address, size)
    return bytes(pdf.output())


def _as_utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- letters -----------------------------------------------------------------------------


def _letter_pages(pdf: _BatchPDF, letter: _Printed) -> None:
    width = pdf.w - LEFT - RIGHT
    page = 1
    _letter_page(pdf, f"{letter.reference} · {page}")
    y = TOP + HEADING_PT * PT

    pdf.set_font(FAMILY, "B", HEADING_PT)
    heading = _printable(pdf, letter.recipient)
    for line in _wrap(heading, width, _measure(pdf, "B", HEADING_PT)):
        pdf.text(LEFT, y, line)
        y += HEADING_PT * PT * 1.3
    y += BODY_LEADING

    pdf.set_font(FAMILY, "", BODY_PT)
    measure = _measure(pdf, "", BODY_PT)
    body = _wrap(_printable(pdf, letter.body), width, measure)
    body += ["", *_wrap(_printable(pdf, letter.sender), width, measure)]
    for line in body:
        if y > pdf.h - BOTTOM:
            page += 1
            _letter_page(pdf, f"{letter.reference} · {page}")
            pdf.set_font(FAMILY, "", BODY_PT)
            y = TOP + BODY_PT * PT
        if line:
            pdf.text(LEFT, y, line)
        y += BODY_LEADING


def _letter_page(pdf: _BatchPDF, reference: str) -> None:
    """A new A4 page with the letter's reference small and grey at the bottom right."""
    pdf.add_page(format="A4")
    pdf.set_font(FAMILY, "", REFERENCE_PT)
    pdf.set_text_color(GREY)
    pdf.text(pdf.w - RIGHT - pdf.get_string_width(reference), pdf.h - 10, reference)
    pdf.set_text_color(0)


# --- envelopes and labels -----------------------------------------------------------------


def _envelope(
    pdf: _BatchPDF,
    letter: _Printed,
    address: list[str],
    return_address: list[str],
    size: tuple[float, float],
) -> None:
    """Return address small, top left; recipient block bottom right; the reference tiny
    in the bottom-left corner."""
    width, height = size
    pdf.add_page(format=size)
    margin = 10.0
    pdf.set_font(FAMILY, "", 8)
    y = margin + 8 * PT
    for line in _wrap_all(pdf, return_address, width * 0.45, "", 8):
        pdf.text(margin, y, line)
        y += 8 * PT * 1.25

    x = width * 0.4
    block_width = width - margin - x
    bottom = height - margin - 4
    top_limit = height * 0.38
    size_pt, recipient, rest, leading = _fit_block(
        pdf, letter.recipient, address, block_width, bottom - top_limit, (11, 10, 9, 8, 7), 1.35
    )
    y = bottom - leading * (len(recipient) + len(rest) - 1)
    pdf.set_font(FAMILY, "B", size_pt)
    for line in recipient:
        pdf.text(x, y, line)
        y += leading
    pdf.set_font(FAMILY, "", size_pt)
    for line in rest:
        pdf.text(x, y, line)
        y += leading

    pdf.set_font(FAMILY, "", 6)
    pdf.set_text_color(GREY)
    pdf.text(margin, height - 5, letter.reference)
    pdf.set_text_color(0)


def _label_sheets(pdf: _BatchPDF, letters: list[_Printed], address: list[str]) -> None:
    label_width, label_height = LABEL_SIZE
    per_sheet = LABEL_COLUMNS * LABEL_ROWS
    top = (A4[1] - LABEL_ROWS * label_height) / 2
    padding = 4.0
    for index, letter in enumerate(letters):
        if index % per_sheet == 0:
            pdf.add_page(format="A4")
        slot = index % per_sheet
        x0 = (slot % LABEL_COLUMNS) * label_width
        y0 = top + (slot // LABEL_COLUMNS) * label_height
        text_width = label_width - 2 * padding
        size_pt, recipient, rest, leading = _fit_block(
            pdf,
            letter.recipient,
            address,
            text_width,
            label_height - 2 * padding - 2,
            (9, 8, 7, 6, 5),
            1.25,
        )
        y = y0 + padding + size_pt * PT + 1.5
        pdf.set_font(FAMILY, "B", size_pt)
        for line in recipient:
            pdf.text(x0 + padding, y, line)
            y += leading
        pdf.set_font(FAMILY, "", size_pt)
        for line in rest:
            pdf.text(x0 + padding, y, line)
            y += leading
        pdf.set_font(FAMILY, "", 5)
        pdf.set_text_color(GREY)
        width = pdf.get_string_width(letter.reference)
        pdf.text(x0 + label_width - padding - width, y0 + padding - 0.5, letter.reference)
        pdf.set_text_color(0)


def _fit_block(
    pdf: _BatchPDF,
    recipient_line: str,
    address: list[str],
    width: float,
    height: float,
    sizes: tuple[float, ...],
    spacing: float,
) -> tuple[float, list[str], list[str], float]:
    """The recipient block at the largest size at which the name stays on one line and
    the block fits; failing that, the largest at which it fits with the name wrapped;
    failing that, the smallest. Returns (size, name lines, address lines, leading)."""
    text = _printable(pdf, recipient_line)
    fits = []
    for size_pt in sizes:
        recipient = _wrap(text, width, _measure(pdf, "B", size_pt))
        rest = _wrap_all(pdf, address, width, "", size_pt)
        leading = size_pt * PT * spacing
        fit = (float(size_pt), recipient, rest, leading)
        if leading * (len(recipient) + len(rest)) <= height:
            fits.append((len(recipient) > 1, -size_pt, fit))
    if not fits:
        return fit
    return min(fits, key=lambda candidate: candidate[:2])[2]


# --- text ----------------------------------------------------------------------------------


def _measure(pdf: _BatchPDF, style: str, size_pt: float) -> Callable[[str], float]:
    """The width in mm of a string in this style and size, remembered per string."""
    key = (style, size_pt)
    if key not in pdf.measures:
        font = pdf.fonts[f"{FAMILY.lower()}{style}"]
        assert isinstance(font, TTFFont)
        widths = font.cw
        scale = size_pt * 0.001 * PT  # glyph widths are in thousandths of an em

        @cache
        def measure(text: str) -> float:
            return sum(widths[ord(ch)] for ch in text) * scale

        pdf.measures[key] = measure
    return pdf.measures[key]


def _printable(pdf: _BatchPDF, text: str) -> str:
    """The text with line ends made plain, tabs as spaces, control characters dropped
    and characters the font has no glyph for shown as U+FFFD, so that nothing vanishes
    without a trace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    cmap = _font_cmap(pdf)
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        elif ord(ch) in cmap:
            out.append(ch)
        elif unicodedata.category(ch) == "Zs":  # a space the font lacks
            out.append(" ")
        else:
            out.append("\ufffd" if 0xFFFD in cmap else "?")
    return "".join(out)


def _font_cmap(pdf: _BatchPDF) -> dict[int, str]:
    font = pdf.fonts[FAMILY.lower()]
    assert isinstance(font, TTFFont)
    return font.cmap


def _wrap_all(
    pdf: _BatchPDF, lines: Iterable[str], width: float, style: str, size_pt: float
) -> list[str]:
    measure = _measure(pdf, style, size_pt)
    return [part for line in lines for part in _wrap(_printable(pdf, line), width, measure)]


def _wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the line is cut where it must
    be. Paragraphs (line ends) are kept."""
    lines: list[str] = []
    space = measure(" ")
    for paragraph in text.split("\n"):
        line: list[str] = []
        line_width = 0.0
        for word in paragraph.split(" "):
            word_width = measure(word)
            if line and line_width + space + word_width <= width:
                line.append(word)
                line_width += space + word_width
                continue
            if line:
                lines.append(" ".join(line).rstrip())
            while word_width > width:
                head, word = _cut(word, width, measure)
                lines.append(head)
                word_width = measure(word)
            line, line_width = [word], word_width
        lines.append(" ".join(line).rstrip())
    return lines


def _cut(word: str, width: float, measure: Callable[[str], float]) -> tuple[str, str]:
    """The longest start of a word that fits the width (at least one character)."""
    used = 0.0
    for index, ch in enumerate(word):
        used += measure(ch)
        if used > width:
            return word[: max(index, 1)], word[max(index, 1) :]
    return word, ""

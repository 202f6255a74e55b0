"""Share cards drawn with Pillow: a name, a photo or initials, the days behind bars, a
hashtag and the page's link as text and as a QR code.

No Django import: the caller decides every word (already translated) and this module
only lays them out, so it is tested and benchmarked alone. Text is set in the DejaVu
Sans that Vestka vendors (Belarusian ў and і, Russian ё), never a system font.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

FONTS = Path(__file__).resolve().parent.parent / "letters" / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
# Bumped whenever the drawing changes, so cached cards are drawn again.
RENDERER_VERSION = 2

BACKGROUND = (29, 36, 48)
TEXT = (255, 255, 255)
MUTED = (196, 202, 212)
# The headline's colour says how the story stands: held now, free, or dead.
TONES = {"held": (242, 169, 0), "free": (143, 209, 139), "mourning": (222, 222, 222)}
HASHTAG = (140, 196, 232)
# Dark, saturated discs behind initials; white initials read on each.
DISCS = ((36, 80, 110), (138, 44, 31), (47, 95, 44), (94, 53, 120), (120, 78, 20), (20, 100, 100))

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class CardContent:
    """What one card says, every word already in the card's language."""

    title: str  # the person's name, or a campaign's title
    headline: str = ""  # "1,234 days behind bars", "Released after 730 days"
    subline: str = ""  # "behind bars since 1 March 2021", a campaign's subtitle
    hashtag: str = ""  # "#FreeThemAll", or ""
    link: str = ""  # the page's absolute address, shown as text and as a QR code
    initials: str = ""  # shown on a coloured disc when there is no photo
    photo: bytes | None = None  # an image file's bytes (any format Pillow reads)
    brand: str = "Vestka"
    tone: str = "held"  # a key of TONES


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    portrait: Box  # the photo or initials disc (a square)
    text: Box  # brand, title, headline, subline
    centred: bool  # text centred in its box (square cards) or set left (wide cards)
    title_sizes: tuple[int, int]  # largest and smallest title font size
    footer: Box  # hashtag and link text, left of the QR code
    qr: Box  # a square


LAYOUTS = {
    "og": Layout(
        width=1200,
        height=630,
        portrait=Box(60, 90, 370, 400),
        text=Box(420, 56, 1140, 410),
        centred=False,
        title_sizes=(68, 34),
        footer=Box(60, 440, 960, 574),
        qr=Box(1000, 430, 1140, 570),
    ),
    "square": Layout(
        width=1080,
        height=1080,
        portrait=Box(360, 130, 720, 490),
        text=Box(70, 60, 1010, 830),
        centred=True,
        title_sizes=(76, 38),
        footer=Box(70, 870, 830, 1016),
        qr=Box(850, 846, 1016, 1012),
    ),
}
SIZES = tuple(LAYOUTS)


class UnknownSize(ValueError):
    """A card size that is not one of SIZES."""


@cache
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _text_width(text: str, face: ImageFont.FreeTypeFont) -> float:
    return face.getlength(text)


def _ellipsised(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """The text cut at the end with "…" so that it fits the width."""
    if _text_width(text, face) <= width:
        return text
    while text and _text_width(text + "…", face) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words set into lines no wider than the width; a word wider than a line is
    broken (hyphenated names are broken after the hyphen first)."""
    words = text.replace("-", "- ").split()
    lines: list[str] = []
    line = ""
    for word in words:
        joiner = "" if line.endswith("-") else " "
        candidate = f"{line}{joiner}{word}" if line else word
        if _text_width(candidate, face) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while _text_width(word, face) > width:
            cut = len(word) - 1
            while cut > 1 and _text_width(word[:cut], face) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit(
    text: str, *, path: Path, width: int, max_lines: int, sizes: tuple[int, int], height: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size (within sizes) at which the text wraps into at most
    max_lines lines of the width and the given height; at the smallest size the last
    line is ellipsised."""
    largest, smallest = sizes
    for size in range(largest, smallest - 1, -2):
        face = font(path, size)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines and len(lines) * _line_height(face) <= height:
            return face, lines
    face = font(path, smallest)
    lines = wrap(text, face, width)
    fitting = max(1, min(max_lines, height // _line_height(face)))
    if len(lines) > fitting:
        lines = lines[:fitting]
        lines[-1] = _ellipsised(lines[-1] + "…", face, width)
    return face, lines


def _line_height(face: ImageFont.FreeTypeFont) -> int:
    ascent, descent = face.getmetrics()
    return int((ascent + descent) * 1.08)


def initials_of(name: str) -> str:
    """The first letters of a name's first two words: "Pavel Liaukou" → "PL"."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper()


def disc_colour(initials: str) -> Colour:
    """A colour for the initials disc, the same for the same initials."""
    digest = hashlib.sha256(initials.encode()).digest()
    return DISCS[digest[0] % len(DISCS)]


def _circle_mask(size: int) -> Image.Image:
    # Drawn four times larger and scaled down for a smooth edge.
    big = Image.new("L", (size * 4, size * 4), 0)
    ImageDraw.Draw(big).ellipse((0, 0, size * 4 - 1, size * 4 - 1), fill=255)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def _photo(data: bytes, size: int) -> Image.Image | None:
    """The photo cropped to a square around its upper middle (where faces are), or None
    when the bytes are not an image Pillow can read."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS, centering=(0.5, 0.35))


def _initials_disc(initials: str, size: int) -> Image.Image:
    disc = Image.new("RGB", (size, size), disc_colour(initials))
    draw = ImageDraw.Draw(disc)
    text = initials[:3] or "?"
    face = font(BOLD, int(size * (0.42 if len(text) < 3 else 0.32)))
    draw.text((size / 2, size / 2), text, font=face, fill=TEXT, anchor="mm")
    return disc


def _portrait(card: Image.Image, content: CardContent, box: Box) -> None:
    size = box.width
    picture = _photo(content.photo, size) if content.photo else None
    if picture is None:
        picture = _initials_disc(content.initials, size)
    card.paste(picture, (box.left, box.top), _circle_mask(size))


def _qr(card: Image.Image, link: str, box: Box) -> None:
    code = segno.make(link, error="m", boost_error=False)
    quiet = 2
    modules = int(code.symbol_size(scale=1, border=quiet)[0])
    scale = max(1, box.width // modules)
    side = modules * scale
    tile = Image.new("RGB", (side, side), (255, 255, 255))
    draw = ImageDraw.Draw(tile)
    for y, row in enumerate(code.matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + quiet) * scale, (y + quiet) * scale
                draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill=(0, 0, 0))
    offset = (box.width - side) // 2
    card.paste(tile, (box.left + offset, box.top + offset))


def _lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    face: ImageFont.FreeTypeFont,
    *,
    box: Box,
    top: int,
    fill: Colour,
    centred: bool,
) -> int:
    """Draw lines from top; return the y below the last one."""
    step = _line_height(face)
    for line in lines:
        if centred:
            draw.text(((box.left + box.right) / 2, top), line, font=face, fill=fill, anchor="ma")
        else:
            draw.text((box.left, top), line, font=face, fill=fill)
        top += step
    return top


def _display_link(link: str) -> str:
    for scheme in ("https://", "http://"):
        if link.startswith(scheme):
            return link[len(scheme) :].rstrip("/")
    return link


def card_render(content: CardContent, *, size: str) -> bytes:
    """The card as PNG bytes, "og" (1200×630) or "square" (1080×1080)."""
    try:
        layout = LAYOUTS[size]
    except KeyError:
        raise UnknownSize(f"Unknown card size {size!r}: use one of {', '.join(SIZES)}.") from None
    card = Image.new("RGB", (layout.width, layout.height), BACKGROUND)
    draw = ImageDraw.Draw(card)
    text = layout.text
    centred = layout.centred

    brand = font(REGULAR, 26)
    draw.text((text.left, text.top), content.brand.upper(), font=brand, fill=MUTED)
    _portrait(card, content, layout.portrait)

    headline_face, headline = fit(
        content.headline, path=BOLD, width=text.width, max_lines=2, sizes=(50, 30), height=130
    )
    subline_face, subline = fit(
        content.subline, path=REGULAR, width=text.width, max_lines=2, sizes=(30, 22), height=80
    )
    below = (len(headline) * _line_height(headline_face) + 14 if content.headline else 0) + (
        len(subline) * _line_height(subline_face) + 6 if content.subline else 0
    )
    top = layout.portrait.bottom + 30 if centred else text.top + 48
    title_face, title = fit(
        content.title,
        path=BOLD,
        width=text.width,
        max_lines=3,
        sizes=layout.title_sizes,
        height=text.bottom - top - below - 16,
    )
    if centred:
        # Under a centred portrait the words sit in the middle of the space left.
        used = len(title) * _line_height(title_face) + 16 + below
        top += max(0, (text.bottom - top - used) // 2)
    top = _lines(draw, title, title_face, box=text, top=top, fill=TEXT, centred=centred) + 16
    if content.headline:
        top = _lines(
            draw,
            headline,
            headline_face,
            box=text,
            top=top,
            fill=TONES.get(content.tone, TONES["held"]),
            centred=centred,
        )
        top += 14
    if content.subline:
        _lines(draw, subline, subline_face, box=text, top=top, fill=MUTED, centred=centred)

    footer = layout.footer
    if content.hashtag:
        face = font(BOLD, 40)
        tag = _ellipsised(content.hashtag, face, footer.width)
        draw.text((footer.left, footer.top), tag, font=face, fill=HASHTAG)
    if content.link:
        face = font(REGULAR, 28)
        while face.size > 18 and _text_width(_display_link(content.link), face) > footer.width:
            face = font(REGULAR, face.size - 2)
        shown = _ellipsised(_display_link(content.link), face, footer.width)
        draw.text((footer.left, footer.bottom), shown, font=face, fill=MUTED, anchor="ld")
        _qr(card, content.link, layout.qr)

    out = io.BytesIO()
    card.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()

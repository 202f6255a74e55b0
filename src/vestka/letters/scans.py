"""Scans and photos of prisoners' replies, made safe to keep and to show.

A phone photo carries where and when it was taken and with what (EXIF GPS, camera and
serial numbers, XMP, comments): enough to find the person who photographed a reply. So an
upload is checked to be a real JPEG, PNG or WebP image of a sane size, turned upright by
its EXIF orientation, and drawn again into a new file holding the pixels and nothing else.
Anything else is refused with a message naming the problem, before anything is stored.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 90
# ISO base media files (HEIC/HEIF/AVIF from phones): "ftyp" at byte 4, then the brand.
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")


class ScanRefused(ValueError):
    """An upload that is not a scan Vestka keeps; the message says what is wrong."""


@dataclass(frozen=True)
class CleanScan:
    """A scan drawn again without metadata: the bytes to store, their type and size."""

    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def scan_clean(*, upload: IO[bytes], name: str = "") -> CleanScan:
    """The upload as a new JPEG (or PNG, for a PNG) with the same pixels, turned upright
    and without any metadata (no EXIF, GPS, XMP, ICC profile, comments or text chunks).

    ScanRefused, with the reason, for anything that is not a whole JPEG, PNG or WebP
    image of at most 15 MB and 40 megapixels. ``name`` (the uploaded file's name) is only
    used in messages.
    """
    label = f"“{name}”" if name else _("The file")
    data = _read_limited(upload, label)
    _refuse_known_non_images(data, label)
    image = _open_checked(data, label)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as error:
        raise ScanRefused(
            _("%(file)s is damaged or incomplete (%(problem)s); scan or photograph it again.")
            % {"file": label, "problem": str(error)[:100] or type(error).__name__}
        ) from None
    if image.format == "PNG":
        return _encode(_fresh(upright, keep_alpha=True), "PNG")
    return _encode(_fresh(upright, keep_alpha=False), "JPEG")


def _read_limited(upload: IO[bytes], label: str) -> bytes:
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > MAX_BYTES:
        raise ScanRefused(_too_big(label, size))
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ScanRefused(_too_big(label, len(data)))
    if not data:
        raise ScanRefused(_("%(file)s is empty.") % {"file": label})
    return data


def _too_big(label: str, size: int) -> str:
    return _("%(file)s is %(size).1f MB; scans of up to %(max)d MB are accepted.") % {
        "file": label,
        "size": size / 1024 / 1024,
        "max": MAX_BYTES // 1024 // 1024,
    }


def _refuse_known_non_images(data: bytes, label: str) -> None:
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        raise ScanRefused(
            _(
                "%(file)s is a HEIC/HEIF photo, which cannot be read here. Save it as JPEG "
                "(on an iPhone: Settings › Camera › Formats › Most Compatible) and upload "
                "it again."
            )
            % {"file": label}
        )
    if data.lstrip()[:5] == b"%PDF-":
        raise ScanRefused(
            _("%(file)s is a PDF. Upload the scan as a JPEG, PNG or WebP image.") % {"file": label}
        )


def _open_checked(data: bytes, label: str) -> Image.Image:
    """The image, opened only as an accepted format, its size checked before any pixel is
    decoded, and its structure verified."""
    not_an_image = _("%(file)s is not a JPEG, PNG or WebP image.") % {"file": label}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            _check_pixels(probe, label)
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except ScanRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ScanRefused(_too_many_pixels(label)) from None
    except UnidentifiedImageError:
        raise ScanRefused(not_an_image) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ScanRefused(
            _("%(file)s is damaged or incomplete (%(problem)s); scan or photograph it again.")
            % {"file": label, "problem": str(error)[:100] or type(error).__name__}
        ) from None
    return image


def _check_pixels(image: Image.Image, label: str) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise ScanRefused(_("%(file)s has no pixels.") % {"file": label})
    if width * height > MAX_PIXELS:
        raise ScanRefused(_too_many_pixels(label, width, height))


def _too_many_pixels(label: str, width: int = 0, height: int = 0) -> str:
    if width and height:
        return _(
            "%(file)s is %(width)d × %(height)d pixels; images of up to %(max)d megapixels "
            "are accepted."
        ) % {"file": label, "width": width, "height": height, "max": MAX_PIXELS // 1_000_000}
    return _(
        "%(file)s claims more pixels than any scan has (more than %(max)d megapixels); "
        "it is refused."
    ) % {"file": label, "max": MAX_PIXELS // 1_000_000}


def _fresh(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """A new image holding only the pixels: no ``info`` (EXIF, XMP, ICC, comments, text)
    carries over, whatever the encoder would otherwise copy from the source."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if image.mode in ("L", "1") or (image.mode == "LA" and not keep_alpha):
        mode = "L"
    elif keep_alpha and has_alpha:
        mode = "LA" if image.mode == "LA" else "RGBA"
    else:
        mode = "RGB"
    if has_alpha and not keep_alpha:
        # JPEG has no transparency: lay the image on white paper.
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        paper.alpha_composite(image.convert("RGBA"))
        source = paper.convert(mode)
    else:
        source = image.convert(mode)
    return Image.frombytes(mode, source.size, source.tobytes())


def _encode(image: Image.Image, format: str) -> CleanScan:
    output = io.BytesIO()
    if format == "PNG":
        image.save(output, "PNG", optimize=False)
        content_type, extension = "image/png", "png"
    else:
        image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
        content_type, extension = "image/jpeg", "jpg"
    return CleanScan(
        content=output.getvalue(),
        content_type=content_type,
        extension=extension,
        width=image.width,
        height=image.height,
    )

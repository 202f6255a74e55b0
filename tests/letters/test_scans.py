"""Reply scans keep their pixels and lose everything else; anything that is not a whole
JPEG, PNG or WebP image of sane size is refused with the reason."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from vestka.letters import scans
from vestka.letters.scans import ScanRefused, scan_clean

# EXIF tags a phone writes: who made the camera, which one, and where it was.
MAKE, MODEL, SERIAL, ORIENTATION, GPS_IFD = 0x010F, 0x0110, 0xA431, 0x0112, 0x8825
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-'
    b'rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="52,26.5N"/></rdf:RDF></x:xmpmeta>'
)


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "FictionalPhoneMaker"
    exif[MODEL] = "Fictional X1"
    exif[ORIENTATION] = orientation
    exif[SERIAL] = "SN-FICTIONAL-123"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (52.0, 26.0, 30.0)
    gps[3] = "E"
    gps[4] = (31.0, 0.0, 15.0)
    return exif


def two_colour(size=(80, 40)) -> Image.Image:
    """Left half red, right half blue: orientation can be checked by colour."""
    image = Image.new("RGB", size, (220, 20, 20))
    image.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    return image


def upload(data: bytes, name: str = "reply.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def encoded(image: Image.Image, format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


FORBIDDEN = [b"FictionalPhoneMaker", b"Fictional X1", b"SN-FICTIONAL", b"Exif", b"GPSLatitude"]


def assert_no_metadata(data: bytes) -> None:
    for marker in FORBIDDEN:
        assert marker not in data
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert not (
        image.info.keys()
        & {"exif", "xmp", "icc_profile", "comment", "Comment", "XML:com.adobe.xmp"}
    )
    assert not image.getexif().get_ifd(GPS_IFD)


def test_a_phone_photo_loses_its_camera_and_gps_tags_and_keeps_its_size():
    data = encoded(two_colour(), "JPEG", exif=phone_exif(), xmp=XMP, comment=b"taken near Homiel")
    assert b"FictionalPhoneMaker" in data and b"GPSLatitude" in data  # the test's own check
    clean = scan_clean(upload=upload(data))
    assert (clean.content_type, clean.extension) == ("image/jpeg", "jpg")
    assert b"taken near Homiel" not in clean.content
    assert_no_metadata(clean.content)
    image = Image.open(io.BytesIO(clean.content))
    assert image.format == "JPEG" and image.size == (80, 40)
    red, blue = image.getpixel((10, 20)), image.getpixel((70, 20))
    assert red[0] > 180 and red[2] < 60 and blue[2] > 180 and blue[0] < 60


def test_a_photo_is_turned_upright_by_its_exif_orientation():
    # Orientation 6: the camera was held turned; viewers rotate it 90° clockwise.
    data = encoded(two_colour(), "JPEG", exif=phone_exif(orientation=6))
    image = Image.open(io.BytesIO(scan_clean(upload=upload(data)).content))
    assert image.size == (40, 80)
    top, bottom = image.getpixel((20, 10)), image.getpixel((20, 70))
    assert top[0] > 180 and bottom[2] > 180  # the left (red) half is now on top


def test_a_png_stays_png_with_every_pixel_and_no_text_chunks():
    image = Image.new("RGBA", (30, 20), (10, 200, 30, 128))
    image.putpixel((3, 4), (1, 2, 3, 255))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "FictionalPhoneMaker")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    data = encoded(image, "PNG", pnginfo=info, exif=phone_exif(), icc_profile=b"fictional-icc")
    clean = scan_clean(upload=upload(data, "reply.png"))
    assert (clean.content_type, clean.extension) == ("image/png", "png")
    assert_no_metadata(clean.content)
    for chunk in (b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"):
        assert chunk not in clean.content
    result = Image.open(io.BytesIO(clean.content))
    assert result.mode == "RGBA" and result.tobytes() == image.tobytes()


def test_a_webp_becomes_a_clean_jpeg():
    data = encoded(two_colour(), "WEBP", exif=phone_exif(), xmp=XMP, lossless=True)
    assert b"FictionalPhoneMaker" in data
    clean = scan_clean(upload=upload(data, "reply.webp"))
    assert clean.content_type == "image/jpeg"
    assert_no_metadata(clean.content)
    assert Image.open(io.BytesIO(clean.content)).size == (80, 40)


def test_a_transparent_webp_is_laid_on_white_paper():
    image = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    clean = scan_clean(upload=upload(encoded(image, "WEBP", lossless=True), "x.webp"))
    assert Image.open(io.BytesIO(clean.content)).getpixel((5, 5))[0] > 240


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\n1 0 obj<<>>endobj", "reply.pdf", "is a PDF"),
        (b"Dear friend, this is text renamed to .jpg", "reply.jpg", "not a JPEG, PNG or WebP"),
        (b"", "reply.jpg", "is empty"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "reply.gif", "not a JPEG, PNG or WebP"),
        (
            b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
            "IMG_0001.HEIC",
            "HEIC",
        ),
    ],
)
def test_files_that_are_not_accepted_images_are_refused_by_name(data, name, message):
    with pytest.raises(ScanRefused, match=message) as refusal:
        scan_clean(upload=upload(data, name), name=name)
    assert name in str(refusal.value)


def test_a_truncated_image_is_refused_as_damaged():
    data = encoded(Image.effect_noise((200, 200), 50).convert("RGB"), "JPEG")
    with pytest.raises(ScanRefused, match="damaged or incomplete"):
        scan_clean(upload=upload(data[: len(data) // 2]))
    png = encoded(Image.effect_noise((200, 200), 50), "PNG")
    with pytest.raises(ScanRefused, match="damaged or incomplete"):
        scan_clean(upload=upload(png[: len(png) // 2], "reply.png"))


def test_a_file_over_15_mb_is_refused_before_it_is_read():
    class Huge(io.BytesIO):
        size = 16 * 1024 * 1024

        def read(self, *args):  # pragma: no cover - must not be reached
            raise AssertionError("a file too big was read")

    with pytest.raises(ScanRefused, match="16.0 MB; scans of up to 15 MB"):
        scan_clean(upload=Huge())


def test_a_stream_that_turns_out_over_15_mb_is_refused(monkeypatch):
    monkeypatch.setattr(scans, "MAX_BYTES", 1000)
    with pytest.raises(ScanRefused, match="up to 0 MB|MB; scans"):
        scan_clean(upload=io.BytesIO(b"\xff" * 2000))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size: a decompression bomb's header, with one tiny IDAT."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 10))
        + chunk(b"IEND", b"")
    )


def test_images_over_40_megapixels_and_decompression_bombs_are_refused():
    with pytest.raises(ScanRefused, match="8000 × 6000 pixels; images of up to 40 megapixels"):
        scan_clean(upload=upload(png_header_only(8000, 6000), "big.png"))
    with pytest.raises(ScanRefused, match="megapixels"):
        scan_clean(upload=upload(png_header_only(100_000, 100_000), "bomb.png"))


def test_heic_is_refused_because_pillow_here_cannot_read_it():
    assert ".heic" not in Image.registered_extensions()

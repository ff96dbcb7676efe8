"""Location and other metadata are stripped from JPEG and PNG evidence; the picture stays."""

from __future__ import annotations

import struct
import zlib

from bot.services.image_metadata import strip_metadata
from tests.telegram_updates import GPS_MARK, jpeg_with_location


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_text() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"tEXt", b"Location\x00" + GPS_MARK)
        + _chunk(b"eXIf", b"MM\x00*" + GPS_MARK)
        + _chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + _chunk(b"IEND", b"")
    )


def test_jpeg_loses_exif_and_comments_but_keeps_the_image_data():
    original = jpeg_with_location()
    stripped, done = strip_metadata(original)
    assert done
    assert GPS_MARK not in stripped
    assert stripped.startswith(b"\xff\xd8\xff\xe0")  # JFIF header kept
    assert stripped.endswith(b"\x12\x34\xff\x00\x56\xff\xd9")  # scan data untouched
    assert b"\xff\xdb" in stripped  # quantisation table kept


def test_png_loses_text_and_exif_chunks():
    stripped, done = strip_metadata(png_with_text())
    assert done
    assert GPS_MARK not in stripped
    assert b"IHDR" in stripped and b"IDAT" in stripped and stripped.endswith(_chunk(b"IEND", b""))


def test_other_formats_and_broken_images_are_kept_as_they_are():
    for data in (b"OggS\x00voice", b"%PDF-1.7", b"\xff\xd8\xff\xe1\x00"):
        assert strip_metadata(data) == (data, False)

"""Strip location and other metadata from JPEG and PNG files, without decoding the picture.

Pure Python on purpose: the app environment has no imaging library, and re-encoding would
change the evidence. Segments and chunks that only describe the picture (EXIF with GPS, XMP,
IPTC, comments, text chunks, timestamps) are dropped; what is needed to show it stays.
Other formats are stored unchanged and marked as not stripped.
"""

from __future__ import annotations

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks needed to show a PNG correctly; every other chunk (tEXt, zTXt, iTXt, eXIf, tIME, ...)
# is metadata and is dropped.
_PNG_KEEP = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"iCCP",
    b"sBIT",
    b"pHYs",
    b"bKGD",
    b"acTL",
    b"fcTL",
    b"fdAT",
}
# JPEG markers kept before the image data: APP0 (JFIF), APP2 (ICC colour profile) and APP14
# (Adobe colour transform) change how the picture looks. APP1 (EXIF, XMP: camera, GPS), APP13
# (IPTC), the other APPn and COM are dropped.
_JPEG_KEEP_APP = {0xE0, 0xE2, 0xEE}
_JPEG_SOS = 0xDA
_JPEG_COM = 0xFE


class NotAnImage(ValueError):
    """The bytes are not a well-formed JPEG or PNG."""


def strip_metadata(data: bytes) -> tuple[bytes, bool]:
    """The file without metadata and True, or the file unchanged and False (unknown format)."""
    try:
        if data.startswith(b"\xff\xd8"):
            return strip_jpeg(data), True
        if data.startswith(PNG_SIGNATURE):
            return strip_png(data), True
    except NotAnImage:
        return data, False
    return data, False


def strip_jpeg(data: bytes) -> bytes:
    """A JPEG without APP1/APP13/other APPn and comment segments."""
    if not data.startswith(b"\xff\xd8"):
        raise NotAnImage("no JPEG start marker")
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise NotAnImage(f"expected a marker at byte {pos}")
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= len(data):
            raise NotAnImage("truncated marker")
        marker = data[pos]
        pos += 1
        if marker == _JPEG_SOS:
            # Entropy-coded data follows until EOI; no metadata lives after it.
            out += b"\xff" + bytes([marker]) + data[pos:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD9 or marker == 0x01:  # markers without a length
            out += b"\xff" + bytes([marker])
            continue
        if pos + 2 > len(data):
            raise NotAnImage("truncated segment length")
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > len(data):
            raise NotAnImage("segment runs past the end")
        segment = data[pos : pos + length]
        pos += length
        is_app = 0xE0 <= marker <= 0xEF
        if (is_app and marker not in _JPEG_KEEP_APP) or marker == _JPEG_COM:
            continue
        out += b"\xff" + bytes([marker]) + segment
    raise NotAnImage("no image data")


def strip_png(data: bytes) -> bytes:
    """A PNG with only the chunks needed to show it."""
    if not data.startswith(PNG_SIGNATURE):
        raise NotAnImage("no PNG signature")
    out = bytearray(PNG_SIGNATURE)
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        if pos + 8 > len(data):
            raise NotAnImage("truncated chunk header")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise NotAnImage("chunk runs past the end")
        if kind in _PNG_KEEP:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            return bytes(out)
    raise NotAnImage("no IEND chunk")

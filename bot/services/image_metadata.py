"""Evidence files without their metadata, by tools made for it; other types are not accepted.

The type is read from the bytes, never from the name the sender gave. Each accepted type is
rewritten by a maintained tool, and the stored file gets the extension of what it now is:
- JPEG, PNG, WebP: decoded and encoded again by Pillow, with the picture turned upright first
  (EXIF orientation) and no EXIF, XMP, IPTC, comments or text chunks written. Whatever a camera
  put anywhere in the file (GPS after the first segment, a motion-photo video after the end of
  the image) is gone, because only the pixels are kept;
- HEIC/HEIF (iPhone photos): decoded by pillow-heif and stored as a JPEG, as above;
- MP4/MOV video and OGG voice notes: copied stream by stream by ffmpeg with every metadata
  block dropped (location, device, times), when ffmpeg is installed; without it they are refused;
- PDF: rewritten by pypdf without its document information and XMP metadata (author, creator).
Anything else (Word files, web pages, programs) is refused: the worker is told in Dutch to keep
it and tell their coordinator.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

FFMPEG_TIMEOUT = 120  # seconds; a 20 MB video is copied, not re-encoded


class Refused(ValueError):
    """The file is of a type that is not accepted (or cannot be cleaned here)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # type_not_accepted, heic_unsupported, video_unsupported


@dataclass(frozen=True)
class Cleaned:
    """A file without its metadata, and the extension of what it now is."""

    data: bytes
    extension: str
    stripped: bool = True


def sniff(data: bytes) -> str | None:
    """The file type from its first bytes: jpeg, png, webp, heic, mp4, ogg, pdf, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"):
            return "heic"
        return "mp4"  # isom, mp41, mp42, qt, M4V, 3gp...
    if data.startswith(b"OggS"):
        return "ogg"
    if data.startswith(b"%PDF-"):
        return "pdf"
    return None


def strip_metadata(data: bytes) -> Cleaned:
    """The file rewritten without metadata; raises Refused for a type that is not accepted."""
    kind = sniff(data)
    if kind in ("jpeg", "png", "webp"):
        return _reencode(data, kind)
    if kind == "heic":
        return _heic(data)
    if kind in ("mp4", "ogg"):
        return _ffmpeg(data, kind)
    if kind == "pdf":
        return _pdf(data)
    raise Refused("type_not_accepted")


_FORMATS = {"jpeg": ("JPEG", ".jpg"), "png": ("PNG", ".png"), "webp": ("WEBP", ".webp")}


def _reencode(data: bytes, kind: str) -> Cleaned:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise Refused("type_not_accepted") from exc
    return _save(picture, kind)


def _save(picture, kind: str) -> Cleaned:
    fmt, extension = _FORMATS[kind]
    if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    # A new image from the pixels alone: nothing of the source's info dict (EXIF, XMP, text
    # chunks, comments, ICC profile) can be written by accident.
    clean = picture.copy()
    transparency = picture.info.get("transparency")
    clean.info = {} if transparency is None else {"transparency": transparency}
    out = io.BytesIO()
    options = {"quality": 95} if fmt in ("JPEG", "WEBP") else {"optimize": True}
    clean.save(out, format=fmt, **options)
    return Cleaned(out.getvalue(), extension)


def _heic(data: bytes) -> Cleaned:
    try:
        from pillow_heif import register_heif_opener
    except ImportError as exc:  # not installed: refuse rather than keep the location
        raise Refused("heic_unsupported") from exc
    from PIL import Image, ImageOps, UnidentifiedImageError

    register_heif_opener()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise Refused("type_not_accepted") from exc
    return _save(picture, "jpeg")


def ffmpeg_path() -> str | None:
    """ffmpeg on PATH (Debian's package), or None."""
    return shutil.which("ffmpeg")


def _ffmpeg(data: bytes, kind: str) -> Cleaned:
    ffmpeg = ffmpeg_path()
    if ffmpeg is None:
        raise Refused("video_unsupported")
    extension = ".mp4" if kind == "mp4" else ".ogg"
    with tempfile.TemporaryDirectory(prefix="vpt-strip-") as folder:
        source, target = Path(folder) / f"in{extension}", Path(folder) / f"out{extension}"
        source.write_bytes(data)
        command = [
            ffmpeg, "-nostdin", "-v", "error", "-i", str(source),
            "-map", "0:v?", "-map", "0:a?",  # picture and sound only: no data or subtitle tracks
            "-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1",
            "-c", "copy", "-fflags", "+bitexact",
            "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            str(target),
        ]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=FFMPEG_TIMEOUT)  # noqa: S603 - fixed arguments
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise Refused("type_not_accepted") from exc
        return Cleaned(target.read_bytes(), extension)


def _pdf(data: bytes) -> Cleaned:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise Refused("type_not_accepted") from exc
    writer.metadata = None  # no document information dictionary (author, creator, dates)
    root = writer.root_object
    if NameObject("/Metadata") in root:
        del root[NameObject("/Metadata")]  # the XMP packet
    out = io.BytesIO()
    writer.write(out)
    return Cleaned(out.getvalue(), ".pdf")

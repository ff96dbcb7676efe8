"""Telegram updates for tests, built from the Bot API object shapes in tests/fixtures/telegram/."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "telegram"
FIXTURE_CHAT = 1111111


def fixture(name: str) -> dict[str, Any]:
    """One fixture file as a fresh dict."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _retarget(update: dict[str, Any], update_id: int, chat_id: int) -> dict[str, Any]:
    """The same update from another worker (their chat id is their user id)."""
    text = json.dumps(update).replace(str(FIXTURE_CHAT), str(chat_id))
    update = json.loads(text)
    update["update_id"] = update_id
    return update


def text_update(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    """A private text message."""
    update = _retarget(fixture("message_text"), update_id, chat_id)
    update["message"]["text"] = text
    return update


def photo_update(update_id: int, chat_id: int, file_id: str, size: int) -> dict[str, Any]:
    """A private photo (Telegram sends several sizes; the largest is fetched)."""
    update = _retarget(fixture("message_photo"), update_id, chat_id)
    update["message"]["photo"][-1].update(file_id=file_id, file_size=size)
    return update


def press_update(
    update_id: int, chat_id: int, sent: dict[str, Any], title: str, *, data: str | None = None
) -> dict[str, Any]:
    """A press on a button of a message the bot sent (as the fake recorded it)."""
    update = _retarget(fixture("callback_query"), update_id, chat_id)
    markup = sent["reply_markup"]
    button = next(b for row in markup["inline_keyboard"] for b in row if b["text"] == title)
    message = update["callback_query"]["message"]
    message.update(message_id=sent["message_id"], text=sent["text"], reply_markup=markup)
    update["callback_query"]["id"] = f"cb{update_id}"
    update["callback_query"]["data"] = data if data is not None else button["callback_data"]
    return update


def copy_of(update: dict[str, Any]) -> dict[str, Any]:
    """A deep copy (so a test can change one without touching another)."""
    return copy.deepcopy(update)


GPS_MARK = b"GPS 52.3676N 4.9041E"


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def _camera_jpeg(colour: tuple[int, int, int]) -> bytes:
    """A real JPEG as a phone writes it: EXIF with a GPS block and the location in a comment."""
    import io

    from PIL import Image

    image = Image.new("RGB", (16, 16), colour)
    exif = Image.Exif()
    exif[0x010E] = GPS_MARK.decode()  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 22.0, 3.36)
    gps[3], gps[4] = "E", (4.0, 54.0, 14.76)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"taken at " + GPS_MARK)
    return out.getvalue()


def jpeg_with_location() -> bytes:
    """A JPEG with its location in the EXIF of the first segment, and again after the image
    ends: a second picture with its own EXIF (as MPF and motion photos append) and a trailer."""
    return (
        _camera_jpeg((200, 30, 30))
        + _camera_jpeg((30, 200, 30))
        + _segment(0xE1, b"Exif\x00\x00MM\x00*" + GPS_MARK)
    )

"""Reading Telegram updates and shaping replies: pure logic, no Rasa and no network.

The Telegram channel (connectors/telegram/channel.py) runs inside Rasa; this module only needs the
standard library and PyYAML, so the unit tests in .venv import it directly. Updates are the raw
JSON objects of the Bot API (https://core.telegram.org/bots/api#update).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TEXTS_FILE = Path(__file__).with_name("texts_nl.yml")
MAX_MESSAGE_UNITS = 4096  # Telegram's limit, counted in UTF-16 code units
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
# callback_data "#<n>" means: the n-th button's title is the payload (payload too long to fit).
TITLE_REF = "#"

# Telegram commands and the Rasa payloads they stand for. None: answered by the channel itself.
COMMANDS: dict[str, str | None] = {
    "start": "/greet",
    "melden": "/start_report",
    "stop": "/stop",
    "stopberichten": "/stop_followups",
    "aangifte": "/request_aangifte_draft",
    "privacy": "/ask_privacy",
    "help": None,
}
MEDIA_KINDS = ("photo", "document", "voice", "video")
_COMMAND = re.compile(r"/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+(.*))?", re.S)


class ProcessingFailed(RuntimeError):
    """An update could not be processed; it must be retried."""


@dataclass(frozen=True)
class Media:
    """A file in a message: what it is and how to fetch it."""

    kind: str  # photo, document, voice, video
    file_id: str
    file_size: int | None = None
    mime_type: str | None = None
    file_name: str | None = None


@dataclass(frozen=True)
class Incoming:
    """What an update means for the channel."""

    update_id: int
    # text, command, callback, media, unsupported, group, ignored
    kind: str
    chat_id: int | None = None
    display_name: str | None = None
    text: str | None = None
    command: str | None = None
    argument: str | None = None
    callback_id: str | None = None
    callback_data: str | None = None
    message_id: int | None = None
    message_text: str | None = None
    keyboard: tuple[tuple[tuple[str, str], ...], ...] = field(default_factory=tuple)
    media: Media | None = None
    caption: str | None = None


def load_texts(path: Path = TEXTS_FILE) -> dict[str, Any]:
    """The channel's own Dutch texts (group refusal, apology, file answers, help)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _display_name(user: Mapping[str, Any] | None) -> str | None:
    if not isinstance(user, Mapping):
        return None
    parts = [user.get("first_name"), user.get("last_name")]
    name = " ".join(p for p in parts if isinstance(p, str) and p).strip()
    return name[:200] or None


def _keyboard(message: Mapping[str, Any]) -> tuple[tuple[tuple[str, str], ...], ...]:
    markup = message.get("reply_markup")
    rows = markup.get("inline_keyboard") if isinstance(markup, Mapping) else None
    if not isinstance(rows, list):
        return ()
    keyboard = []
    for row in rows:
        if not isinstance(row, list):
            continue
        buttons = tuple(
            (b["text"], b["callback_data"])
            for b in row
            if isinstance(b, Mapping)
            and isinstance(b.get("text"), str)
            and isinstance(b.get("callback_data"), str)
        )
        keyboard.append(buttons)
    return tuple(keyboard)


def _media(message: Mapping[str, Any]) -> Media | None:
    photos = message.get("photo")
    if isinstance(photos, list) and photos:
        # Telegram sends every size, smallest first; the last is the original size.
        sizes = [p for p in photos if isinstance(p, Mapping) and p.get("file_id")]
        if sizes:
            best = sizes[-1]
            return Media("photo", best["file_id"], best.get("file_size"), "image/jpeg")
    for kind in ("document", "voice", "video", "video_note", "audio"):
        item = message.get(kind)
        if isinstance(item, Mapping) and item.get("file_id"):
            return Media(
                {"video_note": "video", "audio": "voice"}.get(kind, kind),
                item["file_id"],
                item.get("file_size"),
                item.get("mime_type"),
                item.get("file_name"),
            )
    return None


def parse_update(update: Mapping[str, Any]) -> Incoming:
    """What this update asks of the channel (never raises on odd input)."""
    update_id = update.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return Incoming(update_id=-1, kind="ignored")

    callback = update.get("callback_query")
    if isinstance(callback, Mapping):
        message = callback.get("message")
        message = message if isinstance(message, Mapping) else {}
        chat = message.get("chat") if isinstance(message.get("chat"), Mapping) else {}
        private = chat.get("type") == "private"
        return Incoming(
            update_id=update_id,
            kind="callback" if private else "group",
            chat_id=chat.get("id") if isinstance(chat.get("id"), int) else None,
            display_name=_display_name(callback.get("from")),
            callback_id=str(callback.get("id") or ""),
            callback_data=callback.get("data") if isinstance(callback.get("data"), str) else None,
            message_id=message.get("message_id"),
            message_text=message.get("text") if isinstance(message.get("text"), str) else None,
            keyboard=_keyboard(message),
        )

    member = update.get("my_chat_member")
    if isinstance(member, Mapping):
        chat = member.get("chat") if isinstance(member.get("chat"), Mapping) else {}
        joined = (member.get("new_chat_member") or {}).get("status") in ("member", "administrator")
        if chat.get("type") in ("group", "supergroup") and joined:
            return Incoming(update_id=update_id, kind="group", chat_id=chat.get("id"))
        return Incoming(update_id=update_id, kind="ignored")

    message = update.get("message")
    if not isinstance(message, Mapping):
        # edited messages, channel posts, polls, ...: nothing to answer
        return Incoming(update_id=update_id, kind="ignored")
    chat = message.get("chat") if isinstance(message.get("chat"), Mapping) else {}
    chat_id = chat.get("id") if isinstance(chat.get("id"), int) else None
    if chat_id is None:
        return Incoming(update_id=update_id, kind="ignored")
    if chat.get("type") != "private":
        if chat.get("type") in ("group", "supergroup"):
            return Incoming(update_id=update_id, kind="group", chat_id=chat_id)
        return Incoming(update_id=update_id, kind="ignored")
    sender = message.get("from")
    if isinstance(sender, Mapping) and sender.get("is_bot"):
        return Incoming(update_id=update_id, kind="ignored")
    base = {
        "update_id": update_id,
        "chat_id": chat_id,
        "display_name": _display_name(sender),
        "message_id": message.get("message_id"),
    }
    text = message.get("text")
    if isinstance(text, str):
        text = text.strip()
        if text.startswith("/"):
            match = _COMMAND.fullmatch(text)
            command = match.group(1).lower() if match else ""
            argument = (match.group(3) or "").strip() if match else ""
            return Incoming(**base, kind="command", command=command, argument=argument or None)
        return Incoming(**base, kind="text", text=text)
    media = _media(message)
    if media is not None:
        caption = message.get("caption")
        return Incoming(
            **base, kind="media", media=media, caption=caption if isinstance(caption, str) else None
        )
    return Incoming(**base, kind="unsupported")


def command_payload(command: str | None) -> str | None:
    """The Rasa payload of a Telegram command; None for /help and unknown commands."""
    return COMMANDS.get(command or "")


def utf16_units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """Split a reply into Telegram-sized parts, at a paragraph, line or word where possible."""
    if utf16_units(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while utf16_units(rest) > limit:
        # The longest prefix within the limit, in characters.
        cut, units = 0, 0
        for i, ch in enumerate(rest):
            units += 2 if ord(ch) > 0xFFFF else 1
            if units > limit:
                cut = i
                break
        window = rest[:cut]
        for sep in ("\n\n", "\n", " "):
            at = window.rfind(sep)
            if at > cut // 2:
                parts.append(window[:at].rstrip())
                rest = window[at + len(sep) :] + rest[cut:]
                break
        else:
            parts.append(window)
            rest = rest[cut:]
    if rest.strip():
        parts.append(rest)
    return [p for p in parts if p.strip()]


def keyboard_rows(buttons: Sequence[Mapping[str, Any]]) -> list[list[tuple[str, str]]]:
    """Rasa buttons as rows of (title, callback_data) for an inline keyboard."""
    pairs: list[tuple[str, str]] = []
    for index, button in enumerate(buttons):
        title = str(button.get("title") or "").strip()
        if not title:
            continue
        payload = str(button.get("payload") or title)
        fits = len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES
        data = payload if fits and not payload.startswith(TITLE_REF) else f"{TITLE_REF}{index}"
        pairs.append((title[:200], data))
    short = len(pairs) <= 3 and all(len(title) <= 20 for title, _ in pairs)
    return [pairs] if short and pairs else [[pair] for pair in pairs]


def callback_payload(incoming: Incoming) -> tuple[str, str] | None:
    """(title, payload) of the pressed button, or None when it is not on that message.

    A client can put any callback_data in a press; only data of a button on the message
    Telegram says was pressed is trusted, so a forged press cannot inject Rasa payloads.
    """
    data = incoming.callback_data
    if not data:
        return None
    buttons = [button for row in incoming.keyboard for button in row]
    for title, button_data in buttons:
        if button_data == data:
            if data.startswith(TITLE_REF):
                return title, title
            return title, data
    return None


def format_size(size: int) -> str:
    """A file size as a Dutch reader expects it (kB / MB, decimal comma)."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")

"""Reading Teams activities and shaping replies: pure logic, no Rasa and no network.

Activities are the Bot Framework's JSON objects
(https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference).
The unit tests in .venv import this module directly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TEXTS_FILE = Path(__file__).with_name("texts_nl.yml")
FILE_DOWNLOAD = "application/vnd.microsoft.teams.file.download.info"
FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
# Teams takes messages up to about 100 KB; long replies are split well below it.
MAX_TEXT_CHARS = 20_000
# The question a card answers is kept in its buttons, to show the choice under it after a press.
QUESTION_CHARS = 1000

# Typed commands and the Rasa payloads they stand for (as in the Telegram channel). None: the
# channel answers itself. A typed "/intent" that is not here is never handed to Rasa as one.
COMMANDS: dict[str, str | None] = {
    "start": "/greet",
    "melden": "/start_report",
    "stop": "/stop",
    "stopberichten": "/stop_followups",
    "aangifte": "/request_aangifte_draft",
    "privacy": "/ask_privacy",
    "help": None,
}


def load_texts(path: Path = TEXTS_FILE) -> dict[str, Any]:
    """The channel's own Dutch texts."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Reference:
    """How to reach the user later: what the app server stores per user."""

    service_url: str
    conversation_id: str
    tenant_id: str
    user_id: str
    bot_id: str | None

    def to_json(self) -> dict[str, str | None]:
        """The reference as the app server's loopback route takes it."""
        return {
            "service_url": self.service_url,
            "conversation_id": self.conversation_id,
            "tenant_id": self.tenant_id,
            "user_id": self.user_id,
            "bot_id": self.bot_id,
        }


@dataclass(frozen=True)
class TeamsFile:
    """A file the user sent: OneDrive's download URL (a plain GET, no bot token)."""

    name: str
    download_url: str
    file_type: str

    @property
    def kind(self) -> str:
        """The evidence kind (photo, video, voice, document) by the file's type."""
        mime = self.mime_type or ""
        if mime.startswith("image/"):
            return "photo"
        if mime.startswith("video/"):
            return "video"
        if mime.startswith("audio/"):
            return "voice"
        return "document"

    @property
    def mime_type(self) -> str | None:
        """The file's MIME type, guessed from its name or type."""
        guess, _ = mimetypes.guess_type(self.name or f"x.{self.file_type}")
        return guess


@dataclass(frozen=True)
class Incoming:
    """What an activity means for the channel."""

    activity_id: str
    # text, submit, file, consent, installed, noted, uninstalled, group, unsupported, ignored
    kind: str
    user: str | None = None  # the Rasa sender id: aadObjectId, else the 29: id
    display_name: str | None = None
    reference: Reference | None = None
    text: str | None = None
    value: Mapping[str, Any] | None = None
    reply_to_id: str | None = None
    files: tuple[TeamsFile, ...] = field(default_factory=tuple)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def reference_of(activity: Mapping[str, Any], tenant_id: str | None) -> Reference | None:
    """The conversation reference in an activity; None when a part is missing."""
    conversation, sender = _mapping(activity.get("conversation")), _mapping(activity.get("from"))
    parts = (
        _str(activity.get("serviceUrl")),
        _str(conversation.get("id")),
        tenant_id,
        _str(sender.get("id")),
    )
    if not all(parts):
        return None
    bot = _str(_mapping(activity.get("recipient")).get("id"))
    return Reference(*parts, bot_id=bot)  # type: ignore[arg-type]


def _files(activity: Mapping[str, Any]) -> tuple[TeamsFile, ...]:
    found = []
    for attachment in activity.get("attachments") or []:
        attachment = _mapping(attachment)
        if attachment.get("contentType") != FILE_DOWNLOAD:
            continue
        content = _mapping(attachment.get("content"))
        url = _str(content.get("downloadUrl"))
        if url:
            name = (_str(attachment.get("name")) or "bestand")[:255]
            found.append(TeamsFile(name, url, str(content.get("fileType") or "")[:20]))
    return tuple(found)


def _has_inline_image(activity: Mapping[str, Any]) -> bool:
    return any(
        str(_mapping(a).get("contentType") or "").startswith("image/")
        for a in activity.get("attachments") or []
    )


def parse_activity(activity: Mapping[str, Any], tenant_id: str | None) -> Incoming:
    """What this activity asks of the channel (never raises on odd input)."""
    activity_id = _str(activity.get("id")) or ""
    kind = activity.get("type")
    conversation = _mapping(activity.get("conversation"))
    sender = _mapping(activity.get("from"))
    user = _str(sender.get("aadObjectId")) or _str(sender.get("id"))
    base: dict[str, Any] = {
        "activity_id": activity_id[:200],
        "user": user[:200] if user else None,
        "display_name": (_str(sender.get("name")) or "")[:200] or None,
        "reference": reference_of(activity, tenant_id),
    }
    personal = conversation.get("conversationType") in (None, "personal") and not conversation.get(
        "isGroup"
    )
    if kind not in ("message", "conversationUpdate", "installationUpdate", "invoke"):
        return Incoming(activity_id, "ignored")
    if not personal:
        if kind == "message" or _bot_added(activity):
            return Incoming(**base, kind="group")
        return Incoming(activity_id, "ignored")
    if user is None or base["reference"] is None:
        return Incoming(activity_id, "ignored")
    if kind == "conversationUpdate":
        return Incoming(**base, kind="installed" if _bot_added(activity) else "ignored")
    if kind == "installationUpdate":
        action = str(activity.get("action") or "")
        if action.startswith("remove"):
            return Incoming(**base, kind="uninstalled")
        # "add": only the reference is stored; the greeting comes with the conversationUpdate.
        return Incoming(**base, kind="noted")
    if kind == "invoke":
        if activity.get("name") == "fileConsent/invoke":
            return Incoming(**base, kind="consent", value=_mapping(activity.get("value")))
        return Incoming(**base, kind="ignored")
    value = activity.get("value")
    if isinstance(value, Mapping) and value:
        return Incoming(
            **base, kind="submit", value=value, reply_to_id=_str(activity.get("replyToId"))
        )
    files = _files(activity)
    text = strip_mention(str(activity.get("text") or "")).strip()
    if files:
        return Incoming(**base, kind="file", files=files, text=text or None)
    if text:
        return Incoming(**base, kind="text", text=text)
    if _has_inline_image(activity):
        return Incoming(**base, kind="unsupported_image")
    return Incoming(**base, kind="unsupported")


def _bot_added(activity: Mapping[str, Any]) -> bool:
    bot = _mapping(activity.get("recipient")).get("id")
    return any(_mapping(m).get("id") == bot for m in activity.get("membersAdded") or [])


def strip_mention(text: str) -> str:
    """Teams puts "<at>Bot</at>" before a mention; it is not part of what the user said."""
    while "<at>" in text and "</at>" in text:
        start, end = text.index("<at>"), text.index("</at>") + len("</at>")
        if end < start:
            break
        text = text[:start] + text[end:]
    return text


def typed_payload(text: str) -> tuple[bool, str | None]:
    """(is a command, its Rasa payload); a command without payload (help) gives (True, None)."""
    if not text.startswith("/"):
        return False, None
    command = text[1:].split(maxsplit=1)[0].lower() if len(text) > 1 else ""
    return True, COMMANDS.get(command)


# --- buttons ------------------------------------------------------------------------------------
def _signature(secret: str, payload: str) -> str:
    digest = hmac.new(secret.encode(), payload.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:32]


def button_card(
    buttons: Sequence[Mapping[str, Any]], secret: str, question: str = ""
) -> dict[str, Any] | None:
    """Rasa buttons as an Adaptive Card of Action.Submit buttons; None without buttons.

    A press arrives as a message activity with empty text and the button's data in `value`:
    the payload and an HMAC of it under the app secret, so a client cannot press a payload the
    bot never offered; the title and question let the channel replace the card by the choice.
    """
    actions = []
    for button in buttons:
        title = str(button.get("title") or "").strip()[:200]
        if not title:
            continue
        payload = str(button.get("payload") or title)
        actions.append(
            {
                "type": "Action.Submit",
                "title": title,
                "data": {
                    "vpt_payload": payload,
                    "vpt_title": title,
                    "vpt_text": question[:QUESTION_CHARS],
                    "vpt_sig": _signature(secret, payload),
                },
            }
        )
    if not actions:
        return None
    return {
        "contentType": ADAPTIVE_CARD,
        "content": {
            "type": "AdaptiveCard",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": "1.4",
            "body": [],
            "actions": actions,
        },
    }


@dataclass(frozen=True)
class Press:
    """A pressed button the bot offered: its payload, title and the question it answered."""

    payload: str
    title: str
    question: str


def pressed(value: Mapping[str, Any] | None, secret: str) -> Press | None:
    """The pressed button, or None when the press is not one the bot offered."""
    if not isinstance(value, Mapping):
        return None
    payload, signature = value.get("vpt_payload"), value.get("vpt_sig")
    if not isinstance(payload, str) or not isinstance(signature, str):
        return None
    if not hmac.compare_digest(signature.encode(), _signature(secret, payload).encode()):
        return None
    title, question = value.get("vpt_title"), value.get("vpt_text")
    return Press(
        payload,
        title[:200] if isinstance(title, str) else payload,
        question[:QUESTION_CHARS] if isinstance(question, str) else "",
    )


def message_activity(text: str, attachments: list[dict[str, Any]] | None = None) -> dict:
    """A plain-text message: nothing the user typed can become markup."""
    activity: dict[str, Any] = {"type": "message", "textFormat": "plain", "text": text}
    if attachments:
        activity["attachments"] = attachments
    return activity


def split_text(text: str, limit: int = MAX_TEXT_CHARS) -> list[str]:
    """A reply in parts below Teams' message size, cut at a paragraph or line where possible."""
    parts, rest = [], text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut if cut > limit // 2 else limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest.strip():
        parts.append(rest)
    return parts


def consent_card(filename: str, size: int, description: str, report_id: int) -> dict:
    """The file-consent card that asks the worker to save the PDF in their OneDrive."""
    context = {"report_id": report_id, "filename": filename}
    return {
        "contentType": FILE_CONSENT,
        "name": filename,
        "content": {
            "description": description,
            "sizeInBytes": size,
            "acceptContext": context,
            "declineContext": context,
        },
    }


def file_info_card(upload: Mapping[str, Any], filename: str) -> dict:
    """The card that shows the uploaded PDF in the chat."""
    return {
        "contentType": FILE_INFO,
        "contentUrl": upload.get("contentUrl"),
        "name": upload.get("name") or filename,
        "content": {
            "uniqueId": upload.get("uniqueId"),
            "fileType": upload.get("fileType") or "pdf",
        },
    }


def consent_answer(value: Mapping[str, Any] | None) -> tuple[str, int | None, str, dict]:
    """(accept/decline, report id, filename, uploadInfo) of a fileConsent/invoke."""
    value = _mapping(value)
    context = _mapping(value.get("context"))
    report = str(context.get("report_id") or "")
    filename = str(context.get("filename") or "aangifte.pdf")
    return (
        str(value.get("action") or ""),
        int(report) if report.isdigit() else None,
        filename,
        dict(_mapping(value.get("uploadInfo"))),
    )


def dumps(value: Any) -> bytes:
    """Compact JSON bytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

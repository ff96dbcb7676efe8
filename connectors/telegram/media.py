"""Files in both directions: a photo, video, voice note or document the worker sends is stored
as evidence through the app server; the aangifte PDF Rasa asks for is fetched and uploaded."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot
from telegram.error import BadRequest

from bot.wire import limits
from bot.wire.document_message import DocumentRequest
from connectors.app_client import AppClient, AppUnavailable
from connectors.telegram.send import TelegramSender
from connectors.telegram.updates import Incoming, format_size

logger = logging.getLogger(__name__)

CHANNEL = "telegram"


class Media:
    """Evidence files in, documents out; handed the Bot, the app client and the sender."""

    def __init__(
        self,
        bot: Bot,
        app: AppClient,
        sender: TelegramSender,
        texts: dict[str, Any],
        max_file_bytes: int,
        limiter: limits.Limiter,
    ) -> None:
        self.bot = bot
        self.app = app
        self.sender = sender
        self.texts = texts
        self.max_file_bytes = max_file_bytes
        self.limiter = limiter

    async def evidence(self, incoming: Incoming) -> None:
        media = incoming.media
        what = self.texts["evidence_kinds"][media.kind]
        limit = format_size(self.max_file_bytes)
        if media.file_size is not None and media.file_size > self.max_file_bytes:
            await self.sender.send(
                incoming.chat_id, self.texts["file_too_large"].format(limit=limit)
            )
            return
        if not self._within_quota(incoming):
            await self.sender.send(
                incoming.chat_id,
                self.texts["upload_limit"].format(
                    count=limits.TELEGRAM_UPLOADS_PER_CHAT_DAY.allowed,
                    size=format_size(limits.TELEGRAM_UPLOAD_BYTES_PER_CHAT_DAY.allowed),
                ),
            )
            return
        try:
            telegram_file = await self.bot.get_file(media.file_id)
            if telegram_file.file_size and telegram_file.file_size > self.max_file_bytes:
                await self.sender.send(
                    incoming.chat_id, self.texts["file_too_large"].format(limit=limit)
                )
                return
            data = bytes(await telegram_file.download_as_bytearray())
        except BadRequest as exc:
            # "file is too big" (the Bot API downloads at most 20 MB), or a file Telegram no
            # longer has: retrying cannot help, so answer instead of failing the update.
            logger.warning("File not fetched from Telegram: %s", exc)
            key = "file_too_large" if "too big" in str(exc).lower() else "file_not_saved"
            await self.sender.send(incoming.chat_id, self.texts[key].format(limit=limit, what=what))
            return
        if len(data) > self.max_file_bytes:
            await self.sender.send(
                incoming.chat_id, self.texts["file_too_large"].format(limit=limit)
            )
            return
        meta = {
            "channel": "telegram",
            "channel_user_id": str(incoming.chat_id),
            "kind": media.kind,
            "mime_type": media.mime_type,
            "original_name": media.file_name,
            "caption": incoming.caption,
        }
        try:
            stored = await self.app.add_evidence(meta, data)
        except AppUnavailable as exc:
            logger.error("Evidence not stored: %s", exc)
            await self.sender.send(incoming.chat_id, self.texts["file_not_saved"].format(what=what))
            return
        refused = stored.get("refused")
        if refused:
            key = f"evidence_refused_{refused}"
            await self.sender.send(
                incoming.chat_id,
                self.texts.get(key, self.texts["evidence_refused_type_not_accepted"]),
            )
            return
        size = format_size(int(stored.get("size_bytes") or len(data)))
        receipt = stored.get("receipt")
        if receipt:  # sent after a report: kept with that one, and the worker sees which
            text = self.texts["evidence_received_for"].format(what=what, size=size, receipt=receipt)
        else:
            text = self.texts["evidence_received"].format(what=what, size=size)
        if media.kind == "voice":
            text = f"{text} {self.texts['evidence_voice_note']}"
        await self.sender.send(incoming.chat_id, text)

    def _within_quota(self, incoming: Incoming) -> bool:
        """Count one file and its size (before downloading it) against the chat's daily quota."""
        chat = str(incoming.chat_id)
        size = incoming.media.file_size or self.max_file_bytes  # unknown size: the worst case
        if not self.limiter.hit(limits.TELEGRAM_UPLOAD_BYTES_PER_CHAT_DAY, chat, size):
            return False
        return self.limiter.hit(limits.TELEGRAM_UPLOADS_PER_CHAT_DAY, chat)

    async def send_document(self, incoming: Incoming, document: DocumentRequest) -> None:
        """Fetch the PDF from the app server (only for this chat's own report) and upload it."""
        try:
            data = await self.app.aangifte_pdf(CHANNEL, str(incoming.chat_id), document.report_id)
        except AppUnavailable as exc:
            logger.error("Document for update %d not made: %s", incoming.update_id, exc)
            await self.sender.send(incoming.chat_id, self.texts["document_failed"])
            return
        if data is None:
            logger.warning(
                "Document for update %d refused: not this chat's report", incoming.update_id
            )
            return
        await self.sender.send_document(incoming.chat_id, data, document.filename, document.title)

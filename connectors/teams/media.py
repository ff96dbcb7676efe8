"""Files in both directions: a file the worker sends in Teams is stored as evidence through the
app server (same limits and metadata stripping as Telegram's); the aangifte PDF Rasa asks for
is offered with Teams' file-consent card and uploaded to the worker's OneDrive on "Toestaan".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx

from bot.wire.document_message import DocumentRequest
from connectors.app_client import AppClient, AppUnavailable
from connectors.teams.activities import (
    Incoming,
    Reference,
    TeamsFile,
    consent_answer,
    consent_card,
    file_info_card,
    message_activity,
)
from connectors.teams.auth import host_allowed
from connectors.teams.send import ConnectorError, TeamsSender

logger = logging.getLogger(__name__)

CHANNEL = "teams"


class TooLarge(Exception):
    """The file is larger than the evidence limit."""


def format_size(size: int) -> str:
    """A file size as a Dutch reader expects it (kB / MB, decimal comma)."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


class Media:
    """Evidence files in, the aangifte PDF out; handed the HTTP client, app client and sender."""

    def __init__(
        self,
        http: Callable[[], httpx.AsyncClient],
        app: AppClient,
        sender: TeamsSender,
        texts: Mapping[str, Any],
        *,
        file_hosts: Iterable[str],
        max_file_bytes: int,
    ) -> None:
        self._http = http
        self.app = app
        self.sender = sender
        self.texts = texts
        self.file_hosts = tuple(file_hosts)
        self.max_file_bytes = max_file_bytes

    async def _say(self, ref: Reference, text: str) -> None:
        await self.sender.post(ref.service_url, ref.conversation_id, message_activity(text))

    async def evidence(self, incoming: Incoming) -> None:
        """Store every file of the message with the worker's report, and say so."""
        for teams_file in incoming.files:
            await self._one_file(incoming, teams_file)

    async def _download(self, url: str) -> bytes:
        chunks, size = [], 0
        async with self._http().stream("GET", url) as response:
            response.raise_for_status()
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_file_bytes:
                raise TooLarge
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > self.max_file_bytes:
                    raise TooLarge
                chunks.append(chunk)
        return b"".join(chunks)

    async def _one_file(self, incoming: Incoming, teams_file: TeamsFile) -> None:
        ref = incoming.reference
        what = self.texts["evidence_kinds"][teams_file.kind]
        limit = format_size(self.max_file_bytes)
        if not host_allowed(teams_file.download_url, self.file_hosts):
            logger.warning("Teams file not fetched: download host not allowed")
            await self._say(ref, self.texts["file_not_saved"].format(what=what))
            return
        try:
            data = await self._download(teams_file.download_url)
        except TooLarge:
            await self._say(ref, self.texts["file_too_large"].format(limit=limit))
            return
        except httpx.HTTPError as exc:
            logger.warning("Teams file not fetched: %s", type(exc).__name__)
            await self._say(ref, self.texts["file_not_saved"].format(what=what))
            return
        meta = {
            "channel": CHANNEL,
            "channel_user_id": incoming.user,
            "kind": teams_file.kind,
            "mime_type": teams_file.mime_type,
            "original_name": teams_file.name,
            "caption": incoming.text,
        }
        try:
            stored = await self.app.add_evidence(meta, data)
        except AppUnavailable as exc:
            logger.error("Evidence not stored: %s", exc)
            await self._say(ref, self.texts["file_not_saved"].format(what=what))
            return
        text = self.texts["evidence_received"].format(
            what=what, size=format_size(int(stored.get("size_bytes") or len(data)))
        )
        if teams_file.kind == "voice":
            text = f"{text} {self.texts['evidence_voice_note']}"
        await self._say(ref, text)

    async def offer_document(self, incoming: Incoming, document: DocumentRequest) -> None:
        """Offer the PDF with a file-consent card (only for this user's own report)."""
        ref = incoming.reference
        try:
            data = await self.app.aangifte_pdf(CHANNEL, incoming.user, document.report_id)
        except AppUnavailable as exc:
            logger.error("Document for activity %s not made: %s", incoming.activity_id, exc)
            await self._say(ref, self.texts["document_failed"])
            return
        if data is None:
            logger.warning("Document refused: not this user's report")
            return
        card = consent_card(
            document.filename, len(data), self.texts["document_offer"], document.report_id
        )
        await self.sender.post(
            ref.service_url, ref.conversation_id, {"type": "message", "attachments": [card]}
        )

    async def consent(self, incoming: Incoming) -> None:
        """The worker answered the file-consent card: upload the PDF, or give the text way."""
        ref = incoming.reference
        action, report_id, filename, upload = consent_answer(incoming.value)
        if action != "accept" or report_id is None:
            await self._say(ref, self.texts["document_declined"])
            return
        upload_url = str(upload.get("uploadUrl") or "")
        if not host_allowed(upload_url, self.file_hosts):
            logger.warning("Teams upload refused: OneDrive host not allowed")
            await self._say(ref, self.texts["document_failed"])
            return
        try:
            data = await self.app.aangifte_pdf(CHANNEL, incoming.user, report_id)
            if data is None:
                logger.warning("Document refused: not this user's report")
                return
            response = await self._http().put(
                upload_url,
                content=data,
                headers={
                    "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}",
                    "Content-Type": "application/pdf",
                },
            )
            response.raise_for_status()
        except (AppUnavailable, httpx.HTTPError) as exc:
            logger.error("Document not uploaded: %s", type(exc).__name__)
            await self._say(ref, self.texts["document_failed"])
            return
        try:
            await self.sender.post(
                ref.service_url,
                ref.conversation_id,
                {"type": "message", "attachments": [file_info_card(upload, filename)]},
            )
        except ConnectorError as exc:
            logger.warning("File card not shown: %s", exc)

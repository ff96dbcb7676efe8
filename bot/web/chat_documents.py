"""Documents in the web chat: the aangifte sheet as a PDF download for the session that asked.

The dialogue sends a custom message naming the report (domain response utter_aangifte_document).
The app server makes the PDF only when the report was told in this browser session, keeps it in
memory under a random token for a short while, and serves it only with that session's cookie:
the link is same-origin (the CSP allows it), needs no script, and is useless to anyone else.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.services.documents import aangifte_pdf
from bot.web.appkeys import SESSION_FACTORY, SETTINGS
from bot.web.sessions import session_of
from bot.wire.document_message import DocumentRequest
from bot.wire.senders import SENDER_PREFIX, WEB_CHANNEL

logger = logging.getLogger(__name__)

DOCUMENT_PATH = "/chat/api/documents/"
KEEP_SECONDS = 30 * 60
MAX_PER_SESSION = 5
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class HeldDocument:
    """A PDF waiting to be downloaded by one session."""

    session_id: str
    filename: str
    data: bytes
    expires: float


class DocumentStore:
    """PDFs per session, in memory (one app process), dropped after KEEP_SECONDS."""

    def __init__(self, clock=time.monotonic) -> None:
        self._held: dict[str, HeldDocument] = {}
        self._clock = clock

    def put(self, session_id: str, filename: str, data: bytes) -> str:
        """Keep the PDF for this session; returns the token of its URL."""
        self._expire()
        mine = [t for t, d in self._held.items() if d.session_id == session_id]
        for token in mine[: max(0, len(mine) - MAX_PER_SESSION + 1)]:
            del self._held[token]
        token = secrets.token_urlsafe(32)
        self._held[token] = HeldDocument(session_id, filename, data, self._clock() + KEEP_SECONDS)
        return token

    def get(self, token: str, session_id: str) -> HeldDocument | None:
        """The PDF under this token, only for the session it was made for."""
        self._expire()
        held = self._held.get(token)
        if held is None or not hmac.compare_digest(held.session_id, session_id):
            return None
        return held

    def _expire(self) -> None:
        now = self._clock()
        for token in [t for t, d in self._held.items() if d.expires <= now]:
            del self._held[token]


DOCUMENTS = web.AppKey("chat_documents", DocumentStore)


async def offer_document(
    app: web.Application, sender: str, wanted: DocumentRequest
) -> dict[str, Any] | None:
    """Make the PDF for this web sender's session and return the message part linking to it."""
    # In a worker thread: the database and the PDF rendering must not stop the event loop.
    found = await asyncio.to_thread(
        aangifte_pdf, app[SESSION_FACTORY], WEB_CHANNEL, sender, wanted.report_id, app[SETTINGS].tz
    )
    if found is None:
        logger.warning("Web chat document refused: the report is not this session's")
        return None
    _, pdf = found
    token = app[DOCUMENTS].put(sender.removeprefix(SENDER_PREFIX), wanted.filename, pdf)
    return {
        "url": DOCUMENT_PATH + token,
        "title": wanted.title or wanted.filename,
        "filename": wanted.filename,
    }


def pdf_response(data: bytes, filename: str) -> web.Response:
    """A PDF to download, never cached."""
    return web.Response(
        body=data,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


async def get_document(request: web.Request) -> web.Response:
    """The PDF behind a download link, with the session cookie that asked for it; else 404."""
    token = request.match_info["token"]
    session_id = session_of(request)
    held = (
        request.app[DOCUMENTS].get(token, session_id)
        if session_id is not None and _TOKEN.fullmatch(token)
        else None
    )
    if held is None:
        return web.json_response(
            {"error": "not_found"}, status=404, headers={"Cache-Control": "no-store"}
        )
    return pdf_response(held.data, held.filename)


def add_document_routes(app: web.Application) -> None:
    """The download route and the store behind it."""
    app[DOCUMENTS] = DocumentStore()
    app.router.add_get(DOCUMENT_PATH + "{token}", get_document)

"""Documents in the web chat: the aangifte sheet as a PDF download for the session that asked.

The dialogue sends a custom message naming the report (domain response utter_aangifte_document).
The app server makes the PDF only when the report was told in this browser session, keeps it in
memory under a random token for a short while, and serves it only with that session's cookie:
the link is same-origin (the CSP allows it), needs no script, and is useless to anyone else.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.aftercare import aangifte_pdf
from bot.web.appkeys import SESSION_FACTORY, SETTINGS

logger = logging.getLogger(__name__)

DOCUMENT_PATH = "/chat/api/documents/"
KEEP_SECONDS = 30 * 60
MAX_PER_SESSION = 5
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_FILENAME = re.compile(r"[A-Za-z0-9._-]{1,80}")


@dataclass(frozen=True)
class HeldDocument:
    """A PDF waiting to be downloaded by one session."""

    session_id: str
    filename: str
    data: bytes
    expires: float


class DocumentStore:
    """PDFs per session, in memory (one app process), dropped after KEEP_SECONDS."""

    def __init__(self, clock=time.monotonic) -> None:  # noqa: ANN001
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


def document_request(custom: Any) -> dict[str, Any] | None:
    """{"report_id", "filename", "title"} of a custom bot message naming a document, else None."""
    document = custom.get("document") if isinstance(custom, dict) else None
    if not isinstance(document, dict) or document.get("kind") != "aangifte":
        return None
    report_id = str(document.get("report_id") or "")
    filename = str(document.get("filename") or "")
    if not report_id.isdigit() or not _FILENAME.fullmatch(filename):
        return None
    title = str(document.get("title") or filename)
    return {"report_id": int(report_id), "filename": filename, "title": title}


def offer_document(
    app: web.Application, channel: str, sender: str, session_id: str, request: dict[str, Any]
) -> dict[str, Any] | None:
    """Make the PDF for this session and return the message part that links to it."""
    found = aangifte_pdf(
        app[SESSION_FACTORY], channel, sender, request["report_id"], app[SETTINGS].tz
    )
    if found is None:
        logger.warning("Web chat document refused: the report is not this session's")
        return None
    _, pdf = found
    token = app[DOCUMENTS].put(session_id, request["filename"], pdf)
    return {
        "url": DOCUMENT_PATH + token,
        "title": request["title"],
        "filename": request["filename"],
    }


async def get_document(request: web.Request) -> web.Response:
    """The PDF behind a download link, with the session cookie that asked for it; else 404."""
    from bot.web.chat import SESSION_COOKIE  # here: bot.web.chat imports this module

    token = request.match_info["token"]
    session_id = request.cookies.get(SESSION_COOKIE, "")
    held = request.app[DOCUMENTS].get(token, session_id) if _TOKEN.fullmatch(token) else None
    if held is None:
        return web.json_response(
            {"error": "not_found"}, status=404, headers={"Cache-Control": "no-store"}
        )
    return web.Response(
        body=held.data,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{held.filename}"',
            "Cache-Control": "no-store",
        },
    )


def add_document_routes(app: web.Application) -> None:
    """The download route and the store behind it."""
    app[DOCUMENTS] = DocumentStore()
    app.router.add_get(DOCUMENT_PATH + "{token}", get_document)

"""The web chat's browser session: the cookie, its id, and the Rasa sender it talks as."""

from __future__ import annotations

import re

from aiohttp import web

SESSION_COOKIE = "vpt_chat_session"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


def is_session_id(value: str) -> bool:
    """True for a string shaped like the session ids the chat hands out."""
    return bool(_SESSION_ID.fullmatch(value))


def session_of(request: web.Request) -> str | None:
    """The chat session id from the cookie, or None when there is no valid one."""
    session_id = request.cookies.get(SESSION_COOKIE, "")
    return session_id if is_session_id(session_id) else None

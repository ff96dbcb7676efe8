"""The web chat's browser session: only ids this server issued, kept as a hash, forgotten after
an idle period or when the worker ends the conversation; the cookie, and the Origin check.

The session id is the chat's only credential and doubles as the Rasa sender ("web-<id>"): a
well-formed id the server never issued (fixation) or one that was idle too long is refused, and
the page starts a new conversation.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from aiohttp import web
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.models import WebSession
from bot.web.appkeys import SESSION_FACTORY, SETTINGS

SESSION_COOKIE = "vpt_chat_session"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
# last_seen_at is written at most this often, not on every message.
TOUCH_EVERY = timedelta(minutes=1)


def is_session_id(value: str) -> bool:
    """True for a string shaped like the session ids the chat hands out."""
    return bool(_SESSION_ID.fullmatch(value))


def session_hash(session_id: str) -> str:
    """What the database keeps of a session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def db_valid_session(session: Session, session_id: str, *, now: datetime, idle: timedelta) -> bool:
    """True for an issued session that was used within the idle period (and mark it used)."""
    row = session.get(WebSession, session_hash(session_id))
    if row is None:
        return False
    if row.last_seen_at < now - idle:
        session.delete(row)
        return False
    if row.last_seen_at < now - TOUCH_EVERY:
        row.last_seen_at = now
    return True


def issue_session(factory: sessionmaker[Session], *, now: datetime) -> str:
    """A new session id, recorded as issued."""
    session_id = secrets.token_urlsafe(32)
    with factory() as session, session.begin():
        session.add(
            WebSession(id_sha256=session_hash(session_id), created_at=now, last_seen_at=now)
        )
    return session_id


def end_session(factory: sessionmaker[Session], session_id: str) -> None:
    """Forget the session: its id is never accepted again."""
    with factory() as session, session.begin():
        row = session.get(WebSession, session_hash(session_id))
        if row is not None:
            session.delete(row)


def session_of(request: web.Request) -> str | None:
    """The chat session id from the cookie, or None when it is not a live, issued one."""
    session_id = request.cookies.get(SESSION_COOKIE, "")
    if not is_session_id(session_id):
        return None
    idle = timedelta(hours=request.app[SETTINGS].web_session_idle_hours)
    with request.app[SESSION_FACTORY]() as session, session.begin():
        valid = db_valid_session(session, session_id, now=_now(), idle=idle)
    return session_id if valid else None


def set_session_cookie(request: web.Request, response: web.StreamResponse, session_id: str) -> None:
    """The cookie: HttpOnly, SameSite=Strict, Secure over TLS or when configured (TLS proxy)."""
    settings = request.app[SETTINGS]
    secure = request.secure or settings.web_cookie_secure == "always"
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        path="/chat",
        httponly=True,
        samesite="Strict",
        secure=secure,
        max_age=int(settings.web_session_idle_hours * 3600),
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    """Tell the browser to forget the cookie."""
    response.del_cookie(SESSION_COOKIE, path="/chat")


def same_origin(request: web.Request) -> bool:
    """False for a browser request another site (or another app on this domain) started.

    Browsers send Origin on every POST and Sec-Fetch-Site on modern ones; a request without
    either is not a browser's cross-site request (a test client, curl) and passes.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    allowed = request.app[SETTINGS].web_public_origin
    if allowed:
        return origin.rstrip("/") == allowed.rstrip("/")
    return urlsplit(origin).netloc == request.host

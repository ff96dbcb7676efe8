"""Web chat routes: the page, its static files, the message API that forwards to Rasa, and the
event stream through which an open page receives check-ins (bot/web/pages.py)."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from datetime import datetime, timezone
from pathlib import Path

from aiohttp import web

from bot.web.appkeys import (
    HTTP_CLIENT,
    LATE_ANSWERS,
    LIMITER,
    OPEN_PAGES,
    PAGE_WAIT,
    SESSION_FACTORY,
    SETTINGS,
)
from bot.web.chat_documents import add_document_routes, offer_document
from bot.web.rasa_rest import BotMessage, BotUnavailable, NoAnswer, send_to_rasa
from bot.web.sessions import (
    clear_session_cookie,
    end_session,
    issue_session,
    same_origin,
    session_of,
    set_session_cookie,
)
from bot.wire import limits
from bot.wire.document_message import document_request
from bot.wire.senders import SENDER_PREFIX
from bot.wire.text_input import clean_text

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
MAX_MESSAGE_CHARS = 4000
# JSON may escape every character as \uXXXX (or a surrogate pair): 12 bytes covers the worst case.
MAX_BODY_BYTES = MAX_MESSAGE_CHARS * 12 + 1024
# A comment line on the event stream this often keeps proxies from closing an idle connection.
HEARTBEAT_SECONDS = 15.0
# How often the stream looks whether its page went away, so the worker is told "not open"
# within about a second instead of at the next write.
CHECK_SECONDS = 1.0
# EventSource waits this long before it reconnects after the stream broke.
RECONNECT_MS = 5000
# A late answer waits up to this many half seconds for the page's event stream to (re)connect.
LATE_PAGE_WAITS = 2 * RECONNECT_MS // 1000 + 2


def add_chat_routes(app: web.Application) -> None:
    """Add /chat, /chat/static/ and /chat/api/message to the app (needs SETTINGS, HTTP_CLIENT)."""
    app.router.add_get("/chat", chat_page)
    app.router.add_get("/chat/", _redirect_to_chat)
    app.router.add_static("/chat/static/", STATIC_DIR)
    app.router.add_post("/chat/api/message", post_message)
    add_document_routes(app)
    app.router.add_get("/chat/api/events", events)
    app.router.add_post("/chat/api/events/ack", ack_event)
    app.router.add_post("/chat/api/end", end_conversation)


async def chat_page(request: web.Request) -> web.StreamResponse:
    """The chat page (static HTML; chat.js does the work)."""
    return web.FileResponse(
        STATIC_DIR / "chat.html",
        headers={"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"},
    )


async def _redirect_to_chat(request: web.Request) -> web.Response:
    raise web.HTTPFound("/chat")


async def post_message(request: web.Request) -> web.Response:
    """Forward the user's message to Rasa as this browser session and return the bot's answers.

    A cookie the server did not issue, or one idle too long, gets a new session: the message is
    never processed under an id the browser chose.
    """
    if not same_origin(request) or request.content_type != "application/json":
        return _error("forbidden", 403)
    session_id = session_of(request)
    new_session = session_id is None
    limiter, address = request.app[LIMITER], _address(request)
    if new_session:
        if not limiter.hit(limits.WEB_NEW_SESSIONS_PER_ADDRESS_DAY, address):
            logger.warning("Web chat: new sessions from one address over the daily limit")
            return _error("too_many_sessions", 429)
        session_id = issue_session(request.app[SESSION_FACTORY], now=datetime.now(timezone.utc))
    # Counted before the body is read or Rasa is called; the page shows the Dutch text.
    for limit, key in (
        (limits.WEB_MESSAGES_PER_SESSION_MINUTE, session_id),
        (limits.WEB_MESSAGES_PER_SESSION_DAY, session_id),
        (limits.WEB_MESSAGES_PER_ADDRESS_MINUTE, address),
        (limits.WEB_MESSAGES_PER_ADDRESS_DAY, address),
    ):
        if not limiter.hit(limit, key):
            logger.warning("Web chat: message over the limit %s", limit.name)
            return _error("too_many_messages", 429)

    response = await _handle_message(request, session_id=session_id)
    set_session_cookie(request, response, session_id)  # also renews the cookie's Max-Age
    return response


async def end_conversation(request: web.Request) -> web.Response:
    """The "end conversation" button: the server forgets the session, the browser its cookie."""
    if not same_origin(request):
        return _error("forbidden", 403)
    session_id = session_of(request)
    if session_id is not None:
        end_session(request.app[SESSION_FACTORY], session_id)
        request.app[OPEN_PAGES].forget(session_id)
    response = web.json_response({"ok": True}, headers={"Cache-Control": "no-store"})
    clear_session_cookie(response)
    return response


async def _handle_message(request: web.Request, *, session_id: str) -> web.Response:
    """Validate the body, call Rasa, and map every outcome to a JSON answer."""
    sender = SENDER_PREFIX + session_id
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return _error("message_too_long", 413)
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return _error("message_too_long", 413)
    if len(body) > MAX_BODY_BYTES:
        return _error("message_too_long", 413)
    try:
        data = json.loads(body)
    except ValueError:  # covers JSONDecodeError and bytes that are not UTF-8
        return _error("bad_request", 400)
    # Any other field (such as "sender") is ignored: the sender comes from the cookie only.
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, str):
        return _error("bad_request", 400)
    # A lone surrogate or a NUL could never be stored (by Rasa's tracker store or ours).
    message = clean_text(message).strip()
    if message.startswith("/") and not request.app[OPEN_PAGES].offered.was_offered(
        session_id, message
    ):
        # Typed, not a button: Rasa must read it as words, never as an intent with entities.
        message = message.lstrip("/").strip()
    if not message:
        return _error("empty_message", 400)
    if len(message) > MAX_MESSAGE_CHARS:
        return _error("message_too_long", 413)

    app = request.app
    rasa_url = app[SETTINGS].effective_rasa_url
    turn = asyncio.ensure_future(
        send_to_rasa(
            app[HTTP_CLIENT], rasa_url, sender, message, token=app[SETTINGS].internal_token
        )
    )
    try:
        answers = await asyncio.wait_for(asyncio.shield(turn), app[PAGE_WAIT])
    except asyncio.TimeoutError:
        # Rasa has the message and is still working on it: saying "not sent" now would be
        # untrue, and the worker's next "ja" would answer a question never shown. The answer
        # goes to the open page through the event stream when it comes.
        logger.warning("Web chat: Rasa still busy after %.0f s; answer follows", app[PAGE_WAIT])
        late = asyncio.ensure_future(_deliver_late(app, session_id, sender, turn))
        app[LATE_ANSWERS].add(late)
        late.add_done_callback(app[LATE_ANSWERS].discard)
        return web.json_response(
            {"messages": [], "notice": "bot_slow"},
            status=202,
            headers={"Cache-Control": "no-store"},
        )
    except NoAnswer as exc:
        logger.warning("Web chat message got no answer: %s", exc)
        return _error("no_answer", 503)
    except BotUnavailable as exc:
        logger.warning("Web chat message not delivered: %s", exc)
        return _error("bot_unavailable", 503)
    logger.debug("Web chat: %d characters in, %d messages out", len(message), len(answers))
    return web.json_response(
        {"messages": await _messages_json(app, sender, answers)},
        headers={"Cache-Control": "no-store"},
    )


async def _deliver_late(
    app: web.Application, session_id: str, sender: str, turn: asyncio.Future[list[BotMessage]]
) -> None:
    """Hand a late answer (or the news that none came) to the session's open pages."""
    messages: list[dict] = []
    error = None
    try:
        messages = await _messages_json(app, sender, await turn)
    except NoAnswer:
        error = "no_answer"
    except BotUnavailable as exc:
        logger.warning("Web chat: the late answer did not come: %s", exc)
        error = "bot_unavailable"
    except Exception:  # a document that could not be made, say: the page still hears of it
        logger.exception("Web chat: the late answer could not be prepared")
        error = "bot_unavailable"
    pages = app[OPEN_PAGES]
    # A first message has no event stream yet: the page opens it once the 202 set the cookie.
    for _ in range(LATE_PAGE_WAITS):
        if await pages.open_anywhere(session_id):
            break
        await asyncio.sleep(0.5)
    shown = await pages.push(session_id, "late-" + secrets.token_urlsafe(8), messages, error=error)
    if not shown:
        logger.warning("Web chat: a late answer found no open page")


async def _messages_json(
    app: web.Application, sender: str, answers: list[BotMessage]
) -> list[dict]:
    """The bot's answers for the browser; a document becomes a download link for this session."""
    out = []
    for answer in answers:
        if answer.custom is None:
            out.append(answer.to_json())
            continue
        wanted = document_request(answer.custom)
        if wanted is None:
            continue
        document = await offer_document(app, sender, wanted)
        if document is not None:
            out.append({**answer.to_json(), "document": document})
    app[OPEN_PAGES].offered.offer(sender.removeprefix(SENDER_PREFIX), out)
    return out


async def events(request: web.Request) -> web.StreamResponse:
    """Server-Sent Events: check-ins for this session while the page is open."""
    session_id = session_of(request)
    if session_id is None:
        # No conversation yet, so nothing can be sent to it; 204 tells EventSource to stop.
        # chat.js opens the stream again after its first message set the cookie.
        return web.Response(status=204, headers={"Cache-Control": "no-store"})
    taken = _open_stream(request.app[LIMITER], session_id, _address(request))
    if taken is None:
        # 429 makes EventSource stop; chat.js opens it again after half a minute.
        return web.Response(status=429, headers={"Cache-Control": "no-store"})
    try:
        return await _stream(request, session_id)
    finally:
        for limit, key in taken:
            request.app[LIMITER].close(limit, key)


def _address(request: web.Request) -> str:
    """The client's address for the limits.

    A reverse proxy on this machine (nginx, Caddy on 127.0.0.1) puts the client's address last in
    X-Forwarded-For; only then is the header believed: anyone else could write any address there.
    Without it every worker would share the proxy's address and its limits.
    """
    peer = request.remote or "unknown"
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded and (peer.startswith("127.") or peer == "::1"):
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return peer


def _open_stream(
    limiter: limits.Limiter, session_id: str, address: str
) -> list[tuple[limits.Limit, str]] | None:
    """Take a stream slot of the session, the address and the process; None when one is full."""
    taken: list[tuple[limits.Limit, str]] = []
    for limit, key in (
        (limits.WEB_STREAMS_PER_SESSION, session_id),
        (limits.WEB_STREAMS_PER_ADDRESS, address),
        (limits.WEB_STREAMS_TOTAL, "all"),
    ):
        if not limiter.open(limit, key):
            logger.warning("Web chat: event stream refused (%s)", limit.name)
            for done, done_key in taken:
                limiter.close(done, done_key)
            return None
        taken.append((limit, key))
    return taken


async def _stream(request: web.Request, session_id: str) -> web.StreamResponse:
    """The open event stream of one page, until the page goes away."""
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # nginx and the like: pass each event on at once
        }
    )
    await response.prepare(request)
    pages = request.app[OPEN_PAGES]
    with pages.connect(session_id) as stream:
        logger.debug("Web chat page connected (%d open)", pages.count)
        try:
            await response.write(f"retry: {RECONNECT_MS}\n\n".encode())
            idle = 0.0
            while _connected(request):
                try:
                    event = await asyncio.wait_for(stream.queue.get(), CHECK_SECONDS)
                except asyncio.TimeoutError:
                    idle += CHECK_SECONDS
                    if idle >= HEARTBEAT_SECONDS:
                        idle = 0.0
                        await response.write(b": keep-alive\n\n")
                    continue
                if event is None:  # the app is shutting down
                    break
                data = json.dumps(event, ensure_ascii=False)
                await response.write(f"event: messages\ndata: {data}\n\n".encode())
        except ConnectionResetError:
            # The page was closed or reloaded; the registry forgets it on leaving the block.
            pass
    logger.debug("Web chat page disconnected (%d open)", pages.count)
    return response


def _connected(request: web.Request) -> bool:
    transport = request.transport
    return transport is not None and not transport.is_closing()


async def ack_event(request: web.Request) -> web.Response:
    """The page showed a pushed event: the worker's push is answered "sent"."""
    if not same_origin(request):
        return _error("forbidden", 403)
    session_id = session_of(request)
    if session_id is None:
        return _error("no_session", 403)
    try:
        data = await request.json()
    except ValueError:
        return _error("bad_request", 400)
    event_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 200:
        return _error("bad_request", 400)
    request.app[OPEN_PAGES].ack(session_id, event_id)
    return web.json_response({"ok": True}, headers={"Cache-Control": "no-store"})


def _error(code: str, status: int) -> web.Response:
    return web.json_response({"error": code}, status=status, headers={"Cache-Control": "no-store"})

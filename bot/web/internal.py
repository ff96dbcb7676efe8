"""Loopback routes the Rasa channels and the worker call: processed updates, polling offset,
invites, evidence, and check-ins for open web chat pages.

Why a loopback API and not Rasa message metadata: the Telegram channel runs inside the Rasa
process (.venv-rasa: SQLAlchemy 1.4, no bot/ storage code), and three of its needs come before
or outside any Rasa message: recording an update_id *before* Rasa answers it, the polling offset,
and redeeming an invite from /start. Evidence files are megabytes that do not belong in the
tracker store (a second plain-text copy of every conversation). So the channel asks the app
server, which owns the reports database and the data directory. The follow-up worker hands
check-ins for the web chat here too, because only the app server knows which pages are open.
Every call carries
`Authorization: Bearer <VPT_INTERNAL_TOKEN>` (compared in constant time); without a configured
token every call is refused.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from aiohttp import web

from bot.services import teams
from bot.services.documents import aangifte_pdf
from bot.services.evidence import KINDS, IncomingFile, Refused, store_evidence
from bot.services.invites import redeem_invite
from bot.storage import channel_state, deliveries, leases
from bot.storage import channel_state as telegram_state
from bot.storage.reports import ReporterRef
from bot.web.appkeys import OPEN_PAGES, SESSION_FACTORY, SETTINGS
from bot.web.chat_documents import pdf_response
from bot.web.offload import in_document_thread
from bot.web.rasa_rest import BotUnavailable, parse_rasa_messages
from bot.web.sessions import is_session_id
from bot.wire.delivery import ALREADY_SENT, IN_PROGRESS, Delivery, deliver_once
from bot.wire.senders import SENDER_PREFIX

# A push no open page confirmed: the key is released for the next try.
NO_PAGE = Delivery("waiting", "no page confirmed the push")

logger = logging.getLogger(__name__)

_LEASE_NAME = re.compile(r"[a-z][a-z0-9._-]{0,99}")
T = TypeVar("T")

PREFIX = "/internal"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def add_internal_routes(app: web.Application) -> None:
    """Add the /internal/ routes (needs SETTINGS and SESSION_FACTORY on the app)."""
    routes = [
        ("POST", "/telegram/updates/claim", claim_update),
        ("POST", "/telegram/updates/finish", finish_update),
        ("POST", "/telegram/updates/release", release_update),
        ("GET", "/telegram/chats/{chat_id}", chat_known),
        ("GET", "/telegram/offset", get_offset),
        ("PUT", "/telegram/offset", put_offset),
        ("POST", "/deliveries/claim", claim_delivery),
        ("POST", "/deliveries/confirm", confirm_delivery),
        ("POST", "/deliveries/release", release_delivery),
        ("POST", "/invites/redeem", redeem),
        ("POST", "/evidence", add_evidence),
        ("POST", "/documents/aangifte", aangifte_document),
        ("POST", "/leases/{name}/take", take_lease),
        ("POST", "/leases/{name}/release", release_lease),
        ("GET", "/web/pages/{sender}", web_page_open),
        ("POST", "/teams/activities/claim", teams_claim_activity),
        ("POST", "/teams/activities/finish", teams_finish_activity),
        ("POST", "/teams/activities/release", teams_release_activity),
        ("PUT", "/teams/conversations", teams_save_conversation),
        ("GET", "/teams/conversations/{user}", teams_get_conversation),
        ("PUT", "/teams/conversations/{user}/installed", teams_set_installed),
        ("POST", "/web/push", web_push),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, PREFIX + path, _authenticated(handler))


async def _db(func: Callable[..., T], /, *args: object, **kwargs: object) -> T:
    """Run a synchronous database call in a worker thread: a slow or locked database must not
    stop the event loop (every web chat, event stream and Telegram update shares it)."""
    return await asyncio.to_thread(func, *args, **kwargs)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _authenticated(handler: Handler) -> Handler:
    """Refuse the call unless it carries the internal token."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        expected = request.app[SETTINGS].internal_token
        given = request.headers.get("Authorization", "")
        if not expected or not hmac.compare_digest(
            given.encode("utf-8", "replace"), f"Bearer {expected}".encode()
        ):
            return web.json_response({"error": "unauthorized"}, status=401)
        return await handler(request)

    return wrapped


async def _json_body(request: web.Request) -> dict:
    try:
        data = await request.json()
    except ValueError as exc:
        raise web.HTTPBadRequest(text='{"error": "bad_request"}') from exc
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text='{"error": "bad_request"}')
    return data


def _int_field(data: dict, name: str) -> int:
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise web.HTTPBadRequest(text=f'{{"error": "{name} must be a number"}}')
    return value


async def claim_update(request: web.Request) -> web.Response:
    """Record an update_id before it is answered; {"claimed": false} for a re-sent one."""
    data = await _json_body(request)
    chat_id, name = data.get("chat_id"), data.get("display_name")
    claimed = await _db(
        telegram_state.claim_update,
        request.app[SESSION_FACTORY],
        _int_field(data, "update_id"),
        chat_id if isinstance(chat_id, int) else None,
        now=_now(),
        display_name=name if isinstance(name, str) else None,
    )
    return web.json_response({"claimed": claimed})


async def finish_update(request: web.Request) -> web.Response:
    """Mark an update as answered."""
    data = await _json_body(request)
    await _db(
        telegram_state.finish_update, request.app[SESSION_FACTORY], _int_field(data, "update_id")
    )
    return web.json_response({"ok": True})


async def release_update(request: web.Request) -> web.Response:
    """Forget a failed claim so the update can be retried."""
    data = await _json_body(request)
    await _db(
        telegram_state.release_update, request.app[SESSION_FACTORY], _int_field(data, "update_id")
    )
    return web.json_response({"ok": True})


async def chat_known(request: web.Request) -> web.Response:
    """Whether this chat talked to the bot before (proactive messages need it)."""
    try:
        chat_id = int(request.match_info["chat_id"])
    except ValueError as exc:
        raise web.HTTPBadRequest() from exc
    known = await _db(telegram_state.chat_known, request.app[SESSION_FACTORY], chat_id)
    return web.json_response({"known": known})


def _key_field(data: dict) -> str:
    key = data.get("key")
    if not isinstance(key, str) or not 0 < len(key) <= 100:
        raise web.HTTPBadRequest(text='{"error": "key must be a short string"}')
    return key


async def claim_delivery(request: web.Request) -> web.Response:
    """Claim a proactive message's dedupe key: {"state": "claimed" | "sent" | "in_progress"}."""
    data = await _json_body(request)
    state = await _db(
        deliveries.claim_delivery, request.app[SESSION_FACTORY], _key_field(data), now=_now()
    )
    return web.json_response({"state": state, "claimed": state == "claimed"})


async def confirm_delivery(request: web.Request) -> web.Response:
    """The message under this key went out: it is never sent again."""
    data = await _json_body(request)
    await _db(
        deliveries.confirm_delivery, request.app[SESSION_FACTORY], _key_field(data), now=_now()
    )
    return web.json_response({"ok": True})


async def release_delivery(request: web.Request) -> web.Response:
    """Forget the key of a message that was not delivered."""
    data = await _json_body(request)
    await _db(deliveries.release_delivery, request.app[SESSION_FACTORY], _key_field(data))
    return web.json_response({"ok": True})


async def get_offset(request: web.Request) -> web.Response:
    """The saved getUpdates offset (null before the first poll)."""
    offset = await _db(telegram_state.get_offset, request.app[SESSION_FACTORY])
    return web.json_response({"offset": offset})


async def put_offset(request: web.Request) -> web.Response:
    """Save the getUpdates offset."""
    data = await _json_body(request)
    await _db(
        telegram_state.save_offset,
        request.app[SESSION_FACTORY],
        _int_field(data, "offset"),
        now=_now(),
    )
    return web.json_response({"ok": True})


def _lease_fields(request: web.Request, data: dict) -> tuple[str, str]:
    name, holder = request.match_info["name"], data.get("holder")
    if not _LEASE_NAME.fullmatch(name) or not isinstance(holder, str) or not 0 < len(holder) <= 100:
        raise web.HTTPBadRequest(text='{"error": "bad lease"}')
    return name, holder


async def take_lease(request: web.Request) -> web.Response:
    """Take or renew a named lease (Telegram polling): {"taken": ..., "holder": ...}."""
    data = await _json_body(request)
    name, holder = _lease_fields(request, data)
    seconds = data.get("seconds")
    if (
        not isinstance(seconds, (int, float))
        or isinstance(seconds, bool)
        or not 0 < seconds <= 3600
    ):
        raise web.HTTPBadRequest(text='{"error": "seconds must be 1-3600"}')
    factory, now = request.app[SESSION_FACTORY], _now()
    taken = leases.take_lease(factory, name, holder, ttl=timedelta(seconds=seconds), now=now)
    return web.json_response(
        {"taken": taken, "holder": holder if taken else leases.lease_holder(factory, name, now=now)}
    )


async def release_lease(request: web.Request) -> web.Response:
    """Give a lease up (the holder stops)."""
    data = await _json_body(request)
    name, holder = _lease_fields(request, data)
    released = leases.release_lease(request.app[SESSION_FACTORY], name, holder)
    return web.json_response({"released": released})


async def redeem(request: web.Request) -> web.Response:
    """Link a channel account to the organisation of an invite code."""
    data = await _json_body(request)
    channel, user, code = data.get("channel"), data.get("channel_user_id"), data.get("code")
    if not all(isinstance(v, str) and v for v in (channel, user, code)):
        raise web.HTTPBadRequest()
    name = data.get("display_name")
    ref = ReporterRef(channel, user, name if isinstance(name, str) and name else None)
    result = await _db(redeem_invite, request.app[SESSION_FACTORY], code, ref, now=_now())
    logger.info("invite redeemed on %s: %s", channel, result.status)
    return web.json_response({"status": result.status, "organisation": result.organisation})


async def add_evidence(request: web.Request) -> web.Response:
    """Store one file: multipart with a JSON part "meta" first, then the part "file"."""
    settings = request.app[SETTINGS]
    limit = settings.telegram_max_file_bytes
    try:
        reader = await request.multipart()
        meta_part = await reader.next()
        if meta_part is None or meta_part.name != "meta":
            raise web.HTTPBadRequest(text='{"error": "meta part first"}')
        meta = json.loads(await meta_part.read(decode=False))
        file_part = await reader.next()
        if file_part is None or file_part.name != "file":
            raise web.HTTPBadRequest(text='{"error": "file part missing"}')
        chunks, size = [], 0
        while chunk := await file_part.read_chunk(64 * 1024):
            size += len(chunk)
            if size > limit:
                return web.json_response({"error": "too_large"}, status=413)
            chunks.append(chunk)
    except (ValueError, AssertionError) as exc:
        raise web.HTTPBadRequest(text='{"error": "bad_request"}') from exc
    if not isinstance(meta, dict) or meta.get("kind") not in KINDS:
        raise web.HTTPBadRequest(text='{"error": "bad meta"}')

    def text(name: str, limit: int) -> str | None:
        value = meta.get(name)
        return value[:limit] if isinstance(value, str) and value else None

    channel, user = text("channel", 40), text("channel_user_id", 200)
    if not channel or not user:
        raise web.HTTPBadRequest(text='{"error": "bad meta"}')
    incoming = IncomingFile(
        channel=channel,
        channel_user_id=user,
        kind=meta["kind"],
        data=b"".join(chunks),
        mime_type=text("mime_type", 100),
        original_name=text("original_name", 255),
        caption=text("caption", 4096),
    )
    try:
        stored = await _db(
            store_evidence, request.app[SESSION_FACTORY], settings.data_dir, incoming, now=_now()
        )
    except Refused as refused:
        logger.info("evidence refused (%s): %s", incoming.kind, refused.reason)
        return web.json_response({"refused": refused.reason})
    logger.info("evidence %s stored (%s, %d bytes)", stored.evidence_id, stored.kind, size)
    return web.json_response(
        {
            "evidence_id": stored.evidence_id,
            "kind": stored.kind,
            "size_bytes": stored.size_bytes,
            "sha256": stored.sha256,
            "metadata_stripped": stored.metadata_stripped,
            "receipt": stored.receipt,
        }
    )


async def aangifte_document(request: web.Request) -> web.Response:
    """The aangifte sheet of a report as PDF, only for the account that told the report."""
    data = await _json_body(request)
    channel, user = data.get("channel"), data.get("channel_user_id")
    if not isinstance(channel, str) or not isinstance(user, str):
        raise web.HTTPBadRequest(text='{"error": "bad_request"}')
    found = await in_document_thread(
        aangifte_pdf,
        request.app[SESSION_FACTORY],
        channel,
        user,
        _int_field(data, "report_id"),
        request.app[SETTINGS].tz,
    )
    if found is None:
        return web.json_response({"error": "not_found"}, status=404)
    receipt, pdf = found
    return pdf_response(pdf, f"aangifte-{receipt}.pdf")


def _web_session(sender: object) -> str:
    """The chat session id of a web sender ("web-<session id>"); 400 for anything else."""
    if isinstance(sender, str) and sender.startswith(SENDER_PREFIX):
        session_id = sender.removeprefix(SENDER_PREFIX)
        if is_session_id(session_id):
            return session_id
    raise web.HTTPBadRequest(text='{"error": "not a web chat sender"}')


async def web_page_open(request: web.Request) -> web.Response:
    """Whether a chat page of this web sender is open right now."""
    session_id = _web_session(request.match_info["sender"])
    return web.json_response({"open": await request.app[OPEN_PAGES].open_anywhere(session_id)})


async def web_push(request: web.Request) -> web.Response:
    """Show messages on the sender's open chat page, once per dedupe key.

    Answers {"status": "sent"} when a page confirmed it showed them (reason "duplicate" when the
    key was delivered before, and nothing is shown again), or {"status": "no_page"} when no page
    of the session is open or none confirmed in time; the key is then free for the next try.
    """
    data = await _json_body(request)
    session_id = _web_session(data.get("sender"))
    key = _key_field(data)
    try:
        messages = [m.to_json() for m in parse_rasa_messages(data.get("messages"))]
    except BotUnavailable as exc:
        raise web.HTTPBadRequest(text='{"error": "messages must be a list"}') from exc
    if not messages:
        raise web.HTTPBadRequest(text='{"error": "no message to show"}')
    pages = request.app[OPEN_PAGES]
    if not await pages.open_anywhere(session_id):
        return web.json_response({"status": "no_page"})
    factory = request.app[SESSION_FACTORY]

    async def claim(key: str) -> str:
        return await _db(deliveries.claim_delivery, factory, key, now=_now())

    async def confirm(key: str) -> None:
        await _db(deliveries.confirm_delivery, factory, key, now=_now())

    async def release(key: str) -> None:
        await _db(deliveries.release_delivery, factory, key)

    async def push() -> Delivery:
        if await pages.push(session_id, key, messages):
            return Delivery("sent")
        return NO_PAGE

    delivery = await deliver_once(key, push, claim=claim, confirm=confirm, release=release)
    if delivery == ALREADY_SENT:
        return web.json_response({"status": "sent", "reason": "duplicate"})
    if delivery == IN_PROGRESS:
        # Another push of this key is waiting for the page to confirm: not a second one.
        return web.json_response({"status": "in_progress"})
    if delivery == NO_PAGE:
        logger.info("web push %s: no page confirmed it", key)
        return web.json_response({"status": "no_page"})
    logger.info("web push %s: shown", key)
    return web.json_response({"status": "sent"})


def _text_field(data: dict, name: str, limit: int = 500, *, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= limit:
        raise web.HTTPBadRequest(text=f'{{"error": "{name} must be a short string"}}')
    return value


async def teams_claim_activity(request: web.Request) -> web.Response:
    """Record a Teams activity id before it is answered; {"claimed": false} for a re-sent one."""
    data = await _json_body(request)
    claimed = channel_state.claim_activity(
        request.app[SESSION_FACTORY], _text_field(data, "activity_id", 200), now=_now()
    )
    return web.json_response({"claimed": claimed})


async def teams_finish_activity(request: web.Request) -> web.Response:
    """Mark a Teams activity as answered."""
    data = await _json_body(request)
    channel_state.finish_activity(
        request.app[SESSION_FACTORY], _text_field(data, "activity_id", 200)
    )
    return web.json_response({"ok": True})


async def teams_release_activity(request: web.Request) -> web.Response:
    """Forget a failed claim so Teams' retry is processed."""
    data = await _json_body(request)
    channel_state.release_activity(
        request.app[SESSION_FACTORY], _text_field(data, "activity_id", 200)
    )
    return web.json_response({"ok": True})


async def teams_save_conversation(request: web.Request) -> web.Response:
    """Store a Teams user's conversation reference; links them to their tenant's organisation."""
    data = await _json_body(request)
    settings = request.app[SETTINGS]
    user = _text_field(data, "channel_user_id", 200)
    reference = {
        "service_url": _text_field(data, "service_url"),
        "conversation_id": _text_field(data, "conversation_id"),
        "tenant_id": _text_field(data, "tenant_id", 100),
        "user_id": _text_field(data, "user_id", 200),
        "bot_id": _text_field(data, "bot_id", 200, required=False),
    }
    name = data.get("display_name")
    organisation = teams.record_conversation(
        request.app[SESSION_FACTORY],
        user,
        reference,
        display_name=name[:200] if isinstance(name, str) and name else None,
        tenant_organisations=settings.teams_tenant_organisations,
        now=_now(),
    )
    return web.json_response({"ok": True, "organisation": organisation})


async def teams_get_conversation(request: web.Request) -> web.Response:
    """The stored reference of a Teams user; 404 when they never talked to the bot."""
    found = teams.get_conversation(request.app[SESSION_FACTORY], request.match_info["user"])
    if found is None:
        return web.json_response({"error": "not_found"}, status=404)
    return web.json_response(found)


async def teams_set_installed(request: web.Request) -> web.Response:
    """Record an install, uninstall or block of the app by a Teams user."""
    data = await _json_body(request)
    installed = data.get("installed")
    if not isinstance(installed, bool):
        raise web.HTTPBadRequest(text='{"error": "installed must be true or false"}')
    teams.set_installed(request.app[SESSION_FACTORY], request.match_info["user"], installed)
    return web.json_response({"ok": True})

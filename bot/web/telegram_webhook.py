"""The channels' webhooks on the public listener, passed on to their channels inside Rasa.

Rasa listens on the internal interface only, so Telegram and Microsoft Teams reach it through the
app server: the body (at most 1 MiB, refused before it is read when the length says more) and the
credential header go to Rasa's webhook unchanged; the channel checks the credential (Telegram's
secret, Teams' signed Bearer token) before it parses anything.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiohttp import web

from bot.web.appkeys import HTTP_CLIENT, SETTINGS

logger = logging.getLogger(__name__)

PATH = "/webhooks/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TEAMS_PATH = "/webhooks/teams/webhook"
TEAMS_HEADER = "Authorization"
MAX_UPDATE_BYTES = 1024 * 1024


def add_telegram_webhook(app: web.Application) -> None:
    """Add POST /webhooks/telegram/webhook to the public listener."""
    app.router.add_post(PATH, forward_update)


def add_teams_webhook(app: web.Application) -> None:
    """Add POST /webhooks/teams/webhook (the bot's messaging endpoint) to the public listener."""
    app.router.add_post(TEAMS_PATH, forward_activity)


async def forward_update(request: web.Request) -> web.Response:
    """Pass one Telegram update on to Rasa and answer with Rasa's status."""
    return await _forward(request, PATH, SECRET_HEADER)


async def forward_activity(request: web.Request) -> web.Response:
    """Pass one Teams activity on to Rasa and answer with Rasa's status."""
    return await _forward(request, TEAMS_PATH, TEAMS_HEADER)


async def _forward(request: web.Request, path: str, header: str) -> web.Response:
    credential = request.headers.get(header)
    if credential is None:
        return web.json_response({"ok": False}, status=401)
    if request.content_length is None or request.content_length > MAX_UPDATE_BYTES:
        return web.json_response({"ok": False}, status=413)
    body = await request.read()
    url = f"{request.app[SETTINGS].effective_rasa_url}{path}"
    headers = {header: credential, "Content-Type": "application/json"}
    try:
        async with request.app[HTTP_CLIENT].post(url, data=body, headers=headers) as answer:
            return web.json_response({"ok": answer.status == 200}, status=answer.status)
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        logger.warning("Webhook call not passed on to Rasa (%s): %s", path, type(exc).__name__)
        return web.json_response({"ok": False}, status=503)

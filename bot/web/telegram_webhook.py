"""Telegram's webhook on the public listener, passed on to the Telegram channel inside Rasa.

Rasa listens on the internal interface only, so Telegram reaches it through the app server: the
body (at most 1 MiB, refused before it is read when the length says more) and the secret header
go to Rasa's /webhooks/telegram/webhook unchanged; the channel checks the secret.
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
MAX_UPDATE_BYTES = 1024 * 1024


def add_telegram_webhook(app: web.Application) -> None:
    """Add POST /webhooks/telegram/webhook to the public listener."""
    app.router.add_post(PATH, forward_update)


async def forward_update(request: web.Request) -> web.Response:
    """Pass one update on to Rasa and answer with Rasa's status."""
    secret = request.headers.get(SECRET_HEADER)
    if secret is None:
        return web.json_response({"ok": False}, status=401)
    if request.content_length is None or request.content_length > MAX_UPDATE_BYTES:
        return web.json_response({"ok": False}, status=413)
    body = await request.read()
    url = f"{request.app[SETTINGS].effective_rasa_url}{PATH}"
    headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    try:
        async with request.app[HTTP_CLIENT].post(url, data=body, headers=headers) as answer:
            return web.json_response({"ok": answer.status == 200}, status=answer.status)
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        logger.warning("Telegram update not passed on to Rasa: %s", type(exc).__name__)
        return web.json_response({"ok": False}, status=503)

"""Messages the worker did not start: the channel's POST /send route (internal token) and the
send-once delivery through the app server's claim/confirm/release of the dedupe key."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram.error import TelegramError

from bot.wire.delivery import Delivery, deliver_once
from connectors.app_client import AppClient, AppUnavailable
from connectors.telegram.send import TelegramSender, classify_error

logger = logging.getLogger(__name__)


class ProactiveSender:
    """Sends a message the worker did not start, at most once per dedupe key."""

    def __init__(self, app: AppClient, sender: TelegramSender) -> None:
        self.app = app
        self.sender = sender

    async def send_proactive(
        self,
        chat_id: int,
        text: str,
        buttons: list[dict[str, Any]] | None = None,
        *,
        dedupe_key: str | None = None,
    ) -> Delivery:
        """Send a message the worker did not start; only to a chat that talked to the bot.

        With a dedupe key the message goes out once: a caller that retries after a crash
        between sending and recording hears "sent" without a second message, and a send that
        died before Telegram took it is sent again once its claim's lease is over.
        """
        try:
            if not await self.app.chat_known(chat_id):
                return Delivery("permanent", "chat never talked to the bot")
            return await deliver_once(
                dedupe_key,
                lambda: self._send_now(chat_id, text, buttons),
                claim=self.app.claim_delivery,
                confirm=self._confirm_delivery,
                release=self._release_delivery,
            )
        except AppUnavailable as exc:
            return Delivery("retryable", str(exc))

    async def _send_now(
        self, chat_id: int, text: str, buttons: list[dict[str, Any]] | None
    ) -> Delivery:
        try:
            await self.sender.send(chat_id, text, buttons or None)
        except TelegramError as exc:
            delivery = classify_error(exc)
            logger.warning("Proactive message not delivered: %s (%s)", delivery.status, exc)
            return delivery
        return Delivery("sent")

    async def _release_delivery(self, key: str) -> None:
        try:
            await self.app.release_delivery(key)
        except AppUnavailable:
            logger.warning("Delivery key not released; the message may stay unsent")

    async def _confirm_delivery(self, key: str) -> None:
        try:
            await self.app.confirm_delivery(key)
        except AppUnavailable:
            # The message is out and the worker hears "sent", so nothing retries it; only
            # a second send of this key after the lease could repeat it.
            logger.warning("Delivery key not confirmed; the message was sent")


async def send_route(
    request: Request, internal_token: str, proactive: ProactiveSender
) -> HTTPResponse:
    given = request.headers.get("Authorization", "")
    expected = f"Bearer {internal_token}"
    if not internal_token or not hmac.compare_digest(
        given.encode("utf-8", "replace"), expected.encode()
    ):
        return response.json({"error": "unauthorized"}, status=401)
    body = request.json if request.body else None
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        return response.json({"error": "bad_request"}, status=400)
    chat_id = body.get("chat_id")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        return response.json({"error": "bad_request"}, status=400)
    buttons = body.get("buttons") or []
    key = body.get("dedupe_key")
    if not isinstance(buttons, list) or not all(
        isinstance(b, dict) and isinstance(b.get("title"), str) for b in buttons
    ):
        return response.json({"error": "bad_request"}, status=400)
    if key is not None and not isinstance(key, str):
        return response.json({"error": "bad_request"}, status=400)
    delivery = await proactive.send_proactive(chat_id, body["text"], buttons, dedupe_key=key)
    return response.json(delivery.to_json())

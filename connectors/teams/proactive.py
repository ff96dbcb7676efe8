"""Messages the worker did not start (check-ins, the coordinator's feedback): the channel's
POST /webhooks/teams/send route (internal token) and the send-once delivery to the stored
conversation reference, through the same claim/confirm/release as Telegram's."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.wire.delivery import Delivery, deliver_once
from connectors.app_client import AppClient, AppUnavailable
from connectors.teams.send import ConnectorError, TeamsSender, classify_error

logger = logging.getLogger(__name__)


class ProactiveSender:
    """Sends a message the worker did not start, at most once per dedupe key."""

    def __init__(self, app: AppClient, sender: TeamsSender) -> None:
        self.app = app
        self.sender = sender

    async def send_proactive(
        self,
        user: str,
        text: str,
        buttons: list[dict[str, Any]] | None = None,
        *,
        dedupe_key: str | None = None,
    ) -> Delivery:
        """Send to a user whose conversation reference is stored; once per dedupe key."""
        try:
            reference = await self.app.teams_conversation(user)
            if reference is None:
                return Delivery("permanent", "user never talked to the bot in Teams")
            if not reference.get("installed", True):
                return Delivery("permanent", "the app is removed or blocked in Teams")

            async def send() -> Delivery:
                return await self._send_now(user, reference, text, buttons)

            return await deliver_once(
                dedupe_key,
                send,
                claim=self.app.claim_delivery,
                confirm=self._confirm,
                release=self._release,
            )
        except AppUnavailable as exc:
            return Delivery("retryable", str(exc))

    async def _send_now(
        self, user: str, reference: dict[str, Any], text: str, buttons: list | None
    ) -> Delivery:
        try:
            await self.sender.send(
                str(reference["service_url"]), str(reference["conversation_id"]), text, buttons
            )
        except ConnectorError as exc:
            delivery = classify_error(exc)
            logger.warning("Teams proactive message not delivered: %s", delivery.status)
            if exc.status in (403, 404):
                # Uninstalled or blocked: nothing reaches the worker until they install it
                # again (that activity stores the reference anew).
                await self.app.teams_set_installed(user, False)
            return delivery
        return Delivery("sent")

    async def _confirm(self, key: str) -> None:
        try:
            await self.app.confirm_delivery(key)
        except AppUnavailable:
            logger.warning("Delivery key not confirmed; the message was sent")

    async def _release(self, key: str) -> None:
        try:
            await self.app.release_delivery(key)
        except AppUnavailable:
            logger.warning("Delivery key not released; the message may stay unsent")


def _bad() -> HTTPResponse:
    return response.json({"error": "bad_request"}, status=400)


async def send_route(
    request: Request, internal_token: str, proactive: ProactiveSender | None
) -> HTTPResponse:
    """POST /webhooks/teams/send {channel_user_id, text, buttons?, dedupe_key?}."""
    given = request.headers.get("Authorization", "")
    if not internal_token or not hmac.compare_digest(
        given.encode("utf-8", "replace"), f"Bearer {internal_token}".encode()
    ):
        return response.json({"error": "unauthorized"}, status=401)
    if proactive is None:
        return response.json(Delivery("retryable", "channel starting").to_json())
    body = request.json if request.body else None
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        return _bad()
    user, buttons, key = (
        body.get("channel_user_id"),
        body.get("buttons") or [],
        body.get("dedupe_key"),
    )
    if not isinstance(user, str) or not user:
        return _bad()
    if not isinstance(buttons, list) or not all(
        isinstance(b, dict) and isinstance(b.get("title"), str) for b in buttons
    ):
        return _bad()
    if key is not None and not isinstance(key, str):
        return _bad()
    delivery = await proactive.send_proactive(user, body["text"], buttons, dedupe_key=key)
    return response.json(delivery.to_json())

"""Our authenticated channel for the web chat and the follow-up worker (replaces Rasa's `rest`).

Rasa's built-in `rest` channel takes the sender, the input channel and the metadata from the
request body and asks for no credential, so anyone who reaches Rasa's port could talk as any
worker. This channel runs inside the Rasa process (.venv-rasa) and accepts only callers that hold
the internal token (the app server and the follow-up worker, both on loopback):

- POST /webhooks/web/message {"sender": "web-...", "message": "..."}: one message of the web
  chat. The input channel is always "web" (set here, never read from the body), the sender must
  be a web chat sender, and no metadata is taken from the caller.
- POST /webhooks/web/busy {"sender": "..."}: whether the worker is telling a report now.
- POST /webhooks/web/trigger {"sender": "...", "intent": "EXTERNAL_...", "channel": "telegram"}:
  a check-in's external intent, as Rasa's trigger_intent does, so the full Rasa HTTP API (model upload, reading and
  rewriting every conversation) can stay off. Only EXTERNAL_ intents can be triggered.

The token travels in the Authorization header only. No message text is logged.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.wire.senders import SENDER_PREFIX, WEB_CHANNEL

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
MAX_SENDER_CHARS = 200
EXTERNAL_PREFIX = "EXTERNAL_"
# Forms during which a check-in would break into the worker's own conversation.
BUSY_LOOPS = frozenset({"report_form", "aftercare_form"})


def authorised(header: str | None, token: str) -> bool:
    """True when the Authorization header carries this bearer token (constant time)."""
    if not token or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[7:].encode("utf-8", "replace"), token.encode())


class WebChatInput(InputChannel):
    """The web chat's channel into Rasa, and the worker's check-in trigger."""

    @classmethod
    def name(cls) -> str:
        return WEB_CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        token = str((credentials or {}).get("internal_token") or "")
        if not token:
            cls.raise_missing_credentials_exception()
        return cls(token)

    def __init__(self, internal_token: str) -> None:
        self.internal_token = internal_token

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("vpt_web", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @blueprint.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            # The readiness probe (connectors/probe.py): Rasa's own /status needs the HTTP API,
            # which stays off. No data and no token: only whether a model is loaded.
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return response.json({"model_loaded": False}, status=503)
            return response.json({"model_loaded": True})

        @blueprint.route("/message", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            body = self._checked_body(request)
            if isinstance(body, HTTPResponse):
                return body
            sender, text = body.get("sender"), body.get("message")
            if not _web_sender(sender) or not isinstance(text, str):
                return response.json({"error": "bad_request"}, status=400)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text=text,
                        output_channel=collector,
                        sender_id=sender,
                        input_channel=self.name(),
                    )
                )
            except Exception as exc:  # noqa: BLE001 - whatever Rasa raised, its message and
                # traceback may quote the text: the type only, and the app says "not sent".
                logger.error("Web chat message not processed: %s", type(exc).__name__)
                return response.json({"error": "not_processed"}, status=503)
            return response.json(collector.messages)

        @blueprint.route("/busy", methods=["POST"])
        async def busy(request: Request) -> HTTPResponse:
            body = self._checked_body(request)
            if isinstance(body, HTTPResponse):
                return body
            sender = body.get("sender")
            if not _any_sender(sender):
                return response.json({"error": "bad_request"}, status=400)
            agent = request.app.ctx.agent
            tracker = await agent.tracker_store.retrieve(sender)
            loop = tracker.active_loop_name if tracker is not None else None
            return response.json({"busy": loop in BUSY_LOOPS})

        @blueprint.route("/trigger", methods=["POST"])
        async def trigger(request: Request) -> HTTPResponse:
            body = self._checked_body(request)
            if isinstance(body, HTTPResponse):
                return body
            sender, intent, channel = body.get("sender"), body.get("intent"), body.get("channel")
            if not _any_sender(sender) or not _external_intent(intent):
                return response.json({"error": "bad_request"}, status=400)
            if not isinstance(channel, str) or not 0 < len(channel) <= 40:
                return response.json({"error": "bad_request"}, status=400)
            agent = request.app.ctx.agent
            processor = agent.processor
            if intent not in processor.domain.intents:
                return response.json({"error": "unknown_intent"}, status=404)
            collector = CollectingOutputChannel()
            try:
                async with agent.lock_store.lock(sender):
                    tracker = await processor.fetch_tracker_and_update_session(sender, collector)
                    await _trigger_external(processor, tracker, intent, channel, collector)
            except Exception as exc:  # noqa: BLE001 - as above: the type only
                logger.error("Check-in not triggered: %s", type(exc).__name__)
                return response.json({"error": "not_processed"}, status=503)
            return response.json({"messages": collector.messages})

        return blueprint

    def _checked_body(self, request: Request) -> dict[str, Any] | HTTPResponse:
        """The JSON body of an authorised call, or the response that refuses it."""
        if not authorised(request.headers.get("Authorization"), self.internal_token):
            logger.warning("Web channel call refused (no or wrong token)")
            return response.json({"error": "unauthorised"}, status=401)
        if len(request.body or b"") > MAX_BODY_BYTES:
            return response.json({"error": "too_large"}, status=413)
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - Sanic raises its own InvalidUsage on bad JSON
            return response.json({"error": "bad_request"}, status=400)
        if not isinstance(body, dict):
            return response.json({"error": "bad_request"}, status=400)
        return body


async def _trigger_external(
    processor: Any, tracker: Any, intent: str, channel: str, collector: CollectingOutputChannel
) -> None:
    """Rasa's MessageProcessor.trigger_external_user_uttered (3.6), except that a conversation
    the check-in starts gets the channel of the worker's report instead of none: the actions
    look the report up by channel and sender together."""
    input_channel = tracker.get_latest_input_channel() or channel
    tracker.update(UserUttered.create_external(intent, [], input_channel), processor.domain)
    tracker = await processor.run_action_extract_slots(collector, tracker)
    await processor._run_prediction_loop(collector, tracker)
    await processor.save_tracker(tracker)


def _any_sender(sender: object) -> bool:
    return isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_CHARS


def _web_sender(sender: object) -> bool:
    return _any_sender(sender) and str(sender).startswith(SENDER_PREFIX)


def _external_intent(intent: object) -> bool:
    return isinstance(intent, str) and intent.startswith(EXTERNAL_PREFIX) and len(intent) <= 100

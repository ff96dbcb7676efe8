"""Our authenticated web channel in Rasa (connectors/web_channel.py), as the worker and the
conversation tools use it: is the worker telling a report, trigger a check-in's external intent,
send a web chat message. Rasa's own HTTP API stays off; the internal token travels in the
Authorization header, never in a URL."""

from __future__ import annotations

from typing import Any

from bot.delivery.loopback import call_json
from bot.settings import Settings
from bot.wire.senders import SENDER_PREFIX

CHANNEL_PATH = "/webhooks/web"


def _url(settings: Settings, route: str) -> str:
    return f"{settings.effective_rasa_url}{CHANNEL_PATH}/{route}"


def conversation_busy(settings: Settings, sender_id: str, *, timeout: float = 30) -> bool:
    """True while the worker is telling a report (Rasa's tracker has the report form active)."""
    body = call_json(
        _url(settings, "busy"),
        {"sender": sender_id},
        token=settings.internal_token,
        timeout=timeout,
    )
    return bool(body.get("busy"))


def trigger_intent(
    settings: Settings, sender_id: str, intent: str, channel: str, *, timeout: float = 60
) -> list[dict[str, Any]]:
    """Trigger an external intent in the conversation and return the bot's messages.

    The channel is the one the report came through: a conversation the check-in starts (the
    worker never talked to Rasa since) gets it, so the actions find the worker's report.
    """
    body = call_json(
        _url(settings, "trigger"),
        {"sender": sender_id, "intent": intent, "channel": channel},
        token=settings.internal_token,
        timeout=timeout,
    )
    return list(body.get("messages") or [])


def send_web_message(
    settings: Settings, sender: str, text: str, *, timeout: float = 120
) -> list[dict[str, Any]]:
    """One web chat message as the app server sends it (tools and tests); returns the answers."""
    if not sender.startswith(SENDER_PREFIX):
        sender = SENDER_PREFIX + sender
    return list(
        call_json(
            _url(settings, "message"),
            {"sender": sender, "message": text},
            token=settings.internal_token,
            timeout=timeout,
        )
    )

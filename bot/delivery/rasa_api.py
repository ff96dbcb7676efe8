"""Rasa's HTTP API on loopback, as the worker uses it: is the worker telling a report, and
trigger a check-in's external intent."""

from __future__ import annotations

import urllib.parse
from typing import Any

from bot.delivery.loopback import call_json
from bot.settings import Settings

# Forms during which a check-in would break into the worker's own conversation.
BUSY_LOOPS = frozenset({"report_form", "aftercare_form"})


def conversation_busy(settings: Settings, sender_id: str, *, timeout: float = 30) -> bool:
    """True while the worker is telling a report (Rasa's tracker has the report form active)."""
    query = urllib.parse.urlencode({"token": settings.rasa_api_token, "include_events": "NONE"})
    url = (
        f"{settings.effective_rasa_url}/conversations/"
        f"{urllib.parse.quote(sender_id, safe='')}/tracker?{query}"
    )
    tracker = call_json(url, timeout=timeout)
    return (tracker.get("active_loop") or {}).get("name") in BUSY_LOOPS


def trigger_intent(
    settings: Settings, sender_id: str, intent: str, *, timeout: float = 60
) -> list[dict[str, Any]]:
    """Trigger an external intent in the conversation and return the bot's messages."""
    query = urllib.parse.urlencode({"token": settings.rasa_api_token})
    url = (
        f"{settings.effective_rasa_url}/conversations/"
        f"{urllib.parse.quote(sender_id, safe='')}/trigger_intent?{query}"
    )
    body = call_json(url, {"name": intent}, timeout=timeout)
    return list(body.get("messages") or [])

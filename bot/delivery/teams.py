"""The worker's client for the Teams channel (inside Rasa): deliver a message the worker did not
start to a Teams user, through the channel's POST /webhooks/teams/send on loopback.

Like bot/delivery/telegram.py's send_proactive it answers a Delivery (sent, permanent,
retryable), so the worker handles every channel alike. The channel looks up the stored
conversation reference and sends once per dedupe key.
"""

from __future__ import annotations

import urllib.error
from typing import Any

from bot.delivery.loopback import call_json
from bot.settings import Settings
from bot.wire.delivery import TEAMS_PROACTIVE_PATH, Delivery


def send_proactive(
    settings: Settings,
    user: str,
    text: str,
    *,
    buttons: list[dict[str, Any]] | None = None,
    dedupe_key: str | None = None,
    timeout: float = 60,
) -> Delivery:
    """Ask the running Teams channel to send a message to a user who talked to the bot."""
    payload: dict[str, Any] = {"channel_user_id": user, "text": text}
    if buttons:
        payload["buttons"] = buttons
    if dedupe_key:
        payload["dedupe_key"] = dedupe_key
    url = f"{settings.effective_rasa_url}{TEAMS_PROACTIVE_PATH}"
    try:
        body = call_json(url, payload, token=settings.internal_token, timeout=timeout)
    except urllib.error.HTTPError as exc:
        # 404: Rasa runs without the Teams channel (a setting changed): try again later.
        return Delivery(
            "retryable" if exc.code >= 500 or exc.code == 404 else "permanent", f"HTTP {exc.code}"
        )
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Delivery("retryable", f"channel not reachable ({type(exc).__name__})")
    return Delivery(
        status=str(body.get("status", "retryable")),
        reason=str(body.get("reason", "")),
        retry_after=body.get("retry_after"),
    )

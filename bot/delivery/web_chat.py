"""The worker's client for the app server's web chat routes: is a page open, and show a check-in.

Like bot/delivery/telegram.py's send_proactive it answers a Delivery, so the worker handles both
channels alike: "sent", "waiting" (no page open: not now, no attempt counted), "retryable".
"""

from __future__ import annotations

import urllib.error
import urllib.parse
from typing import Any

from bot.delivery.loopback import call_json
from bot.settings import Settings
from bot.wire.delivery import Delivery

# A closed page is asked again this soon: opening it brings the check-in within a minute.
CLOSED_PAGE_RETRY_SECONDS = 60.0
# The answer for a page that is not open: not now, try again in a minute.
CLOSED_PAGE = Delivery("waiting", "web chat page not open", retry_after=CLOSED_PAGE_RETRY_SECONDS)


def _call(
    settings: Settings, url: str, payload: dict[str, Any] | None, timeout: float
) -> dict[str, Any]:
    body = call_json(url, payload, token=settings.internal_token, timeout=timeout)
    if not isinstance(body, dict):
        raise ValueError("the app server answered JSON that is not an object")
    return body


def page_open(settings: Settings, sender_id: str, *, timeout: float = 10) -> bool:
    """True while a chat page of this web sender is connected to the app server."""
    url = f"{settings.effective_app_url}/internal/web/pages/{urllib.parse.quote(sender_id)}"
    return bool(_call(settings, url, None, timeout).get("open"))


def push_to_page(
    settings: Settings,
    sender_id: str,
    messages: list[dict[str, Any]],
    *,
    dedupe_key: str,
    timeout: float = 30,
) -> Delivery:
    """Show Rasa's messages on the sender's open chat page, at most once per dedupe key."""
    url = f"{settings.effective_app_url}/internal/web/push"
    payload = {"sender": sender_id, "key": dedupe_key, "messages": messages}
    try:
        body = _call(settings, url, payload, timeout)
    except urllib.error.HTTPError as exc:
        return Delivery("retryable" if exc.code >= 500 else "permanent", f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Delivery("retryable", f"app server not reachable ({type(exc).__name__})")
    status = body.get("status")
    if status == "sent":
        return Delivery("sent", str(body.get("reason", "")))
    if status == "no_page":
        return CLOSED_PAGE
    if status == "in_progress":
        return Delivery("retryable", "another push of this check-in is under way")
    return Delivery("retryable", f"app server answered status {status!r}")

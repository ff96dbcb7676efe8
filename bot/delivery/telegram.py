"""Small Telegram calls made from the app environment: webhook registration, the bot's name,
and asking the Telegram channel (inside Rasa) to deliver a message the worker did not start.

The channel itself talks to Telegram through python-telegram-bot in .venv-rasa; these few
operator calls use the standard library so the app environment needs no Telegram library.
"""

from __future__ import annotations

import json
import urllib.error
from typing import Any

from bot.delivery.loopback import call_json
from bot.settings import Settings
from bot.wire.delivery import ALLOWED_UPDATES, PROACTIVE_PATH, Delivery


class TelegramApiError(RuntimeError):
    """Telegram refused the call or could not be reached."""


def call_bot_api(settings: Settings, method: str, params: dict[str, Any] | None = None) -> Any:
    """Call one Bot API method and return its result."""
    if not settings.telegram_bot_token:
        raise TelegramApiError("TELEGRAM_BOT_TOKEN is not set")
    url = f"{settings.telegram_api_url.rstrip('/')}/bot{settings.telegram_bot_token}/{method}"
    try:
        body = call_json(url, params or {}, timeout=20)
    except urllib.error.HTTPError as exc:
        try:
            body = json.loads(exc.read())
        except ValueError:
            raise TelegramApiError(f"{method}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        # The URL holds the token: name the method only.
        raise TelegramApiError(f"{method}: Telegram not reachable ({type(exc).__name__})") from exc
    if not body.get("ok"):
        raise TelegramApiError(f"{method}: {body.get('description', 'refused')}")
    return body.get("result")


def set_webhook(settings: Settings, url: str) -> None:
    """Register the webhook URL with the secret every call must carry."""
    if not url.startswith("https://"):
        raise TelegramApiError("the webhook URL must start with https://")
    if not settings.telegram_webhook_secret:
        raise TelegramApiError("TELEGRAM_WEBHOOK_SECRET is not set")
    call_bot_api(
        settings,
        "setWebhook",
        {
            "url": url,
            "secret_token": settings.telegram_webhook_secret,
            "allowed_updates": ALLOWED_UPDATES,
        },
    )


def delete_webhook(settings: Settings) -> None:
    """Remove the webhook (needed before polling); pending updates stay."""
    call_bot_api(settings, "deleteWebhook", {"drop_pending_updates": False})


def bot_username(settings: Settings) -> str:
    """The bot's @username: from the settings, else asked from Telegram."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username.lstrip("@")
    return call_bot_api(settings, "getMe")["username"]


def send_proactive(
    settings: Settings,
    chat_id: int,
    text: str,
    *,
    buttons: list[dict[str, Any]] | None = None,
    dedupe_key: str | None = None,
    timeout: float = 30,
) -> Delivery:
    """Ask the running Telegram channel to send a message to a worker who talked to the bot."""
    payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
    if buttons:
        payload["buttons"] = buttons
    if dedupe_key:
        payload["dedupe_key"] = dedupe_key
    url = f"{settings.effective_rasa_url}{PROACTIVE_PATH}"
    try:
        body = call_json(url, payload, token=settings.internal_token, timeout=timeout)
    except urllib.error.HTTPError as exc:
        # 429 (flood control, or a proxy's limit) and 5xx pass; any other refusal will not.
        retry = exc.code >= 500 or exc.code == 429
        return Delivery("retryable" if retry else "permanent", f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Delivery("retryable", f"channel not reachable ({type(exc).__name__})")
    return Delivery(
        status=str(body.get("status", "retryable")),
        reason=str(body.get("reason", "")),
        retry_after=body.get("retry_after"),
    )

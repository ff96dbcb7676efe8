"""Sending to Telegram: plain-text replies with inline keyboards, flood control, back-off, and
the outcome of a delivery (sent, permanent or retryable) for messages the worker did not start.

Runs inside the Rasa process (.venv-rasa), like connectors/telegram/channel.py which uses it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
)
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.wire.delivery import Delivery
from connectors.telegram.updates import keyboard_rows, split_text

logger = logging.getLogger(__name__)

BACKOFF_START, BACKOFF_MAX = 1.0, 30.0
MAX_RETRY_AFTER = 30.0  # longest flood-control wait while answering a worker


def _seconds(value: Any) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


def classify_error(exc: TelegramError) -> Delivery:
    """Blocked bot and unknown chat are permanent; flood control and the network retryable."""
    text = str(exc)
    if isinstance(exc, RetryAfter):
        return Delivery("retryable", "rate limited", _seconds(exc.retry_after))
    if isinstance(exc, Forbidden):  # "bot was blocked by the user", "user is deactivated"
        return Delivery("permanent", text)
    if isinstance(exc, BadRequest):  # "chat not found", a message Telegram will never take
        return Delivery("permanent", text)
    if isinstance(exc, NetworkError):
        return Delivery("retryable", text)
    return Delivery("permanent", text)


class Backoff:
    """Exponential back-off with jitter, reset after a success."""

    def __init__(self, start: float = BACKOFF_START, maximum: float = BACKOFF_MAX) -> None:
        self.start, self.maximum, self.delay = start, maximum, start

    async def wait(self) -> None:
        """Sleep the current delay, then double it."""
        await asyncio.sleep(self.delay * random.uniform(0.8, 1.2))  # jitter
        self.delay = min(self.maximum, self.delay * 2)

    def reset(self) -> None:
        """Start from the shortest delay again."""
        self.delay = self.start


class TelegramSender:
    """Sends plain-text messages, split and with inline keyboards; honours flood control."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(
        self, chat_id: int | str, text: str, buttons: list[dict[str, Any]] | None = None
    ) -> None:
        """Send one reply (several messages when long); buttons go under the last part."""
        parts = split_text(text or "") or ([" "] if buttons else [])
        for index, part in enumerate(parts):
            markup = None
            if buttons and index == len(parts) - 1:
                markup = InlineKeyboardMarkup(
                    [
                        [InlineKeyboardButton(title, callback_data=data) for title, data in row]
                        for row in keyboard_rows(buttons)
                    ]
                )
            await self._with_flood_control(
                lambda part=part, markup=markup: self.bot.send_message(
                    chat_id=chat_id,
                    text=part,
                    reply_markup=markup,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
            )

    async def send_document(
        self, chat_id: int | str, data: bytes, filename: str, caption: str = ""
    ) -> None:
        """Upload one file as a document (sendDocument), with a short caption."""
        await self._with_flood_control(
            lambda: self.bot.send_document(
                chat_id=chat_id,
                document=InputFile(data, filename=filename),
                caption=caption[:1024] or None,
            )
        )

    async def _with_flood_control(self, call: Callable[[], Awaitable[Any]]) -> Any:
        for attempt in range(3):
            try:
                return await call()
            except RetryAfter as exc:
                wait = _seconds(exc.retry_after)
                if attempt == 2 or wait > MAX_RETRY_AFTER:
                    raise
                logger.warning("Telegram flood control: waiting %.0f s", wait)
                await asyncio.sleep(wait)
        return None


class TelegramOutput(OutputChannel):
    """Sends straight to Telegram (messages the user did not start, Rasa reminders)."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, sender: TelegramSender) -> None:
        self.sender = sender

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """Plain text, split at Telegram's limit."""
        await self.sender.send(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Text with an inline keyboard."""
        await self.sender.send(recipient_id, text, buttons)

"""Client for our authenticated web channel in Rasa (connectors/web_channel.py), shared by the app
server's chat routes. The internal token goes in the Authorization header; the sender is the one
the app server derived from the browser's session, never one the browser sent."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/web/message"


class BotUnavailable(Exception):
    """Rasa could not be reached, timed out, or gave no usable answer."""


class NoAnswer(BotUnavailable):
    """Rasa answered 200 with no message: its rest channel hides an internal error that way."""


@dataclass(frozen=True)
class BotButton:
    """A button under a bot message: the title is shown, the payload is sent back."""

    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    """One message from the bot: text, buttons, or both."""

    text: str | None
    buttons: tuple[BotButton, ...] = field(default_factory=tuple)
    # A custom payload (a document to offer); never sent to the browser as it is.
    custom: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The message as the web chat API returns it."""
        return {
            "text": self.text,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
        }


async def send_to_rasa(
    session: aiohttp.ClientSession, rasa_url: str, sender: str, text: str, *, token: str
) -> list[BotMessage]:
    """Send one user message to Rasa's web channel and return the bot's answers."""
    url = f"{rasa_url.rstrip('/')}{WEBHOOK_PATH}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with session.post(
            url, json={"sender": sender, "message": text}, headers=headers
        ) as response:
            if response.status >= 400:
                # 4xx means our request or Rasa's configuration is wrong; either way the user
                # cannot be helped now, so both are "unavailable" to them.
                raise BotUnavailable(f"Rasa answered HTTP {response.status}")
            data = await response.json(content_type=None)
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        raise BotUnavailable(f"Rasa not reachable: {type(exc).__name__}") from exc
    except ValueError as exc:  # the body was not JSON
        raise BotUnavailable("Rasa answered with something that is not JSON") from exc
    messages = parse_rasa_messages(data)
    if not messages:
        # Every turn of this bot says something; an empty list is Rasa's rest channel catching an
        # exception (an action that failed or timed out). Silence would leave the worker guessing.
        raise NoAnswer("Rasa answered without any message")
    return messages


def parse_rasa_messages(data: object) -> list[BotMessage]:
    """Turn the channel's JSON list into BotMessages, dropping parts the chat cannot show."""
    if not isinstance(data, list):
        raise BotUnavailable("Rasa answered with JSON that is not a list")
    messages: list[BotMessage] = []
    for item in data:
        if not isinstance(item, dict):
            continue
        text = item.get("text")
        if not isinstance(text, str) or not text:
            text = None
        buttons = tuple(_parse_buttons(item.get("buttons")))
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
        if text is None and not buttons and custom is None:
            # Images have no place in the web chat (yet).
            logger.debug("Dropped a bot message without text or buttons: keys %s", sorted(item))
            continue
        messages.append(BotMessage(text=text, buttons=buttons, custom=custom))
    return messages


def _parse_buttons(raw: object) -> list[BotButton]:
    """Valid buttons from a channel message; a button without payload sends its title."""
    if not isinstance(raw, list):
        return []
    buttons = []
    for button in raw:
        if not isinstance(button, dict):
            continue
        title = button.get("title")
        payload = button.get("payload")
        if not isinstance(title, str) or not title.strip():
            continue
        if not isinstance(payload, str) or not payload:
            payload = title
        buttons.append(BotButton(title=title, payload=payload))
    return buttons

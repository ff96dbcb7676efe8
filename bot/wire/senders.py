"""Who a conversation belongs to, read from Rasa's sender id. Standard library only."""

from __future__ import annotations

# A web chat sender id is this prefix and the session id (the Rasa REST channel carries it).
SENDER_PREFIX = "web-"


# The channel name reports of the web chat are stored with (Rasa itself calls it "rest").
WEB_CHANNEL = "web"


def report_channel(input_channel: str | None, sender_id: str) -> str:
    """The channel a conversation's reports are stored with: "web" for the web chat."""
    channel = input_channel or "rest"
    if channel == "rest" and sender_id.startswith(SENDER_PREFIX):
        return WEB_CHANNEL
    return channel


def is_web_sender(channel: str, sender_id: str) -> bool:
    """True for a conversation of the web chat (Rasa's REST channel with a web session id)."""
    return channel in ("rest", WEB_CHANNEL) and sender_id.startswith(SENDER_PREFIX)

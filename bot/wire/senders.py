"""Who a conversation belongs to, read from Rasa's sender id. Standard library only."""

from __future__ import annotations

# A web chat sender id is this prefix and the session id (the Rasa REST channel carries it).
SENDER_PREFIX = "web-"


def is_web_sender(channel: str, sender_id: str) -> bool:
    """True for a conversation of the web chat (Rasa's REST channel with a web session id)."""
    return channel == "rest" and sender_id.startswith(SENDER_PREFIX)

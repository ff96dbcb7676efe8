"""What a sender of a message the worker did not start answers, and the one send-once protocol.

Standard library only: the Telegram and Teams channels (in the Rasa environment) import it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

# Updates the Telegram channel handles; everything else Telegram would send is not asked for.
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
# The Telegram channel's route for a message the worker did not start (below its webhook path).
PROACTIVE_PATH = "/webhooks/telegram/send"
# The same route of the Teams channel.
TEAMS_PROACTIVE_PATH = "/webhooks/teams/send"


@dataclass(frozen=True)
class Delivery:
    """Outcome of sending one message: sent, permanent (never retry), retryable or waiting."""

    status: str
    reason: str = ""
    retry_after: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The outcome as the channel's /send route returns it."""
        return {"status": self.status, "reason": self.reason, "retry_after": self.retry_after}


# The answers of a claim that is not "claimed".
ALREADY_SENT = Delivery("sent", "duplicate")
IN_PROGRESS = Delivery("retryable", "another send of this message is under way")


async def deliver_once(
    key: str | None,
    send: Callable[[], Awaitable[Delivery]],
    *,
    claim: Callable[[str], Awaitable[str]],
    confirm: Callable[[str], Awaitable[None]],
    release: Callable[[str], Awaitable[None]],
) -> Delivery:
    """Send at most once per dedupe key: claim the key, send, then confirm it (or release it
    after a failed send, so a retry sends again once the claim's lease is over).

    A claim answers "claimed" (send now), "sent" (it went out before: ALREADY_SENT, no second
    message) or "in_progress" (another send holds the lease: IN_PROGRESS). Without a key the
    message is simply sent.
    """
    state = await claim(key) if key else "claimed"
    if state == "sent":
        return ALREADY_SENT
    if state == "in_progress":
        return IN_PROGRESS
    delivery = await send()
    if key:
        if delivery.status == "sent":
            await confirm(key)
        else:
            await release(key)
    return delivery

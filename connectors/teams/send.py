"""Sending to the Bot Connector: replies, proactive messages and card updates, with Microsoft's
retry rules, and the outcome of a delivery (sent, permanent or retryable).

Rate limits (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): 429,
412, 502 and 504 "must be retried" with exponential back-off and jitter; Retry-After is honoured.
403 (app blocked or uninstalled: MessageWritesBlocked), 404 (conversation gone), 400 and 413 are
permanent. No Rasa import: the unit tests in .venv run this against tests/teams_fake.py.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from bot.wire.delivery import Delivery
from connectors.teams.activities import button_card, message_activity, split_text
from connectors.teams.auth import TokenClient, host_allowed

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({412, 429, 502, 503, 504})
PERMANENT_STATUSES = frozenset({400, 403, 404, 413})
ATTEMPTS = 3
BACKOFF_START = 1.0
MAX_RETRY_AFTER = 30.0  # longest wait while answering a worker
PACE_SECONDS = 0.2  # the parts of one answer go out at most 5 a second


class ConnectorError(Exception):
    """The Bot Connector refused a call (status 0: not reached, or a host not allowed)."""

    def __init__(self, status: int, reason: str, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}: {reason}" if status else reason)
        self.status = status
        self.reason = reason
        self.retry_after = retry_after


def classify_error(exc: ConnectorError) -> Delivery:
    """Blocked, uninstalled or gone is permanent; rate limits and outages are retryable."""
    if exc.status in PERMANENT_STATUSES or exc.reason == "service host not allowed":
        return Delivery("permanent", str(exc))
    return Delivery("retryable", str(exc), exc.retry_after)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


class TeamsSender:
    """Calls the Bot Connector REST API of one service URL at a time, with our token."""

    def __init__(
        self,
        http: Callable[[], httpx.AsyncClient],
        tokens: TokenClient,
        service_hosts: Iterable[str],
        secret: str,
        *,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self._http = http
        self.tokens = tokens
        self.service_hosts = tuple(service_hosts)
        self.secret = secret
        self._sleep = sleep

    async def call(
        self, method: str, service_url: str, path: str, body: Mapping[str, Any]
    ) -> dict[str, Any]:
        """One REST call; retried on 429/412/502/503/504 and network errors, else raised."""
        if not host_allowed(service_url, self.service_hosts):
            # Never hand our token to a host a (forged or odd) activity named.
            raise ConnectorError(0, "service host not allowed")
        url = service_url.rstrip("/") + path
        delay, refreshed = BACKOFF_START, False
        for attempt in range(1, ATTEMPTS + 1):
            try:
                token = await self.tokens.token()
                response = await self._http().request(
                    method, url, json=dict(body), headers={"Authorization": f"Bearer {token}"}
                )
            except httpx.HTTPError as exc:
                error = ConnectorError(0, f"not reachable ({type(exc).__name__})")
            else:
                if response.status_code < 300:
                    return response.json() if response.content else {}
                retry_after = _retry_after(response)
                error = ConnectorError(response.status_code, response.text[:200], retry_after)
                if response.status_code == 401 and not refreshed:
                    self.tokens.forget()  # our token expired early or was revoked: once more
                    refreshed = True
                    continue
                if response.status_code not in RETRY_STATUSES:
                    raise error
            wait = error.retry_after if error.retry_after is not None else delay
            if attempt == ATTEMPTS or wait > MAX_RETRY_AFTER:
                raise error
            logger.warning("Teams: %s; retrying in %.1f s", error, wait)
            await self._sleep(wait * random.uniform(1.0, 1.2))
            delay *= 2
        raise error

    async def post(self, service_url: str, conversation_id: str, activity: Mapping) -> str | None:
        """Send one activity into a conversation; returns its id."""
        path = f"/v3/conversations/{quote(conversation_id, safe=':@')}/activities"
        answer = await self.call("POST", service_url, path, activity)
        return answer.get("id") if isinstance(answer.get("id"), str) else None

    async def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: Mapping
    ) -> None:
        """Replace an activity the bot sent (a card whose button was pressed)."""
        path = (
            f"/v3/conversations/{quote(conversation_id, safe=':@')}"
            f"/activities/{quote(activity_id, safe='')}"
        )
        await self.call("PUT", service_url, path, activity)

    async def send(
        self,
        service_url: str,
        conversation_id: str,
        text: str,
        buttons: list[dict[str, Any]] | None = None,
    ) -> None:
        """Send one Rasa answer: plain text in parts, the buttons as a card on the last part."""
        parts = split_text(text or "") or ([" "] if buttons else [])
        for index, part in enumerate(parts):
            card = None
            if buttons and index == len(parts) - 1:
                card = button_card(buttons, self.secret, part)
            if index:
                await self._sleep(PACE_SECONDS)
            await self.post(
                service_url, conversation_id, message_activity(part, [card] if card else None)
            )

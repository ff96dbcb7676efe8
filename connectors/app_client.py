"""The channels' client for the app server's loopback API (bot/web/internal.py).

The channel runs in the Rasa process, which cannot import bot/ storage (SQLAlchemy 2); the app
server owns the reports database, so processed update ids, the polling offset, invites and
evidence files go through it. Every call carries the internal token.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import httpx


class AppUnavailable(RuntimeError):
    """The app server could not be reached or failed; the caller retries later."""


class AppClient:
    """Calls to the app server's /internal/ routes."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 20.0) -> None:
        self._base = base_url.rstrip("/") + "/internal"
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        """Open the HTTP client (in the running event loop)."""
        # trust_env=False: the app server is on loopback; http_proxy must never see these calls
        # (the token and the worker's files). The Bot API client keeps honouring HTTPS_PROXY.
        self._client = httpx.AsyncClient(
            headers=self._headers, timeout=self._timeout, trust_env=False
        )

    async def close(self) -> None:
        """Close the HTTP client."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        if self._client is None:
            raise AppUnavailable("client not started")
        try:
            response = await self._client.request(method, self._base + path, **kwargs)
        except httpx.HTTPError as exc:
            raise AppUnavailable(f"app server not reachable: {type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise AppUnavailable(f"app server answered HTTP {response.status_code} on {path}")
        try:
            return response.json()
        except ValueError as exc:
            raise AppUnavailable(f"app server answered without JSON on {path}") from exc

    async def claim(
        self, update_id: int, chat_id: int | None, display_name: str | None = None
    ) -> bool:
        """Record the update (and the chat's name) before answering; False when seen before."""
        body = await self._call(
            "POST",
            "/telegram/updates/claim",
            json={"update_id": update_id, "chat_id": chat_id, "display_name": display_name},
        )
        return bool(body.get("claimed"))

    async def finish(self, update_id: int) -> None:
        """Mark the update as answered."""
        await self._call("POST", "/telegram/updates/finish", json={"update_id": update_id})

    async def release(self, update_id: int) -> None:
        """Forget the claim of a failed update so it is processed when retried."""
        await self._call("POST", "/telegram/updates/release", json={"update_id": update_id})

    async def chat_known(self, chat_id: int) -> bool:
        """True when this chat talked to the bot before."""
        return bool((await self._call("GET", f"/telegram/chats/{int(chat_id)}")).get("known"))

    async def claim_delivery(self, key: str) -> str:
        """Claim a proactive message's dedupe key: "claimed", "sent" or "in_progress"."""
        body = await self._call("POST", "/deliveries/claim", json={"key": key})
        state = body.get("state")
        return state if state in ("claimed", "sent", "in_progress") else "in_progress"

    async def confirm_delivery(self, key: str) -> None:
        """The message under this key went out: never send it again."""
        await self._call("POST", "/deliveries/confirm", json={"key": key})

    async def release_delivery(self, key: str) -> None:
        """Forget the key of a message that was not delivered."""
        await self._call("POST", "/deliveries/release", json={"key": key})

    async def get_offset(self) -> int | None:
        """The saved getUpdates offset."""
        offset = (await self._call("GET", "/telegram/offset")).get("offset")
        return offset if isinstance(offset, int) else None

    async def save_offset(self, offset: int) -> None:
        """Save the getUpdates offset."""
        await self._call("PUT", "/telegram/offset", json={"offset": offset})

    async def teams_claim(self, activity_id: str) -> bool:
        """Record a Teams activity before answering; False when it was seen before."""
        body = await self._call(
            "POST", "/teams/activities/claim", json={"activity_id": activity_id}
        )
        return bool(body.get("claimed"))

    async def teams_finish(self, activity_id: str) -> None:
        """Mark a Teams activity as answered."""
        await self._call("POST", "/teams/activities/finish", json={"activity_id": activity_id})

    async def teams_release(self, activity_id: str) -> None:
        """Forget the claim of a failed Teams activity so its retry is processed."""
        await self._call("POST", "/teams/activities/release", json={"activity_id": activity_id})

    async def teams_save_conversation(
        self, user: str, display_name: str | None, reference: dict[str, Any]
    ) -> None:
        """Store the user's conversation reference (links them to their tenant's organisation)."""
        body = {"channel_user_id": user, "display_name": display_name, **reference}
        await self._call("PUT", "/teams/conversations", json=body)

    async def teams_conversation(self, user: str) -> dict[str, Any] | None:
        """The stored reference of a Teams user; None when they never talked to the bot."""
        if self._client is None:
            raise AppUnavailable("client not started")
        try:
            response = await self._client.get(
                f"{self._base}/teams/conversations/{quote(user, safe='')}"
            )
        except httpx.HTTPError as exc:
            raise AppUnavailable(f"app server not reachable: {type(exc).__name__}") from exc
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise AppUnavailable(f"app server answered HTTP {response.status_code}")
        return response.json()

    async def teams_set_installed(self, user: str, installed: bool) -> None:
        """Record an install, or an uninstall or block, of the app by this user."""
        await self._call(
            "PUT",
            f"/teams/conversations/{quote(user, safe='')}/installed",
            json={"installed": installed},
        )

    async def take_lease(self, name: str, holder: str, seconds: float) -> tuple[bool, str | None]:
        """Take or renew a lease: (taken?, who holds it now)."""
        body = await self._call(
            "POST", f"/leases/{name}/take", json={"holder": holder, "seconds": seconds}
        )
        holder_now = body.get("holder")
        return bool(body.get("taken")), holder_now if isinstance(holder_now, str) else None

    async def release_lease(self, name: str, holder: str) -> None:
        """Give a lease up."""
        await self._call("POST", f"/leases/{name}/release", json={"holder": holder})

    async def redeem(self, user_id: str, display_name: str | None, code: str) -> dict[str, Any]:
        """Link the account to an organisation; {"status": ..., "organisation": ...}."""
        return await self._call(
            "POST",
            "/invites/redeem",
            json={
                "channel": "telegram",
                "channel_user_id": user_id,
                "display_name": display_name,
                "code": code,
            },
        )

    async def add_evidence(self, meta: dict[str, Any], data: bytes) -> dict[str, Any]:
        """Store one file with the worker's report."""
        files = {
            "meta": (None, json.dumps(meta), "application/json"),
            "file": ("evidence", data, "application/octet-stream"),
        }
        return await self._call("POST", "/evidence", files=files)

    async def aangifte_pdf(
        self, channel: str, channel_user_id: str, report_id: int
    ) -> bytes | None:
        """The aangifte sheet of a report as PDF; None when this account did not tell that report."""
        if self._client is None:
            raise AppUnavailable("client not started")
        try:
            response = await self._client.post(
                self._base + "/documents/aangifte",
                json={
                    "channel": channel,
                    "channel_user_id": channel_user_id,
                    "report_id": report_id,
                },
            )
        except httpx.HTTPError as exc:
            raise AppUnavailable(f"app server not reachable: {type(exc).__name__}") from exc
        if response.status_code == 404:
            return None
        if response.status_code >= 400 or response.headers.get("content-type") != "application/pdf":
            raise AppUnavailable(f"app server answered HTTP {response.status_code} on a document")
        return response.content

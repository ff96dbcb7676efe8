"""What several app servers share through Redis (REDIS_URL set): open chat pages with their
pushes and acks, and the short-lived PDF links. Without Redis the in-process versions in
bot/web/pages.py and bot/web/chat_documents.py are used, exactly as before.

Open pages: each app server writes, per session with a page connected to it, a field
(its instance id -> expiry time) into the hash `<prefix>open:<session>`, refreshed every
REFRESH_SECONDS and removed when the last page leaves; a server that dies stops refreshing and
its fields run out after ENTRY_SECONDS. Pushes and acks go over one pub/sub channel that every
app server listens to: a push for a page on server A, handed to server B by the worker, is
published by B and written to the page by A; the page's ack may reach any server and is
published too, so B's waiting push learns that the page showed it.

PDF links: the PDF, its session and file name under `<prefix>doc:<token>`, expiring after
KEEP_SECONDS, so the download may reach another app server than the one that made the link.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.web.chat_documents import KEEP_SECONDS, MAX_PER_SESSION, DocumentStore, HeldDocument
from bot.web.pages import OpenPages

logger = logging.getLogger(__name__)

# An open page's entry lives this long without a refresh (its app server died).
ENTRY_SECONDS = 30.0
REFRESH_SECONDS = 10.0


def make_redis(url: str) -> Redis:
    """An asyncio Redis client for url; connects on first use."""
    return Redis.from_url(url)


class RedisPages(OpenPages):
    """OpenPages whose state is seen by every app server sharing one Redis."""

    def __init__(self, redis: Redis, prefix: str, *, instance: str | None = None) -> None:
        super().__init__()
        self.redis = redis
        self.prefix = prefix
        self.instance = instance or uuid.uuid4().hex
        self.channel = f"{prefix}pages"
        self._tasks: set[asyncio.Task] = set()
        self._listener: asyncio.Task | None = None
        self._refresher: asyncio.Task | None = None
        self.subscribed = False  # listening on the shared channel right now (readiness)

    def _key(self, session_id: str) -> str:
        return f"{self.prefix}open:{session_id}"

    async def start(self) -> None:
        """Listen on the shared channel and keep this server's open pages announced.

        Redis being down does not stop the app server from starting: it is not ready
        (bot/web/health.py) until the subscription is up, and the listener keeps trying.
        """
        self._listener = asyncio.create_task(self._listen_forever())
        self._refresher = asyncio.create_task(self._refresh_forever())

    async def stop(self) -> None:
        """Stop listening and take this server's pages off the shared list."""
        for task in (self._listener, self._refresher, *self._tasks):
            if task is not None:
                task.cancel()
        await asyncio.gather(
            *(t for t in (self._listener, self._refresher, *self._tasks) if t is not None),
            return_exceptions=True,
        )
        try:
            for session_id in list(self._streams):
                await self.redis.hdel(self._key(session_id), self.instance)
        except RedisError as exc:
            logger.warning("Open pages not taken off Redis (%s)", type(exc).__name__)

    # --- which pages are open -------------------------------------------------------------
    async def open_anywhere(self, session_id: str) -> bool:
        """True while a page of this session is connected to any app server."""
        if self.is_open(session_id):
            return True
        try:
            entries = await self.redis.hgetall(self._key(session_id))
        except RedisError as exc:
            # Only this server's pages are known now; the worker asks again in a minute.
            logger.warning("Open chat pages not read from Redis (%s)", type(exc).__name__)
            return False
        now = time.time()
        return any(float(expiry) > now for expiry in entries.values())

    def _opened(self, session_id: str) -> None:
        self._spawn(self._announce(session_id))

    def _closed(self, session_id: str) -> None:
        self._spawn(self.redis.hdel(self._key(session_id), self.instance))

    async def _announce(self, session_id: str) -> None:
        key = self._key(session_id)
        await self.redis.hset(key, self.instance, str(time.time() + ENTRY_SECONDS))
        await self.redis.expire(key, int(ENTRY_SECONDS * 2))

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            try:
                for session_id in list(self._streams):
                    await self._announce(session_id)
            except RedisError as exc:
                logger.warning("Open chat pages not refreshed in Redis (%s)", type(exc).__name__)

    # --- pushes and acks -------------------------------------------------------------------
    async def _hand_out(self, session_id: str, event: dict[str, Any]) -> None:
        message = {"type": "push", "session": session_id, "event": event}
        try:
            await self.redis.publish(self.channel, json.dumps(message))
        except RedisError as exc:
            # Shown here at least; unconfirmed, the push answers "no page" and the key is freed.
            logger.warning("Check-in not published on Redis (%s)", type(exc).__name__)
            self.put_local(session_id, event)

    def ack(self, session_id: str, event_id: str) -> bool:
        """The page showed the event: wake the push here, and on the other app servers."""
        message = {"type": "ack", "session": session_id, "id": event_id}
        self._spawn(self.redis.publish(self.channel, json.dumps(message)))
        return self.resolve_local(session_id, event_id)

    async def _listen_forever(self) -> None:
        while True:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                self.subscribed = True
                logger.info("Listening for chat page events on Redis")
                async for message in pubsub.listen():
                    self._handle(message)
            except RedisError as exc:
                logger.warning("Redis pages channel lost (%s); retrying", type(exc).__name__)
            finally:
                self.subscribed = False
                with contextlib.suppress(RedisError):  # the connection may be gone already
                    await pubsub.aclose()
            await asyncio.sleep(1.0)

    def _handle(self, message: dict[str, Any]) -> None:
        try:
            data = json.loads(message["data"])
            if data["type"] == "push":
                self.put_local(data["session"], data["event"])
            elif data["type"] == "ack":
                self.resolve_local(data["session"], data["id"])
        except (ValueError, KeyError, TypeError):
            logger.warning("Unreadable message on the shared pages channel; ignored")

    def _spawn(self, coroutine) -> None:  # noqa: ANN001
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.warning("Redis call for open pages failed (%s)", type(task.exception()).__name__)


class RedisDocumentStore(DocumentStore):
    """PDF links kept in Redis, so any app server serves the download."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        super().__init__()
        self.redis = redis
        self.prefix = prefix

    async def put(self, session_id: str, filename: str, data: bytes) -> str:
        """Keep the PDF for this session; returns the token of its URL."""
        token = secrets.token_urlsafe(32)
        header = json.dumps({"session": session_id, "filename": filename}).encode()
        mine = f"{self.prefix}docs:{session_id}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(f"{self.prefix}doc:{token}", header + b"\n" + data, ex=KEEP_SECONDS)
            pipe.rpush(mine, token)
            pipe.expire(mine, KEEP_SECONDS)
            await pipe.execute()
        # Only the latest MAX_PER_SESSION links of a session stay valid.
        old = await self.redis.lrange(mine, 0, -MAX_PER_SESSION - 1)
        if old:
            await self.redis.delete(*(f"{self.prefix}doc:{t.decode()}" for t in old))
            await self.redis.ltrim(mine, -MAX_PER_SESSION, -1)
        return token

    async def get(self, token: str, session_id: str) -> HeldDocument | None:
        """The PDF under this token, only for the session it was made for."""
        raw = await self.redis.get(f"{self.prefix}doc:{token}")
        if raw is None:
            return None
        header, _, data = raw.partition(b"\n")
        meta = json.loads(header)
        if not hmac.compare_digest(meta["session"], session_id):
            return None
        return HeldDocument(session_id, meta["filename"], data, expires=0.0)


def shared_state_context(redis_url: str, prefix: str):
    """cleanup_ctx: start the Redis-backed pages on start-up, stop them and the client on exit."""
    from bot.web.appkeys import OPEN_PAGES

    async def context(app: web.Application) -> AsyncIterator[None]:
        pages = app[OPEN_PAGES]
        if isinstance(pages, RedisPages):
            await pages.start()
        yield
        if isinstance(pages, RedisPages):
            await pages.stop()
            await pages.redis.aclose()

    return context

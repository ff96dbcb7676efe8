"""Which web chat pages are open right now, and handing them messages the worker did not ask for.

The chat page keeps one Server-Sent Events stream open (GET /chat/api/events). Each stream is a
queue in this registry, under the page's session id. The follow-up worker hands a check-in to
the app server (POST /internal/web/push); the registry puts it on every open stream of that
session and waits until one page confirms it showed the messages (POST /chat/api/events/ack).
Only then is the check-in "sent": a write into a socket whose page went to sleep is not.

This registry lives in the memory of one app server process. With several app servers
(REDIS_URL set), bot/web/shared.py's RedisPages extends it: which pages are open, the pushes and
the acks go through Redis, so a check-in handed to app server B reaches a page connected to A
and the page's ack may reach any of them.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# How long a push waits for a page to confirm it showed the messages.
ACK_TIMEOUT = 10.0


class OfferedPayloads:
    """The button payloads ("/affirm") each session was offered, so a typed "/EXTERNAL_tsq" or
    '/affirm{"x":1}' is not taken for one (it would trigger a check-in form or set entities)."""

    MAX_SESSIONS = 10_000
    MAX_PER_SESSION = 200

    def __init__(self) -> None:
        self._offered: OrderedDict[str, set[str]] = OrderedDict()

    def offer(self, session_id: str, messages: list[dict[str, Any]]) -> None:
        """Remember the payloads of these messages' buttons for the session."""
        payloads = {
            b["payload"]
            for m in messages
            for b in m.get("buttons") or ()
            if isinstance(b, dict) and isinstance(b.get("payload"), str)
        }
        if not payloads:
            return
        known = self._offered.pop(session_id, set())
        if len(known) + len(payloads) > self.MAX_PER_SESSION:
            known = set()
        self._offered[session_id] = known | payloads
        while len(self._offered) > self.MAX_SESSIONS:
            self._offered.popitem(last=False)

    def was_offered(self, session_id: str, payload: str) -> bool:
        """True when a button with this payload was shown to the session."""
        return payload in self._offered.get(session_id, ())


@dataclass(eq=False)  # compared and hashed by identity: one per open page
class Stream:
    """One open page: the events waiting to be written to its SSE stream."""

    queue: asyncio.Queue[dict[str, Any] | None] = field(default_factory=asyncio.Queue)


class OpenPages:
    """In-memory registry of open chat pages per session id; used from the app's event loop."""

    def __init__(self) -> None:
        self._streams: dict[str, set[Stream]] = defaultdict(set)
        self._acks: dict[tuple[str, str], asyncio.Future[None]] = {}
        self.offered = OfferedPayloads()

    def is_open(self, session_id: str) -> bool:
        """True while at least one page of this session has its event stream open here."""
        return bool(self._streams.get(session_id))

    async def open_anywhere(self, session_id: str) -> bool:
        """True while a page of this session is open on any app server (here: this one)."""
        return self.is_open(session_id)

    @property
    def count(self) -> int:
        """How many streams are open (all sessions)."""
        return sum(len(streams) for streams in self._streams.values())

    @contextmanager
    def connect(self, session_id: str) -> Iterator[Stream]:
        """Register a page's stream for as long as the block runs."""
        stream = Stream()
        self._streams[session_id].add(stream)
        self._opened(session_id)
        try:
            yield stream
        finally:
            streams = self._streams.get(session_id)
            if streams is not None:
                streams.discard(stream)
                if not streams:
                    del self._streams[session_id]
                    self._closed(session_id)

    def _opened(self, session_id: str) -> None:
        """A page of this session connected here (RedisPages tells the other app servers)."""

    def _closed(self, session_id: str) -> None:
        """The last page of this session here went away."""

    def forget(self, session_id: str) -> None:
        """Close every open stream of an ended session (the page stops listening)."""
        for stream in self._streams.get(session_id, ()):
            stream.queue.put_nowait(None)

    async def push(
        self,
        session_id: str,
        event_id: str,
        messages: list[dict[str, Any]],
        *,
        timeout: float | None = None,
        error: str | None = None,
    ) -> bool:
        """Show the messages on the session's open pages; True once one page confirmed them."""
        timeout = ACK_TIMEOUT if timeout is None else timeout
        if not await self.open_anywhere(session_id):
            return False
        key = (session_id, event_id)
        waiter = self._acks.get(key)
        if waiter is None or waiter.done():
            waiter = asyncio.get_running_loop().create_future()
            self._acks[key] = waiter
        self.offered.offer(session_id, messages)
        event: dict[str, Any] = {"id": event_id, "messages": messages}
        if error is not None:
            event["error"] = error  # chat.js shows its Dutch text for this code
        await self._hand_out(session_id, event)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except asyncio.TimeoutError:
            return False
        finally:
            if self._acks.get(key) is waiter:
                del self._acks[key]
        return True

    async def _hand_out(self, session_id: str, event: dict[str, Any]) -> None:
        """Put the event on the session's pages (RedisPages: on every app server's)."""
        self.put_local(session_id, event)

    def put_local(self, session_id: str, event: dict[str, Any]) -> None:
        """Put the event on the pages of this session open on this app server."""
        for stream in list(self._streams.get(session_id, ())):
            stream.queue.put_nowait(event)

    def ack(self, session_id: str, event_id: str) -> bool:
        """A page of this session showed the event; False when nobody waits for it here."""
        return self.resolve_local(session_id, event_id)

    def resolve_local(self, session_id: str, event_id: str) -> bool:
        """Wake the push of this event waiting on this app server, if any."""
        waiter = self._acks.get((session_id, event_id))
        if waiter is None or waiter.done():
            return False
        waiter.set_result(None)
        return True

    def close_all(self) -> None:
        """Tell every stream to end (app shutdown), so no handler keeps the server waiting."""
        for streams in self._streams.values():
            for stream in streams:
                stream.queue.put_nowait(None)

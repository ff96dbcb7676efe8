"""Which web chat pages are open right now, and handing them messages the worker did not ask for.

The chat page keeps one Server-Sent Events stream open (GET /chat/api/events). Each stream is a
queue in this registry, under the page's session id. The follow-up worker hands a check-in to
the app server (POST /internal/web/push); the registry puts it on every open stream of that
session and waits until one page confirms it showed the messages (POST /chat/api/events/ack).
Only then is the check-in "sent": a write into a socket whose page went to sleep is not.

The registry lives in the memory of one app server process: a page connected to another
process is not seen here (see the README).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# How long a push waits for a page to confirm it showed the messages.
ACK_TIMEOUT = 10.0


@dataclass(eq=False)  # compared and hashed by identity: one per open page
class Stream:
    """One open page: the events waiting to be written to its SSE stream."""

    queue: asyncio.Queue[dict[str, Any] | None] = field(default_factory=asyncio.Queue)


class OpenPages:
    """In-memory registry of open chat pages per session id; used from the app's event loop."""

    def __init__(self) -> None:
        self._streams: dict[str, set[Stream]] = defaultdict(set)
        self._acks: dict[tuple[str, str], asyncio.Future[None]] = {}

    def is_open(self, session_id: str) -> bool:
        """True while at least one page of this session has its event stream open."""
        return bool(self._streams.get(session_id))

    @property
    def count(self) -> int:
        """How many streams are open (all sessions)."""
        return sum(len(streams) for streams in self._streams.values())

    @contextmanager
    def connect(self, session_id: str) -> Iterator[Stream]:
        """Register a page's stream for as long as the block runs."""
        stream = Stream()
        self._streams[session_id].add(stream)
        try:
            yield stream
        finally:
            streams = self._streams.get(session_id)
            if streams is not None:
                streams.discard(stream)
                if not streams:
                    del self._streams[session_id]

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
    ) -> bool:
        """Show the messages on the session's open pages; True once one page confirmed them."""
        timeout = ACK_TIMEOUT if timeout is None else timeout
        streams = list(self._streams.get(session_id, ()))
        if not streams:
            return False
        key = (session_id, event_id)
        waiter = self._acks.get(key)
        if waiter is None or waiter.done():
            waiter = asyncio.get_running_loop().create_future()
            self._acks[key] = waiter
        event = {"id": event_id, "messages": messages}
        for stream in streams:
            stream.queue.put_nowait(event)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except asyncio.TimeoutError:
            return False
        finally:
            if self._acks.get(key) is waiter:
                del self._acks[key]
        return True

    def ack(self, session_id: str, event_id: str) -> bool:
        """A page of this session showed the event; False when nobody waits for it."""
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

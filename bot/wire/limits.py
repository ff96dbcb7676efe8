"""Limits per web chat session, Telegram chat and client address, behind a small interface.

`Limiter` is what the app server and the Telegram channel use; `MemoryLimiter` keeps the counts in
the memory of one process (a restart forgets them; issue 18 adds a Redis implementation for
several processes). Standard library only: the Telegram channel runs in the Rasa process.

A limit counts in fixed windows (a minute, a day); `hit` counts and says whether it still fits,
`open`/`close` count things that are open at the same time (event streams).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

MINUTE = 60
DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Limit:
    """At most `allowed` units per `per_seconds` window (or open at once, for `open`)."""

    name: str
    allowed: int
    per_seconds: int = DAY


# Web chat (bot/web/chat.py). A worker telling one report sends 15-40 messages, about 3 a
# minute; an employer's workers may share one address behind its NAT (the soak ran 25 at once
# from one address and hit 120 a minute), hence the much higher address limits.
WEB_MESSAGES_PER_SESSION_MINUTE = Limit("web_msg_session_min", 20, MINUTE)
WEB_MESSAGES_PER_SESSION_DAY = Limit("web_msg_session_day", 400)
WEB_MESSAGES_PER_ADDRESS_MINUTE = Limit("web_msg_addr_min", 600, MINUTE)
WEB_MESSAGES_PER_ADDRESS_DAY = Limit("web_msg_addr_day", 20_000)
WEB_NEW_SESSIONS_PER_ADDRESS_DAY = Limit("web_new_session_addr_day", 1000)
WEB_STREAMS_PER_SESSION = Limit("web_streams_session", 3)
WEB_STREAMS_PER_ADDRESS = Limit("web_streams_addr", 50)
WEB_STREAMS_TOTAL = Limit("web_streams_total", 1000)
# Telegram (connectors/telegram/): per chat.
TELEGRAM_MESSAGES_PER_CHAT_MINUTE = Limit("tg_msg_chat_min", 20, MINUTE)
TELEGRAM_MESSAGES_PER_CHAT_DAY = Limit("tg_msg_chat_day", 400)
TELEGRAM_UPLOADS_PER_CHAT_DAY = Limit("tg_upload_chat_day", 30)
TELEGRAM_UPLOAD_BYTES_PER_CHAT_DAY = Limit("tg_upload_bytes_chat_day", 200 * 1024 * 1024)
# Stored reports per worker account (web session or Telegram chat), counted in the database by
# the action that stores them (actions/submit.py).
REPORTS_PER_ACCOUNT_DAY = Limit("reports_account_day", 10)


class Limiter(Protocol):
    """Counts per key; every method is safe to call from any thread."""

    def hit(self, limit: Limit, key: str, amount: int = 1) -> bool:
        """Count `amount` for `key`; False (and nothing counted) when it would pass the limit."""

    def open(self, limit: Limit, key: str) -> bool:
        """Take one of the `allowed` slots of `key`; False when all are taken."""

    def close(self, limit: Limit, key: str) -> None:
        """Give back a slot taken with `open`."""


class MemoryLimiter:
    """Limiter in this process's memory, with fixed windows."""

    # Past this many keys, the counts of windows that have ended are dropped.
    PRUNE_AT = 10_000

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # (limit name, key) -> (window length, window number, count)
        self._counts: dict[tuple[str, str], tuple[int, int, int]] = {}
        self._open: dict[tuple[str, str], int] = {}

    def hit(self, limit: Limit, key: str, amount: int = 1) -> bool:
        """Count `amount` for `key`; False (and nothing counted) when it would pass the limit."""
        now = self._clock()
        window = int(now // limit.per_seconds)
        with self._lock:
            _, seen, used = self._counts.get((limit.name, key), (0, window, 0))
            if seen != window:
                used = 0
            if used + amount > limit.allowed:
                return False
            self._counts[(limit.name, key)] = (limit.per_seconds, window, used + amount)
            if len(self._counts) > self.PRUNE_AT:
                self._prune(now)
            return True

    def open(self, limit: Limit, key: str) -> bool:
        """Take one of the `allowed` slots of `key`; False when all are taken."""
        with self._lock:
            used = self._open.get((limit.name, key), 0)
            if used >= limit.allowed:
                return False
            self._open[(limit.name, key)] = used + 1
            return True

    def close(self, limit: Limit, key: str) -> None:
        """Give back a slot taken with `open`."""
        with self._lock:
            used = self._open.get((limit.name, key), 0)
            if used <= 1:
                self._open.pop((limit.name, key), None)
            else:
                self._open[(limit.name, key)] = used - 1

    def _prune(self, now: float) -> None:
        self._counts = {
            slot: value for slot, value in self._counts.items() if value[1] == int(now // value[0])
        }

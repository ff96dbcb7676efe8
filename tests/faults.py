"""Failure injection for tests: a database that is slow, unreachable or fails once, and a
channel provider (Telegram's Bot API, or any aiohttp stand-in) that answers 429 or 500.

Use it as a habit: every "stored" or "sent" promise gets a test with the fault that breaks it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiohttp import web
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError


class InjectedFault(Exception):
    """The error a failing statement raises (wrapped by SQLAlchemy as OperationalError)."""


@contextmanager
def slow_database(engine: Engine, seconds: float) -> Iterator[None]:
    """Every statement on this engine waits `seconds` before it runs."""

    def _delay(*_args: Any) -> None:
        time.sleep(seconds)

    event.listen(engine, "before_cursor_execute", _delay)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", _delay)


@contextmanager
def failing_database(engine: Engine, *, times: int = 1, match: str = "") -> Iterator[list[str]]:
    """The next `times` statements (whose SQL contains `match`) fail; yields the failed SQL."""
    failed: list[str] = []

    def _fail(_conn, _cursor, statement, _params, _context, _many) -> None:
        if len(failed) < times and match.lower() in statement.lower():
            failed.append(statement)
            raise OperationalError(statement, None, InjectedFault("injected failure"))

    event.listen(engine, "before_cursor_execute", _fail)
    try:
        yield failed
    finally:
        event.remove(engine, "before_cursor_execute", _fail)


@contextmanager
def unreachable_database(engine: Engine) -> Iterator[None]:
    """No new connection can be made and the pooled ones are gone (the server is down)."""

    def _refuse(*_args: Any) -> None:
        raise OperationalError("connect", None, InjectedFault("connection refused (injected)"))

    engine.dispose()
    event.listen(engine, "do_connect", _refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_connect", _refuse)
        engine.dispose()


class FlakyProvider:
    """aiohttp middleware for a fake provider: the next answers are 429 or 500, then normal.

    `fail_next(429, times=2, retry_after=1)` makes the next two requests get Telegram's flood
    control answer; `fail_next(500)` one server error.
    """

    def __init__(self) -> None:
        self._plan: list[tuple[int, int]] = []
        self.failed: list[str] = []

    def fail_next(self, status: int, *, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` requests with `status`."""
        self._plan.extend([(status, retry_after)] * times)

    @web.middleware
    async def middleware(self, request: web.Request, handler):
        """Install with web.Application(middlewares=[flaky.middleware])."""
        if not self._plan:
            return await handler(request)
        status, retry_after = self._plan.pop(0)
        self.failed.append(request.path)
        if status == 429:
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                },
                status=429,
                headers={"Retry-After": str(retry_after)},
            )
        return web.json_response(
            {"ok": False, "error_code": status, "description": "Internal Server Error"},
            status=status,
        )

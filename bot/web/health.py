"""Readiness and liveness of the app server, for Kubernetes probes and load balancers.

/health/live answers as long as the event loop runs (a stuck loop does not answer, and the
probe's timeout fails it). /health/ready answers 200 only when the app server can serve: the
reports database answers, Redis answers when configured, and the server is not shutting down;
503 otherwise, so the load balancer sends no new chats to it. /health stays as it was (the
supervisor's start-up check).
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.web.appkeys import OPEN_PAGES, SESSION_FACTORY

logger = logging.getLogger(__name__)

CHECK_TIMEOUT = 3.0  # seconds per dependency; a probe's own timeout is a little longer
STOPPING = web.AppKey("stopping", asyncio.Event)


def add_health_routes(app: web.Application) -> None:
    """Add /health/live and /health/ready; readiness turns 503 once shutdown began."""
    app[STOPPING] = asyncio.Event()
    app.router.add_get("/health/live", live)
    app.router.add_get("/health/ready", ready)

    async def stopping(app: web.Application) -> None:
        app[STOPPING].set()

    # Runs before aiohttp waits for running handlers: new chats go elsewhere meanwhile.
    app.on_shutdown.insert(0, stopping)


async def live(request: web.Request) -> web.Response:
    """Alive: the event loop answers."""
    return web.json_response({"status": "ok"}, headers={"Cache-Control": "no-store"})


async def ready(request: web.Request) -> web.Response:
    """Ready: database (and Redis) reachable, not shutting down."""
    app = request.app
    checks: dict[str, str] = {}
    if app[STOPPING].is_set():
        checks["server"] = "shutting down"
    checks["database"] = await _check(asyncio.to_thread(_database_ok, app[SESSION_FACTORY]))
    pages = app.get(OPEN_PAGES)
    redis = getattr(pages, "redis", None)
    if redis is not None:
        checks["redis"] = await _check(redis.ping())
        if checks["redis"] == "ok" and not pages.subscribed:
            checks["redis"] = "not subscribed yet"
    ok = all(value == "ok" for value in checks.values())
    return web.json_response(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )


def _database_ok(factory) -> bool:  # noqa: ANN001
    with factory() as session:
        session.execute(text("SELECT 1"))
    return True


async def _check(awaitable) -> str:  # noqa: ANN001
    try:
        await asyncio.wait_for(awaitable, CHECK_TIMEOUT)
    except asyncio.TimeoutError:
        return "timeout"
    except (SQLAlchemyError, RedisError, OSError) as exc:
        logger.warning("readiness check failed: %s", type(exc).__name__)
        return f"unavailable ({type(exc).__name__})"
    return "ok"

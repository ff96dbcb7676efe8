"""The app server: web chat, health check; other modules add their routes to the same app."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from bot.clock import Clock
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.web import chat, internal
from bot.web.appkeys import (
    HTTP_CLIENT,
    LATE_ANSWERS,
    LIMITER,
    OPEN_PAGES,
    PAGE_WAIT,
    SESSION_FACTORY,
    SETTINGS,
)
from bot.web.chat_documents import DOCUMENTS
from bot.web.health import add_health_routes
from bot.web.listeners import listener_guard, serve_forever
from bot.web.pages import OpenPages
from bot.web.shared import RedisDocumentStore, RedisPages, make_redis, shared_state_context
from bot.web.telegram_webhook import add_teams_webhook, add_telegram_webhook
from bot.wire import budgets
from bot.wire.limits import Limiter, MemoryLimiter

logger = logging.getLogger(__name__)

__all__ = ["HTTP_CLIENT", "SESSION_FACTORY", "SETTINGS", "create_app", "main"]

# The app's whole wait for Rasa, and how long the page waits before it hears "takes longer"
# (bot/wire/budgets.py has the order of all timeouts).
DEFAULT_RASA_TIMEOUT = float(budgets.RASA_SECONDS)
DEFAULT_PAGE_WAIT = float(budgets.PAGE_WAIT_SECONDS)
SHUTDOWN_TIMEOUT = 25.0

# Self only, no inline script or style: the page loads chat.js and chat.css from /chat/static/.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(
    settings: Settings,
    *,
    rasa_timeout: float = DEFAULT_RASA_TIMEOUT,
    page_wait: float = DEFAULT_PAGE_WAIT,
    dashboard_clock: Clock | None = None,
    limiter: Limiter | None = None,
) -> web.Application:
    """The app server: web chat, health check (more routes are added by other modules later)."""
    app = web.Application(middlewares=[listener_guard])
    app[LIMITER] = limiter if limiter is not None else MemoryLimiter()
    app[SETTINGS] = settings
    redis = make_redis(settings.redis_url) if settings.redis_url else None
    # Several app servers share open pages and PDF links through Redis; one keeps them here.
    prefix = settings.redis_prefix
    app[OPEN_PAGES] = RedisPages(redis, prefix) if redis is not None else OpenPages()
    app[PAGE_WAIT] = page_wait
    app[LATE_ANSWERS] = set()
    app.cleanup_ctx.append(_http_client_context(rasa_timeout))
    app.cleanup_ctx.append(_database_context)
    app.on_response_prepare.append(_add_security_headers)
    # Before aiohttp waits for running handlers: the open event streams would keep it waiting.
    app.on_shutdown.append(_close_event_streams)
    app.router.add_get("/health", health)
    add_health_routes(app)
    app.router.add_get("/", _redirect_to_chat)
    app.router.add_get("/favicon.ico", _no_favicon)
    chat.add_chat_routes(app)
    if redis is not None:
        app[DOCUMENTS] = RedisDocumentStore(redis, prefix)
        app.cleanup_ctx.append(shared_state_context(settings.redis_url, prefix))
    internal.add_internal_routes(app)
    if settings.telegram_webhook_url:
        add_telegram_webhook(app)
    if settings.teams_enabled:
        add_teams_webhook(app)
    if settings.dashboard == "app":
        from bot.web.beheer import mount_dashboard

        mount_dashboard(app, settings, clock=dashboard_clock)
    return app


def create_dashboard_app(settings: Settings) -> web.Application:
    """The dashboard alone (VPT_DASHBOARD=own): /beheer/ and /health, no chat, no internal API."""
    from bot.web.beheer import mount_dashboard

    app = web.Application(middlewares=[listener_guard])
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_database_context)
    app.on_response_prepare.append(_add_security_headers)
    app.router.add_get("/health", health)
    add_health_routes(app)
    app.router.add_get("/", _redirect_to_dashboard)
    mount_dashboard(app, settings)
    return app


def main_dashboard(settings: Settings) -> None:
    """Run the dashboard as its own process on settings.bind_host:settings.dashboard_port."""
    _serve(create_dashboard_app(settings), settings, settings.dashboard_port, "Dashboard")


async def _redirect_to_dashboard(request: web.Request) -> web.Response:
    raise web.HTTPFound("/beheer/")


def main(settings: Settings) -> None:
    """Run the app server: public on bind_host:app_port, /internal/ on internal_host:internal_port."""
    _serve(
        create_app(settings),
        settings,
        settings.app_port,
        "App server",
        internal=(settings.internal_host, settings.internal_port),
    )


def _serve(
    app: web.Application,
    settings: Settings,
    port: int,
    name: str,
    *,
    internal: tuple[str, int] | None = None,
) -> None:
    from bot.wire.privacy_log import configure_logging

    configure_logging(settings.log_level)
    logger.info("%s listening on %s:%s", name, settings.bind_host, port)
    if internal is not None:
        logger.info("%s internal API on %s:%s", name, *internal)
    # The access log names the route pattern, never the path (session and chat ids) or the
    # client address. On SIGTERM the runner stops accepting, runs on_shutdown (readiness turns
    # 503, event streams end) and waits up to SHUTDOWN_TIMEOUT for the messages in flight (a
    # Rasa answer takes seconds); Kubernetes' grace period (30 s) is longer.
    asyncio.run(
        serve_forever(
            app,
            host=settings.bind_host,
            port=port,
            internal=internal,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
        )
    )


async def health(request: web.Request) -> web.Response:
    """Liveness check for the supervisor and monitoring."""
    return web.json_response({"status": "ok"}, headers={"Cache-Control": "no-store"})


async def _redirect_to_chat(request: web.Request) -> web.Response:
    raise web.HTTPFound("/chat")


async def _no_favicon(request: web.Request) -> web.Response:
    # Browsers ask for it on every page; an empty answer keeps the logs free of 404s.
    return web.Response(status=204, headers={"Cache-Control": "max-age=86400"})


def _http_client_context(timeout_seconds: float):
    """One ClientSession per app, opened on start-up and closed on shutdown."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=timeout_seconds, sock_connect=5)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            app[HTTP_CLIENT] = session
            yield

    return context


async def _database_context(app: web.Application) -> AsyncIterator[None]:
    """The reports database for the internal routes; connects on first use, not at start-up."""
    engine = make_engine(app[SETTINGS].effective_database_url)
    app[SESSION_FACTORY] = make_session_factory(engine)
    yield
    engine.dispose()


async def _close_event_streams(app: web.Application) -> None:
    app[OPEN_PAGES].close_all()


async def _add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Security headers on every response (HTML, static files, JSON, errors); routes may override."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)

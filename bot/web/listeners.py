"""The app server's two listeners: the public one (web chat, Telegram webhook, dashboard) and the
internal one (/internal/*, for Rasa's channels and the worker), and an access log without
personal data.

One aiohttp application serves both, so the open chat pages and the database are shared; a
middleware decides by the local port which paths a listener answers. A reverse proxy that
forwards everything to the public port still cannot reach the internal API.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

logger = logging.getLogger(__name__)

# Local ports of the public listener; empty (tests with one listener): no restriction.
PUBLIC_PORTS = web.AppKey("public_ports", frozenset)
INTERNAL_PREFIX = "/internal/"


def _local_port(request: web.Request) -> int | None:
    transport = request.transport
    sockname = transport.get_extra_info("sockname") if transport is not None else None
    if isinstance(sockname, tuple) and len(sockname) >= 2:
        return int(sockname[1])
    return None


@web.middleware
async def listener_guard(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """The internal API only on the internal listener; the public pages only on the public one."""
    public_ports = request.app.get(PUBLIC_PORTS) or frozenset()
    if public_ports:
        internal_path = request.path.startswith(INTERNAL_PREFIX)
        on_public = _local_port(request) in public_ports
        if internal_path and on_public:
            raise web.HTTPNotFound()
        if not internal_path and not on_public and request.path != "/health":
            raise web.HTTPNotFound()
    return await handler(request)


class RouteAccessLogger(AbstractAccessLogger):
    """Method, route pattern (never the concrete path: it may hold a session or chat id),
    status, size and time; no client address, no query string, no headers."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        route = "-"
        match_info = getattr(request, "match_info", None)
        if match_info is not None and match_info.route.resource is not None:
            route = match_info.route.resource.canonical
        # No quotes: the log redaction (bot/wire/privacy_log.py) removes quoted text.
        self.logger.info(
            "%s %s %s %s %.3fs",
            request.method,
            route,
            response.status,
            response.body_length,
            time,
        )


async def serve_forever(
    app: web.Application,
    *,
    host: str,
    port: int,
    internal: tuple[str, int] | None = None,
    shutdown_timeout: float = 60.0,
) -> None:
    """Serve `app` on the public listener (and the internal one) until SIGINT or SIGTERM."""
    runner = await start_listeners(
        app, host=host, port=port, internal=internal, shutdown_timeout=shutdown_timeout
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


async def start_listeners(
    app: web.Application,
    *,
    host: str,
    port: int,
    internal: tuple[str, int] | None = None,
    shutdown_timeout: float = 60.0,
) -> web.AppRunner:
    """Start the listeners; the caller cleans the returned runner up."""
    if internal is not None:
        app[PUBLIC_PORTS] = frozenset({port})
    runner = web.AppRunner(
        app, access_log_class=RouteAccessLogger, shutdown_timeout=shutdown_timeout
    )
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    if internal is not None:
        await web.TCPSite(runner, internal[0], internal[1]).start()
    return runner

"""The coordinator dashboard under /beheer/: an aiohttp sub-application with its own guard."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.clock import Clock
from bot.settings import Settings
from bot.web.beheer.admin_views import add_admin_routes
from bot.web.beheer.auth_views import add_auth_routes
from bot.web.beheer.case_views import add_case_routes
from bot.web.beheer.figures_views import add_figures_routes
from bot.web.beheer.measure_views import add_measure_routes
from bot.web.beheer.oidc_views import add_oidc_routes
from bot.web.beheer.render import make_environment
from bot.web.beheer.security import guard
from bot.web.beheer.state import DASHBOARD, Dashboard
from bot.web.beheer.user_views import add_user_routes

PREFIX = "/beheer/"
STATIC_DIR = Path(__file__).parent.parent / "static"


def create_dashboard(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    """The dashboard sub-application (mount it at PREFIX; it needs SESSION_FACTORY upstream)."""
    app = web.Application(middlewares=[guard])
    app[DASHBOARD] = Dashboard(
        settings=settings,
        clock=clock or Clock(settings.tz),
        templates=make_environment(settings.tz),
    )
    add_auth_routes(app)
    add_oidc_routes(app, settings)
    add_case_routes(app)
    add_admin_routes(app)
    add_measure_routes(app)
    add_figures_routes(app)
    add_user_routes(app)
    app.router.add_static("/static/", STATIC_DIR, name="beheer_static")
    return app


def mount_dashboard(
    app: web.Application, settings: Settings, *, clock: Clock | None = None
) -> web.Application:
    """Add the dashboard to an app server (and /beheer without the slash)."""
    dashboard = create_dashboard(settings, clock=clock)
    app.router.add_get("/beheer", _to_dashboard)
    app.add_subapp(PREFIX, dashboard)
    return dashboard


async def _to_dashboard(request: web.Request) -> web.Response:
    raise web.HTTPFound(PREFIX)

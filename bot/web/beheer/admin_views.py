"""Pages for the admin: the audit log; users are in user_views, figures in figures_views."""

from __future__ import annotations

from aiohttp import web

from bot.services import case_actions as actions
from bot.web.beheer.render import render
from bot.web.beheer.state import dashboard, principal


def add_admin_routes(app: web.Application) -> None:
    """Route of the audit log."""
    app.router.add_get("/logboek", audit, name="beheer_audit")


def _forbidden(handler):
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except actions.CaseForbidden as exc:
            raise web.HTTPForbidden(text="Deze pagina is niet voor jouw rol.") from exc

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


@_forbidden
@_forbidden
async def audit(request: web.Request) -> web.Response:
    """The audit log, newest first, with a check of the hash chain."""
    state = dashboard(request)
    rows, broken = actions.audit_page(state.factory, principal(request), now=state.clock.now())
    return render(request, "audit.html", rows=rows, broken=broken)

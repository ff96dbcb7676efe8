"""Pages for the admin (users, audit log); the figures are in figures_views."""

from __future__ import annotations

from aiohttp import web

from bot.services import case_actions as actions
from bot.web.beheer.render import render
from bot.web.beheer.state import dashboard, principal


def add_admin_routes(app: web.Application) -> None:
    """Routes of the users and the audit log."""
    app.router.add_get("/gebruikers", users, name="beheer_users")
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
async def users(request: web.Request) -> web.Response:
    """Users and their roles in the admin's organisations."""
    state = dashboard(request)
    return render(
        request, "users.html", users=actions.users_page(state.factory, principal(request))
    )


@_forbidden
async def audit(request: web.Request) -> web.Response:
    """The audit log, newest first, with a check of the hash chain."""
    state = dashboard(request)
    rows, broken = actions.audit_page(state.factory, principal(request), now=state.clock.now())
    return render(request, "audit.html", rows=rows, broken=broken)

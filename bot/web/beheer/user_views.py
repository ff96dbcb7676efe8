"""The admin's pages: users (add, roles, disable, end sessions) and organisations.

Every change is a POST with the CSRF token (checked by the guard) that redirects back to the
page (post/redirect/get); a wrong form shows the page again with what to fix.
"""

from __future__ import annotations

from aiohttp import web

from bot.services import user_admin
from bot.services.accounts import ROLES
from bot.services.cases import CaseForbidden
from bot.web.beheer.render import render, texts
from bot.web.beheer.state import dashboard, principal


def add_user_routes(app: web.Application) -> None:
    """Routes of the Gebruikers and Organisaties pages."""
    app.router.add_get("/gebruikers", users_page, name="beheer_users")
    app.router.add_post("/gebruikers", user_add, name="beheer_user_add")
    app.router.add_get("/gebruikers/{user_id:\\d+}", user_page, name="beheer_user")
    app.router.add_post("/gebruikers/{user_id:\\d+}/rol", role_add, name="beheer_user_role_add")
    app.router.add_post(
        "/gebruikers/{user_id:\\d+}/rol-weg", role_remove, name="beheer_user_role_remove"
    )
    app.router.add_post("/gebruikers/{user_id:\\d+}/actief", set_active, name="beheer_user_active")
    app.router.add_post(
        "/gebruikers/{user_id:\\d+}/sessies", end_sessions, name="beheer_user_sessions"
    )
    app.router.add_post("/gebruikers/{user_id:\\d+}/link", new_link, name="beheer_user_link")
    app.router.add_get("/organisaties", organisations_page, name="beheer_orgs")
    app.router.add_post("/organisaties", organisation_add, name="beheer_org_add")


def _admin(handler):
    """403 for a non-admin, 404 for a user outside the admin's organisations."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except CaseForbidden as exc:
            raise web.HTTPForbidden(text="Deze pagina is niet voor jouw rol.") from exc
        except user_admin.UserNotFound as exc:
            raise web.HTTPNotFound(text="Deze gebruiker bestaat niet of is niet voor jou.") from exc

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


def _error(exc: user_admin.InvalidUserInput) -> str:
    return texts()["user_errors"][exc.key]


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1


def _user_id(request: web.Request) -> int:
    return int(request.match_info["user_id"])


def _back(request: web.Request, user_id: int) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(request.app.router["beheer_user"].url_for(user_id=str(user_id)))


def _users(request: web.Request, *, error: str = "", status: int = 200) -> web.Response:
    state = dashboard(request)
    who = principal(request)
    return render(
        request, "users.html", status=status, error=error, roles=ROLES,
        users=user_admin.users(state.factory, who, now=state.clock.now()),
        organisations=user_admin.organisations(state.factory, who),
    )  # fmt: skip


@_admin
async def users_page(request: web.Request) -> web.Response:
    """Users and their roles in the admin's organisations, and the form to add one."""
    return _users(request)


@_admin
async def user_add(request: web.Request) -> web.Response:
    """A new user; the page shows the initial password once."""
    state = dashboard(request)
    form = await request.post()
    try:
        user_id, token = user_admin.add_user(
            state.factory, principal(request), email=str(form.get("email", ""))[:254],
            name=str(form.get("naam", ""))[:200], organisation_id=_int(form.get("organisatie")),
            role=str(form.get("rol", "")), now=state.clock.now(),
        )  # fmt: skip
    except user_admin.InvalidUserInput as exc:
        return _users(request, error=_error(exc), status=400)
    return _link_page(request, user_id, token, new=True)


def _link_page(request: web.Request, user_id: int, token: str, *, new: bool) -> web.Response:
    """The one-time link, shown once (it is not stored, only its hash)."""
    state = dashboard(request)
    found = user_admin.user(state.factory, principal(request), user_id, now=state.clock.now())
    base = state.settings.dashboard_public_url.rstrip("/") or f"{request.scheme}://{request.host}"
    link = base + str(request.app.router["beheer_welcome"].url_for(token=token))
    return render(request, "user_added.html", found=found, link=link, new=new)


@_admin
async def new_link(request: web.Request) -> web.Response:
    """A new one-time link for a user who has not linked an app yet (lost or expired link)."""
    state = dashboard(request)
    try:
        token = user_admin.new_enrolment_link(
            state.factory, principal(request), _user_id(request), now=state.clock.now()
        )
    except user_admin.InvalidUserInput as exc:
        return _user(request, error=_error(exc), status=400)
    return _link_page(request, _user_id(request), token, new=False)


def _user(request: web.Request, *, error: str = "", status: int = 200) -> web.Response:
    state = dashboard(request)
    who = principal(request)
    return render(
        request, "user.html", status=status, error=error, roles=ROLES,
        found=user_admin.user(state.factory, who, _user_id(request), now=state.clock.now()),
        organisations=user_admin.organisations(state.factory, who),
    )  # fmt: skip


@_admin
async def user_page(request: web.Request) -> web.Response:
    """One user: roles, sign-in state, and the buttons to change them."""
    return _user(request)


async def _change(request: web.Request, change) -> web.Response:
    state = dashboard(request)
    form = await request.post()
    try:
        change(state, form)
    except user_admin.InvalidUserInput as exc:
        return _user(request, error=_error(exc), status=400)
    raise _back(request, _user_id(request))


@_admin
async def role_add(request: web.Request) -> web.Response:
    """Give the user a role in one of the admin's organisations."""
    return await _change(
        request,
        lambda state, form: user_admin.add_role(
            state.factory, principal(request), _user_id(request),
            organisation_id=_int(form.get("organisatie")), role=str(form.get("rol", "")),
            now=state.clock.now(),
        ),
    )  # fmt: skip


@_admin
async def role_remove(request: web.Request) -> web.Response:
    """Take a role away."""
    return await _change(
        request,
        lambda state, form: user_admin.remove_role(
            state.factory, principal(request), _user_id(request),
            organisation_id=_int(form.get("organisatie")), role=str(form.get("rol", "")),
            now=state.clock.now(),
        ),
    )  # fmt: skip


@_admin
async def set_active(request: web.Request) -> web.Response:
    """Disable the user (their sessions end at once) or enable them again."""
    return await _change(
        request,
        lambda state, form: user_admin.set_active(
            state.factory, principal(request), _user_id(request),
            active=form.get("actief") == "ja", now=state.clock.now(),
        ),
    )  # fmt: skip


@_admin
async def end_sessions(request: web.Request) -> web.Response:
    """End every open session of the user."""
    return await _change(
        request,
        lambda state, form: user_admin.revoke_sessions(
            state.factory, principal(request), _user_id(request), now=state.clock.now()
        ),
    )


def _organisations(request: web.Request, *, error: str = "", status: int = 200) -> web.Response:
    state = dashboard(request)
    return render(
        request, "organisations.html", status=status, error=error,
        organisations=user_admin.organisations(state.factory, principal(request)),
    )  # fmt: skip


@_admin
async def organisations_page(request: web.Request) -> web.Response:
    """The admin's organisations and the form to add one."""
    return _organisations(request)


@_admin
async def organisation_add(request: web.Request) -> web.Response:
    """A new organisation (the admin becomes its admin)."""
    state = dashboard(request)
    form = await request.post()
    try:
        user_admin.add_organisation(
            state.factory, principal(request), str(form.get("naam", ""))[:300],
            now=state.clock.now(),
        )  # fmt: skip
    except user_admin.InvalidUserInput as exc:
        return _organisations(request, error=_error(exc), status=400)
    raise web.HTTPSeeOther(request.app.router["beheer_orgs"].url_for())

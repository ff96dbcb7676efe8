"""The dashboard's guard on every request: session cookie, second factor, CSRF on every POST,
and `Cache-Control: no-store` on every answer.

Order inside the middleware: resolve the session, check CSRF (before any handler reads or
changes anything), then require sign-in for every route that is not public.
"""

from __future__ import annotations

import hmac
import logging
import secrets

from aiohttp import web

from bot.services.accounts import IDLE_TIMEOUT, MAX_SESSION, Principal
from bot.settings import Settings
from bot.web.beheer.state import PRINCIPAL, dashboard

log = logging.getLogger(__name__)

COOKIE = "vpt_beheer"
# Before sign-in there is no session: the login form's CSRF token is a double-submit cookie.
PRE_COOKIE = "vpt_beheer_pre"
COOKIE_PATH = "/beheer"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Routes open without a session (the rest redirect to the sign-in page).
PUBLIC = frozenset(
    {
        "beheer_login",
        "beheer_login_post",
        "beheer_static",
        "beheer_oidc_start",
        "beheer_oidc_callback",
        "beheer_welcome",
        "beheer_welcome_post",
    }
)
# Routes open with a half-done sign-in (password given, code not yet).
PENDING = frozenset({"beheer_code", "beheer_code_post", "beheer_enrol", "beheer_logout"})


def cookie_secure(request: web.Request, settings: Settings) -> bool:
    """The Secure flag: on https requests ("auto"), always ("on": behind a proxy that
    terminates TLS, the app sees plain http), or never ("off")."""
    if settings.dashboard_cookie_secure == "on":
        return True
    if settings.dashboard_cookie_secure == "off":
        return False
    return request.secure


def set_session_cookie(response: web.StreamResponse, request: web.Request, token: str) -> None:
    """The session cookie: HttpOnly, SameSite=Lax (OIDC callbacks need Lax), Secure per setting."""
    response.set_cookie(
        COOKIE,
        token,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Lax",
        secure=cookie_secure(request, dashboard(request).settings),
        max_age=int(MAX_SESSION.total_seconds()),
    )
    response.del_cookie(PRE_COOKIE, path=COOKIE_PATH)


def clear_session_cookie(response: web.StreamResponse) -> None:
    """Forget the session in the browser."""
    response.del_cookie(COOKIE, path=COOKIE_PATH)


def pre_csrf_token(request: web.Request, response: web.StreamResponse) -> str:
    """The login form's token, from the cookie or a new one set on the response."""
    token = request.cookies.get(PRE_COOKIE, "")
    if len(token) != 43:
        token = secrets.token_urlsafe(32)
        response.set_cookie(
            PRE_COOKIE, token, path=COOKIE_PATH, httponly=True, samesite="Strict",
            secure=cookie_secure(request, dashboard(request).settings), max_age=int(IDLE_TIMEOUT.total_seconds()),
        )  # fmt: skip
    return token


async def _sent_csrf(request: web.Request) -> str:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()  # cached: the handler reads the same form
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    return ""


def _csrf_ok(expected: str, sent: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), sent.encode())


@web.middleware
async def guard(request: web.Request, handler):
    """Session, CSRF and sign-in checks; no-store on every answer, errors included."""
    try:
        response = await _guarded(request, handler)
    except web.HTTPException as exc:
        exc.headers["Cache-Control"] = "no-store"
        raise
    response.headers["Cache-Control"] = "no-store"
    # The chat's policy, plus data: images (the NL Design System CSS draws its icons with them).
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response


async def _guarded(request: web.Request, handler):
    state = dashboard(request)
    route = request.match_info.route.name or ""
    token = request.cookies.get(COOKIE, "")
    user: Principal | None = None
    if token:
        user = state.accounts().resolve(token, now=state.clock.now())
    request[PRINCIPAL] = user
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        expected = user.csrf_token if user else request.cookies.get(PRE_COOKIE, "")
        if not _csrf_ok(expected, await _sent_csrf(request)):
            log.info("dashboard POST refused: CSRF token missing or wrong (%s)", route)
            raise web.HTTPForbidden(text="Deze actie is geweigerd. Laad de pagina opnieuw.")
    if route in PUBLIC:
        return await handler(request)
    if user is None:
        raise web.HTTPSeeOther(request.app.router["beheer_login"].url_for())
    if not user.mfa:
        if route in PENDING:
            return await handler(request)
        raise web.HTTPSeeOther(request.app.router["beheer_code"].url_for())
    if route in ("beheer_code", "beheer_code_post", "beheer_enrol"):
        raise web.HTTPSeeOther(request.app.router["beheer_home"].url_for())
    return await handler(request)

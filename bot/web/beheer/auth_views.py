"""Sign-in pages: password, code (or enrolment with a QR code), recovery codes, sign-out."""

from __future__ import annotations

import io

import segno
from aiohttp import web
from markupsafe import Markup

from bot.services.accounts import MIN_PASSWORD_LENGTH
from bot.web.beheer.render import render, texts
from bot.web.beheer.security import (
    clear_session_cookie,
    pre_csrf_token,
    set_session_cookie,
)
from bot.web.beheer.state import PRINCIPAL, dashboard


def add_auth_routes(app: web.Application) -> None:
    """Routes of signing in and out."""
    app.router.add_get("/inloggen", login_page, name="beheer_login")
    app.router.add_post("/inloggen", login_post, name="beheer_login_post")
    app.router.add_get("/code", code_page, name="beheer_code")
    app.router.add_post("/code", code_post, name="beheer_code_post")
    app.router.add_get("/instellen", enrol_page, name="beheer_enrol")
    app.router.add_post("/uitloggen", logout, name="beheer_logout")
    app.router.add_get("/welkom/{token}", welcome_page, name="beheer_welcome")
    app.router.add_post("/welkom/{token}", welcome_post, name="beheer_welcome_post")


def _login(request: web.Request, *, error: bool = False, status: int = 200) -> web.Response:
    response = web.Response()  # collects the pre-login cookie
    token = pre_csrf_token(request, response)
    page = render(
        request, "login.html", status=status, pre_csrf=token,
        error=texts()["errors"]["login"] if error else "",
    )  # fmt: skip
    for cookie in response.cookies.values():
        page.cookies[cookie.key] = cookie
    return page


async def login_page(request: web.Request) -> web.Response:
    """The sign-in form (e-mail and password)."""
    return _login(request)


async def login_post(request: web.Request) -> web.Response:
    """Check the password; on success a short pending session leads to the code page."""
    state = dashboard(request)
    form = await request.post()
    email = str(form.get("email", ""))[:254]
    password = str(form.get("password", ""))[:1024]
    new = state.accounts().check_password(email, password, now=state.clock.now())
    if new is None:
        return _login(request, error=True, status=401)
    target = "beheer_code" if new.enrolled else "beheer_enrol"
    response = web.HTTPSeeOther(request.app.router[target].url_for())
    set_session_cookie(response, request, new.token)
    raise response


async def code_page(request: web.Request) -> web.Response:
    """Ask the six-digit code from the authenticator app (or a recovery code)."""
    user = request[PRINCIPAL]
    if not user.enrolled:
        raise web.HTTPSeeOther(request.app.router["beheer_enrol"].url_for())
    return render(request, "code.html", error="", enrolling=False, qr="", secret="")


async def enrol_page(request: web.Request) -> web.Response:
    """First sign-in: the QR code to scan, then the first code confirms it."""
    user = request[PRINCIPAL]
    if user.enrolled:
        raise web.HTTPSeeOther(request.app.router["beheer_code"].url_for())
    secret, uri = dashboard(request).accounts().enrolment(user)
    return render(request, "code.html", error="", enrolling=True, qr=qr_svg(uri), secret=secret)


def qr_svg(uri: str) -> Markup:
    """The otpauth URI as an inline SVG QR code (no script, no style: fine under the CSP)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=5, border=4,
        title="QR-code voor je authenticator-app", svgclass="qr", lineclass=None,
    )  # fmt: skip
    return Markup(buffer.getvalue().decode("utf-8"))  # segno's own output, no user text


async def code_post(request: web.Request) -> web.Response:
    """Check the code; success gives a new, full session (and recovery codes at enrolment)."""
    state = dashboard(request)
    user = request[PRINCIPAL]
    form = await request.post()
    code = str(form.get("code", ""))[:40]
    result = state.accounts().check_code(user, code, now=state.clock.now())
    if result is None:
        enrolling = not user.enrolled
        qr = secret = ""
        if enrolling:
            secret, uri = state.accounts().enrolment(user)
            qr = qr_svg(uri)
        return render(
            request, "code.html", status=401, error=texts()["errors"]["code"],
            enrolling=enrolling, qr=qr, secret=secret,
        )  # fmt: skip
    new, recovery = result
    if recovery:
        request[PRINCIPAL] = None
        page = render(request, "recovery.html", codes=recovery, pre_csrf=new.csrf_token)
    else:
        page = web.HTTPSeeOther(request.app.router["beheer_home"].url_for())
    set_session_cookie(page, request, new.token)
    if isinstance(page, web.HTTPException):
        raise page
    return page


async def logout(request: web.Request) -> web.Response:
    """End this session."""
    state = dashboard(request)
    state.accounts().sign_out(request[PRINCIPAL], now=state.clock.now())
    response = web.HTTPSeeOther(request.app.router["beheer_login"].url_for())
    clear_session_cookie(response)
    raise response


def _welcome(request: web.Request, *, error: str = "", status: int = 200) -> web.Response:
    works = (
        dashboard(request)
        .accounts()
        .enrolment_link_works(request.match_info["token"], now=dashboard(request).clock.now())
    )
    response = web.Response()  # collects the pre-login cookie
    token = pre_csrf_token(request, response)
    page = render(
        request, "welcome.html", status=status if works else 410, pre_csrf=token,
        error=error, works=works, min_length=MIN_PASSWORD_LENGTH,
        link_token=request.match_info["token"],
    )  # fmt: skip
    for cookie in response.cookies.values():
        page.cookies[cookie.key] = cookie
    return page


async def welcome_page(request: web.Request) -> web.Response:
    """The admin's one-time link: choose a password (then the code app)."""
    return _welcome(request)


async def welcome_post(request: web.Request) -> web.Response:
    """Set the chosen password; the link is spent and the enrolment of the app follows."""
    state = dashboard(request)
    form = await request.post()
    password = str(form.get("password", ""))[:1024]
    if len(password) < MIN_PASSWORD_LENGTH:
        return _welcome(request, error=texts()["errors"]["password_short"], status=400)
    if password != str(form.get("password2", ""))[:1024]:
        return _welcome(request, error=texts()["errors"]["password_differs"], status=400)
    new = state.accounts().redeem_enrolment(
        request.match_info["token"], password, now=state.clock.now()
    )
    if new is None:
        return _welcome(request)  # the page says the link does not work (410)
    response = web.HTTPSeeOther(request.app.router["beheer_enrol"].url_for())
    set_session_cookie(response, request, new.token)
    raise response

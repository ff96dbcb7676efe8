"""Signing in to the dashboard: password + TOTP, enrolment, replay, lock-out, sessions, CSRF."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest

from bot.storage.models import AuditEvent, DashboardSession
from tests.bot.web.beheer.conftest import PASSWORD

GENERIC = "Inloggen lukt niet. Controleer je e-mailadres en wachtwoord."


async def test_unauthenticated_page_redirects_to_sign_in_with_no_store(dashboard_client):
    client = await dashboard_client()
    response = await client.get("/beheer/meldingen", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/beheer/inloggen"
    assert response.headers["Cache-Control"] == "no-store"


async def test_sign_in_with_password_and_totp_opens_the_worklist(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    response = await client.get("/beheer/")
    assert response.status == 200
    assert ">Werklijst</h1>" in response.body_text
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


async def test_wrong_password_and_unknown_user_get_the_same_message(dashboard_client, world):
    client = await dashboard_client()
    await client.get("/beheer/inloggen")
    wrong = await client.post(
        "/beheer/inloggen", {"email": world.users["coordinator_a"], "password": "fout"}
    )
    unknown = await client.post("/beheer/inloggen", {"email": "niemand@x.nl", "password": "x"})
    assert wrong.status == unknown.status == 401
    assert GENERIC in wrong.body_text and GENERIC in unknown.body_text


async def _password_step(client, world, name):
    await client.get("/beheer/inloggen")
    response = await client.post(
        "/beheer/inloggen", {"email": world.users[name], "password": PASSWORD}
    )
    assert response.status == 303
    await client.get("/beheer/code")


async def test_password_alone_opens_no_page(dashboard_client, world):
    client = await dashboard_client()
    await _password_step(client, world, "coordinator_a")
    response = await client.get("/beheer/meldingen", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/beheer/code"


async def test_wrong_totp_is_refused(dashboard_client, world):
    client = await dashboard_client()
    await _password_step(client, world, "coordinator_a")
    good = world.code(world.users["coordinator_a"])
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = await client.post("/beheer/code", {"code": wrong})
    assert response.status == 401
    assert "Deze code klopt niet of is al gebruikt" in response.body_text


async def test_a_used_totp_code_is_refused_a_second_time(dashboard_client, world):
    email = world.users["coordinator_a"]
    first = await dashboard_client()
    await _password_step(first, world, "coordinator_a")
    code = world.code(email)
    assert (await first.post("/beheer/code", {"code": code})).status == 303
    second = await dashboard_client()
    await _password_step(second, world, "coordinator_a")
    response = await second.post("/beheer/code", {"code": code})  # same 30 seconds
    assert response.status == 401


async def test_brute_force_locks_the_account_even_for_the_right_password(dashboard_client, world):
    client = await dashboard_client()
    email = world.users["coordinator_a"]
    await client.get("/beheer/inloggen")
    for _ in range(5):
        await client.post("/beheer/inloggen", {"email": email, "password": "raden"})
    response = await client.post("/beheer/inloggen", {"email": email, "password": PASSWORD})
    assert response.status == 401
    assert GENERIC in response.body_text
    world.clock.advance(timedelta(minutes=2))  # back-off: 1 minute after the fifth failure
    response = await client.post("/beheer/inloggen", {"email": email, "password": PASSWORD})
    assert response.status == 303
    with world.factory() as session:
        actions = [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions.count("sign_in_failed") >= 5 and "sign_in_locked" in actions


def test_lock_grows_with_every_failure():
    from bot.services.accounts import lock_for

    assert lock_for(4) is None
    assert lock_for(5) == timedelta(minutes=1)
    assert lock_for(7) == timedelta(minutes=4)
    assert lock_for(30) == timedelta(hours=1)


async def test_first_sign_in_enrols_with_a_qr_code_and_gives_recovery_codes(
    dashboard_client, world
):
    email = world.add_user("nieuw", "Gemeente Aadorp", "coordinator", enrol=False)
    client = await dashboard_client()
    await client.get("/beheer/inloggen")
    response = await client.post("/beheer/inloggen", {"email": email, "password": PASSWORD})
    assert response.headers["Location"] == "/beheer/instellen"
    page = await client.get("/beheer/instellen")
    assert (
        "<svg" in page.body_text
        and "<script" not in page.body_text.split("<svg")[1].split("</svg>")[0]
    )
    secret = re.search(r'beheer-secret">([A-Z2-7]+)<', page.body_text).group(1)
    code = pyotp.TOTP(secret).at(world.clock.now())
    response = await client.post("/beheer/code", {"code": code})
    assert response.status == 200
    codes = re.findall(
        r'<code class="utrecht-code">([a-z0-9]{5}-[a-z0-9]{5})</code>', response.body_text
    )
    assert len(codes) == 10
    assert (await client.get("/beheer/")).status == 200
    # A recovery code signs in once, and only once.
    world.clock.advance(timedelta(seconds=31))
    again = await dashboard_client()
    await _password_step(again, world, "nieuw")
    assert (await again.post("/beheer/code", {"code": codes[0]})).status == 303
    third = await dashboard_client()
    await _password_step(third, world, "nieuw")
    assert (await third.post("/beheer/code", {"code": codes[0]})).status == 401


async def test_idle_session_expires_after_30_minutes(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    world.clock.advance(timedelta(minutes=29))
    assert (await client.get("/beheer/", allow_redirects=False)).status == 200
    world.clock.advance(timedelta(minutes=31))
    response = await client.get("/beheer/", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/beheer/inloggen"


async def test_session_ends_after_10_hours_even_when_active(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    for _ in range(22):  # 22 x 29 minutes: past 10 hours, never idle
        world.clock.advance(timedelta(minutes=29))
        response = await client.get("/beheer/", allow_redirects=False)
    assert response.status == 303


async def test_sign_out_revokes_the_session_in_the_database(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    response = await client.post("/beheer/uitloggen")
    assert response.status == 303
    assert (await client.get("/beheer/", allow_redirects=False)).status == 303
    with world.factory() as session:
        assert all(s.revoked_at for s in session.query(DashboardSession).all())


async def test_a_revoked_session_is_refused(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    with world.factory() as session:
        user_id = session.query(DashboardSession).first().user_id
    world.accounts.revoke_all(user_id, now=world.clock.now(), by_user_id=None)
    assert (await client.get("/beheer/", allow_redirects=False)).status == 303


async def test_post_without_or_with_wrong_csrf_is_403_and_changes_nothing(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    report_id = world.reports["case_a"]
    for token in ("", "fout-token"):
        response = await client.post(
            f"/beheer/meldingen/{report_id}/notitie", {"notitie": "x"}, csrf=token
        )
        assert response.status == 403
        assert response.headers["Cache-Control"] == "no-store"
    # Also the login form: no token, no sign-in.
    other = await dashboard_client()
    response = await other.post(
        "/beheer/inloggen", {"email": world.users["coordinator_b"], "password": PASSWORD}, csrf=""
    )
    assert response.status == 403
    with world.factory() as session:
        from bot.storage.models import CaseNote

        assert session.query(CaseNote).count() == 0


@pytest.mark.parametrize(("setting", "secure"), [("auto", False), ("on", True), ("off", False)])
async def test_the_secure_cookie_flag_follows_the_setting_behind_a_tls_proxy(
    aiohttp_server, world, setting, secure
):
    """Behind a proxy that terminates TLS the app sees plain http: "on" still sets Secure."""
    import aiohttp

    from bot.web.app import create_app
    from tests.bot.web.beheer.conftest import Browserless

    settings = world.settings.with_overrides(dashboard_cookie_secure=setting)
    server = await aiohttp_server(create_app(settings, dashboard_clock=world.clock))
    async with aiohttp.ClientSession(
        base_url=str(server.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as session:
        client = Browserless(session, world)
        page = await client.get("/beheer/inloggen")
        pre = page.cookies["vpt_beheer_pre"]
        # A Secure cookie is not sent over plain http; the TLS proxy would carry it.
        session.cookie_jar.update_cookies({"vpt_beheer_pre": pre.value})
        response = await client.post(
            "/beheer/inloggen",
            {"email": world.users["coordinator_a"], "password": PASSWORD},
        )
        assert response.status == 303
        cookie = response.cookies["vpt_beheer"]
        assert bool(cookie["secure"]) is secure and bool(pre["secure"]) is secure
        assert cookie["httponly"] and cookie["samesite"] == "Lax"

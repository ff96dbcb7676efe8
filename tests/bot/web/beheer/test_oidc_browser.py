"""OIDC sign-in in Debian's headless Chromium against a real OIDC provider on loopback
(oidc-provider-mock: Flask + Authlib, discovery, JWKS, RS256 ID tokens, nonce required), and
axe-core (WCAG 2.1 A and AA) on the sign-in page, the admin's pages, and a new user's first
sign-in (enrolment with the QR code, recovery codes)."""

from __future__ import annotations

from datetime import datetime

import oidc_provider_mock
import pyotp
import pytest
from cryptography.fernet import Fernet

from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import AuditEvent, DashboardUser
from tests.bot.web.beheer.test_dashboard_browser import check_axe
from tests.bot.web.conftest import LiveChat
from tests.browser import launch_chromium
from tests.conftest import AMS

pytestmark = pytest.mark.browser

ORG = "Gemeente Aadorp"
ROLE_MAP = f"vpt-coordinator=coordinator@{ORG}; vpt-admin=admin@{ORG}"


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    yield from launch_chromium()


@pytest.fixture
def provider(monkeypatch):
    """oidc-provider-mock in a thread, with a coordinator and an admin to pick from."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http, loopback only
    users = [
        oidc_provider_mock.User(
            sub="olga", claims={"email": "olga@aadorp.nl", "name": "Olga Oidc",
                                "roles": ["vpt-coordinator"]},
        ),
        oidc_provider_mock.User(
            sub="adam", claims={"email": "adam@aadorp.nl", "name": "Adam Admin",
                                "roles": ["vpt-admin"]},
        ),
        oidc_provider_mock.User(sub="nora", claims={"email": "nora@aadorp.nl", "roles": []}),
    ]  # fmt: skip
    with oidc_provider_mock.run_server_in_thread(require_nonce=True, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def live(tmp_path, fake_rasa, provider):
    """The app server with OIDC configured against the provider."""
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    server = LiveChat(
        fake_rasa, data_dir=tmp_path, database_url=url, internal_token="internal-test-token",
        dashboard_key=Fernet.generate_key().decode(), oidc_issuer=provider,
        oidc_client_id="vpt-beheer", oidc_client_secret="geheim", oidc_role_map=ROLE_MAP,
    )  # fmt: skip
    server.start()
    yield {"server": server, "factory": make_session_factory(engine)}
    server.stop()
    engine.dispose()


def _sign_in_through_the_provider(page, server_url: str, sub: str):
    from playwright.sync_api import expect

    page.goto(f"{server_url}/beheer/")
    expect(page.locator("h1")).to_have_text("Inloggen")
    page.click("a:has-text('Inloggen met je werkaccount')")
    # The provider's own sign-in page: pick the user.
    page.click(f"button[name='sub'][value='{sub}']")


def test_coordinator_signs_in_through_oidc_and_lands_on_the_worklist(browser, live):
    from playwright.sync_api import expect

    server = live["server"]
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server.url}/beheer/")
    check_axe(page, "login with OIDC button")
    _sign_in_through_the_provider(page, server.url, "olga")
    expect(page.locator("h1")).to_have_text("Werklijst")
    expect(page.locator(".beheer-who")).to_have_text("Olga Oidc")
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["vpt_beheer"]["httpOnly"] and cookies["vpt_beheer"]["sameSite"] == "Lax"
    assert "vpt_beheer_oidc" not in cookies  # the flow cookie is gone after the callback
    with live["factory"]() as session:
        user = session.query(DashboardUser).filter_by(oidc_sub="olga").one()
        assert [m.role for m in user.memberships] == ["coordinator"]
        actions = [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-1] == "sign_in_oidc"
    context.close()


def test_a_provider_user_without_a_role_is_refused_with_the_generic_message(browser, live):
    from playwright.sync_api import expect

    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    _sign_in_through_the_provider(page, live["server"].url, "nora")
    expect(page.locator("[role=alert]")).to_contain_text("Inloggen via je organisatie lukt niet")
    check_axe(page, "refused sign-in")
    with live["factory"]() as session:
        last = session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
        assert (last.action, last.object_id) == ("sign_in_failed", "no_role")
        assert session.query(DashboardUser).count() == 0
    context.close()


def test_admin_manages_users_and_a_new_user_enrols_all_pages_pass_axe(browser, live):
    from playwright.sync_api import expect

    server = live["server"]
    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    # Only our pages count: the provider's own page loads a stylesheet from the internet.
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and m.location.get("url", "").startswith(server.url)
            and errors.append(m.text)
        ),
    )
    _sign_in_through_the_provider(page, server.url, "adam")
    expect(page.locator("h1")).to_have_text("Gebruikers")  # the admin's start page
    check_axe(page, "users")
    page.fill("#naam", "Nina Nieuw")
    page.fill("#email", "nina@aadorp.nl")
    page.select_option("#rol", "coordinator")
    page.click("button:has-text('Gebruiker toevoegen')")
    expect(page.locator("h1")).to_have_text("Gebruiker toegevoegd")
    check_axe(page, "user added")
    link = page.locator(".beheer-link").inner_text()
    page.click("a:has-text('Naar de gebruiker')")
    expect(page.locator("h1")).to_have_text("Nina Nieuw")
    check_axe(page, "user")
    page.select_option("#rol", "manager")
    page.click("button:has-text('Rol geven')")
    expect(page.locator("table")).to_contain_text("leidinggevende (cijfers)")
    page.click("button:has-text('Rol leidinggevende (cijfers) weghalen')")
    expect(page.locator("table")).not_to_contain_text("leidinggevende (cijfers)")
    page.click("a:has-text('Organisaties')")
    expect(page.locator("h1")).to_have_text("Organisaties")
    check_axe(page, "organisations")
    page.fill("#naam", "Gemeente Cedorp")
    page.click("button:has-text('Organisatie toevoegen')")
    expect(page.locator("table")).to_contain_text("Gemeente Cedorp")
    page.click("a:has-text('Logboek')")
    check_axe(page, "audit log")

    # Nina's first sign-in: the link, her own password, the QR code, the first code, recovery codes.
    newcomer = browser.new_context(locale="nl-NL", bypass_csp=True)
    nina = newcomer.new_page()
    nina.set_default_timeout(10_000)
    nina.goto(link)
    expect(nina.locator("h1")).to_have_text("Welkom bij VPT beheer")
    check_axe(nina, "welcome (choose a password)")
    nina.fill("#password", "mijn eigen lange wachtwoord")
    nina.fill("#password2", "mijn eigen lange wachtwoord")
    nina.click("button:has-text('Wachtwoord opslaan')")
    expect(nina.locator("h1")).to_have_text("Koppel je authenticator-app")
    check_axe(nina, "enrolment")
    secret = nina.locator(".beheer-secret").inner_text()
    nina.fill("#code", pyotp.TOTP(secret).at(datetime.now(AMS)))
    nina.click("button:has-text('App koppelen')")
    expect(nina.locator("h1")).to_have_text("Je app is gekoppeld")
    check_axe(nina, "recovery codes")
    nina.click("a:has-text('Ik heb de codes bewaard')")
    expect(nina.locator("h1")).to_have_text("Werklijst")

    # The admin blocks Nina: her open page is signed out at the next request.
    page.goto(f"{server.url}/beheer/gebruikers")
    page.click("a:has-text('Nina Nieuw')")
    page.click("button:has-text('Gebruiker blokkeren')")
    expect(page.locator(".beheer-facts")).to_contain_text("nee, geblokkeerd")
    nina.reload()
    expect(nina.locator("h1")).to_have_text("Inloggen")
    assert errors == []
    newcomer.close()
    context.close()

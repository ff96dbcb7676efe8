"""The figures page and the Arbowet page in Debian's headless Chromium: no CSP violation with
the policy enforced, no WCAG 2.1 A/AA violation (axe-core), the charts drawn. VPT_SCREENSHOTS=1
writes docs/dashboard-cijfers.png."""

from __future__ import annotations

import os
import random
from datetime import datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import insert, select

from bot.services.accounts import Accounts
from bot.services.reporting import submit_report
from bot.services.severity import derive_severity
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import DashboardUser, Organisation, OrganisationUnit, Report, Reporter
from bot.storage.reports import ReporterRef
from bot.vocab import AGGRESSION_TYPES, LOCATION_TYPES
from tests.bot.web.beheer.conftest import PASSWORD, draft
from tests.bot.web.beheer.test_dashboard_browser import check_axe
from tests.bot.web.conftest import LiveChat
from tests.browser import launch_chromium
from tests.conftest import AMS

pytestmark = pytest.mark.browser

DOCS = Path(__file__).parents[4] / "docs"
ORG = "Gemeente Aadorp"
UNITS = ("Stadswinkel", "Handhaving", "Wijkteam Oost", "Klantcontactcentrum")
LOCATIONS = ("balie_publieksruimte", "openbare_ruimte", "online_telefoon", "woning_client")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    yield from launch_chromium()


def _user(accounts, factory, key, email, name, role, now) -> str:
    accounts.add_user(email, name, PASSWORD, organisation=ORG, role=role, now=now)
    secret = pyotp.random_base32()
    with factory() as session, session.begin():
        user = session.scalar(select(DashboardUser).where(DashboardUser.email == email))
        user.totp_secret_enc = Fernet(key).encrypt(secret.encode()).decode()
        user.totp_enrolled_at = now
    return secret


def _seed_year(factory, org_id: int, unit_ids: list[int], year: int, count: int, rng, now):
    """`count` reports spread over `year` (up to now), as a municipality of some size has."""
    with factory() as session, session.begin():
        session.execute(
            insert(Reporter),
            [
                dict(
                    channel="seed",
                    channel_user_id=f"s{year}",
                    organisation_id=org_id,
                    created_at=now,
                )
            ],
        )
        reporter = session.scalar(select(Reporter.id).where(Reporter.channel_user_id == f"s{year}"))
        start = datetime(year, 1, 1, 8, tzinfo=AMS)
        end = min(datetime(year + 1, 1, 1, tzinfo=AMS), now)
        rows = []
        for n in range(count):
            at = start + (end - start) * rng.random()
            types = sorted(
                set(rng.choices(AGGRESSION_TYPES, [45, 22, 12, 5, 8, 8], k=rng.choice((1, 1, 2))))
            )
            injury = rng.random() < 0.12
            rows.append(
                dict(
                    receipt=f"S-{year}-{n:05d}",
                    submission_key=f"seed-{year}-{n}",
                    reporter_id=reporter,
                    organisation_id=org_id,
                    channel="seed",
                    status="closed",
                    created_at=at,
                    types=types,
                    types_evidence=[],
                    location_type=rng.choice(
                        (*LOCATIONS, *LOCATIONS[:2], rng.choice(LOCATION_TYPES))
                    ),
                    injury=injury,
                    anonymous=False,
                    severity=derive_severity(types, injury, None),
                    unit_id=rng.choice(unit_ids),
                    delivery_problem=False,
                    arbo_notifiable=False,
                    response_due_at=at + timedelta(hours=48),
                    response_done_at=at + timedelta(hours=rng.randint(2, 70)),
                    wants_aftercare_contact=rng.choice((True, False, None)),
                    aangifte_decision=rng.choice(("zelf", "werkgever", "geen", None)),
                )  # fmt: skip
            )
        session.execute(insert(Report), rows)


@pytest.fixture
def live(tmp_path, fake_rasa):
    """App server on loopback; a municipality with four teams, two years of reports, a manager
    and a coordinator, and one report with a hospital admission."""
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    key = Fernet.generate_key()
    now = datetime.now(AMS)
    accounts = Accounts(factory, key)
    secrets = {
        "manager": _user(accounts, factory, key, "m@example.nl", "Mirjam Manager", "manager", now),
        # A second manager: a TOTP code is accepted once, and the test signs in twice.
        "manager2": _user(accounts, factory, key, "m2@example.nl", "Mo Manager", "manager", now),
        "coordinator": _user(accounts, factory, key, "c@example.nl", "Carla Coördinator", "coordinator", now),
    }  # fmt: skip
    submit_report(
        factory,
        draft(now - timedelta(hours=5), "hospital", injury=True, injury_text="opgenomen in het ziekenhuis"),
        ReporterRef("web", "web-hospital", display_name="Sanne de Vries"),
        default_organisation=ORG, now=now - timedelta(hours=5),
    )  # fmt: skip
    with factory() as session, session.begin():
        org = session.scalar(select(Organisation).where(Organisation.name == ORG))
        org.sector = "openbaar_bestuur"
        units = [OrganisationUnit(organisation_id=org.id, kind="team", name=n) for n in UNITS]
        session.add_all(units)
        session.flush()
        org_id, unit_ids = org.id, [u.id for u in units]
    rng = random.Random(2026)
    _seed_year(factory, org_id, unit_ids, now.year - 1, 240, rng, now)
    _seed_year(factory, org_id, unit_ids, now.year, 310, rng, now)
    server = LiveChat(
        fake_rasa, data_dir=tmp_path, database_url=url, internal_token="internal-test-token",
        dashboard_key=key.decode(),
    )  # fmt: skip
    server.start()
    yield {"server": server, "secrets": secrets, "tmp": tmp_path}
    server.stop()
    engine.dispose()


def _sign_in(page, base: str, email: str, secret: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/beheer/")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Inloggen')")
    expect(page.locator("h1")).to_have_text("Code invullen")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button:has-text('Verder')")


def test_figures_page_passes_csp_and_axe_and_draws_its_charts(browser, live):
    from playwright.sync_api import expect

    base = live["server"].url
    # First with the CSP enforced: the page must not need anything it forbids.
    strict = browser.new_context(locale="nl-NL")
    page = strict.new_page()
    page.set_default_timeout(10_000)
    refused = []
    page.on("console", lambda m: m.type == "error" and refused.append(m.text))
    _sign_in(page, base, "m@example.nl", live["secrets"]["manager"])
    expect(page.locator("h1")).to_contain_text("Cijfers")
    assert page.locator("svg.beheer-chart").count() == 7
    assert page.locator("svg.beheer-chart rect[fill='#154273']").count() > 20
    expect(page.locator(".beheer-keyfigures")).to_contain_text("Meldingen in")
    assert refused == [], refused
    strict.close()

    # Then axe-core, injected past the CSP, as manager and as coordinator (Arbowet page too).
    context = browser.new_context(
        locale="nl-NL", bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    _sign_in(page, base, "m2@example.nl", live["secrets"]["manager2"])
    expect(page.locator("h1")).to_contain_text("Cijfers")
    check_axe(page, "figures (manager)")
    shots = DOCS if os.environ.get("VPT_SCREENSHOTS") == "1" else live["tmp"]
    page.screenshot(path=str(shots / "dashboard-cijfers.png"), full_page=True)
    context.close()

    context = browser.new_context(locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    _sign_in(page, base, "c@example.nl", live["secrets"]["coordinator"])
    expect(page.locator("h1")).to_have_text("Werklijst")
    expect(page.locator("body")).to_contain_text(
        "Arbowet: melden bij de Nederlandse Arbeidsinspectie"
    )
    page.click("a:has-text('Arbowet')")
    expect(page.locator("h1")).to_contain_text("Arbeidsinspectie")
    check_axe(page, "arbowet")
    page.click("button:has-text('Gemeld bij de Arbeidsinspectie')")
    expect(page.locator("body")).to_contain_text("Gemeld op")
    page.click("a:has-text('Cijfers')")
    check_axe(page, "figures (coordinator)")
    context.close()

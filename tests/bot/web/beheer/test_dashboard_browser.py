"""The dashboard in Debian's headless Chromium: a coordinator signs in with password and TOTP,
finds a web chat report on the worklist, opens it, previews the letter, records the 48-hour
response, sends feedback, and the follow-up worker delivers it to the worker's open chat page.
axe-core checks every page type on the way (WCAG 2.1 A and AA). VPT_SCREENSHOTS=1 writes the
screenshots to docs/."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from cryptography.fernet import Fernet

from bot.clock import Clock
from bot.delivery.worker import FollowUpWorker
from bot.services.accounts import Accounts
from bot.services.reporting import submit_report
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import DashboardUser, FollowUp, Report
from bot.storage.reports import ReporterRef
from tests.bot.web.beheer.conftest import PASSWORD, draft
from tests.bot.web.conftest import LiveChat, issued_session
from tests.browser import launch_chromium
from tests.conftest import AMS

pytestmark = pytest.mark.browser

AXE = Path(__file__).parents[3] / "vendor" / "axe-4.14.1.min.js"
# Screenshots go to docs/ only when asked (VPT_SCREENSHOTS=1), so a test run leaves the tree clean.
DOCS = Path(__file__).parents[4] / "docs"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ORG = "Gemeente Aadorp"


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module."""
    yield from launch_chromium()


@pytest.fixture
def live(tmp_path, fake_rasa):
    """App server (chat + dashboard) on loopback, a coordinator with TOTP, a web chat report."""
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    key = Fernet.generate_key()
    now = datetime.now(AMS)
    accounts = Accounts(factory, key)
    email = "coordinator@example.nl"
    accounts.add_user(
        email, "Carla Coördinator", PASSWORD, organisation=ORG, role="coordinator", now=now
    )
    secret = pyotp.random_base32()
    with factory() as session, session.begin():
        user = session.query(DashboardUser).filter_by(email=email).one()
        user.totp_secret_enc = Fernet(key).encrypt(secret.encode()).decode()
        user.totp_enrolled_at = now
    chat_session = issued_session(url)  # the chat page opens with this cookie
    stored = submit_report(
        factory,
        draft(
            now - timedelta(hours=3),
            "browser",
            narrative=(
                "Een man schreeuwde tegen me aan de balie en gooide een stoel om. "
                "<script>alert('x')</script> Hij zei: ik weet waar je woont."
            ),
            types=("verbale_agressie", "bedreiging"),
            types_evidence=("bedreiging: ik weet waar je woont", "verbale_agressie: schreeuwde"),
        ),
        ReporterRef("rest", f"web-{chat_session}", display_name="Sanne de Vries"),
        default_organisation=ORG,
        now=now - timedelta(hours=3),
    )
    server = LiveChat(
        fake_rasa, data_dir=tmp_path, database_url=url, internal_token="internal-test-token",
        dashboard_key=key.decode(),
    )  # fmt: skip
    server.start()
    yield {
        "server": server, "factory": factory, "email": email, "secret": secret,
        "chat_session": chat_session, "report": stored, "tmp": tmp_path, "url": url,
    }  # fmt: skip
    server.stop()
    engine.dispose()


def check_axe(page, name: str) -> None:
    """No WCAG 2.1 A/AA violation on this page (axe-core injected past the CSP)."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        WCAG,
    )
    assert violations == [], f"{name}: {violations}"


def test_coordinator_works_a_web_chat_report_end_to_end(browser, live):
    from playwright.sync_api import expect

    server = live["server"]
    # The worker's chat page is open (the report was made in this browser session).
    worker = browser.new_context(locale="nl-NL")
    worker.add_cookies(
        [{"name": "vpt_chat_session", "value": live["chat_session"], "url": server.url + "/chat"}]
    )
    chat = worker.new_page()
    chat.goto(f"{server.url}/chat")
    chat.wait_for_function("true")
    for _ in range(50):
        if server.page_open(live["chat_session"]):
            break
        chat.wait_for_timeout(100)
    assert server.page_open(live["chat_session"])

    context = browser.new_context(
        locale="nl-NL", bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.goto(f"{server.url}/beheer/")
    expect(page.locator("h1")).to_have_text("Inloggen")
    check_axe(page, "login")
    page.fill("#email", live["email"])
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Inloggen')")
    expect(page.locator("h1")).to_have_text("Code invullen")
    check_axe(page, "code")
    page.fill("#code", pyotp.TOTP(live["secret"]).now())
    page.click("button:has-text('Verder')")

    expect(page.locator("h1")).to_have_text("Werklijst")
    receipt = live["report"].receipt
    row = page.locator("tr", has_text=receipt).filter(has_text="Reageer op de dader")
    expect(row).to_contain_text("Nog 44 uur")
    check_axe(page, "worklist")
    page.screenshot(path=str(_shot(live["tmp"], "dashboard-werklijst.png")), full_page=True)

    page.click("a:has-text('Meldingen')")
    expect(page.locator("h1")).to_have_text("Meldingen")
    check_axe(page, "case list")
    page.select_option("#soort", "bedreiging")
    expect(page).to_have_url(
        f"{server.url}/beheer/meldingen?van=&tot=&status=&soort=bedreiging&ernst=&plek=&nummer="
    )
    expect(page.locator("#resultaten caption")).to_have_text("1 meldingen")

    page.click(f"a:has-text('{receipt}')")
    expect(page.locator("h1")).to_have_text(f"Melding {receipt}")
    expect(page.locator(".beheer-story")).to_contain_text("<script>alert('x')</script>")
    check_axe(page, "case")
    page.screenshot(path=str(_shot(live["tmp"], "dashboard-melding.png")), full_page=True)

    page.select_option("#brief-maatregel", "waarschuwingsbrief")
    page.click("button:has-text('Brief bekijken')")
    expect(page.locator("h1")).to_have_text("Brief aan de dader")
    expect(page.locator(".beheer-letter")).to_contain_text(receipt)
    check_axe(page, "letter")
    with page.expect_download() as download:
        page.click("a:has-text('Brief downloaden (PDF)')")
    assert download.value.suggested_filename == f"brief-{receipt}.pdf"
    page.click(f"a:has-text('Terug naar melding {receipt}')")

    page.select_option("#maatregel", "waarschuwingsbrief")
    page.click("button:has-text('Reactie vastleggen')")
    expect(page.locator("#reactie")).to_contain_text("Klaar")
    page.check("#bericht-brief")
    page.click("button:has-text('Bericht versturen')")
    expect(page.locator("#terugkoppeling")).to_contain_text("(al verstuurd)")

    # The follow-up worker delivers the feedback row to the open chat page (in the daytime).
    port = int(server.url.rsplit(":", 1)[1])
    settings = Settings(
        data_dir=live["tmp"], database_url=live["url"], internal_token="internal-test-token",
        app_port=port, internal_port=port,
    )  # fmt: skip
    noon = datetime.combine(datetime.now(AMS).date() + timedelta(days=1), datetime.min.time())
    offset = noon.replace(hour=12, tzinfo=AMS) - datetime.now(AMS)
    worker_process = FollowUpWorker(settings, live["factory"], Clock(AMS, offset))
    outcomes = [o for o in worker_process.run_once() if o.kind == "feedback_brief"]
    assert [o.status for o in outcomes] == ["sent"]
    expect(chat.locator("#messages")).to_contain_text("de dader heeft een brief van ons gekregen")
    with live["factory"]() as session:
        report = session.get(Report, live["report"].report_id)
        assert report.response_measure == "waarschuwingsbrief"
        row = session.query(FollowUp).filter_by(report_id=report.id, kind="feedback_brief").one()
        assert row.status == "sent" and row.sent_at is not None
        reminders = session.query(FollowUp).filter(
            FollowUp.report_id == report.id, FollowUp.kind.like("response_reminder_%")
        )
        assert {r.status for r in reminders} == {"cancelled"}
    page.reload()
    expect(page.locator(".beheer-timeline")).to_contain_text(
        "Bericht aan medewerker: de dader heeft een brief gekregen: afgeleverd"
    )
    page.click("a:has-text('Cijfers')")
    check_axe(page, "figures")
    assert console_errors == []
    context.close()
    worker.close()


def _shot(tmp_path: Path, name: str) -> Path:
    return (DOCS if os.environ.get("VPT_SCREENSHOTS") == "1" else tmp_path) / name

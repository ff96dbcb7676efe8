"""The web chat page in Chromium against the real processes: a report, and a check-in pushed
to the open page by `vpt followups send-now`."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

import pytest

from bot.delivery.web_chat import page_open
from bot.services.checkins import db_answers
from bot.services.followups import db_find_followup
from bot.services.reporting import record_aftercare_choice, submit_report
from bot.storage.db import make_engine, make_session_factory
from bot.storage.reports import ReporterRef
from bot.web.sessions import SESSION_COOKIE
from tests.bot.services.test_reporting import full_draft
from tests.browser import launch_chromium
from tests.conftest import AMS
from tests.e2e.conftest import RunningBot
from tests.e2e.test_report_end_to_end import OPENING, answer_for

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


def test_report_through_the_web_chat_in_at_most_eight_answers(
    embedded_bot: RunningBot, browser, tmp_path
):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"http://127.0.0.1:{embedded_bot.settings.app_port}/chat")
    bot_messages = page.locator(".msg-bot .msg-text")

    # Rasa's first reply after start-up can take several seconds on a busy 2-core machine;
    # expect() waits 5 s unless told otherwise.
    wait = {"timeout": 60_000}

    def send(text: str) -> str:
        seen = bot_messages.count()
        page.locator("#input").fill(text)
        page.locator("#input").press("Enter")
        expect(page.locator("#typing")).to_be_hidden(**wait)
        expect(bot_messages).not_to_have_count(seen, **wait)
        return "\n".join(bot_messages.all_inner_texts()[seen:])

    last = send(OPENING)
    answers = 0
    while "Dank je wel dat je dit hebt gemeld" not in last:
        answers += 1
        assert answers <= 8, last
        question = last.lower()
        # A worker on a phone presses the buttons when there are any.
        if "contact met je opneemt" in question:
            seen = bot_messages.count()
            page.get_by_role("button", name="Ja, graag").last.click()
            expect(bot_messages).not_to_have_count(seen, **wait)
            # The thanks, then the aangifte choice (spitting is physical aggression).
            last = "\n".join(bot_messages.all_inner_texts()[seen:])
            continue
        last = send(answer_for(last))
    page.screenshot(path=str(tmp_path / "web-chat-report.png"), full_page=True)
    transcript = "\n".join(bot_messages.all_inner_texts())
    receipt = re.search(r"VPT-\d{4}-\d{6}", transcript).group(0)
    (row,) = [r for r in embedded_bot.reports() if r["receipt"] == receipt]
    assert set(row["types"]) == {"verbale_agressie", "fysieke_agressie"}
    assert row["channel"] == "web" and row["wants_aftercare_contact"] is True

    assert "Wat wil je doen met aangifte?" in last
    seen = bot_messages.count()
    page.get_by_role("button", name="Mijn werkgever doet het").last.click()
    expect(bot_messages).not_to_have_count(seen, **wait)
    assert "getuige" in "\n".join(bot_messages.all_inner_texts()[seen:])
    (row,) = [r for r in embedded_bot.reports() if r["receipt"] == receipt]
    assert row["aangifte_decision"] == "werkgever"
    context.close()


def _wait_until(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_a_check_in_reaches_the_open_chat_page_and_the_worker_answers_it_there(
    embedded_bot: RunningBot, browser, tmp_path, monkeypatch, capsys
):
    from playwright.sync_api import expect

    from bot.cli.main import main

    settings = embedded_bot.stack.settings
    wait = {"timeout": 60_000}
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(60_000)
    chat_url = f"http://127.0.0.1:{settings.app_port}/chat"
    page.goto(chat_url)
    bot_messages = page.locator(".msg-bot .msg-text")
    # A question that starts no report: the conversation is free for a check-in.
    page.locator("#input").fill("ben jij een robot?")
    page.locator("#input").press("Enter")
    expect(bot_messages).not_to_have_count(0, **wait)
    (session,) = [c["value"] for c in context.cookies() if c["name"] == SESSION_COOKIE]
    sender = f"web-{session}"
    assert _wait_until(lambda: page_open(settings, sender)), "the page opened its event stream"

    # This worker made a report in the web chat almost a day ago and agreed to aftercare. Day 1
    # is planned two hours from now, so the stack's own worker (real clock) leaves it alone.
    made = datetime.now(AMS) - timedelta(hours=22)
    factory = make_session_factory(make_engine(settings.effective_database_url))
    stored = submit_report(
        factory,
        full_draft(made, draft_id=f"d-{session[:8]}"),
        ReporterRef("web", sender, None),
        default_organisation="G",
        now=made,
    )
    record_aftercare_choice(factory, stored.report_id, True, now=made)

    # Page closed: the check-in waits, and nothing is triggered in the conversation.
    page.close()
    assert _wait_until(lambda: not page_open(settings, sender), 10)
    monkeypatch.setenv("DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("VPT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("VPT_RASA_PORT", str(settings.rasa_port))
    monkeypatch.setenv("VPT_APP_PORT", str(settings.app_port))
    monkeypatch.setenv("VPT_INTERNAL_PORT", str(settings.internal_port))
    for name in ("VPT_ACTION_TOKEN", "VPT_INTERNAL_TOKEN", "VPT_RASA_URL"):
        monkeypatch.delenv(name, raising=False)
    main(["followups", "send-now", str(stored.report_id), "aftercare_day1"])
    assert "waiting" in capsys.readouterr().out
    with factory() as s:
        assert db_find_followup(s, stored.report_id, "aftercare_day1").status == "pending"

    # Page open again (same browser, same session): send-now shows the check-in there.
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(chat_url)
    assert _wait_until(lambda: page_open(settings, sender)), "the reopened page is connected"
    assert main(["followups", "send-now", str(stored.report_id), "aftercare_day1"]) == 0
    assert "sent" in capsys.readouterr().out
    bot_messages = page.locator(".msg-bot .msg-text")
    expect(page.get_by_role("button", name="Gaat wel")).to_be_visible(**wait)
    shown = bot_messages.count()
    assert shown >= 1 and "gisteren" in "\n".join(bot_messages.all_inner_texts())

    # Sent again under the same key: answered "sent", not shown a second time.
    assert main(["followups", "send-now", str(stored.report_id), "aftercare_day1"]) == 0
    page.wait_for_timeout(1000)
    assert bot_messages.count() == shown

    # The worker answers with a button; the normal message flow continues the check-in.
    page.get_by_role("button", name="Gaat wel").click()
    expect(page.locator(".msg-user").last).to_have_text(re.compile("Gaat wel"), **wait)
    expect(bot_messages).not_to_have_count(shown, **wait)
    page.screenshot(path=str(tmp_path / "web-chat-check-in.png"), full_page=True)
    with factory() as s:
        answers = {a.question: a.answer for a in db_answers(s, stored.report_id)}
        assert db_find_followup(s, stored.report_id, "aftercare_day1").status == "sent"
    assert "feeling" in answers
    context.close()


def test_the_aftercare_demo_can_be_watched_in_the_open_chat_page(embedded_bot: RunningBot, browser):
    from playwright.sync_api import expect

    from bot.delivery.demo import DEMO_KINDS, demo_schedule

    settings = embedded_bot.stack.settings
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"http://127.0.0.1:{settings.app_port}/chat")
    bot_messages = page.locator(".msg-bot .msg-text")
    page.locator("#input").fill("ben jij een robot?")
    page.locator("#input").press("Enter")
    expect(bot_messages).not_to_have_count(0, timeout=60_000)
    (session,) = [c["value"] for c in context.cookies() if c["name"] == SESSION_COOKIE]
    sender = f"web-{session}"
    assert _wait_until(lambda: page_open(settings, sender))
    made = datetime.now(AMS).replace(hour=10, minute=0, second=0, microsecond=0)
    factory = make_session_factory(make_engine(settings.effective_database_url))
    stored = submit_report(
        factory,
        full_draft(made, draft_id=f"demo-{session[:8]}", types=("bedreiging",)),
        ReporterRef("web", sender, None),
        default_organisation="G",
        now=made,
    )
    record_aftercare_choice(factory, stored.report_id, True, now=made)
    shown: list[int] = []
    lines: list[str] = []
    code = demo_schedule(
        settings,
        factory,
        stored.report_id,
        pause=lambda: shown.append(bot_messages.count()),
        output=lines.append,
    )
    assert code == 0, lines
    assert len(shown) == len(DEMO_KINDS) - 1 and shown == sorted(set(shown))
    texts = "\n".join(bot_messages.all_inner_texts())
    for part in ("gisteren", "aangifte", "twee weken", "1 van 10", "zes weken"):
        assert part in texts, part
    context.close()

"""The done-when of the first issue, as a worker does it: the web chat page, the real processes."""

from __future__ import annotations

import re

import pytest

from tests.browser import launch_chromium
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
    assert row["channel"] == "rest" and row["wants_aftercare_contact"] is True

    assert "Wat wil je doen met aangifte?" in last
    seen = bot_messages.count()
    page.get_by_role("button", name="Mijn werkgever doet het").last.click()
    expect(bot_messages).not_to_have_count(seen, **wait)
    assert "getuige" in "\n".join(bot_messages.all_inner_texts()[seen:])
    (row,) = [r for r in embedded_bot.reports() if r["receipt"] == receipt]
    assert row["aangifte_decision"] == "werkgever"
    context.close()

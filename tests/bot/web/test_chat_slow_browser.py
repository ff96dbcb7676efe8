"""A slow or failing bot in a real Chromium: the page never says "niet verstuurd" for a message
Rasa is still working on, shows the late answer when it comes, and an empty answer as an error."""

from __future__ import annotations

import pytest

from tests.bot.web.conftest import LiveChat
from tests.bot.web.test_chat_browser import TIMEOUT_MS, expect, send
from tests.browser import launch_chromium

pytestmark = pytest.mark.browser

SLOW = "Je bericht is aangekomen. Mijn antwoord duurt wat langer"
NO_ANSWER = "Er ging bij mij iets mis: ik kon je bericht nu niet verwerken."


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium()


@pytest.fixture
def slow_chat(fake_rasa):
    live = LiveChat(fake_rasa, app_options={"page_wait": 0.5, "rasa_timeout": 20})
    live.start()
    yield live
    live.stop()


@pytest.fixture
def page(browser, slow_chat):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{slow_chat.url}/chat")
    page.wait_for_load_state("networkidle")
    yield page
    context.close()


def test_a_slow_answer_is_announced_and_then_shown(page, slow_chat):
    send(page, "hoi")  # the first answer sets the session and opens the event stream
    expect()(page.locator(".msg-bot")).to_have_count(1)
    page.wait_for_timeout(500)
    slow_chat.fake_rasa.delay = 2.0
    send(page, "ja")
    expect()(page.locator("#error")).to_contain_text(SLOW)
    expect()(page.locator(".msg-user .msg-text")).to_have_text(["hoi", "ja"])  # not taken back
    expect()(page.locator(".msg-bot").last).to_contain_text("Je zei: ja")
    expect()(page.locator("#error")).to_be_hidden()


def test_an_empty_answer_is_an_error_not_silence(page, slow_chat):
    slow_chat.fake_rasa.answer_next()
    send(page, "ja")
    expect()(page.locator("#error")).to_contain_text(NO_ANSWER)

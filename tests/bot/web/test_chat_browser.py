"""The web chat page in a real headless Chromium (Debian's package), driven by Playwright."""

from __future__ import annotations

import pytest

from tests.browser import launch_chromium

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
TIMEOUT_MS = 10_000

BOT_UNAVAILABLE = (
    "De bot is nu niet bereikbaar. Je bericht is niet verstuurd. "
    "Probeer het over een paar minuten opnieuw."
)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module."""
    yield from launch_chromium()


@pytest.fixture
def open_chat(browser, live_chat):
    """Open the chat page in a fresh browser context; collects requests and console errors."""
    contexts = []

    def open_page(viewport=PHONE):
        context = browser.new_context(viewport=viewport, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.requests = []
        page.console_errors = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        page.goto(f"{live_chat.url}/chat")
        page.wait_for_load_state("networkidle")
        return page

    yield open_page
    for context in contexts:
        context.close()


def send(page, text: str) -> None:
    """Type text in the message box and press Enter."""
    page.locator("#input").fill(text)
    page.locator("#input").press("Enter")


def expect():
    """Playwright's expect, imported late so a missing Playwright skips instead of erroring."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def test_page_shows_title_intro_and_hint_and_sends_nothing_on_load(open_chat, live_chat):
    page = open_chat()
    assert page.title() == "Incident melden"
    expect()(page.locator("h1")).to_have_text("Incident melden")
    expect()(page.locator(".intro")).to_have_text(
        "Meld agressie of geweld op je werk. Ben je in gevaar? Bel 112."
    )
    expect()(page.locator("#hint")).to_have_text("Typ 'hoi' of vertel meteen wat er gebeurde.")
    log = page.locator("#messages")
    assert log.get_attribute("role") == "log"
    assert log.get_attribute("aria-live") == "polite"
    assert live_chat.fake_rasa.received == []
    # No message is sent; only the check-in stream is asked for (refused: no session yet).
    api_calls = [url for url in page.requests if "/chat/api/" in url]
    assert api_calls == [f"{live_chat.url}/chat/api/events"]


def test_enter_sends_message_and_shows_user_bubble_and_bot_reply(open_chat, live_chat):
    page = open_chat()
    send(page, "hoi")
    expect()(page.locator(".msg-user .msg-text")).to_have_text(["hoi"])
    expect()(page.locator(".msg-bot .msg-text")).to_have_text(["Je zei: hoi"])
    expect()(page.locator("#input")).to_have_value("")
    assert live_chat.fake_rasa.messages == ["hoi"]
    assert live_chat.fake_rasa.received[0]["sender"].startswith("web-")

    send(page, "Een reiziger schold me uit.")
    expect()(page.locator(".msg-bot .msg-text")).to_have_count(2)
    senders = {item["sender"] for item in live_chat.fake_rasa.received}
    assert len(senders) == 1, "the browser keeps one conversation"


def test_shift_enter_adds_a_new_line_instead_of_sending(open_chat, live_chat):
    page = open_chat()
    box = page.locator("#input")
    box.fill("Eerste regel")
    box.press("Shift+Enter")
    box.type("tweede regel")
    expect()(box).to_have_value("Eerste regel\ntweede regel")
    assert live_chat.fake_rasa.received == []
    page.locator("#send").click()
    expect()(page.locator(".msg-bot")).to_have_count(1)
    assert live_chat.fake_rasa.messages == ["Eerste regel\ntweede regel"]


def test_typing_indicator_shows_while_waiting_for_the_bot(open_chat, live_chat):
    live_chat.fake_rasa.delay = 1.0
    page = open_chat()
    send(page, "hoi")
    expect()(page.locator("#typing")).to_be_visible()
    expect()(page.locator(".msg-bot")).to_have_count(1)
    expect()(page.locator("#typing")).to_be_hidden()


def test_buttons_render_and_a_click_sends_the_payload_and_shows_the_title(open_chat, live_chat):
    fake = live_chat.fake_rasa
    fake.answer_next(
        {
            "text": "Was je in gevaar?",
            "buttons": [
                {"title": "Ja, ik was in gevaar", "payload": "/affirm"},
                {"title": "Nee", "payload": "/deny"},
            ],
        }
    )
    page = open_chat()
    send(page, "hoi")
    buttons = page.locator(".msg-bot .buttons button")
    expect()(buttons).to_have_text(["Ja, ik was in gevaar", "Nee"])

    fake.answers = None  # echo from now on
    page.get_by_role("button", name="Nee").click()
    expect()(page.locator(".msg-user .msg-text")).to_have_text(["hoi", "Nee"])
    expect()(page.locator(".msg-bot .msg-text")).to_have_count(2)
    assert fake.messages == ["hoi", "/deny"]
    expect()(buttons.nth(0)).to_be_disabled()
    expect()(buttons.nth(1)).to_be_disabled()

    # Typed text keeps working after a button.
    send(page, "Hij spuugde naar me.")
    expect()(page.locator(".msg-user .msg-text")).to_have_count(3)
    # The bubble shows before the POST arrives: wait for the answer, then look at what came in.
    expect()(page.locator(".msg-bot .msg-text")).to_have_count(3)
    assert fake.messages[-1] == "Hij spuugde naar me."


def test_html_in_bot_text_is_shown_literally_with_line_breaks(open_chat, live_chat):
    text = '<script>window.pwned = 1</script><b>vet</b>\nTweede regel <img src=x onerror="window.pwned=2">'
    live_chat.fake_rasa.answer_next({"text": text})
    page = open_chat()
    send(page, "hoi")
    bubble = page.locator(".msg-bot .msg-text")
    expect()(bubble).to_have_text(text)
    assert page.locator("#messages script, #messages b, #messages img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert bubble.evaluate("el => getComputedStyle(el).whiteSpace") == "pre-line"
    assert "\n" in bubble.inner_text()


def test_rasa_down_shows_dutch_error_and_keeps_the_typed_text(open_chat, live_chat):
    page = open_chat()
    live_chat.stop_rasa()
    message = "Een man duwde me tegen de balie.\nHij was boos."
    page.locator("#input").fill(message)
    page.locator("#send").click()
    expect()(page.locator("#error")).to_have_text(BOT_UNAVAILABLE)
    expect()(page.locator("#error")).to_be_visible()
    expect()(page.locator("#input")).to_have_value(message)
    expect()(page.locator(".msg-user")).to_have_count(0)
    expect()(page.locator("#send")).to_be_enabled()


def test_failed_button_click_can_be_tried_again(open_chat, live_chat):
    live_chat.fake_rasa.answer_next(
        {"text": "Klopt dit?", "buttons": [{"title": "Ja", "payload": "/affirm"}]}
    )
    page = open_chat()
    send(page, "hoi")
    expect()(page.locator(".msg-bot")).to_have_count(1)
    live_chat.fake_rasa.status = 500
    page.get_by_role("button", name="Ja").click()
    expect()(page.locator("#error")).to_have_text(BOT_UNAVAILABLE)
    expect()(page.get_by_role("button", name="Ja")).to_be_enabled()
    expect()(page.locator(".msg-user .msg-text")).to_have_text(["hoi"])


def test_the_4000_character_limit_is_explained(open_chat, live_chat):
    page = open_chat()
    box = page.locator("#input")
    counter = page.locator("#counter")
    expect()(counter).to_be_hidden()

    box.fill("a" * 3600)
    expect()(counter).to_have_text("Nog 400 tekens over (3600 van de 4000).")

    too_long = "a" * 4010
    box.fill(too_long)
    expect()(counter).to_contain_text("10 tekens te lang")
    box.press("Enter")
    expect()(page.locator("#error")).to_contain_text("maximaal 4000 tekens")
    expect()(box).to_have_value(too_long)
    assert live_chat.fake_rasa.received == []

    box.fill("a" * 3999)
    expect()(page.locator("#error")).to_be_hidden()


def test_empty_message_is_not_sent(open_chat, live_chat):
    page = open_chat()
    page.locator("#input").fill("   ")
    page.locator("#send").click()
    expect()(page.locator("#error")).to_have_text(
        "Je bericht is leeg. Typ eerst wat je wilt vertellen."
    )
    assert live_chat.fake_rasa.received == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_layout_fits_the_screen_and_loads_nothing_external(
    open_chat, live_chat, viewport, tmp_path
):
    live_chat.fake_rasa.answer_next(
        {
            "text": "Dank je. Wat gebeurde er precies?\nVertel het in je eigen woorden.",
            "buttons": [
                {"title": "Ik wil een melding maken", "payload": "/report"},
                {"title": "Ik heb een vraag", "payload": "/question"},
            ],
        }
    )
    page = open_chat(viewport)
    send(page, "hoi")
    expect()(page.locator(".msg-bot")).to_have_count(1)
    page.screenshot(path=str(tmp_path / "chat.png"))

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    composer = page.locator("#composer").bounding_box()
    assert composer["y"] + composer["height"] <= viewport["height"] + 1, "message box in view"
    assert all(url.startswith(live_chat.url) for url in page.requests), page.requests
    assert page.console_errors == []  # a CSP violation would show up here


def test_a_pushed_check_in_looks_like_an_answer_its_buttons_work_and_it_shows_once(
    open_chat, live_chat
):
    import time

    page = open_chat()
    send(page, "hoi")
    expect()(page.locator(".msg-bot .msg-text")).to_have_count(1)
    (session,) = [c["value"] for c in page.context.cookies() if c["name"] == "vpt_chat_session"]
    deadline = time.monotonic() + 10
    while not live_chat.page_open(session) and time.monotonic() < deadline:
        time.sleep(0.1)
    check_in = [
        {"text": "<b>Hoe gaat het?</b>", "buttons": [{"title": "Gaat wel", "payload": "/so_so"}]}
    ]
    assert live_chat.push(session, "7:aftercare_day1", check_in) is True
    # The same event again (a lost confirmation): confirmed, but not shown a second time.
    assert live_chat.push(session, "7:aftercare_day1", check_in) is True
    bot_texts = page.locator(".msg-bot .msg-text")
    expect()(bot_texts).to_have_count(2)
    expect()(bot_texts.last).to_have_text("<b>Hoe gaat het?</b>")
    assert page.locator(".msg-bot b").count() == 0
    page.get_by_role("button", name="Gaat wel").click()
    expect()(bot_texts).to_have_count(3)
    assert live_chat.fake_rasa.messages == ["hoi", "/so_so"]
    assert page.console_errors == []  # a CSP violation would show up here


def test_ending_the_conversation_empties_the_page_and_the_next_person_starts_anew(
    open_chat, live_chat
):
    page = open_chat()
    send(page, "Er werd naar me gespuugd")
    expect()(page.locator(".msg-bot .msg-text")).to_have_count(1)
    page.get_by_role("button", name="Gesprek afsluiten").click()
    expect()(page.locator("#ended")).to_be_visible()
    expect()(page.locator("#messages > *")).to_have_count(0)
    assert not [c for c in page.context.cookies() if c["name"] == "vpt_chat_session"]
    send(page, "hoi")
    expect()(page.locator(".msg-bot .msg-text")).to_have_count(1)
    first, second = (item["sender"] for item in live_chat.fake_rasa.received)
    assert first != second  # a new conversation, not the previous worker's

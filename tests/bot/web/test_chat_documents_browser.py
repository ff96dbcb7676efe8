"""The aangifte PDF link in the web chat, in a real headless Chromium under the page's CSP."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.web.sessions import SESSION_COOKIE
from bot.wire.senders import SENDER_PREFIX
from tests.bot.web.conftest import LiveChat
from tests.bot.web.test_chat_browser import browser, expect, send  # noqa: F401 - fixture
from tests.bot.web.test_chat_documents import _document_answer, _store
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.browser


@pytest.fixture
def live_chat_db(fake_rasa, sqlite_url):
    engine = make_engine(sqlite_url)
    upgrade(engine)
    live = LiveChat(fake_rasa, database_url=sqlite_url)
    live.start()
    yield live, make_session_factory(engine)
    live.stop()
    engine.dispose()


def test_the_aangifte_pdf_is_offered_as_a_link_and_downloads(browser, live_chat_db, now):  # noqa: F811
    live, factory = live_chat_db
    context = browser.new_context(locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{live.url}/chat")
    send(page, "hoi")
    expect()(page.locator(".msg-bot .msg-text")).to_have_text(["Je zei: hoi"])
    (cookie,) = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    stored = _store(factory, now, cookie["value"])
    assert live.fake_rasa.received[0]["sender"] == SENDER_PREFIX + cookie["value"]
    live.fake_rasa.answer_next(
        {"text": "Hier is je voorbereiding."}, _document_answer(stored.report_id, stored.receipt)
    )
    send(page, "/aangifte")
    link = page.locator("a.document-link")
    expect()(link).to_have_text(f"Voorbereiding aangifte {stored.receipt} (PDF)")
    assert link.get_attribute("download") == f"aangifte-{stored.receipt}.pdf"
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF-") and "Raadhuisstraat 1" in pdf_text(data)
    assert errors == []
    context.close()

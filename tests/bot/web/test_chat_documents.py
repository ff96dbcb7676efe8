"""The aangifte PDF in the web chat: offered as a link, served only to the session that asked."""

from __future__ import annotations

import pytest

from bot.services.reporting import submit_report
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory, transaction
from bot.storage.migrate import upgrade
from bot.storage.reports import ReporterRef, db_get_or_create_organisation
from bot.web.app import create_app
from bot.web.sessions import SESSION_COOKIE
from bot.wire.senders import SENDER_PREFIX
from tests.bot.services.test_reporting import full_draft
from tests.bot.web.conftest import issued_session
from tests.pdf_reading import pdf_text

API = "/chat/api/message"


@pytest.fixture
def reports_db(sqlite_url):
    engine = make_engine(sqlite_url)
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


def _store(factory, now, session_id):
    with transaction(factory) as session:
        org = db_get_or_create_organisation(session, "Gemeente Testdorp", now=now)
        org.address = "Raadhuisstraat 1, 1234 AB Testdorp"
    return submit_report(
        factory,
        full_draft(now, narrative="hij schreeuwde dat hij weet dat ik op de Kerkstraat 4 woon"),
        ReporterRef("web", SENDER_PREFIX + session_id, None),
        default_organisation="Gemeente Testdorp",
        now=now,
    )


def _document_answer(report_id, receipt):
    return {
        "custom": {
            "document": {
                "kind": "aangifte",
                "report_id": str(report_id),
                "filename": f"aangifte-{receipt}.pdf",
                "title": f"Voorbereiding aangifte {receipt} (PDF)",
            }
        }
    }


async def _client(aiohttp_client, rasa_server, sqlite_url, session_id):
    settings = Settings(rasa_url=str(rasa_server.make_url("/")), database_url=sqlite_url)
    client = await aiohttp_client(create_app(settings))
    client.session.cookie_jar.update_cookies({SESSION_COOKIE: session_id})
    return client


async def test_the_sheet_is_offered_as_a_pdf_download_for_this_session_only(
    aiohttp_client, rasa_server, fake_rasa, sqlite_url, reports_db, now
):
    mine = issued_session(sqlite_url)
    stored = _store(reports_db, now, mine)
    fake_rasa.answer_next(
        {"text": "Hier is je voorbereiding."}, _document_answer(stored.report_id, stored.receipt)
    )
    client = await _client(aiohttp_client, rasa_server, sqlite_url, mine)
    body = await (await client.post(API, json={"message": "/aangifte"})).json()
    text, offer = body["messages"]
    assert text == {"text": "Hier is je voorbereiding.", "buttons": []}
    document = offer["document"]
    assert document["filename"] == f"aangifte-{stored.receipt}.pdf"
    assert "report_id" not in str(offer) and "custom" not in offer

    response = await client.get(document["url"])
    assert response.status == 200 and response.content_type == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = await response.read()
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Raadhuisstraat 1, 1234 AB Testdorp" in text and "Kerkstraat 4" not in text

    other = await _client(aiohttp_client, rasa_server, sqlite_url, issued_session(sqlite_url))
    assert (await other.get(document["url"])).status == 404
    client.session.cookie_jar.clear()
    assert (await client.get(document["url"])).status == 404


async def test_a_report_of_another_session_is_never_offered(
    aiohttp_client, rasa_server, fake_rasa, sqlite_url, reports_db, now
):
    stored = _store(reports_db, now, issued_session(sqlite_url))
    fake_rasa.answer_next(_document_answer(stored.report_id, stored.receipt))
    client = await _client(aiohttp_client, rasa_server, sqlite_url, issued_session(sqlite_url))
    body = await (await client.post(API, json={"message": "/aangifte"})).json()
    assert body["messages"] == []


async def test_a_held_pdf_expires_and_a_session_keeps_only_its_latest_few():
    from bot.web.chat_documents import KEEP_SECONDS, MAX_PER_SESSION, DocumentStore

    clock = [1000.0]
    store = DocumentStore(clock=lambda: clock[0])
    tokens = [await store.put("s1", "a.pdf", b"%PDF-1") for _ in range(MAX_PER_SESSION + 2)]
    assert await store.get(tokens[0], "s1") is None and await store.get(tokens[1], "s1") is None
    assert (await store.get(tokens[-1], "s1")).data == b"%PDF-1"
    assert await store.get(tokens[-1], "s2") is None
    clock[0] += KEEP_SECONDS + 1
    assert await store.get(tokens[-1], "s1") is None

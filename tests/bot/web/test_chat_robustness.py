"""The web chat never tells the worker something untrue: slow, failing and hostile input."""

from __future__ import annotations

import asyncio
import json

from bot.settings import Settings
from bot.web.app import create_app
from bot.web.appkeys import OPEN_PAGES
from bot.web.sessions import SESSION_COOKIE
from tests.bot.web.conftest import migrated_sqlite

API = "/chat/api/message"


async def _post_raw(client, body: str):
    response = await client.post(
        API, data=body.encode("utf-8"), headers={"Content-Type": "application/json"}
    )
    return response.status, await response.json()


async def test_a_lone_surrogate_reaches_rasa_as_a_replacement_character(client, fake_rasa):
    # A client that splits an emoji sends half of it; json.loads gives a lone surrogate.
    status, body = await _post_raw(client, '{"message": "hij sloeg me \\ud83d en liep weg"}')
    assert status == 200
    assert fake_rasa.messages == ["hij sloeg me \ufffd en liep weg"]


async def test_a_whole_emoji_sent_as_escaped_halves_is_kept(client, fake_rasa):
    status, _ = await _post_raw(client, '{"message": "boos \\ud83d\\ude21"}')
    assert status == 200
    assert fake_rasa.messages == ["boos \U0001f621"]


async def test_nul_and_control_characters_are_removed_but_line_breaks_kept(client, fake_rasa):
    status, _ = await _post_raw(client, json.dumps({"message": "a\u0000b\u0007c\nd\te"}))
    assert status == 200
    assert fake_rasa.messages == ["abc\nd\te"]


async def test_a_message_of_only_control_characters_is_empty(client, fake_rasa):
    status, body = await _post_raw(client, json.dumps({"message": "\u0000\u0001"}))
    assert (status, body) == (400, {"error": "empty_message"})
    assert fake_rasa.messages == []


async def test_an_empty_answer_from_rasa_is_an_error_not_silence(client, fake_rasa):
    # Rasa's rest channel answers 200 [] when an action failed inside it.
    fake_rasa.answer_next()
    response = await client.post(API, json={"message": "ja"})
    assert response.status == 503
    assert await response.json() == {"error": "no_answer"}


async def test_slow_rasa_is_not_reported_as_not_sent(
    aiohttp_client, rasa_server, fake_rasa, tmp_path
):
    fake_rasa.delay = 1.0
    settings = Settings(
        rasa_url=str(rasa_server.make_url("/")), database_url=migrated_sqlite(tmp_path)
    )
    app = create_app(settings, rasa_timeout=10, page_wait=0.2)
    client = await aiohttp_client(app)
    response = await client.post(API, json={"message": "ja"})
    assert response.status == 202
    assert await response.json() == {"messages": [], "notice": "bot_slow"}
    assert fake_rasa.messages == ["ja"]


async def test_a_late_answer_reaches_the_open_page(
    aiohttp_client, rasa_server, fake_rasa, tmp_path
):
    settings = Settings(
        rasa_url=str(rasa_server.make_url("/")), database_url=migrated_sqlite(tmp_path)
    )
    app = create_app(settings, rasa_timeout=10, page_wait=0.1)
    client = await aiohttp_client(app)
    first = await client.post(API, json={"message": "hoi"})  # the session cookie
    session_id = first.cookies[SESSION_COOKIE].value
    fake_rasa.delay = 0.6
    pages = app[OPEN_PAGES]
    with pages.connect(session_id) as stream:
        response = await client.post(API, json={"message": "ja"})
        assert response.status == 202
        event = await asyncio.wait_for(stream.queue.get(), 5)
        assert event["messages"] == [{"text": "Je zei: ja", "buttons": []}]
        assert "error" not in event
        pages.ack(session_id, event["id"])


async def test_a_late_failure_reaches_the_open_page_as_an_error(
    aiohttp_client, rasa_server, fake_rasa, tmp_path
):
    settings = Settings(
        rasa_url=str(rasa_server.make_url("/")), database_url=migrated_sqlite(tmp_path)
    )
    app = create_app(settings, rasa_timeout=10, page_wait=0.1)
    client = await aiohttp_client(app)
    first = await client.post(API, json={"message": "hoi"})
    session_id = first.cookies[SESSION_COOKIE].value
    fake_rasa.delay = 0.6
    fake_rasa.status = 500
    with app[OPEN_PAGES].connect(session_id) as stream:
        response = await client.post(API, json={"message": "ja"})
        assert response.status == 202
        event = await asyncio.wait_for(stream.queue.get(), 5)
        assert event["messages"] == []
        assert event["error"] == "bot_unavailable"


async def test_a_typed_intent_payload_is_read_as_words(client, fake_rasa):
    for typed in ("/EXTERNAL_tsq", '/affirm{"x":1}'):
        status, _ = await _post_raw(client, json.dumps({"message": typed}))
        assert status == 200
    assert fake_rasa.messages == ["EXTERNAL_tsq", 'affirm{"x":1}']


async def test_a_button_the_bot_offered_is_sent_as_its_payload(client, fake_rasa):
    fake_rasa.answer_next(
        {"text": "Klopt dit?", "buttons": [{"title": "Ja", "payload": "/affirm"}]}
    )
    await _post_raw(client, json.dumps({"message": "hoi"}))
    await _post_raw(client, json.dumps({"message": "/affirm"}))
    await _post_raw(client, json.dumps({"message": "/deny"}))  # never offered
    assert fake_rasa.messages == ["hoi", "/affirm", "deny"]

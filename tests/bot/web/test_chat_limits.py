"""Web chat limits: messages per session and address, new sessions per address, event streams."""

from __future__ import annotations

import asyncio

from bot.settings import Settings
from bot.web.app import create_app
from bot.web.appkeys import LIMITER
from bot.web.sessions import SESSION_COOKIE
from bot.wire import limits
from bot.wire.limits import Limit, MemoryLimiter
from tests.bot.web.conftest import migrated_sqlite

API = "/chat/api/message"


async def _client(aiohttp_client, rasa_server, tmp_path):
    settings = Settings(
        rasa_url=str(rasa_server.make_url("/")), database_url=migrated_sqlite(tmp_path)
    )
    return await aiohttp_client(create_app(settings, limiter=MemoryLimiter()))


async def test_messages_over_the_session_limit_get_a_429_and_never_reach_rasa(
    aiohttp_client, rasa_server, tmp_path, fake_rasa, monkeypatch
):
    monkeypatch.setattr(limits, "WEB_MESSAGES_PER_SESSION_MINUTE", Limit("m", 3, 60))
    client = await _client(aiohttp_client, rasa_server, tmp_path)
    statuses = [(await client.post(API, json={"message": f"m{i}"})).status for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = await client.post(API, json={"message": "nog een"})
    assert await response.json() == {"error": "too_many_messages"}
    assert fake_rasa.messages == ["m0", "m1", "m2"]


async def test_new_sessions_from_one_address_are_limited(
    aiohttp_client, rasa_server, tmp_path, fake_rasa, monkeypatch
):
    monkeypatch.setattr(limits, "WEB_NEW_SESSIONS_PER_ADDRESS_DAY", Limit("s", 2))
    client = await _client(aiohttp_client, rasa_server, tmp_path)
    statuses = []
    for i in range(3):
        client.session.cookie_jar.clear()  # a client that drops its cookie: a new session
        statuses.append((await client.post(API, json={"message": f"m{i}"})).status)
    assert statuses == [200, 200, 429]
    assert len(fake_rasa.messages) == 2


async def test_event_streams_per_session_are_limited_and_given_back(
    aiohttp_client, rasa_server, tmp_path, monkeypatch
):
    monkeypatch.setattr(limits, "WEB_STREAMS_PER_SESSION", Limit("st", 1))
    client = await _client(aiohttp_client, rasa_server, tmp_path)
    hello = await client.post(API, json={"message": "hoi"})  # the session cookie
    session_id = hello.cookies[SESSION_COOKIE].value
    first = await client.get("/chat/api/events")
    assert first.status == 200
    await first.content.readline()  # the stream is open
    second = await client.get("/chat/api/events")
    assert second.status == 429
    first.close()
    # The handler notices the closed page within a second and gives the slot back.
    for _ in range(30):
        await asyncio.sleep(0.1)
        if not client.server.app[LIMITER]._open.get(("st", session_id)):
            break
    third = await client.get("/chat/api/events")
    assert third.status == 200
    third.close()


async def test_a_local_reverse_proxys_forwarded_address_is_the_one_limited(
    aiohttp_client, rasa_server, tmp_path, fake_rasa, monkeypatch
):
    monkeypatch.setattr(limits, "WEB_NEW_SESSIONS_PER_ADDRESS_DAY", Limit("s", 1))
    client = await _client(aiohttp_client, rasa_server, tmp_path)
    statuses = []
    for forwarded in ("10.0.0.1", "10.0.0.2", "192.0.2.9, 10.0.0.2"):
        client.session.cookie_jar.clear()
        response = await client.post(
            API, json={"message": "hoi"}, headers={"X-Forwarded-For": forwarded}
        )
        statuses.append(response.status)
    # Two workers behind the proxy each get their own limit; the third is the second's again.
    assert statuses == [200, 200, 429]

"""The app server keeps answering while its database is slow: the DB work runs off its loop."""

from __future__ import annotations

import asyncio
import time

from bot.web.appkeys import SESSION_FACTORY
from tests.bot.web.conftest import INTERNAL_TOKEN
from tests.faults import slow_database, unreachable_database

AUTH = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}


async def test_health_answers_at_once_while_a_database_call_is_slow(internal_client):
    client = await internal_client()
    await client.get("/internal/telegram/offset", headers=AUTH)  # the engine is connected
    engine = client.server.app[SESSION_FACTORY].kw["bind"]
    with slow_database(engine, 1.0):
        slow = asyncio.create_task(client.get("/internal/telegram/offset", headers=AUTH))
        await asyncio.sleep(0.2)  # the slow call is inside the database now
        started = time.monotonic()
        health = await client.get("/health")
        answered = time.monotonic() - started
        assert health.status == 200
        assert not slow.done()
        assert (await slow).status == 200
    assert answered < 0.5


async def test_a_database_that_is_down_gives_an_error_not_a_hang(internal_client):
    client = await internal_client()
    engine = client.server.app[SESSION_FACTORY].kw["bind"]
    with unreachable_database(engine):
        response = await client.post(
            "/internal/telegram/updates/claim", json={"update_id": 1, "chat_id": 5}, headers=AUTH
        )
    assert response.status == 500  # the channel apologises and Telegram retries the update

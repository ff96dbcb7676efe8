"""The channel provider answering 429 or 500 (tests/faults.FlakyProvider): the delivery is retried
later, never counted as delivered or as a permanent failure."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from bot.delivery.telegram import TelegramApiError, call_bot_api, send_proactive
from bot.settings import Settings
from bot.wire.delivery import PROACTIVE_PATH
from tests.faults import FlakyProvider

TOKEN = "7000000001:AAE-fake-token-for-faults_0123456789"


@pytest.fixture
async def provider(aiohttp_server):
    """A Bot API and a channel /send route behind a FlakyProvider."""
    flaky = FlakyProvider()
    sent: list[dict] = []

    async def get_me(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": {"username": "vpt_bot"}})

    async def send(request: web.Request) -> web.Response:
        sent.append(await request.json())
        return web.json_response({"status": "sent"})

    app = web.Application(middlewares=[flaky.middleware])
    app.router.add_post(f"/bot{TOKEN}/getMe", get_me)
    app.router.add_post(PROACTIVE_PATH, send)
    server = await aiohttp_server(app, host="127.0.0.1")
    url = str(server.make_url("")).rstrip("/")
    settings = Settings(
        telegram_bot_token=TOKEN, telegram_api_url=url, rasa_url=url, internal_token="t"
    )
    return flaky, sent, settings


@pytest.mark.parametrize("status", [429, 500, 502])
async def test_a_proactive_message_refused_for_now_is_retryable_then_sent(provider, status):
    flaky, sent, settings = provider
    flaky.fail_next(status)
    first = await asyncio.to_thread(send_proactive, settings, 5, "Hoe gaat het?")
    assert first.status == "retryable" and str(status) in first.reason
    assert sent == []
    second = await asyncio.to_thread(send_proactive, settings, 5, "Hoe gaat het?")
    assert second.status == "sent"
    assert [m["text"] for m in sent] == ["Hoe gaat het?"]


async def test_flood_control_from_the_bot_api_is_an_error_with_its_reason(provider):
    flaky, _, settings = provider
    flaky.fail_next(429, retry_after=3)
    with pytest.raises(TelegramApiError, match="retry after 3"):
        await asyncio.to_thread(call_bot_api, settings, "getMe")
    assert await asyncio.to_thread(call_bot_api, settings, "getMe") == {"username": "vpt_bot"}
    assert flaky.failed == [f"/bot{TOKEN}/getMe"]

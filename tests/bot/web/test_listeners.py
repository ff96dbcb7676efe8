"""Two listeners: the internal API only on the internal one, and an access log without ids."""

from __future__ import annotations

import logging
import socket

import aiohttp
import pytest

from bot.settings import Settings
from bot.web.app import create_app
from bot.web.listeners import start_listeners
from bot.wire import privacy_log
from tests.bot.web.conftest import INTERNAL_TOKEN

SESSION = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def listening(tmp_path):
    public, internal = _port(), _port()
    app = create_app(
        Settings(
            data_dir=tmp_path,
            database_url=f"sqlite:///{tmp_path / 'vpt.db'}",
            internal_token=INTERNAL_TOKEN,
        )
    )
    runner = await start_listeners(
        app, host="127.0.0.1", port=public, internal=("127.0.0.1", internal)
    )
    try:
        yield f"http://127.0.0.1:{public}", f"http://127.0.0.1:{internal}"
    finally:
        await runner.cleanup()


async def _get(url: str) -> int:
    headers = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as answer:
        return answer.status


async def test_the_internal_api_is_not_served_on_the_public_listener(listening):
    public, internal = listening
    path = f"/internal/web/pages/web-{SESSION}"
    assert await _get(public + path) == 404  # even with a valid token
    assert await _get(internal + path) == 200


async def test_the_chat_is_served_on_the_public_listener_only(listening):
    public, internal = listening
    assert await _get(public + "/chat") == 200
    assert await _get(internal + "/chat") == 404
    assert await _get(internal + "/health") == 200


async def test_the_access_log_names_the_route_not_the_session_id(listening, caplog):
    privacy_log.install()  # as in the app server: the line must survive the redaction
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    _, internal = listening
    await _get(f"{internal}/internal/web/pages/web-{SESSION}")
    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert any("GET /internal/web/pages/{sender} 200" in line for line in lines), lines
    assert not any(SESSION in line for line in lines)

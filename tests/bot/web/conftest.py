"""Fixtures for the web chat: a fake of our web channel in Rasa and the app server pointed at it."""

from __future__ import annotations

import asyncio
import socket
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.settings import Settings
from bot.storage.db import make_engine
from bot.storage.migrate import upgrade
from bot.web.app import create_app

INTERNAL_TOKEN = "internal-test-token"


@pytest.fixture
def internal_client(aiohttp_client, tmp_path):
    """Makes an app client on a migrated SQLite database, with the internal token set."""

    async def make(**settings: Any):
        url = f"sqlite:///{tmp_path / 'vpt.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        app = create_app(
            Settings(data_dir=tmp_path, database_url=url, internal_token=INTERNAL_TOKEN, **settings)
        )
        return await aiohttp_client(app)

    return make


class FakeRasa:
    """A stand-in for our web channel in Rasa that records what it received."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.authorizations: list[str | None] = []
        self.answers: list[dict[str, Any]] | None = None  # None: echo the message
        self.status = 200
        self.raw_body: str | None = None  # sent as-is instead of JSON when set
        self.delay = 0.0

    def make_app(self) -> web.Application:
        """An aiohttp app serving POST /webhooks/web/message."""
        app = web.Application()
        app.router.add_post("/webhooks/web/message", self._webhook)
        return app

    def answer_next(self, *answers: dict[str, Any]) -> None:
        """Answer every following message with these rest channel messages."""
        self.answers = list(answers)

    @property
    def messages(self) -> list[str]:
        """The message texts received, in order."""
        return [item["message"] for item in self.received]

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        self.authorizations.append(request.headers.get("Authorization"))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.raw_body is not None:
            return web.Response(text=self.raw_body, status=self.status)
        if self.status >= 400:
            return web.json_response({"error": "boom"}, status=self.status)
        if self.answers is None:
            answers = [{"recipient_id": body["sender"], "text": f"Je zei: {body['message']}"}]
        else:
            answers = [{"recipient_id": body["sender"], **answer} for answer in self.answers]
        return web.json_response(answers)


@pytest.fixture
def unused_loopback_port() -> int:
    """A loopback port that nothing listens on (bound once, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fake_rasa() -> FakeRasa:
    """A fresh fake Rasa for each test."""
    return FakeRasa()


@pytest.fixture
async def rasa_server(aiohttp_server, fake_rasa):
    """The fake Rasa, listening on a free loopback port."""
    return await aiohttp_server(fake_rasa.make_app(), host="127.0.0.1")


def issued_session(database_url: str) -> str:
    """A web chat session id the app server issued, recorded in this database."""
    from datetime import datetime, timezone

    from bot.storage.db import make_session_factory
    from bot.web.sessions import issue_session

    engine = make_engine(database_url)
    try:
        return issue_session(make_session_factory(engine), now=datetime.now(timezone.utc))
    finally:
        engine.dispose()


def migrated_sqlite(folder: Path) -> str:
    """A migrated SQLite database in this folder (web chat sessions live there)."""
    url = f"sqlite:///{folder / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
async def client(aiohttp_client, rasa_server, tmp_path):
    """A test client of the app server pointed at the fake Rasa."""
    settings = Settings(
        rasa_url=str(rasa_server.make_url("/")),
        internal_token=INTERNAL_TOKEN,
        data_dir=tmp_path,
        database_url=migrated_sqlite(tmp_path),
    )
    return await aiohttp_client(create_app(settings))


class LiveChat:
    """The fake Rasa and the real app server on loopback, served from a background thread.

    Playwright's sync API must not run inside an asyncio loop, so the servers get their own loop.
    """

    def __init__(
        self, fake_rasa: FakeRasa, app_options: dict[str, Any] | None = None, **settings: Any
    ) -> None:
        self.fake_rasa = fake_rasa
        if "database_url" not in settings:
            self._folder = tempfile.TemporaryDirectory(prefix="vpt-live-chat-")
            settings["database_url"] = migrated_sqlite(Path(self._folder.name))
        self._settings = settings  # more Settings fields, e.g. database_url
        self._app_options = app_options or {}  # create_app's keywords, e.g. page_wait
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._rasa_runner: web.AppRunner | None = None
        self._app_runner: web.AppRunner | None = None
        self.app: web.Application | None = None
        self.url = ""

    def start(self) -> None:
        """Start both servers; self.url is the app server's base URL."""
        self._thread.start()
        self.url = self._call(self._start())

    def push(self, session_id: str, event_id: str, messages: list[dict], timeout: float = 5):
        """Hand a check-in to the app's open pages, as /internal/web/push does; True if shown."""
        from bot.web.appkeys import OPEN_PAGES

        pages = self.app[OPEN_PAGES]
        return self._call(pages.push(session_id, event_id, messages, timeout=timeout))

    def page_open(self, session_id: str) -> bool:
        """Whether a page of this session has its event stream open."""
        from bot.web.appkeys import OPEN_PAGES

        return self.app[OPEN_PAGES].is_open(session_id)

    def stop_rasa(self) -> None:
        """Take the fake Rasa down, as if its process had died."""
        runner, self._rasa_runner = self._rasa_runner, None
        self._call(runner.cleanup())

    def stop(self) -> None:
        """Stop both servers and the loop."""
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def _call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=30)

    async def _start(self) -> str:
        self._rasa_runner = web.AppRunner(self.fake_rasa.make_app())
        rasa_url = await _serve(self._rasa_runner)
        self.app = create_app(Settings(rasa_url=rasa_url, **self._settings), **self._app_options)
        self._app_runner = web.AppRunner(self.app)
        return await _serve(self._app_runner)

    async def _stop(self) -> None:
        for runner in (self._app_runner, self._rasa_runner):
            if runner is not None:
                await runner.cleanup()


async def _serve(runner: web.AppRunner) -> str:
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def live_chat(fake_rasa):
    """The app server and fake Rasa running in a background thread, for browser tests."""
    live = LiveChat(fake_rasa)
    live.start()
    yield live
    live.stop()

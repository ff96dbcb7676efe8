"""The real processes on loopback: action server, Rasa server and app server."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.delivery.rasa_api import send_web_message
from bot.runtime.supervisor import PROJECT_ROOT, Stack
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.reports import db_list_reports, report_to_json
from tests.conftest import AMS, POSTGRES_URL, REDIS_HOST, REDIS_PORT, require_service

MODEL = PROJECT_ROOT / "models" / "vpt.tar.gz"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningBot:
    """A started stack plus helpers to talk to it the way a client would."""

    stack: Stack
    settings: Settings
    log: list[str]

    def send(self, sender: str, message: str) -> list[dict]:
        """POST to Rasa's web channel as the app server does; returns the bot's messages."""
        return send_web_message(self.stack.settings, sender, message, timeout=60)

    def reports(self) -> list[dict]:
        """Every stored report as `vpt reports --json` prints it."""
        engine = make_engine(self.settings.effective_database_url)
        try:
            with make_session_factory(engine)() as session:
                return [report_to_json(r, AMS) for r in db_list_reports(session)]
        finally:
            engine.dispose()


def _start(settings: Settings) -> Iterator[RunningBot]:
    if not MODEL.exists():
        if os.environ.get("CI"):
            pytest.fail("models/vpt.tar.gz is missing: run `make model` first")
        pytest.skip("no trained model; run `make model`")
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    engine.dispose()
    log: list[str] = []
    stack = Stack(settings, output=log.append)
    try:
        stack.start()
    except Exception:
        print("\n".join(log[-80:]))
        raise
    try:
        yield RunningBot(stack, settings, log)
    finally:
        stack.stop()


def _ports() -> dict[str, int]:
    return {
        "app_port": free_port(),
        "internal_port": free_port(),
        "rasa_port": free_port(),
        "action_port": free_port(),
    }


@pytest.fixture(scope="module")
def embedded_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """The embedded default: SQLite for reports and conversations, in-memory lock store."""
    data_dir: Path = tmp_path_factory.mktemp("vpt-data")
    settings = Settings(data_dir=data_dir, rasa_model=MODEL, **_ports())
    yield from _start(settings)


@pytest.fixture(scope="module")
def production_bot() -> Iterator[RunningBot]:
    """The production path: PostgreSQL for reports and conversations, Redis lock store."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    require_service("Redis", REDIS_HOST, REDIS_PORT)
    suffix = uuid.uuid4().hex[:10]
    schema, tracker_db = f"vpt_e2e_{suffix}", f"vpt_tracker_{suffix}"
    admin = make_engine(POSTGRES_URL)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.execute(text(f'CREATE DATABASE "{tracker_db}"'))
    settings = Settings(
        data_dir=Path(os.environ.get("TMPDIR", "/tmp")) / f"vpt-prod-{suffix}",
        database_url=f"{POSTGRES_URL}?options=-csearch_path%3D{schema}",
        tracker_store_url=f"postgresql://postgres@127.0.0.1:5432/{tracker_db}",
        redis_url=f"redis://{REDIS_HOST}:{REDIS_PORT}/0",
        rasa_model=MODEL,
        **_ports(),
    )
    try:
        yield from _start(settings)
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{tracker_db}" WITH (FORCE)'))
        admin.dispose()

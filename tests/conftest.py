"""Shared fixtures: databases on SQLite and on the real PostgreSQL, a fixed clock."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade

AMS = ZoneInfo("Europe/Amsterdam")
POSTGRES_URL = os.environ.get(
    "VPT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def reachable(host: str, port: int) -> bool:
    """True when something listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip when a production service is missing on a developer machine; fail in CI."""
    if reachable(host, port):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not reachable on {host}:{port} (CI must test the production path)")
    pytest.skip(f"{name} not reachable on {host}:{port}")


@pytest.fixture
def now() -> datetime:
    """A fixed 'now': Monday 23 November 2026, 15:00 in Amsterdam."""
    return datetime(2026, 11, 23, 15, 0, tzinfo=AMS)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'vpt.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the PostgreSQL database `test`, dropped afterwards."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    schema = f"vpt_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a migrated database."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on the migrated database."""
    return make_session_factory(engine)

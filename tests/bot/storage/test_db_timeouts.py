"""The database gives up in time: statement, lock and busy timeouts; pool sizes (bot/storage/db.py)."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.storage.db import make_engine
from bot.wire import budgets


def test_postgresql_sessions_get_timeouts_and_keep_the_urls_own_options(postgres_url):
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == (
                f"{budgets.DB_STATEMENT_SECONDS}s"
            )
            assert conn.execute(text("SHOW lock_timeout")).scalar() == f"{budgets.DB_LOCK_SECONDS}s"
            # The test URL's search_path (its own schema) is still in force.
            assert conn.execute(text("SHOW search_path")).scalar().startswith("vpt_test_")
        assert engine.pool.size() == budgets.POOL_SIZE
    finally:
        engine.dispose()


def test_a_slow_postgresql_statement_is_cancelled_in_time(postgres_url):
    engine = make_engine(postgres_url)
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="statement timeout"), engine.connect() as conn:
            conn.execute(text("SELECT pg_sleep(30)"))
        assert time.monotonic() - started < budgets.ACTION_SECONDS
    finally:
        engine.dispose()


def test_sqlite_is_in_wal_mode_and_waits_less_than_the_action_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'vpt.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        busy = conn.execute(text("PRAGMA busy_timeout")).scalar()
    assert busy == budgets.SQLITE_BUSY_SECONDS * 1000 < budgets.ACTION_SECONDS * 1000
    engine.dispose()


def test_a_locked_sqlite_database_fails_within_the_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(budgets, "SQLITE_BUSY_SECONDS", 1)
    path = tmp_path / "vpt.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="locked"), engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
        assert time.monotonic() - started < 3
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()

"""Engine and session factories. Functions named db_* elsewhere take a session and never commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.text_guard import install_parameter_guard
from bot.wire import budgets


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs (psycopg2 is not installed here)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    """An engine for the reports database; creates the folder of a SQLite file."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # The busy timeout is shorter than Rasa's wait for an action (bot/wire/budgets.py).
        # hide_parameters: a DBAPI error would otherwise print the bound values (the story,
        # the injury) into the log.
        engine = create_engine(
            url, connect_args={"timeout": budgets.SQLITE_BUSY_SECONDS}, hide_parameters=True
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            # WAL lets the app server read while the action server writes.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={budgets.SQLITE_BUSY_SECONDS * 1000}")
            # Deleted personal data is overwritten, not left in free pages (not every build
            # has this on by default).
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        install_parameter_guard(engine)
        return engine
    engine = create_engine(
        url,
        pool_pre_ping=True,
        hide_parameters=True,
        pool_size=budgets.POOL_SIZE,
        max_overflow=budgets.POOL_MAX_OVERFLOW,
        pool_timeout=budgets.DB_POOL_WAIT_SECONDS,
        connect_args=postgresql_connect_args(parsed.query.get("options")),
    )
    install_parameter_guard(engine)
    return engine


def postgresql_connect_args(url_options: str | tuple[str, ...] | None = None) -> dict[str, object]:
    """libpq options: a host that does not answer, a slow statement or a held lock fail in time.

    connect_args replace the URL's own `options` (a search_path, say), so those are kept here.
    """
    if isinstance(url_options, tuple):
        url_options = " ".join(url_options)
    options = (
        f"-c statement_timeout={budgets.DB_STATEMENT_SECONDS * 1000}"
        f" -c lock_timeout={budgets.DB_LOCK_SECONDS * 1000}"
    )
    return {
        "connect_timeout": budgets.DB_CONNECT_SECONDS,
        "options": f"{url_options} {options}" if url_options else options,
    }


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session

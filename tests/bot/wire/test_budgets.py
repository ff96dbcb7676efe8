"""The timeouts nest (browser > app > Rasa's action call > database) and the pools fit PostgreSQL."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bot.runtime.supervisor import child_environment
from bot.settings import Settings
from bot.web.app import DEFAULT_PAGE_WAIT, DEFAULT_RASA_TIMEOUT
from bot.wire import budgets as b

ROOT = Path(__file__).resolve().parents[3]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def test_every_database_wait_ends_before_rasa_gives_up_on_the_action():
    for seconds in (b.DB_CONNECT_SECONDS, b.DB_STATEMENT_SECONDS, b.SQLITE_BUSY_SECONDS):
        assert seconds < b.ACTION_SECONDS
    # One save is a handful of statements: a connect, a wait for the pool and two slow ones fit.
    assert b.DB_POOL_WAIT_SECONDS + b.DB_CONNECT_SECONDS + 2 * b.DB_STATEMENT_SECONDS <= 2 * (
        b.ACTION_SECONDS
    )


def test_the_page_hears_from_the_app_before_the_browser_gives_up():
    assert b.ACTION_SECONDS < b.PAGE_WAIT_SECONDS < b.BROWSER_SECONDS
    assert b.PAGE_WAIT_SECONDS < b.RASA_SECONDS
    assert (DEFAULT_PAGE_WAIT, DEFAULT_RASA_TIMEOUT) == (b.PAGE_WAIT_SECONDS, b.RASA_SECONDS)


def test_chat_js_waits_as_long_as_the_budget_says():
    script = (ROOT / "bot/web/static/chat.js").read_text(encoding="utf-8")
    milliseconds = int(re.search(r"CLIENT_TIMEOUT_MS = (\d+);", script).group(1))
    assert milliseconds == b.BROWSER_SECONDS * 1000


def test_connections_of_every_process_fit_postgresqls_default():
    per_process = b.POOL_SIZE + b.POOL_MAX_OVERFLOW
    processes = 5  # app server, action server, worker, dashboard, one CLI call
    tracker = b.TRACKER_POOL_SIZE + b.TRACKER_MAX_OVERFLOW
    assert processes * per_process + tracker <= b.POSTGRESQL_DEFAULT_MAX_CONNECTIONS * 0.8


def test_rasa_gets_the_small_tracker_pool_and_loopback_bypasses_the_proxy(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "intranet.example")
    env = child_environment(Settings())
    assert env["SQL_POOL_SIZE"] == str(b.TRACKER_POOL_SIZE)
    assert env["SQL_MAX_OVERFLOW"] == str(b.TRACKER_MAX_OVERFLOW)
    assert env["NO_PROXY"].split(",") == ["intranet.example", "127.0.0.1", "localhost", "::1"]


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason=".venv-rasa is not set up")
def test_rasa_waits_for_an_action_only_as_long_as_the_budget_says():
    probe = (
        "from connectors.rasa_run import limit_action_timeout; limit_action_timeout(); "
        "import rasa.core.actions.action as a; print(a.DEFAULT_REQUEST_TIMEOUT)"
    )
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", probe],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == str(b.ACTION_SECONDS)

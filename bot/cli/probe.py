"""Probes for the processes without a readiness route of their own (Kubernetes exec probes).

    python -m bot.cli.probe action [--url URL]   the action server's /health answers
                                                     (models loaded) and the database answers
    python -m bot.cli.probe worker-live [--max-age S]
                                                     the worker finished a round recently
    python -m bot.cli.probe database             the reports database answers

Exit status 0: ready or alive; 1: not, with the reason on stderr. Settings come from the
environment, as for the process probed. Rasa's probe is connectors/probe.py (its own
environment); the app server has /health/ready and /health/live.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request

from bot.settings import Settings, load_settings

# The worker touches its heartbeat before every round; a round is seconds, but one with many
# slow retries may take minutes. Longer than this without one: stuck.
DEFAULT_WORKER_MAX_AGE = 600.0


def database_ok(settings: Settings, timeout: float = 5.0) -> str | None:
    """None when the reports database answers SELECT 1; else the reason."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from bot.storage.db import make_engine

    engine = make_engine(settings.effective_database_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return f"database not reachable ({type(exc).__name__})"
    finally:
        engine.dispose()
    return None


def http_ok(url: str, timeout: float = 5.0) -> str | None:
    """None when the URL answers 2xx; else the reason."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            if 200 <= response.status < 300:
                return None
            return f"{url} answered HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"{url} answered HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return f"{url} not reachable ({type(exc).__name__})"


def worker_alive(settings: Settings, max_age: float, now: float | None = None) -> str | None:
    """None when the worker's heartbeat is younger than max_age seconds; else the reason."""
    from bot.delivery.worker import heartbeat_path

    path = heartbeat_path(settings)
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except OSError:
        return f"no heartbeat file {path}"
    if age > max_age:
        return f"last worker round began {age:.0f} s ago (more than {max_age:.0f} s)"
    return None


def main(argv: list[str] | None = None) -> int:
    """Run one probe; exit status 0 when it passes."""
    parser = argparse.ArgumentParser(prog="python -m bot.cli.probe")
    sub = parser.add_subparsers(dest="probe", required=True)
    action = sub.add_parser("action")
    action.add_argument("--url", default="")
    live = sub.add_parser("worker-live")
    live.add_argument("--max-age", type=float, default=DEFAULT_WORKER_MAX_AGE)
    sub.add_parser("database")
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.probe == "action":
        url = args.url or f"http://127.0.0.1:{settings.action_port}/health"
        reason = http_ok(url) or database_ok(settings)
    elif args.probe == "worker-live":
        reason = worker_alive(settings, args.max_age)
    else:
        reason = database_ok(settings)
    if reason:
        print(reason, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

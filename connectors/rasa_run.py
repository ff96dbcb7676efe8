"""Starts `rasa run` without its HTTP API, with our log redaction installed first.

Rasa's HTTP API (model upload, reading and rewriting every conversation) stays off: the web
chat and the follow-up worker reach Rasa through our authenticated channel
(connectors/web_channel.py). Before Rasa is imported, the redacting log record factory
(bot/wire/privacy_log.py) is installed, so nothing Rasa, Sanic or SQLAlchemy log in this process
carries what a worker typed. Runs in .venv-rasa.
"""

from __future__ import annotations

import logging
import sys

from bot.wire import budgets
from bot.wire.privacy_log import install as install_log_redaction
from bot.wire.private import private_umask

REFUSED_OPTIONS = ("--enable-api", "--auth-token", "--cors")


def rasa_argv(arguments: list[str]) -> list[str]:
    """The argv Rasa's parser sees: `rasa run ARGS`, never with the HTTP API."""
    for argument in arguments:
        if argument.split("=", 1)[0] in REFUSED_OPTIONS:
            raise SystemExit(f"{argument.split('=', 1)[0]}: Rasa's HTTP API stays off")
    return ["rasa", "run", *arguments]


def limit_action_timeout(seconds: float = budgets.ACTION_SECONDS) -> None:
    """Rasa waits `seconds` for the action server instead of its fixed 300 s.

    Rasa 3.6 reads no timeout for the action endpoint from endpoints.yml: RemoteAction.run passes
    the module's DEFAULT_REQUEST_TIMEOUT on every call, so that name is replaced here. The order
    of the timeouts is in bot/wire/budgets.py.
    """
    import rasa.core.actions.action as rasa_action

    rasa_action.DEFAULT_REQUEST_TIMEOUT = seconds


def main() -> None:
    """Entry point of `python -m connectors.rasa_run`."""
    private_umask()  # tracker.db and Rasa's files: owner-only
    install_log_redaction()
    argv = rasa_argv(sys.argv[1:])
    from rasa.__main__ import main as rasa_main

    limit_action_timeout()
    # Rasa logs SQL and request lines at INFO in some versions: warnings only.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    sys.argv = argv
    rasa_main()


if __name__ == "__main__":
    main()

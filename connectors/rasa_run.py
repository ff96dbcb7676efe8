"""Starts `rasa run` with the HTTP API token from the environment, not from the command line.

Every user of the machine can read a process's command line (`ps`, /proc/PID/cmdline), so a
token given as `--auth-token TOKEN` is not secret there; a process's environment can only be
read by its owner. The supervisor starts Rasa as `python -m connectors.rasa_run ARGS` with
VPT_RASA_API_TOKEN set, and this module hands the token to Rasa's own argument parser inside
the process. Runs in .venv-rasa.
"""

from __future__ import annotations

import os
import sys

from bot.wire import budgets

TOKEN_VARIABLE = "VPT_RASA_API_TOKEN"


def rasa_argv(arguments: list[str], token: str) -> list[str]:
    """The argv Rasa's parser sees: `rasa run ARGS --enable-api --auth-token=TOKEN`."""
    if not token:
        raise SystemExit(
            f"{TOKEN_VARIABLE} is empty: the Rasa HTTP API would be open to anyone on this "
            "machine. Start the bot with `make run` (or `vpt serve`), which sets it."
        )
    if any(a.split("=", 1)[0] == "--auth-token" for a in arguments):
        raise SystemExit("give the token in the environment, not with --auth-token")
    # One argument: a token_urlsafe token may start with "-", which argparse would take for an
    # option ("expected one argument").
    return ["rasa", "run", *arguments, "--enable-api", f"--auth-token={token}"]


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
    from rasa.__main__ import main as rasa_main

    limit_action_timeout()

    sys.argv = rasa_argv(sys.argv[1:], os.environ.get(TOKEN_VARIABLE, ""))
    rasa_main()


if __name__ == "__main__":
    main()

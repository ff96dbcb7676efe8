"""The action server's entry point (`python -m actions.server`, rasa_sdk's own arguments).

- Only Rasa may call it: every route but /health needs the X-VPT-Action-Token header that Rasa
  sends (endpoints.yml); without it the answer is 401 before anything is read or run.
- An action that fails is answered with a plain 500 that echoes nothing: rasa_sdk's own handler
  returns the whole request (the tracker, with everything the worker told) and Rasa logs it.
- Log records are redacted (bot/wire/privacy_log.py) before rasa_sdk or Sanic log anything.
- The classifier, the fact extraction and the time parser are loaded and run once before the
  server listens, so the first message after start-up is answered as fast as the others (it took
  8.5 s when they were loaded on first use). The health check answers only after that.
"""

from __future__ import annotations

import hmac
import logging
import os
import time

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.wire.privacy_log import configure_logging

log = logging.getLogger(__name__)

TOKEN_HEADER = "X-VPT-Action-Token"
TOKEN_VARIABLE = "VPT_ACTION_TOKEN"
OPEN_PATHS = frozenset({"/health"})

# One Dutch story that touches every model: a time, a place, a person, an aggression type.
WARM_UP_TEXT = (
    "gisteren rond 14:00 schold een klant me uit aan de balie en gooide een stoel naar me"
)


def warm_up() -> float:
    """Build the action context and run each model once; returns the seconds it took."""
    from actions.context import get_context
    from bot.understanding.extraction.facts import extract_facts
    from bot.understanding.timeparse.parse import parse_time

    start = time.perf_counter()
    ctx = get_context()
    ctx.classifier.classify(WARM_UP_TEXT)
    extract_facts(WARM_UP_TEXT)
    parse_time(WARM_UP_TEXT, ctx.clock.now())
    return time.perf_counter() - start


def secure(app: Sanic, token: str) -> Sanic:
    """Refuse callers without the token; answer failures without echoing the request."""
    if not token:
        raise SystemExit(
            f"{TOKEN_VARIABLE} is empty: the action server would run any action for anyone. "
            "Start the bot with `make run` (or `vpt serve`), which sets it."
        )
    expected = token.encode()

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = (request.headers.get(TOKEN_HEADER) or "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, expected):
            log.warning("Action server call refused (no or wrong token)")
            return response.json({"error": "unauthorised"}, status=401)
        return None

    async def safe_error(request: Request, exception: Exception) -> HTTPResponse:
        # The type only: the message of e.g. a database error may hold what the worker typed.
        log.error("Action failed: %s", type(exception).__name__)
        return response.json({"error": "action failed"}, status=500)

    app.error_handler.add(Exception, safe_error)
    return app


def main(argv: list[str] | None = None) -> None:
    """Load the models, then run rasa_sdk's action server with the given arguments, secured."""
    configure_logging()
    from rasa_sdk import utils
    from rasa_sdk.endpoint import create_app, create_argument_parser

    args = create_argument_parser().parse_args(argv)
    log.info("models loaded in %.1f s", warm_up())
    app = secure(create_app(args.actions, cors_origins=None), os.environ.get(TOKEN_VARIABLE, ""))
    utils.update_sanic_log_level()
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    log.info("Action server listening on %s:%s", host, args.port)
    app.run(host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()

"""The action server's entry point (`python -m actions.server`, rasa_sdk's own arguments).

The classifier, the fact extraction and the time parser are loaded and run once before the server
listens, so the first message after start-up is answered as fast as the others (it took 8.5 s
when they were loaded on first use). The health check answers only after that.
"""

from __future__ import annotations

import logging
import time

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser

from actions.context import get_context
from bot.understanding.extraction.facts import extract_facts
from bot.understanding.timeparse.parse import parse_time

log = logging.getLogger(__name__)

# One Dutch story that touches every model: a time, a place, a person, an aggression type.
WARM_UP_TEXT = (
    "gisteren rond 14:00 schold een klant me uit aan de balie en gooide een stoel naar me"
)


def warm_up() -> float:
    """Build the action context and run each model once; returns the seconds it took."""
    start = time.perf_counter()
    ctx = get_context()
    ctx.classifier.classify(WARM_UP_TEXT)
    extract_facts(WARM_UP_TEXT)
    parse_time(WARM_UP_TEXT, ctx.clock.now())
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    """Load the models, then run rasa_sdk's action server with the given arguments."""
    args = create_argument_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    log.info("models loaded in %.1f s", warm_up())
    main_from_args(args)


if __name__ == "__main__":
    main()

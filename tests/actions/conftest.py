"""Trackers from JSON fixtures, a fixed clock and a fresh database behind the actions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import ActionContext, use_context
from bot.clock import FixedClock
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.understanding.classifier import LexiconClassifier

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def load_tracker(name: str, *, slots: dict[str, Any] | None = None, **overrides: Any) -> Tracker:
    """A rasa_sdk Tracker from tests/actions/fixtures/<name>.json with changes applied."""
    state = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    state = copy.deepcopy(state)
    state["slots"].update(slots or {})
    state.update(overrides)
    return Tracker.from_dict(state)


@pytest.fixture
def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def action_context(sqlite_url, now):
    """The actions use a fresh SQLite database and a clock standing at `now`."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    context = ActionContext(
        settings=Settings(default_organisation="Gemeente Testdorp"),
        session_factory=make_session_factory(engine),
        classifier=LexiconClassifier(),
        clock=FixedClock(now),
    )
    use_context(context)
    yield context
    use_context(None)
    engine.dispose()


def slot_values(events: list[dict]) -> dict[str, Any]:
    """The last value set per slot in a list of events."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}

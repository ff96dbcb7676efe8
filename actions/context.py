"""What the actions share: settings, database sessions, classifier and clock, built on first use."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.settings import Settings, load_settings
from bot.storage.db import make_engine, make_session_factory
from bot.understanding.classifier import Classifier, default_classifier


@dataclass
class ActionContext:
    """Long-lived objects of the action server process."""

    settings: Settings
    session_factory: sessionmaker[Session]
    classifier: Classifier
    clock: Clock


def build_context(settings: Settings) -> ActionContext:
    """Engine, classifier and clock for these settings."""
    return ActionContext(
        settings=settings,
        session_factory=make_session_factory(make_engine(settings.effective_database_url)),
        classifier=default_classifier(),
        clock=Clock(settings.tz),
    )


_context: ActionContext | None = None

T = TypeVar("T")

TEXTS_FILE = Path(__file__).with_name("texts_nl.yml")


@functools.cache
def action_texts() -> dict[str, str]:
    """Fixed Dutch texts of the actions that are not (yet) domain responses."""
    return yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))


async def in_thread(func: Callable[..., T], /, *args: object, **kwargs: object) -> T:
    """Run synchronous database work in a worker thread.

    The action server has one event loop for every conversation: a locked or slow database must
    not stop the others. The statement and busy timeouts (bot/wire/budgets.py) end the work
    before Rasa gives up on the action.
    """
    return await asyncio.to_thread(func, *args, **kwargs)


def get_context() -> ActionContext:
    """The process-wide context; built on the first action call, not at import."""
    global _context
    if _context is None:
        _context = build_context(load_settings())
    return _context


def use_context(context: ActionContext | None) -> None:
    """Replace the process-wide context (tests use a fixed clock and a fresh database)."""
    global _context
    _context = context

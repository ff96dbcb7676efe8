"""This run's loopback tokens, kept in data/run/ so a command in another terminal can reach the
running stack (`vpt followups send-now`)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.settings import Settings
from bot.wire.private import write_private

TOKENS_FILE = "tokens.json"


def write_runtime_tokens(settings: Settings) -> Path:
    """Keep this run's loopback tokens for `vpt followups send-now` in another terminal (0600)."""
    path = settings.data_dir / "run" / TOKENS_FILE
    write_private(
        path,
        json.dumps(
            {"internal_token": settings.internal_token, "action_token": settings.action_token}
        ),
    )
    return path


def remove_runtime_tokens(settings: Settings) -> None:
    """Forget this run's tokens when the stack stops."""
    (settings.data_dir / "run" / TOKENS_FILE).unlink(missing_ok=True)


def with_runtime_tokens(settings: Settings) -> Settings:
    """The settings with the running stack's tokens filled in where the environment has none."""
    path = settings.data_dir / "run" / TOKENS_FILE
    if settings.internal_token and settings.action_token or not path.exists():
        return settings
    tokens = json.loads(path.read_text(encoding="utf-8"))
    return settings.with_overrides(
        internal_token=settings.internal_token or str(tokens.get("internal_token", "")),
        action_token=settings.action_token or str(tokens.get("action_token", "")),
    )

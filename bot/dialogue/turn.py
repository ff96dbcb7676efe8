"""The shared dialogue types: a message in (Turn), a response out (Say), and the outcome of one
message in a check-in or the questions after a report (Step, carrying Effects to store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Turn:
    """One message from the worker, with what the NLU made of it."""

    text: str
    now: datetime
    intent: str | None = None
    confidence: float = 0.0

    @property
    def is_payload(self) -> bool:
        """True for a button payload such as '/affirm' (the text carries no words)."""
        return self.text.startswith("/")

    def intent_is(self, *names: str, min_confidence: float = 0.0) -> bool:
        """True when the NLU intent is one of `names` with at least `min_confidence`."""
        return self.intent in names and self.confidence >= min_confidence


# Intents that are not an answer to a report question. When the words do not answer the
# question either, the message is handed back to the dialogue engine (rules answer it and
# the form asks its question again).
INTERRUPT_INTENTS = frozenset(
    {
        "stop",
        "goodbye",
        "ask_privacy",
        "ask_aangifte",
        "bot_challenge",
        "thanks",
        "out_of_scope",
        "feeling_bad",
    }
)
# The prefix of the intents the follow-up worker triggers (EXTERNAL_<kind>); never typed.
EXTERNAL_PREFIX = "EXTERNAL_"
# A pause request always wins, even when the words could be read as an answer.
PAUSE_INTENTS = frozenset({"stop", "goodbye"})
INTERRUPT_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Say:
    """A response from the domain, with its variables."""

    response: str
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Effect:
    """Something to store: an answer, a coordinator alert, new check-ins, the aangifte status
    (and, after a report, bot/dialogue/casework.py's aangifte decision and damage amount)."""

    name: str  # answer, alert, schedule_aftercare, aangifte_status, aangifte_decision, ...
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """Outcome of one message in a check-in (or in the questions after a report)."""

    state: dict[str, Any]
    say: tuple[Say, ...] = ()
    effects: tuple[Effect, ...] = ()
    rejected: bool = False
    done: bool = False

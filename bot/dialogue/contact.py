"""Reading the answer to 'may someone from your organisation contact you?'."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogue import answers
from bot.dialogue.turn import INTERRUPT_CONFIDENCE, INTERRUPT_INTENTS, Turn


@dataclass(frozen=True)
class ContactAnswer:
    """The reading of one message."""

    value: bool | None = None
    rejected: bool = False  # not an answer: the dialogue handles it (privacy question, stop ...)
    reask: bool = False  # not understood: ask once more


def read_contact_answer(turn: Turn, *, reasked: bool) -> ContactAnswer:
    """Yes, no or 'not now' (None); after one unclear answer the question is left open."""
    text = turn.text.strip()
    if turn.intent == "affirm":
        return ContactAnswer(True)
    if turn.intent == "deny":
        return ContactAnswer(False)
    if not turn.is_payload:
        parsed = answers.parse_yes_no(text)
        if parsed is not None:
            return ContactAnswer(parsed)
        if answers.is_unsure_yet(text) or answers.is_dont_know(text) or turn.intent == "dont_know":
            return ContactAnswer(None)
    if turn.intent_is(
        *INTERRUPT_INTENTS,
        "acute_danger",
        "start_report",
        "describe_incident",
        min_confidence=INTERRUPT_CONFIDENCE,
    ):
        return ContactAnswer(rejected=True)
    if reasked:
        return ContactAnswer(None)
    return ContactAnswer(reask=True)

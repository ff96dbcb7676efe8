"""An open draft and a new message: the offer to finish it, and the turn a new report opens with.

The state lives in two Rasa slots: `offer` ("resume" while the offer to finish is open) and
`pending_story` (a story told while the offer was open, kept for the report it ends up in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.dialogue.draft import Draft
from bot.dialogue.report import signals_danger
from bot.dialogue.turn import Say, Turn
from bot.labels import format_when


@dataclass(frozen=True)
class Opening:
    """The turn a new report starts from, and whether it replaces an open draft."""

    turn: Turn
    replacing: bool


def opening_turn(
    turn: Turn, *, offer: str | None, pending_story: str | None, message_is_new: bool
) -> Opening:
    """A story told while the resume offer was open starts the new report ("Nieuwe melding");
    a message already handled (a rule or a button press) brings no words to read."""
    replacing = offer == "resume"
    pending = pending_story if replacing else None
    if pending:
        return Opening(
            Turn(text=pending, now=turn.now, intent="describe_incident", confidence=1.0), replacing
        )
    if not message_is_new:
        return Opening(Turn(text="", now=turn.now), replacing)
    return Opening(turn, replacing)


@dataclass(frozen=True)
class ResumeOffer:
    """What to say, and the slots to set (in this order)."""

    say: tuple[Say, ...]
    slots: dict[str, Any] = field(default_factory=dict)


def resume_offer(draft: Draft, stage: str | None, turn: Turn, now: datetime) -> ResumeOffer:
    """Offer to finish an open draft (or say there is none); danger is answered first."""
    if stage is None or not draft.is_started:
        return ResumeOffer((Say("utter_no_open_report"),), {"offer": None})
    if signals_danger(turn):
        return ResumeOffer((Say("utter_acute_danger"),), {"offer": "resume"})
    started = format_when(draft.started_at, "minute", now) if draft.started_at else "eerder"
    pending = turn.text if turn.intent == "describe_incident" and not turn.is_payload else None
    response = "utter_offer_confirm" if stage == "confirming" else "utter_offer_resume"
    return ResumeOffer(
        (Say(response, {"started": started}),), {"offer": "resume", "pending_story": pending}
    )

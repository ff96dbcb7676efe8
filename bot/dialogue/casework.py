"""After the report: the worker's aangifte choice (ELA) and the damage amount, one question at a time.

Pure, like bot/dialogue/checkin.py: the state is a plain dict kept in a Rasa slot, answers come in
as Turns (buttons send Dutch text, so typing works the same way), and each step names what to
say (domain responses) and what to store (effects). Every question can be skipped, and an answer
that is not understood is asked once more, then left open: never a dead end.
"""

from __future__ import annotations

import re
from typing import Any

from bot.dialogue import answers

# The same shapes as a check-in's: here an Effect is "aangifte_decision" or "damage_amount".
from bot.dialogue.turn import EXTERNAL_PREFIX, INTERRUPT_CONFIDENCE, Effect, Say, Step, Turn
from bot.understanding.amounts import MAX_CENTS, answer_cents
from bot.understanding.text import fold
from bot.vocab import is_criminal

AANGIFTE_CHOICE = "aangifte_choice"
DAMAGE_AMOUNT = "damage_amount"

# The choices the worker makes in the chat (bot.vocab.AANGIFTE_DECISIONS holds them all).
CHOICES = ("zelf", "zelf_onder_nummer", "werkgever", "nog_niet", "geen")
# An ELA choice made before is not asked again after the report (asking about aangifte does).
FINAL_CHOICES = frozenset({"zelf", "zelf_onder_nummer", "werkgever", "geen", "geen_aangifte"})

# Messages that are not an answer: rules handle them (and the question comes back, or stops).
REJECT_INTENTS = frozenset(
    {
        "stop",
        "goodbye",
        "stop_followups",
        "acute_danger",
        "ask_privacy",
        "ask_aangifte",
        "start_report",
        "describe_incident",
        "request_aangifte_draft",
    }
)

# Folded text -> choice; the first pattern that matches wins, so "nog niet" beats "niet" and
# "mijn werkgever doet het zelf" is the employer's report.
_CHOICE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("zelf_onder_nummer", r"\bonder (een )?nummer\b|\bnummer\b|\banoniem"),
    ("zelf", r"\bwerkadres\b|\badres van (mijn |het )?werk\b"),
    (
        "werkgever",
        r"\b(werkgever|baas|leidinggevende|organisatie|gemeente|bedrijf|coordinator|werk doet)\b"
        r"|\b(mijn|m'?n|het) werk\b|\blaat (ik )?(het )?(de |mijn )?(werk|zaak)\b",
    ),
    (
        "nog_niet",
        r"\bnog niet\b|\bweet (ik )?(het )?(nog )?niet\b|\blater\b|\btwijfel|\bmisschien\b|"
        r"\bdenk (er )?(nog )?over\b|\bweet niet\b",
    ),
    ("geen", r"\bgeen aangifte\b|\bgeen\b|\bniet\b|\bnee\b|\bhoeft niet\b|\bliever niet\b"),
    ("zelf", r"\bzelf\b|\bik (ga|doe|wil)\b"),
)


def plan(
    *,
    criminal: bool,
    decision: str | None,
    has_damage: bool,
    amount_known: bool,
    after_report: bool,
) -> list[str]:
    """The questions to ask: after the report both when they apply, on request only the choice."""
    steps = []
    if criminal and (not after_report or decision not in FINAL_CHOICES):
        steps.append(AANGIFTE_CHOICE)
    if after_report and has_damage and not amount_known:
        steps.append(DAMAGE_AMOUNT)
    return steps


def start(report_id: int, steps: list[str], receipt: str) -> dict[str, Any]:
    """The state of a new round of questions."""
    return {"report_id": report_id, "receipt": receipt, "steps": list(steps), "reasked": False}


def current_question(state: dict[str, Any]) -> str | None:
    """The response that asks the current step, or None when done."""
    steps = state.get("steps") or []
    return f"utter_ask_{steps[0]}" if steps else None


def read_choice(text: str) -> str | None:
    """The aangifte choice in the worker's words (or a button's text); None when unclear."""
    folded = fold(text or "")
    if not folded.strip():
        return None
    for choice, pattern in _CHOICE_PATTERNS:
        if re.search(pattern, folded):
            return choice
    return None


def euro_text(cents: int) -> str:
    """An amount the Dutch way: '€ 1.250,50'."""
    whole, rest = divmod(cents, 100)
    return f"€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def _read(step: str, turn: Turn) -> tuple[str, Any] | None:
    """('value', v), ('skip', None) or ('too_large', None); None when not understood."""
    text = turn.text.strip()
    if step == AANGIFTE_CHOICE:
        if turn.intent_is("deny", min_confidence=0.9) and turn.is_payload:
            return ("value", "geen")
        if turn.intent == "dont_know" and turn.is_payload:
            return ("value", "nog_niet")
        choice = None if turn.is_payload else read_choice(text)
        return ("value", choice) if choice else None
    cents = None if turn.is_payload else answer_cents(text)
    if cents is not None:
        return ("value", cents) if cents <= MAX_CENTS else ("too_large", None)
    if turn.intent == "dont_know" or answers.is_dont_know(text) or answers.is_unsure_yet(text):
        return ("skip", None)
    if re.search(r"\b(geen (kosten|schade|idee)|nog niet|weet ik nog niet|later)\b", fold(text)):
        return ("skip", None)
    return None


def answer(state: dict[str, Any], turn: Turn) -> Step:
    """Read one message as the answer to the current step and move on."""
    steps = list(state.get("steps") or [])
    if not steps:
        return Step(state, done=True)
    step = steps[0]
    reading = _read(step, turn)
    interrupt = turn.intent_is(*REJECT_INTENTS, min_confidence=INTERRUPT_CONFIDENCE) or (
        turn.intent or ""
    ).startswith(EXTERNAL_PREFIX)
    if reading is None and interrupt:
        return Step(state, rejected=True)
    if reading is None or reading[0] == "too_large":
        if not state.get("reasked"):
            reask = "utter_reask_damage_too_large" if reading else f"utter_reask_{step}"
            return Step({**state, "reasked": True}, say=(Say(reask),))
        reading = ("skip", None)  # asked twice: leave it open and go on
        say: list[Say] = [Say("utter_casework_left_open")]
    else:
        say = []
    new = {**state, "reasked": False, "steps": steps[1:]}
    effects: list[Effect] = []
    kind, value = reading
    if step == AANGIFTE_CHOICE:
        if kind == "value":
            effects.append(Effect("aangifte_decision", {"decision": value}))
            say.append(Say(f"utter_aangifte_next_{value}", {"receipt": state.get("receipt", "")}))
    else:
        if kind == "value":
            effects.append(Effect("damage_amount", {"cents": value}))
            say.append(Say("utter_damage_amount_saved", {"amount": euro_text(value)}))
        elif not say:
            say.append(Say("utter_damage_amount_open"))
        say.append(Say("utter_damage_info"))
    return Step(new, tuple(say), tuple(effects), done=not new["steps"])


def aangifte_guidance(types: list[str]) -> str:
    """The response after a stored report: aangifte guidance for a criminal offence, else the
    note for verbal aggression."""
    return "utter_aangifte_guidance" if is_criminal(types) else "utter_aangifte_guidance_verbal"

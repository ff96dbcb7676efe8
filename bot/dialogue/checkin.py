"""The check-ins as a small state machine: which question comes next and what an answer means.

Pure: the state is a plain dict (kept in Rasa slots by the actions), answers come in as Turns,
and the outcome names what to say (domain responses) and what to store (effects). TSQ scoring
follows Brewin et al. (2002): six or more "yes" of ten items is a positive screen, never a
diagnosis.
"""

from __future__ import annotations

from typing import Any

from bot.dialogue import answers
from bot.dialogue.answers import yes_no
from bot.dialogue.turn import EXTERNAL_PREFIX, INTERRUPT_CONFIDENCE, Effect, Say, Step, Turn
from bot.understanding.distress import read_distress

TSQ_ITEMS = tuple(f"tsq_{i}" for i in range(1, 11))
TSQ_THRESHOLD = 6

STEPS: dict[str, tuple[str, ...]] = {
    "aftercare_day1": ("feeling", "support_planned"),
    "aftercare_week2": ("feeling", "sleep", "work", "wants_contact"),
    "aftercare_tsq": TSQ_ITEMS,
    "aftercare_closing": ("feeling", "wants_contact"),
    "aftercare_reoffer": ("wants_aftercare",),
    "aangifte_check": ("aangifte_filed",),
}
# Steps answered in the worker's own words (buttons are only a shortcut).
FREE_STEPS = frozenset({"feeling", "sleep", "work"})
_FEELING_PAYLOADS = {"feeling_ok": "goed", "feeling_bad": "niet goed"}
# Messages that are not an answer: the dialogue handles them (rules), then the question returns.
# "ik wil iets melden" or /melden is a new report, not an answer: the check-in closes for it.
REJECT_INTENTS = frozenset(
    {"stop_followups", "stop", "acute_danger", "ask_privacy", "ask_aangifte", "start_report"}
)

# Coordinator alerts, each at most once per report (their dedupe key is report and kind).
ALERT_SUPPORT = "coordinator_alert_support"
ALERT_DISTRESS = "coordinator_alert_distress"
ALERT_TSQ = "coordinator_alert_tsq"


def checkin_kind(intent: str) -> str | None:
    """The check-in an external intent (EXTERNAL_<kind>) opens, or None for any other intent."""
    kind = intent.removeprefix(EXTERNAL_PREFIX)
    return kind if kind in STEPS else None


def stop_outside_report(text: str, *, planned: bool) -> str:
    """What "stop" does when no report is being told: "goodbye" when no check-in is planned;
    the /stop command stops the check-ins at once ("stop_followups"); a typed "stop" may only
    mean "enough for now", so the bot asks first ("ask") rather than drop aftercare."""
    if not planned:
        return "goodbye"
    return "stop_followups" if text.strip().lower() == "/stop" else "ask"


def start(kind: str, report_id: int) -> dict[str, Any]:
    """The state of a new check-in."""
    return {
        "kind": kind,
        "report_id": report_id,
        "steps": list(STEPS[kind]),
        "tsq_yes": 0,
        "reasked": False,
        "alert_reason": None,
    }


def current_question(state: dict[str, Any]) -> str | None:
    """The response that asks the current step, or None when the check-in is done."""
    steps = state.get("steps") or []
    return f"utter_checkin_{steps[0]}" if steps else None


def answer(state: dict[str, Any], turn: Turn) -> Step:
    """Read one message as the answer to the current step and move on."""
    steps = list(state.get("steps") or [])
    if not steps:
        return Step(state, done=True)
    if turn.intent_is(*REJECT_INTENTS, min_confidence=INTERRUPT_CONFIDENCE) or (
        turn.intent or ""
    ).startswith(EXTERNAL_PREFIX):
        # Not an answer; a new check-in (EXTERNAL_) replaces an unanswered one.
        return Step(state, rejected=True)
    step = steps[0]
    distress = None if turn.is_payload else read_distress(turn.text)
    value = _read(step, turn)
    if value is None and distress is None:
        if state.get("reasked"):
            value = "onbekend"  # asked twice: leave it open and go on
        else:
            return Step({**state, "reasked": True}, say=(Say("utter_checkin_reask"),))
    if value is None:
        value = turn.text.strip()
    new = {**state, "reasked": False, "steps": steps[1:]}
    say: list[Say] = []
    effects = [
        Effect(
            "answer",
            {
                "kind": state["kind"],
                "question": step,
                # Button answers are stored as their meaning, typed ones in the worker's words.
                "answer": value if turn.is_payload else (turn.text.strip() or value),
            },
        )
    ]
    if distress:
        say.append(
            Say("utter_suicide_helplines" if distress == "suicidal" else "utter_distress_helplines")
        )
        _ask_alert(new, ALERT_DISTRESS)
    _apply(step, value, new, say, effects)
    if not new["steps"]:
        say.append(Say(_closing(new)))
        return Step(new, tuple(say), tuple(effects), done=True)
    return Step(new, tuple(say), tuple(effects))


def _read(step: str, turn: Turn) -> str | None:
    if step in FREE_STEPS:
        if turn.intent in _FEELING_PAYLOADS and (turn.is_payload or turn.confidence >= 0.6):
            return _FEELING_PAYLOADS[turn.intent]
        text = turn.text.strip()
        return None if answers.is_blank(text) or turn.is_payload else text
    yes = yes_no(turn)  # as in the report: the words first, the intent alone only when sure
    if yes is not None:
        return "ja" if yes else "nee"
    if not turn.is_payload and (
        answers.is_dont_know(turn.text) or answers.is_unsure_yet(turn.text)
    ):
        return "weet_niet"
    return None


def _ask_alert(state: dict[str, Any], reason: str) -> None:
    """Ask for consent to tell the coordinator next, once per check-in."""
    if state.get("alert_reason") is None and "alert_consent" not in state["steps"]:
        state["alert_reason"] = reason
        state["steps"] = ["alert_consent", *state["steps"]]


def _apply(
    step: str, value: str, state: dict[str, Any], say: list[Say], effects: list[Effect]
) -> None:
    if step in TSQ_ITEMS:
        state["tsq_yes"] = int(state.get("tsq_yes") or 0) + (value == "ja")
        if step == TSQ_ITEMS[-1]:
            high = state["tsq_yes"] >= TSQ_THRESHOLD
            effects.append(
                Effect(
                    "answer",
                    {
                        "kind": state["kind"],
                        "question": "tsq_score",
                        "answer": str(state["tsq_yes"]),
                    },
                )
            )
            say.append(Say("utter_tsq_high" if high else "utter_tsq_low"))
            if high:
                _ask_alert(state, ALERT_TSQ)
    elif step == "support_planned" and value != "ja":
        state["steps"] = ["wants_support", *state["steps"]]
    elif step in ("wants_support", "wants_contact") and value == "ja":
        effects.append(Effect("alert", {"kind": ALERT_SUPPORT}))
        say.append(Say("utter_checkin_contact_arranged"))
    elif step == "alert_consent":
        if value == "ja":
            effects.append(Effect("alert", {"kind": state.get("alert_reason") or ALERT_DISTRESS}))
            say.append(Say("utter_alert_yes"))
        else:
            say.append(Say("utter_alert_no"))
    elif step == "wants_aftercare":
        if value == "ja":
            effects.append(Effect("schedule_aftercare"))
            say.append(Say("utter_aftercare_yes_later"))
        else:
            say.append(Say("utter_aftercare_no_later"))
    elif step == "aangifte_filed":
        status = {"ja": "gedaan", "nee": "niet_gedaan"}.get(value, "onbekend")
        effects.append(Effect("aangifte_status", {"status": status}))
        if value != "ja":
            say.append(Say("utter_checkin_aangifte_not_yet"))


def _closing(state: dict[str, Any]) -> str:
    return (
        "utter_checkin_closing_end"
        if state["kind"] == "aftercare_closing"
        else "utter_checkin_thanks"
    )

"""Check-in questions one by one: TSQ scoring, distress words, day-1 support, aangifte status."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.dialogue import checkin as checkin_flow
from bot.dialogue.turn import Effect, Turn
from bot.understanding.distress import read_distress
from tests.conftest import AMS

NOW = datetime(2026, 12, 21, 10, 0, tzinfo=AMS)


def typed(text: str, intent: str | None = None, confidence: float = 0.9) -> Turn:
    return Turn(text=text, now=NOW, intent=intent, confidence=confidence)


def button(intent: str) -> Turn:
    return Turn(text=f"/{intent}", now=NOW, intent=intent, confidence=1.0)


def run(kind: str, turns: list[Turn]) -> tuple[dict, list[str], list[Effect], bool]:
    state = checkin_flow.start(kind, report_id=7)
    said: list[str] = []
    effects: list[Effect] = []
    done = False
    for turn in turns:
        step = checkin_flow.answer(state, turn)
        state = step.state
        said += [s.response for s in step.say]
        effects += list(step.effects)
        done = step.done
    return state, said, effects, done


def tsq_turns(yes: int) -> list[Turn]:
    # Mix buttons and typed answers: each item is answerable either way.
    turns = []
    for i in range(10):
        if i < yes:
            turns.append(button("affirm") if i % 2 else typed("ja"))
        else:
            turns.append(button("deny") if i % 2 else typed("nee hoor"))
    return turns


def test_tsq_asks_ten_questions_one_by_one():
    state = checkin_flow.start("aftercare_tsq", 7)
    asked = []
    while checkin_flow.current_question(state):
        asked.append(checkin_flow.current_question(state))
        state = checkin_flow.answer(state, button("deny")).state
    assert asked == [f"utter_checkin_tsq_{i}" for i in range(1, 11)]


def test_tsq_with_five_yes_is_not_a_positive_screen():
    state, said, effects, done = run("aftercare_tsq", tsq_turns(5))
    assert done and state["tsq_yes"] == 5
    assert "utter_tsq_low" in said and "utter_tsq_high" not in said
    assert not [e for e in effects if e.name == "alert"]
    score = [e.values["answer"] for e in effects if e.values.get("question") == "tsq_score"]
    assert score == ["5"]


def test_tsq_with_six_yes_advises_a_doctor_and_asks_before_telling_the_coordinator():
    state, said, effects, done = run("aftercare_tsq", tsq_turns(6))
    assert not done and state["tsq_yes"] == 6
    assert said[-1] == "utter_tsq_high"
    assert checkin_flow.current_question(state) == "utter_checkin_alert_consent"
    assert not [e for e in effects if e.name == "alert"]
    step = checkin_flow.answer(state, button("affirm"))
    assert step.done
    assert [e.values["kind"] for e in step.effects if e.name == "alert"] == [
        "coordinator_alert_tsq"
    ]


def test_tsq_positive_screen_without_consent_alerts_nobody():
    state, _, _, _ = run("aftercare_tsq", tsq_turns(7))
    step = checkin_flow.answer(state, button("deny"))
    assert step.done and not [e for e in step.effects if e.name == "alert"]
    assert "utter_alert_no" in [s.response for s in step.say]


def test_every_answer_is_stored_with_its_question():
    _, _, effects, _ = run("aftercare_week2", [typed("gaat wel"), typed("ik slaap minder goed")])
    answers = [(e.values["question"], e.values["answer"]) for e in effects if e.name == "answer"]
    assert answers == [("feeling", "gaat wel"), ("sleep", "ik slaap minder goed")]


@pytest.mark.parametrize(
    "text",
    [
        "ik slaap niet meer",
        "Ik durf niet meer naar mijn werk",
        "ik kan niet meer slapen sinds dien",
    ],
)
def test_distress_words_give_the_helplines_at_once(text):
    state, said, _, _ = run("aftercare_day1", [typed(text, "feeling_bad")])
    assert said[0] == "utter_distress_helplines"
    assert checkin_flow.current_question(state) == "utter_checkin_alert_consent"


def test_thoughts_of_self_harm_give_113_at_once():
    _, said, _, _ = run("aftercare_week2", [typed("soms wil ik er niet meer zijn")])
    assert said[0] == "utter_suicide_helplines"


def test_distress_with_consent_alerts_the_coordinator_once():
    state, _, _, _ = run("aftercare_day1", [typed("ik slaap niet meer")])
    step = checkin_flow.answer(state, typed("ja is goed"))
    assert [e.values["kind"] for e in step.effects if e.name == "alert"] == [
        "coordinator_alert_distress"
    ]
    assert checkin_flow.current_question(step.state) == "utter_checkin_support_planned"


def test_plain_answers_are_not_read_as_distress():
    for text in ["goed hoor", "gaat wel", "ik slaap weer goed", "nee", "werk gaat goed"]:
        assert read_distress(text) is None, text


def test_day1_without_a_planned_conversation_offers_one():
    state, said, effects, done = run(
        "aftercare_day1", [button("feeling_ok"), button("deny"), button("affirm")]
    )
    assert done
    assert [e.values["kind"] for e in effects if e.name == "alert"] == ["coordinator_alert_support"]
    stored = [(e.values["question"], e.values["answer"]) for e in effects if e.name == "answer"]
    assert stored == [("feeling", "goed"), ("support_planned", "nee"), ("wants_support", "ja")]


def test_an_unclear_yes_no_answer_is_asked_once_more_then_left_open():
    state, said, effects, done = run(
        "aangifte_check", [typed("hmm", "out_of_scope"), typed("hmm", "out_of_scope")]
    )
    assert said[0] == "utter_checkin_reask" and done
    assert [e.values["status"] for e in effects if e.name == "aangifte_status"] == ["onbekend"]


def test_aangifte_check_records_the_status():
    _, said, effects, _ = run("aangifte_check", [button("deny")])
    assert [e.values["status"] for e in effects if e.name == "aangifte_status"] == ["niet_gedaan"]
    assert "utter_checkin_aangifte_not_yet" in said


def test_stop_met_berichten_is_not_an_answer():
    state = checkin_flow.start("aftercare_tsq", 7)
    step = checkin_flow.answer(state, typed("stop met berichten", "stop_followups"))
    assert step.rejected and step.state == state


def test_asking_to_report_is_not_an_answer_to_how_are_you():
    state = checkin_flow.start("aftercare_day1", 7)
    step = checkin_flow.answer(state, typed("ik wil iets melden", "start_report"))
    assert step.rejected and step.effects == ()
    # An unsure intent is still read as the answer it may be.
    unsure = checkin_flow.answer(state, typed("meld maar dat het slecht gaat", "start_report", 0.4))
    assert not unsure.rejected


def test_reoffer_accepted_schedules_aftercare():
    _, _, effects, done = run("aftercare_reoffer", [typed("ja graag")])
    assert done and "schedule_aftercare" in [e.name for e in effects]


def test_a_new_check_in_is_not_read_as_the_answer_to_an_unanswered_one():
    state = checkin_flow.start("aftercare_day1", 7)
    external = Turn(text="", now=NOW, intent="EXTERNAL_aangifte_check", confidence=1.0)
    assert checkin_flow.answer(state, external).rejected

"""validate_report_form and the ask actions, on trackers as Rasa sends them."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.report_form import ActionAskSafeNow, ActionAskTypes, ValidateReportForm
from tests.actions.conftest import load_tracker, slot_values


async def test_new_answer_is_read_and_the_next_question_chosen(action_context, dispatcher, domain):
    events = await ValidateReportForm().run(
        dispatcher, load_tracker("form_asks_perpetrator"), domain
    )
    slots = slot_values(events)
    assert slots["perpetrator"] == "onbekend"
    assert slots["handled_message"] == "m-2"
    assert slots["requested_slot"] == "injury"
    assert "perpetrator" in slots["answered"]


async def test_message_is_not_read_twice_after_an_interruption(action_context, dispatcher, domain):
    tracker = load_tracker("form_asks_perpetrator")
    tracker.events.append({"event": "bot", "text": "Je melding wordt bewaard bij je werkgever."})
    events = await ValidateReportForm().run(dispatcher, tracker, domain)
    assert events == [SlotSet("requested_slot", "perpetrator")]
    assert dispatcher.messages == []


async def test_privacy_question_rejects_the_form_so_a_rule_answers_it(
    action_context, dispatcher, domain
):
    tracker = load_tracker(
        "form_asks_perpetrator",
        latest_message={
            "text": "wie kan dit lezen?",
            "message_id": "m-3",
            "intent": {"name": "ask_privacy", "confidence": 0.97},
        },
    )
    assert await ValidateReportForm().run(dispatcher, tracker, domain) == []


async def test_danger_mid_form_asks_nothing_but_safety(action_context, dispatcher, domain):
    tracker = load_tracker(
        "form_asks_perpetrator",
        latest_message={
            "text": "hij komt terug met een mes",
            "message_id": "m-3",
            "intent": {"name": "acute_danger", "confidence": 0.9},
        },
    )
    slots = slot_values(await ValidateReportForm().run(dispatcher, tracker, domain))
    assert slots["danger"] is True
    assert slots["requested_slot"] == "safe_now"
    ask = load_tracker("form_asks_perpetrator", slots={"danger": True, "safe_now": None})
    await ActionAskSafeNow().run(dispatcher, ask, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_acute_danger"]


async def test_weet_ik_niet_moves_on(action_context, dispatcher, domain):
    tracker = load_tracker(
        "form_asks_perpetrator",
        latest_message={
            "text": "weet ik niet",
            "message_id": "m-3",
            "intent": {"name": "dont_know", "confidence": 0.99},
        },
    )
    slots = slot_values(await ValidateReportForm().run(dispatcher, tracker, domain))
    assert slots.get("perpetrator") is None
    assert slots["requested_slot"] == "injury"


async def test_type_proposal_names_the_words_behind_it(action_context, dispatcher, domain):
    tracker = load_tracker("form_asks_perpetrator", slots={"requested_slot": "types"})
    await ActionAskTypes().run(dispatcher, tracker, domain)
    (message,) = dispatcher.messages
    assert message["response"] == "utter_ask_types_proposal"
    assert "verbale agressie" in message["types_text"] and "fysiek geweld" in message["types_text"]
    assert (
        "'uitgescholden'" in message["evidence_text"] and "'bespuugd'" in message["evidence_text"]
    )
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


async def test_without_proposal_every_type_is_a_button(action_context, dispatcher, domain):
    tracker = load_tracker("form_asks_perpetrator", slots={"types": [], "types_evidence": []})
    await ActionAskTypes().run(dispatcher, tracker, domain)
    (message,) = dispatcher.messages
    assert message["response"] == "utter_ask_types_choose"
    assert len(message["buttons"]) == 6
    assert all(b["payload"] == b["title"] for b in message["buttons"])

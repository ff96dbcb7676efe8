"""Storing at confirmation: once, with a receipt; on failure the draft is kept."""

from __future__ import annotations

import re

from rasa_sdk.events import SlotSet
from sqlalchemy import func, select

from actions.context import ActionContext, use_context
from actions.report_lifecycle import ActionShowSummary, ActionStartReport
from actions.submit import ActionSubmitReport
from bot.clock import FixedClock
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.models import Report
from bot.understanding.classifier import LexiconClassifier
from tests.actions.conftest import load_tracker, slot_values


def confirming_tracker():
    return load_tracker(
        "form_asks_perpetrator",
        slots={
            "stage": "confirming",
            "requested_slot": None,
            "perpetrator": "onbekend",
            "injury": False,
            "witnesses": True,
            "police_present": False,
        },
        latest_message={
            "text": "ja",
            "message_id": "m-9",
            "intent": {"name": "affirm", "confidence": 0.99},
        },
        active_loop={},
    )


def count_reports(context: ActionContext) -> int:
    with context.session_factory() as session:
        return session.scalar(select(func.count(Report.id)))


async def test_confirmation_stores_the_report_and_gives_a_receipt(
    action_context, dispatcher, domain
):
    events = await ActionSubmitReport().run(dispatcher, confirming_tracker(), domain)
    stored, guidance = dispatcher.messages
    assert stored["response"] == "utter_report_stored"
    assert re.fullmatch(r"VPT-2026-\d{6}", stored["receipt"])
    assert stored["date"] == "23-11-2026" and stored["time"] == "15:00"
    assert (
        guidance["response"] == "utter_aangifte_guidance"
    )  # spitting is physical: a criminal offence
    slots = slot_values(events)
    assert slots["stage"] is None and slots["report_receipt"] == stored["receipt"]
    assert slots["narrative"] is None  # the draft is emptied once stored
    assert count_reports(action_context) == 1


async def test_repeated_confirmation_gives_the_same_receipt_and_no_second_report(
    action_context, dispatcher, domain
):
    await ActionSubmitReport().run(dispatcher, confirming_tracker(), domain)
    await ActionSubmitReport().run(dispatcher, confirming_tracker(), domain)
    first, _, second, _ = dispatcher.messages
    assert second["response"] == "utter_report_already_stored"
    assert second["receipt"] == first["receipt"]
    assert count_reports(action_context) == 1


async def test_database_down_keeps_the_draft_and_says_nothing_stored(now, dispatcher, domain):
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    use_context(
        ActionContext(
            Settings(), make_session_factory(engine), LexiconClassifier(), FixedClock(now)
        )
    )
    try:
        events = await ActionSubmitReport().run(dispatcher, confirming_tracker(), domain)
    finally:
        use_context(None)
    assert events == [SlotSet("stage", "confirming")]
    assert dispatcher.messages == []  # the rule for stage "confirming" says it was NOT saved


async def test_summary_fills_every_variable_of_the_response(action_context, dispatcher, domain):
    events = await ActionShowSummary().run(dispatcher, confirming_tracker(), domain)
    (message,) = dispatcher.messages
    template = domain["responses"]["utter_summary"][0]["text"]
    for variable in re.findall(r"{(\w+)}", template):
        assert message.get(variable), variable
    assert message["summary_where"].startswith("aan de balie")
    assert slot_values(events) == {"stage": "confirming"}


async def test_start_reads_a_story_in_the_opening_message(action_context, dispatcher, domain):
    tracker = load_tracker(
        "form_asks_perpetrator",
        slots={"stage": None, "narrative": None, "answered": [], "handled_message": None},
        latest_message={
            "text": "een reiziger spuugde me in mijn gezicht in de tram",
            "message_id": "m-1",
            "intent": {"name": "describe_incident", "confidence": 0.98},
        },
        events=[
            {
                "event": "user",
                "text": "een reiziger spuugde me in mijn gezicht in de tram",
                "message_id": "m-1",
            }
        ],
        active_loop={},
    )
    slots = slot_values(await ActionStartReport().run(dispatcher, tracker, domain))
    assert slots["stage"] == "collecting"
    assert slots["narrative"].startswith("een reiziger spuugde")
    assert slots["location_type"] == "ov_voertuig"
    assert slots["perpetrator"] is None  # reset from the previous draft, not said in this story
    assert slots["handled_message"] == "m-1"
    assert slots["draft_id"] and slots["draft_id"] != "draft-1"


async def test_danger_while_a_paused_report_waits_gets_112_not_the_offer(
    action_context, dispatcher, domain
):
    from actions.report_lifecycle import ActionOfferResume

    tracker = load_tracker(
        "form_asks_perpetrator",
        latest_message={
            "text": "help hij is terug en slaat op de deur",
            "message_id": "m-5",
            "intent": {"name": "acute_danger", "confidence": 0.91},
        },
        active_loop={},
    )
    await ActionOfferResume().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_acute_danger"]

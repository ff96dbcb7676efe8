"""The questions after a report as thin adapters: they ask, record, and move on."""

from __future__ import annotations

from actions.casework import (
    ActionOfferAangifteChoice,
    ActionStartCasework,
    ValidateCaseworkForm,
)
from bot.services.reporting import submit_report
from bot.storage.models import Report
from bot.storage.reports import ReporterRef
from tests.actions.conftest import load_tracker, slot_values
from tests.bot.services.test_reporting import full_draft

SENDER = "web-test-1"  # the sender of the tracker fixtures


def _store(context, now):
    return submit_report(
        context.session_factory,
        full_draft(now, injury=True, injury_text="blauwe plek op mijn arm"),
        ReporterRef("web", SENDER, "Sanne"),
        default_organisation="Gemeente Testdorp",
        now=now,
    )


def _answer(state, text, intent="describe_incident", n=1):
    return load_tracker(
        "form_asks_perpetrator",
        slots={"casework": state, "stage": None, "requested_slot": "casework_answer"},
        latest_message={
            "text": text,
            "message_id": f"c-{n}",
            "intent": {"name": intent, "confidence": 0.7},
        },
        active_loop={"name": "casework_form"},
        events=[{"event": "user", "text": text}],
    )


async def test_choice_and_amount_are_recorded_on_the_report(
    action_context, dispatcher, domain, now
):
    stored = _store(action_context, now)
    tracker = load_tracker("form_asks_perpetrator", slots={"report_id": stored.report_id})
    slots = slot_values(await ActionStartCasework().run(dispatcher, tracker, domain))
    assert slots["casework_offer"] == "open"
    state = slots["casework"]
    assert state["steps"] == ["aangifte_choice", "damage_amount"]

    validate = ValidateCaseworkForm()
    events = await validate.run(dispatcher, _answer(state, "mijn werkgever doet aangifte"), domain)
    state = slot_values(events)["casework"]
    events = await validate.run(dispatcher, _answer(state, "ongeveer 300", n=2), domain)
    assert slot_values(events)["requested_slot"] is None
    with action_context.session_factory() as s:
        report = s.get(Report, stored.report_id)
        assert (report.aangifte_decision, report.damage_amount_cents) == ("werkgever", 30_000)
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_aangifte_next_werkgever",
        "utter_damage_amount_saved",
        "utter_damage_info",
    ]
    assert dispatcher.messages[0]["receipt"] == stored.receipt


async def test_asking_about_aangifte_without_a_report_offers_nothing(
    action_context, dispatcher, domain
):
    tracker = load_tracker("form_asks_perpetrator", slots={"stage": None})
    slots = slot_values(await ActionOfferAangifteChoice().run(dispatcher, tracker, domain))
    assert slots["casework_offer"] is None and not dispatcher.messages

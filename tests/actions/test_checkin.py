"""The check-in actions as thin adapters: the aangifte sheet in the chat, stopping check-ins."""

from __future__ import annotations

from actions.checkin import ActionSendAangifteDraft, ActionStopFollowups, ActionStopOutsideReport
from bot.services.followups import db_list_followups
from bot.services.reporting import record_aftercare_choice, submit_report
from bot.storage.reports import ReporterRef
from tests.actions.conftest import load_tracker
from tests.bot.services.test_reporting import full_draft

SENDER = "web-test-1"  # the sender of the tracker fixtures


def _store(context, now):
    return submit_report(
        context.session_factory,
        full_draft(now, narrative="hij zei dat hij weet dat ik op de Kerkstraat 4 woon"),
        ReporterRef("web", SENDER, "Sanne"),
        default_organisation="Gemeente Testdorp",
        now=now,
    )


async def test_aangifte_sheet_is_sent_in_the_chat_without_the_home_address(
    action_context, dispatcher, domain, now
):
    tracker = load_tracker("form_asks_perpetrator")
    await ActionSendAangifteDraft().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_aangifte_draft_none"]
    stored = _store(action_context, now)
    dispatcher.messages.clear()
    await ActionSendAangifteDraft().run(dispatcher, tracker, domain)
    message, document = dispatcher.messages
    assert message["response"] == "utter_aangifte_draft"
    draft = message["draft"]
    assert stored.receipt in draft and "Gemeente Testdorp" in draft
    assert "Kerkstraat 4" not in draft and "0900-8844" in draft
    # The channel fetches the PDF by report id (Telegram: sendDocument; web chat: download).
    assert document["response"] == "utter_aangifte_document"
    assert document["report_id"] == str(stored.report_id)
    assert document["receipt"] == stored.receipt


async def test_stop_followups_cancels_the_check_ins_and_confirms_once(
    action_context, dispatcher, domain, now
):
    stored = _store(action_context, now)
    record_aftercare_choice(action_context.session_factory, stored.report_id, True, now=now)
    tracker = load_tracker("form_asks_perpetrator")
    await ActionStopFollowups().run(dispatcher, tracker, domain)
    await ActionStopFollowups().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_followups_stopped",
        "utter_followups_already_stopped",
    ]
    with action_context.session_factory() as s:
        worker_rows = [r for r in db_list_followups(s) if r.recipient == "worker"]
    assert worker_rows and {r.status for r in worker_rows} == {"cancelled"}


def _said(tracker, text: str):
    tracker.latest_message = {**tracker.latest_message, "text": text}
    return tracker


def _worker_statuses(context) -> set[str]:
    with context.session_factory() as s:
        return {r.status for r in db_list_followups(s) if r.recipient == "worker"}


async def test_stop_without_check_ins_to_come_says_goodbye(action_context, dispatcher, domain):
    tracker = _said(load_tracker("form_asks_perpetrator"), "stop")
    await ActionStopOutsideReport().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_goodbye"]


async def test_a_typed_stop_asks_before_dropping_the_check_ins(
    action_context, dispatcher, domain, now
):
    stored = _store(action_context, now)
    record_aftercare_choice(action_context.session_factory, stored.report_id, True, now=now)
    tracker = _said(load_tracker("form_asks_perpetrator"), "ik stop ermee")
    await ActionStopOutsideReport().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_stop_followups"]
    assert _worker_statuses(action_context) == {"pending"}


async def test_the_stop_command_stops_the_check_ins_at_once(
    action_context, dispatcher, domain, now
):
    stored = _store(action_context, now)
    record_aftercare_choice(action_context.session_factory, stored.report_id, True, now=now)
    tracker = _said(load_tracker("form_asks_perpetrator"), "/stop")
    await ActionStopOutsideReport().run(dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_followups_stopped"]
    assert _worker_statuses(action_context) == {"cancelled"}
    # Stopped: a later "stop" has nothing left to ask about.
    await ActionStopOutsideReport().run(dispatcher, _said(tracker, "stop"), domain)
    assert dispatcher.messages[-1]["response"] == "utter_goodbye"

"""The check-in actions as thin adapters: the aangifte sheet in the chat, stopping check-ins."""

from __future__ import annotations

from actions.checkin import ActionSendAangifteDraft, ActionStopFollowups
from bot.followups import db_list_followups
from bot.reporting import record_aftercare_choice, submit_report
from bot.reports import ReporterRef
from tests.actions.conftest import load_tracker
from tests.bot.test_reporting import full_draft

SENDER = "web-test-1"  # the sender of the tracker fixtures


def _store(context, now):
    return submit_report(
        context.session_factory,
        full_draft(now, narrative="hij zei dat hij weet dat ik op de Kerkstraat 4 woon"),
        ReporterRef("rest", SENDER, "Sanne"),
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

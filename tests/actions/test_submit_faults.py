"""Storing at confirmation under database faults: never a false "opgeslagen", and the action
server's event loop keeps serving other conversations while the database is slow."""

from __future__ import annotations

import asyncio

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.submit import ActionSubmitReport
from bot.storage.models import Report
from tests.actions.test_submit import confirming_tracker
from tests.faults import failing_database, slow_database, unreachable_database


def _count(context) -> int:
    with context.session_factory() as session:
        return session.scalar(select(func.count(Report.id)))


def _engine(context):
    return context.session_factory.kw["bind"]


async def test_a_database_that_is_down_gives_not_saved_and_keeps_the_draft(
    action_context, dispatcher, domain
):
    with unreachable_database(_engine(action_context)):
        events = await ActionSubmitReport().run(dispatcher, confirming_tracker(), domain)
    assert dispatcher.messages == []  # no receipt: the rule says "NIET opgeslagen"
    assert {"event": "slot", "name": "stage", "value": "confirming", "timestamp": None} in events
    retry = CollectingDispatcher()
    await ActionSubmitReport().run(retry, confirming_tracker(), domain)
    assert retry.messages[0]["response"] == "utter_report_stored"
    assert _count(action_context) == 1


async def test_one_failing_insert_is_not_stored_and_the_retry_stores_it_once(
    action_context, dispatcher, domain
):
    with failing_database(_engine(action_context), match="INSERT INTO reports") as failed:
        await ActionSubmitReport().run(dispatcher, confirming_tracker(), domain)
    assert failed and dispatcher.messages == []
    assert _count(action_context) == 0
    for _ in range(2):  # "opslaan" twice: one report
        again = CollectingDispatcher()
        await ActionSubmitReport().run(again, confirming_tracker(), domain)
    assert again.messages[0]["response"] == "utter_report_already_stored"
    assert _count(action_context) == 1


async def test_a_slow_database_does_not_stop_the_action_servers_event_loop(
    action_context, dispatcher, domain
):
    loop = asyncio.get_running_loop()
    gaps: list[float] = []

    async def ticker() -> None:
        last = loop.time()
        while True:
            await asyncio.sleep(0.02)
            gaps.append(loop.time() - last)
            last = loop.time()

    tick = asyncio.create_task(ticker())
    with slow_database(_engine(action_context), 0.1):
        await ActionSubmitReport().run(dispatcher, confirming_tracker(), domain)
    tick.cancel()
    assert dispatcher.messages[0]["response"] == "utter_report_stored"
    assert len(gaps) > 5  # the save took a while, and the loop ran meanwhile
    assert max(gaps) < 0.09  # no statement (0.1 s each) ran on the loop


async def test_the_daily_report_limit_keeps_the_draft_and_says_why(
    action_context, dispatcher, domain, monkeypatch
):
    from bot.wire import limits

    monkeypatch.setattr(limits, "REPORTS_PER_ACCOUNT_DAY", limits.Limit("r", 1))
    await ActionSubmitReport().run(dispatcher, confirming_tracker(), domain)  # the first one
    second = confirming_tracker()
    second.slots["draft_id"] = "another-draft"
    refused = CollectingDispatcher()
    events = await ActionSubmitReport().run(refused, second, domain)
    assert "Je hebt vandaag al 1 meldingen opgeslagen" in refused.messages[0]["text"]
    assert {"event": "slot", "name": "stage", "value": "confirming", "timestamp": None} in events
    assert _count(action_context) == 1
    # The first report's repeated "ja" still gets its receipt.
    again = CollectingDispatcher()
    await ActionSubmitReport().run(again, confirming_tracker(), domain)
    assert again.messages[0]["response"] == "utter_report_already_stored"

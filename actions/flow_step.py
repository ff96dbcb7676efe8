"""One answer in a question-by-question form kept as a dict slot (check-ins, the questions after a
report): read it with the core's flow, store what it brought, say the next thing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from actions.context import get_context, in_thread
from actions.tracker import handled, message_is_new, say, turn_from
from bot.dialogue.turn import Effect, Step, Turn

log = logging.getLogger(__name__)

Answer = Callable[[dict[str, Any], Turn], Step]
Store = Callable[..., Any]  # (factory, report_id, effects, *, now)


async def validate_flow_answer(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    *,
    state_slot: str,
    answer_slot: str,
    answer: Answer,
    store: Store,
    not_saved: str,
) -> list[EventType]:
    """The events of a form validation: the new state, and the form done or asking again."""
    if not message_is_new(tracker):
        return [SlotSet("requested_slot", answer_slot)]
    ctx = get_context()
    now = ctx.clock.now()
    state = tracker.get_slot(state_slot) or {}
    step = answer(state, turn_from(tracker, now))
    if step.rejected:
        return []
    report_id = state.get("report_id")
    if step.effects and report_id is not None:
        await _store(
            ctx.session_factory, store, int(report_id), step.effects, now, dispatcher, not_saved
        )
    say(dispatcher, step.say)
    events: list[EventType] = [*handled(tracker), SlotSet(state_slot, step.state)]
    if step.done:
        return [*events, SlotSet(answer_slot, "done"), SlotSet("requested_slot", None)]
    return [*events, SlotSet("requested_slot", answer_slot)]


async def _store(
    factory: sessionmaker[Session],
    store: Store,
    report_id: int,
    effects: tuple[Effect, ...],
    now: datetime,
    dispatcher: CollectingDispatcher,
    not_saved: str,
) -> None:
    try:
        await in_thread(store, factory, report_id, effects, now=now)
    except (SQLAlchemyError, OSError):
        log.exception("answer for report %s not stored", report_id)
        dispatcher.utter_message(response=not_saved)

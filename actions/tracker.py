"""Reading a Rasa tracker into the core's terms, and writing the core's answers back as events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue.draft import Draft
from bot.dialogue.turn import Say, Turn
from bot.storage.reports import ReporterRef
from bot.wire.senders import report_channel


def turn_from(tracker: Tracker, now: datetime) -> Turn:
    """The worker's latest message with its intent."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    return Turn(
        text=message.get("text") or "",
        now=now,
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
    )


def message_id(tracker: Tracker) -> str | None:
    """The id Rasa gave the latest user message."""
    return (tracker.latest_message or {}).get("message_id")


def bot_spoke_since_user(tracker: Tracker) -> bool:
    """True when the bot already answered the latest user message (e.g. a privacy question)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            return True
    return False


def message_is_new(tracker: Tracker) -> bool:
    """True when the latest message still has to be read as an answer.

    A form re-entered after an interruption, or right after an action that consumed the
    message (start, resume, correction), must not read that message a second time.
    """
    mid = message_id(tracker)
    if mid is not None and tracker.get_slot("handled_message") == mid:
        return False
    return not bot_spoke_since_user(tracker)


def handled(tracker: Tracker) -> list[EventType]:
    """Mark the latest message as read."""
    return [SlotSet("handled_message", message_id(tracker))]


def draft_from(tracker: Tracker) -> Draft:
    """The draft held in the tracker's slots."""
    return Draft.from_slots(tracker.slots)


def slot_events(before: Draft, after: Draft) -> list[EventType]:
    """SlotSet events for what changed in the draft."""
    return [SlotSet(name, value) for name, value in after.changed_slots(before).items()]


def reset_draft_events() -> list[EventType]:
    """SlotSet events that empty the draft."""
    return [SlotSet(name, value) for name, value in Draft().to_slots().items()]


def say(dispatcher: CollectingDispatcher, messages: Iterable[Say]) -> None:
    """Send domain responses with their variables."""
    for message in messages:
        dispatcher.utter_message(response=message.response, **message.variables)


def reporter_ref(tracker: Tracker) -> ReporterRef:
    """Who is reporting, as the channel knows them."""
    metadata: dict[str, Any] = (tracker.latest_message or {}).get("metadata") or {}
    channel = report_channel(tracker.get_latest_input_channel(), tracker.sender_id)
    return ReporterRef(
        channel=channel,
        channel_user_id=tracker.sender_id,
        display_name=metadata.get("display_name"),
    )

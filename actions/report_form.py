"""The report form: reading each answer (validate_report_form) and asking with buttons."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import get_context
from actions.tracker import draft_from, handled, message_is_new, say, slot_events, turn_from
from bot.dialogue import report as report_flow
from bot.dialogue.summary import type_labels
from bot.labels import labels

log = logging.getLogger(__name__)


class ValidateReportForm(FormValidationAction):
    """Reads the worker's message into the draft and picks the next question."""

    def name(self) -> str:
        return "validate_report_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = get_context()
        before = draft_from(tracker)
        after = before
        events: list[EventType] = []
        if message_is_new(tracker):
            outcome = report_flow.answer(
                before,
                tracker.get_slot("requested_slot"),
                turn_from(tracker, ctx.clock.now()),
                ctx.classifier,
            )
            if outcome.rejected:
                # Returning no slot makes Rasa reject the form, so a rule answers the message
                # (privacy question, stop, ...) and the form asks its question again afterwards.
                return []
            say(dispatcher, outcome.say)
            after = outcome.draft
            events += handled(tracker)
        events += slot_events(before, after)
        events.append(SlotSet("requested_slot", after.next_question()))
        return events


def _yes_no_buttons() -> list[dict[str, str]]:
    return [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]


def _buttons(group: str) -> list[dict[str, str]]:
    """Buttons whose payload is their own title, so typing the title works the same."""
    return [{"title": title, "payload": title} for title in labels()[group].values()]


class ActionAskSafeNow(Action):
    """Asks whether the worker is safe, or gives the 112 advice when they are not."""

    def name(self) -> str:
        return "action_ask_safe_now"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        draft = draft_from(tracker)
        if draft.danger:
            dispatcher.utter_message(response="utter_acute_danger")
        elif "safe_now" in draft.reasked and draft.narrative:
            dispatcher.utter_message(response="utter_ask_safe_now_kind")
        elif draft.narrative:
            dispatcher.utter_message(response="utter_ask_safe_now_after_story")
        else:
            dispatcher.utter_message(response="utter_ask_safe_now")
        return []


class ActionAskTypes(Action):
    """Puts the classifier's proposal to the worker, or lets them choose."""

    def name(self) -> str:
        return "action_ask_types"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        draft = draft_from(tracker)
        if draft.types:
            words = [line.split(": ", 1)[1] for line in draft.types_evidence if ": " in line]
            dispatcher.utter_message(
                response="utter_ask_types_proposal",
                types_text=type_labels(draft.types),
                evidence_text=", ".join(f"'{w}'" for w in dict.fromkeys(words)) or "-",
                buttons=_yes_no_buttons(),
            )
        else:
            dispatcher.utter_message(
                response="utter_ask_types_choose", buttons=_buttons("type_buttons")
            )
        return []


class ActionAskLocationType(Action):
    """Asks where it happened, with the common places as buttons."""

    def name(self) -> str:
        return "action_ask_location_type"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            response="utter_ask_location_type", buttons=_buttons("location_buttons")
        )
        return []


class ActionAskPerpetratorRelation(Action):
    """Asks who did it, with the usual relations as buttons."""

    def name(self) -> str:
        return "action_ask_perpetrator_relation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            response="utter_ask_perpetrator_relation", buttons=_buttons("relation_buttons")
        )
        return []

"""Starting, pausing, resuming, summarising and correcting a report."""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import get_context
from actions.tracker import (
    draft_from,
    handled,
    message_is_new,
    reset_draft_events,
    say,
    slot_events,
    turn_from,
)
from bot.dialogue import report as report_flow
from bot.dialogue import resume
from bot.dialogue.draft import Draft
from bot.dialogue.summary import summary_variables


class ActionStartReport(Action):
    """Begins a new draft; a story in the opening message is read at once."""

    def name(self) -> str:
        return "action_start_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = get_context()
        opening = resume.opening_turn(
            turn_from(tracker, ctx.clock.now()),
            offer=tracker.get_slot("offer"),
            pending_story=tracker.get_slot("pending_story"),
            message_is_new=message_is_new(tracker),
        )
        outcome = report_flow.start_draft(opening.turn, uuid.uuid4().hex, ctx.classifier)
        if opening.replacing:
            dispatcher.utter_message(response="utter_draft_replaced")
        say(dispatcher, outcome.say)
        return [
            *reset_draft_events(),
            *slot_events(Draft(), outcome.draft),
            SlotSet("stage", "collecting"),
            SlotSet("offer", None),
            SlotSet("pending_story", None),
            *handled(tracker),
        ]


class ActionOfferResume(Action):
    """Offers to finish an open draft (or says there is none)."""

    def name(self) -> str:
        return "action_offer_resume"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        now = get_context().clock.now()
        offer = resume.resume_offer(
            draft_from(tracker), tracker.get_slot("stage"), turn_from(tracker, now), now
        )
        say(dispatcher, offer.say)
        return [*(SlotSet(name, value) for name, value in offer.slots.items()), *handled(tracker)]


class ActionResumeReport(Action):
    """Continues the open draft; a story told meanwhile fills what is still missing."""

    def name(self) -> str:
        return "action_resume_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = get_context()
        before = draft_from(tracker)
        after = report_flow.merge_pending_story(
            before, tracker.get_slot("pending_story") or "", ctx.clock.now(), ctx.classifier
        )
        dispatcher.utter_message(response="utter_report_resumed")
        return [
            *slot_events(before, after),
            SlotSet("stage", "collecting"),
            SlotSet("offer", None),
            SlotSet("pending_story", None),
            *handled(tracker),
        ]


class ActionPauseReport(Action):
    """'Stop' outside the form: the draft stays, and the next message gets the offer to finish."""

    def name(self) -> str:
        return "action_pause_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_draft_kept")
        # With the offer open, a new story is not mistaken for a correction of the summary.
        return [SlotSet("offer", "resume"), SlotSet("pending_story", None), *handled(tracker)]


class ActionDeclineResume(Action):
    """The worker does not want to finish now: the draft stays."""

    def name(self) -> str:
        return "action_decline_resume"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_draft_kept")
        return [SlotSet("offer", None), SlotSet("pending_story", None)]


class ActionShowSummary(Action):
    """Shows the whole draft in plain Dutch and asks to confirm."""

    def name(self) -> str:
        return "action_show_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        ctx = get_context()
        variables = summary_variables(draft_from(tracker), ctx.clock.now())
        dispatcher.utter_message(response="utter_summary", **variables)
        return [SlotSet("stage", "confirming")]


class ActionApplyCorrection(Action):
    """A correction at the summary: change the facts or ask the named question again."""

    def name(self) -> str:
        return "action_apply_correction"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = get_context()
        before = draft_from(tracker)
        outcome = report_flow.apply_correction(
            before, turn_from(tracker, ctx.clock.now()), ctx.classifier
        )
        say(dispatcher, outcome.say)
        return [
            *slot_events(before, outcome.draft),
            SlotSet("stage", "collecting"),
            *handled(tracker),
        ]

"""After the report: the aangifte choice (ELA) and the damage amount (casework_form)."""

from __future__ import annotations

import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.context import get_context, in_thread
from actions.flow_step import validate_flow_answer
from actions.tracker import reporter_ref
from bot.dialogue import casework as casework_flow
from bot.services import casework

log = logging.getLogger(__name__)


def _open(dispatcher: CollectingDispatcher, found: casework.CaseworkPlan | None) -> list[EventType]:
    """Start the questions of the plan, or say there are none (the rule then waits)."""
    if found is not None and found.damage_info_now:
        dispatcher.utter_message(response="utter_damage_info")
    if found is None or not found.steps:
        return [SlotSet("casework_offer", None), SlotSet("casework", None)]
    return [
        SlotSet("casework", casework_flow.start(found.report_id, found.steps, found.receipt)),
        SlotSet("casework_answer", None),
        SlotSet("casework_offer", "open"),
    ]


class ActionStartCasework(Action):
    """Right after the report: the aangifte choice and the damage amount, when they apply."""

    def name(self) -> str:
        return "action_start_casework"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        report_id = tracker.get_slot("report_id")
        if report_id is None:
            return _open(dispatcher, None)
        try:
            found = await in_thread(
                casework.plan_after_report, get_context().session_factory, int(report_id)
            )
        except (SQLAlchemyError, OSError):
            log.exception("questions after report %s: looking up the report failed", report_id)
            found = None
        return _open(dispatcher, found)


class ActionOfferAangifteChoice(Action):
    """The worker asked about aangifte: offer to record the choice for their latest report."""

    def name(self) -> str:
        return "action_offer_aangifte_choice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("stage") is not None:
            return _open(dispatcher, None)  # a report is being told: finish that first
        try:
            who = reporter_ref(tracker)
            found = await in_thread(
                casework.plan_on_request,
                get_context().session_factory,
                who.channel,
                who.channel_user_id,
            )
        except (SQLAlchemyError, OSError):
            log.exception("aangifte choice: lookup failed")
            found = None
        return _open(dispatcher, found)


class ActionAskCaseworkAnswer(Action):
    """Asks the current question."""

    def name(self) -> str:
        return "action_ask_casework_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        question = casework_flow.current_question(tracker.get_slot("casework") or {})
        if question:
            dispatcher.utter_message(response=question)
        return []


class ValidateCaseworkForm(FormValidationAction):
    """Reads one answer, stores it with the report, and moves to the next question."""

    def name(self) -> str:
        return "validate_casework_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return await validate_flow_answer(
            dispatcher,
            tracker,
            state_slot="casework",
            answer_slot="casework_answer",
            answer=casework_flow.answer,
            store=casework.apply_effects,
            not_saved="utter_casework_not_saved",
        )


class ActionFinishCasework(Action):
    """Clears the state after the last answer, or when the worker stopped."""

    def name(self) -> str:
        return "action_finish_casework"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return [
            SlotSet("casework", None),
            SlotSet("casework_answer", None),
            SlotSet("casework_offer", None),
        ]

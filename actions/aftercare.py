"""The aftercare question after storing: would the worker like to be contacted?"""

from __future__ import annotations

import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.context import get_context, in_thread
from actions.tracker import handled, message_is_new, turn_from
from bot.dialogue import contact as aftercare_flow
from bot.services import reporting

log = logging.getLogger(__name__)


class ValidateAftercareForm(FormValidationAction):
    """Reads yes / no / not now."""

    def name(self) -> str:
        return "validate_aftercare_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not message_is_new(tracker):
            return [SlotSet("requested_slot", "wants_aftercare_contact")]
        ctx = get_context()
        reading = aftercare_flow.read_contact_answer(
            turn_from(tracker, ctx.clock.now()), reasked=bool(tracker.get_slot("aftercare_reasked"))
        )
        if reading.rejected:
            return []
        if reading.reask:
            dispatcher.utter_message(response="utter_reask_wants_aftercare_contact")
            return [
                *handled(tracker),
                SlotSet("aftercare_reasked", True),
                SlotSet("requested_slot", "wants_aftercare_contact"),
            ]
        return [
            *handled(tracker),
            SlotSet("wants_aftercare_contact", reading.value),
            SlotSet("requested_slot", None),
        ]


class ActionAskWantsAftercareContact(Action):
    """Asks whether contact is welcome, or confirms the wish to be called said in the report."""

    def name(self) -> str:
        return "action_ask_wants_aftercare_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        wished = tracker.get_slot("contact_wish") and not tracker.get_slot("aftercare_reasked")
        dispatcher.utter_message(
            response="utter_confirm_contact_wish" if wished else "utter_ask_wants_aftercare_contact"
        )
        return []


class ActionSaveAftercareChoice(Action):
    """Stores the answer with the report and closes the conversation warmly."""

    def name(self) -> str:
        return "action_save_aftercare_choice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = get_context()
        choice = tracker.get_slot("wants_aftercare_contact")
        report_id = tracker.get_slot("report_id")
        if report_id is not None:
            try:
                await in_thread(
                    reporting.record_aftercare_choice,
                    ctx.session_factory,
                    int(report_id),
                    choice,
                    now=ctx.clock.now(),
                )
            except (SQLAlchemyError, OSError):
                log.exception("storing the aftercare choice for report %s failed", report_id)
                dispatcher.utter_message(response="utter_aftercare_not_saved")
                return []
        response = {True: "utter_aftercare_yes", False: "utter_aftercare_no"}.get(
            choice, "utter_aftercare_open"
        )
        dispatcher.utter_message(response=response)
        return [SlotSet("aftercare_reasked", None)]

"""Storing a confirmed report and giving the receipt."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.context import get_context
from actions.tracker import draft_from, reporter_ref, reset_draft_events
from bot.dialogue import casework as casework_flow
from bot.services import reporting

log = logging.getLogger(__name__)


class ActionSubmitReport(Action):
    """Stores the draft once and answers with the receipt number, or keeps the draft on failure."""

    def name(self) -> str:
        return "action_submit_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = get_context()
        draft = draft_from(tracker)
        try:
            stored = reporting.submit_report(
                ctx.session_factory,
                draft,
                reporter_ref(tracker),
                default_organisation=ctx.settings.default_organisation,
                now=ctx.clock.now(),
            )
        except (SQLAlchemyError, OSError, reporting.DraftIncomplete):
            log.exception("storing the report failed; the draft is kept")
            # stage stays "confirming": a rule then tells the worker it was NOT saved.
            return [SlotSet("stage", "confirming")]
        local = stored.created_at.astimezone(ctx.settings.tz)
        dispatcher.utter_message(
            response="utter_report_stored" if stored.created else "utter_report_already_stored",
            receipt=stored.receipt,
            date=f"{local:%d-%m-%Y}",
            time=f"{local:%H:%M}",
        )
        dispatcher.utter_message(response=casework_flow.aangifte_guidance(draft.types))
        # Damage is explained after its amount is asked (actions/casework.py).
        log.info("report %s stored (new=%s)", stored.receipt, stored.created)
        return [
            *reset_draft_events(),
            SlotSet("stage", None),
            SlotSet("offer", None),
            SlotSet("report_id", stored.report_id),
            SlotSet("report_receipt", stored.receipt),
            SlotSet("wants_aftercare_contact", None),
            SlotSet("aftercare_reasked", None),
            # "bel me maar" said in the report: the aftercare question becomes a confirmation.
            SlotSet("contact_wish", draft.contact_wish),
        ]

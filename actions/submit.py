"""Storing a confirmed report and giving the receipt."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import action_texts, get_context, in_thread
from actions.tracker import draft_from, reporter_ref, reset_draft_events
from bot.dialogue import casework as casework_flow
from bot.services import reporting
from bot.wire import limits

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
            stored = await in_thread(
                reporting.submit_report,
                ctx.session_factory,
                draft,
                reporter_ref(tracker),
                default_organisation=ctx.settings.default_organisation,
                now=ctx.clock.now(),
                max_per_day=limits.REPORTS_PER_ACCOUNT_DAY.allowed,
            )
        except reporting.ReportLimitReached:
            log.warning("daily report limit reached")
            # Not a domain response: a new one needs a retrained model (see docs/operations.md).
            dispatcher.utter_message(
                text=action_texts()["report_limit"].format(
                    limit=limits.REPORTS_PER_ACCOUNT_DAY.allowed
                )
            )
            return [SlotSet("stage", "confirming")]
        except Exception:  # any failure: never a receipt, never silence (an uncaught error
            # made the action server answer 500 and Rasa drop the turn without a word)
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

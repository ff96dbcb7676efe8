"""Check-ins triggered by the follow-up worker: start, ask, read answers, finish, opt out."""

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
from bot.dialogue import checkin as checkin_flow
from bot.services import checkins as aftercare
from bot.services import documents
from bot.wire.senders import report_channel

log = logging.getLogger(__name__)


class ActionStartCheckin(Action):
    """Opens the check-in named by the external intent, for the report it was sent about."""

    def name(self) -> str:
        return "action_start_checkin"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
        kind = checkin_flow.checkin_kind(intent)
        if kind is None:
            return []
        ctx = get_context()
        try:
            who = reporter_ref(tracker)
            report_id = await in_thread(
                aftercare.checkin_report,
                ctx.session_factory,
                who.channel,
                who.channel_user_id,
                kind,
            )
        except (SQLAlchemyError, OSError):
            log.exception("check-in %s: looking up the report failed", kind)
            report_id = None
        dispatcher.utter_message(response=f"utter_checkin_intro_{kind}")
        return [
            SlotSet("checkin", checkin_flow.start(kind, report_id)),
            SlotSet("checkin_answer", None),
        ]


class ActionAskCheckinAnswer(Action):
    """Asks the current question of the check-in."""

    def name(self) -> str:
        return "action_ask_checkin_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        question = checkin_flow.current_question(tracker.get_slot("checkin") or {})
        if question:
            dispatcher.utter_message(response=question)
        return []


class ValidateCheckinForm(FormValidationAction):
    """Reads one answer, stores it with the report, and moves to the next question."""

    def name(self) -> str:
        return "validate_checkin_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return await validate_flow_answer(
            dispatcher,
            tracker,
            state_slot="checkin",
            answer_slot="checkin_answer",
            answer=checkin_flow.answer,
            store=aftercare.apply_effects,
            not_saved="utter_checkin_not_saved",
        )


class ActionFinishCheckin(Action):
    """Clears the check-in state after the last answer."""

    def name(self) -> str:
        return "action_finish_checkin"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return [SlotSet("checkin", None), SlotSet("checkin_answer", None)]


class ActionStopFollowups(Action):
    """The worker wants no more check-ins: stop them all and say so once."""

    def name(self) -> str:
        return "action_stop_followups"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        await _stop_followups(dispatcher, tracker)
        # A running check-in is closed by the rule (action_deactivate_loop) after this action.
        return [SlotSet("checkin", None), SlotSet("checkin_answer", None)]


async def _stop_followups(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    ctx = get_context()
    channel = report_channel(tracker.get_latest_input_channel(), tracker.sender_id)
    try:
        first = await in_thread(
            aftercare.stop_for_account,
            ctx.session_factory,
            channel,
            tracker.sender_id,
            now=ctx.clock.now(),
        )
    except (SQLAlchemyError, OSError):
        log.exception("stopping the check-ins failed")
        dispatcher.utter_message(response="utter_followups_not_saved")
        return
    dispatcher.utter_message(
        response="utter_followups_stopped" if first else "utter_followups_already_stopped"
    )


class ActionStopOutsideReport(Action):
    """'stop' when no report is being told: end the chat, or stop the check-ins still to come.

    The /stop command stops them at once; a typed "stop" may only mean "enough for now", so
    the bot asks first, with buttons, rather than dropping aftercare the worker agreed to.
    """

    def name(self) -> str:
        return "action_stop_outside_report"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = get_context()
        channel = report_channel(tracker.get_latest_input_channel(), tracker.sender_id)
        try:
            planned = await in_thread(
                aftercare.has_planned_checkins, ctx.session_factory, channel, tracker.sender_id
            )
        except (SQLAlchemyError, OSError):
            log.exception("looking up the check-ins failed")
            planned = False
        text = tracker.latest_message.get("text") or ""
        decision = checkin_flow.stop_outside_report(text, planned=planned)
        if decision == "goodbye":
            dispatcher.utter_message(response="utter_goodbye")
        elif decision == "stop_followups":
            await _stop_followups(dispatcher, tracker)
        else:
            dispatcher.utter_message(response="utter_ask_stop_followups")
        return []


class ActionSendAangifteDraft(Action):
    """Sends the aangifte preparation sheet of the worker's latest report (chat command)."""

    def name(self) -> str:
        return "action_send_aangifte_draft"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ctx = get_context()
        try:
            who = reporter_ref(tracker)
            draft = await in_thread(
                documents.latest_aangifte_draft,
                ctx.session_factory,
                who.channel,
                who.channel_user_id,
                ctx.settings.tz,
            )
        except (SQLAlchemyError, OSError):
            log.exception("aangifte sheet failed")
            dispatcher.utter_message(response="utter_aangifte_draft_failed")
            return []
        if draft is None:
            dispatcher.utter_message(response="utter_aangifte_draft_none")
        else:
            dispatcher.utter_message(response="utter_aangifte_draft", draft=draft.text)
            # The channel turns this into a PDF (Telegram document, web chat download link).
            dispatcher.utter_message(
                response="utter_aangifte_document",
                report_id=str(draft.report_id),
                receipt=draft.receipt,
            )
        return []

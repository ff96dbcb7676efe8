"""Use cases around storing a confirmed report. Each function owns its transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.draft import Draft
from bot.services.arbo import is_notifiable
from bot.services.casework import db_set_aangifte_decision
from bot.services.evidence import db_attach_pending_evidence
from bot.services.followups import (
    COORDINATOR_KINDS,
    RESPONSE_DEADLINE,
    db_add_followups,
    db_cancel_open,
    db_stop_for_reporter,
    plan_for_consent,
    plan_for_report,
)
from bot.services.measures import default_measure_until
from bot.services.severity import derive_severity
from bot.storage.models import Report
from bot.storage.reports import (
    ReporterRef,
    db_add_report,
    db_count_reports_since,
    db_get_or_create_organisation,
    db_get_or_create_reporter,
    db_get_report_by_submission_key,
    db_set_aftercare_choice,
)
from bot.understanding.amounts import MAX_CENTS, amount_cents
from bot.vocab import AANGIFTE_DECISIONS, AANGIFTE_STATUSES, RESPONSE_MEASURES, is_criminal

log = logging.getLogger(__name__)

# Channels whose reports belong to the default organisation. Other channels (Telegram) know the
# organisation only from an invite; until the account is linked the report has none
# ("organisatie onbekend"). A coordinator's "melden namens" (channel "dashboard") passes the
# organisation it chose as the default.
DEFAULT_ORGANISATION_CHANNELS = frozenset({"rest", "web", "dashboard"})


@dataclass(frozen=True)
class StoredReport:
    """What the worker is told after storing: the receipt and when."""

    report_id: int
    receipt: str
    created_at: datetime
    created: bool  # False when this draft had been stored before (a repeated confirmation)


class DraftIncomplete(ValueError):
    """The draft cannot be stored (no draft id)."""


class ReportLimitReached(Exception):
    """This account stored its maximum of reports for the last 24 hours; the draft is kept."""


def submit_report(
    factory: sessionmaker[Session],
    draft: Draft,
    reporter: ReporterRef,
    *,
    default_organisation: str,
    now: datetime,
    max_per_day: int | None = None,
) -> StoredReport:
    """Store a confirmed draft exactly once; a repeated call returns the first receipt.

    With `max_per_day`, an account that stored that many reports in the last 24 hours gets
    ReportLimitReached instead (a repeated confirmation of a stored one still gets its receipt).
    """
    if not draft.draft_id:
        raise DraftIncomplete("draft has no id")
    try:
        return _store(factory, draft, reporter, default_organisation, now, max_per_day)
    except IntegrityError:
        # Two confirmations raced: the other one stored it; answer with its receipt.
        log.info("report for draft %s was stored concurrently", draft.draft_id)
        with factory() as session:
            existing = db_get_report_by_submission_key(session, draft.draft_id)
            if existing is None:
                raise
            return StoredReport(existing.id, existing.receipt, existing.created_at, created=False)


def _store(factory, draft, reporter_ref, default_organisation, now, max_per_day) -> StoredReport:
    with factory() as session, session.begin():
        existing = db_get_report_by_submission_key(session, draft.draft_id)
        if existing is not None:
            return StoredReport(existing.id, existing.receipt, existing.created_at, created=False)
        reporter = db_get_or_create_reporter(session, reporter_ref, now=now)
        if max_per_day is not None and (
            db_count_reports_since(session, reporter.id, now - timedelta(days=1)) >= max_per_day
        ):
            raise ReportLimitReached(f"{max_per_day} reports in 24 hours")
        if draft.anonymous:
            # The worker asked that their name not reach the organisation: it is not kept.
            reporter.display_name = None
        organisation = reporter.organisation
        if organisation is None and reporter_ref.channel in DEFAULT_ORGANISATION_CHANNELS:
            organisation = db_get_or_create_organisation(session, default_organisation, now=now)
        report = db_add_report(
            session,
            draft,
            reporter=reporter,
            organisation=organisation,
            channel=reporter_ref.channel,
            severity=derive_severity(
                draft.types,
                draft.injury,
                draft.weapon,
                repeated=bool(draft.repeated),
                injury_text=draft.injury_text,
            ),
            now=now,
        )
        db_attach_pending_evidence(
            session, reporter_ref.channel, reporter_ref.channel_user_id, report.id
        )
        report.unit_id = reporter.unit_id
        report.arbo_notifiable = is_notifiable(draft.injury, draft.injury_text)
        # The 48-hour clock starts with the report, in the same transaction.
        report.response_due_at = now + RESPONSE_DEADLINE
        # An amount over a million euro is a typing error (the chat asks again); an absurd one
        # ("€ 1111111111111111111111") would not even fit the column and fail the whole save.
        cents = amount_cents(draft.damage_text)
        report.damage_amount_cents = cents if cents is not None and cents <= MAX_CENTS else None
        if draft.aangifte_via in AANGIFTE_DECISIONS:
            # "via mijn werkgever" said during the report is the ELA choice itself.
            report.aangifte_decision = draft.aangifte_via
        elif draft.wants_aangifte is not None:
            report.aangifte_decision = "wil_aangifte" if draft.wants_aangifte else "geen_aangifte"
        if draft.contact_wish:
            # "bel me maar": contact is welcome; the aftercare question can still change it.
            report.wants_aftercare_contact = True
        db_add_followups(
            session,
            report,
            plan_for_report(
                now,
                criminal=is_criminal(draft.types),
                wants_aangifte=draft.wants_aangifte,
            ),
            tz=now.tzinfo,
            now=now,
        )
        return StoredReport(report.id, report.receipt, report.created_at, created=True)


def record_aftercare_choice(
    factory: sessionmaker[Session],
    report_id: int,
    wants_contact: bool | None,
    *,
    now: datetime,
) -> bool:
    """Store the aftercare answer and its check-ins in one transaction; False for an unknown report."""
    with factory() as session, session.begin():
        report = db_set_aftercare_choice(session, report_id, wants_contact)
        if report is None:
            return False
        if report.reporter.followups_stopped_at is None:
            db_add_followups(
                session, report, plan_for_consent(now, wants_contact), tz=now.tzinfo, now=now
            )
        return True


def stop_followups(factory: sessionmaker[Session], report_id: int, *, now: datetime) -> bool | None:
    """The worker of this report stops all check-ins: True the first time, None when unknown."""
    with factory() as session, session.begin():
        report = session.get(Report, report_id)
        if report is None:
            return None
        first, cancelled = db_stop_for_reporter(session, report.reporter, now=now)
        log.info("check-ins stopped for reporter %s (%d cancelled)", report.reporter_id, cancelled)
        return first


def record_response(
    factory: sessionmaker[Session], report_id: int, measure: str, *, now: datetime
) -> bool:
    """The coordinator responded to the perpetrator: store the measure, stop the reminders."""
    if measure not in RESPONSE_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    with factory() as session, session.begin():
        report = session.get(Report, report_id)
        if report is None:
            return False
        db_record_response(session, report, measure, now=now)
        return True


def db_record_response(session: Session, report: Report, measure: str, *, now: datetime) -> None:
    """Store the measure and stop the 48-hour reminders, in the caller's transaction."""
    if measure not in RESPONSE_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    report.response_measure = measure
    report.response_done_at = now
    # A yellow card holds one year (also when recorded with `vpt response-done`).
    report.response_measure_until = default_measure_until(measure, now.date())
    db_cancel_open(session, report.id, COORDINATOR_KINDS, "response done")


def update_report(
    factory: sessionmaker[Session],
    report_id: int,
    *,
    aangifte_decision: str | None = None,
    aangifte_status: str | None = None,
    damage_amount_cents: int | None = None,
    now: datetime,
) -> bool:
    """Record the aangifte decision, its status or the damage amount; False for an unknown report.

    The decision is stored as in the chat (bot.services.casework): the one-week aangifte check-in is
    planned or cancelled with it.
    """
    if aangifte_decision is not None and aangifte_decision not in AANGIFTE_DECISIONS:
        raise ValueError(f"unknown aangifte decision {aangifte_decision!r}")
    if aangifte_status is not None and aangifte_status not in AANGIFTE_STATUSES:
        raise ValueError(f"unknown aangifte status {aangifte_status!r}")
    with factory() as session, session.begin():
        report = session.get(Report, report_id)
        if report is None:
            return False
        if aangifte_decision is not None:
            db_set_aangifte_decision(session, report, aangifte_decision, now=now)
        if aangifte_status is not None:
            report.aangifte_status = aangifte_status
        if damage_amount_cents is not None:
            report.damage_amount_cents = damage_amount_cents
        return True

"""The VPT measures after a report as steps with dates: which aangifte step and damage step is
open, when the CJIB advance and the Schadefonds deadline fall, and whether an aftercare signal
is handled. Pure functions and db_* reads; the use cases are in measure_actions.py.

Terms (shared/domain-nl.md, "Schadeverhaal"): when the offender has not paid a compensation
order 8 months after the final judgment, the state (CJIB) advances it; the Schadefonds
Geweldsmisdrijven takes applications up to 10 years after the violent crime.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.followups import ALERT_KINDS
from bot.storage.models import AftercareAction, FollowUp, Report
from bot.vocab import DAMAGE_CLOSED, is_criminal

CJIB_ADVANCE_MONTHS = 8
SCHADEFONDS_YEARS = 10
# The yellow card (written warning) holds one year (domain-nl, measure 5).
WARNING_MONTHS = 12
# Measures of the 48-hour response that last until an end date (the others are one-off).
DATED_MEASURES = ("waarschuwingsbrief", "locatieverbod", "opschorten_dienstverlening")
# Measures that go into the register of issued measures (all but "geen reactie mogelijk").
REGISTER_MEASURES = ("gesprek", *DATED_MEASURES)
# A decision that still has to be made with the worker.
_UNDECIDED = (None, "nog_niet", "wil_aangifte")


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day when it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def incident_day(report: Report, tz: tzinfo) -> date:
    """The day of the incident (the report's day when the worker did not say)."""
    return (report.occurred_at or report.created_at).astimezone(tz).date()


def cjib_advance_on(judgment_on: date) -> date:
    """From this day the state advances an unpaid compensation order (8 months after judgment)."""
    return add_months(judgment_on, CJIB_ADVANCE_MONTHS)


def schadefonds_deadline(report: Report, tz: tzinfo) -> date:
    """The last day to apply to the Schadefonds Geweldsmisdrijven (10 years after the incident)."""
    return add_months(incident_day(report, tz), 12 * SCHADEFONDS_YEARS)


def default_measure_until(measure: str, done_on: date) -> date | None:
    """The end date a measure has by itself: one year for a yellow card, none for the others."""
    return add_months(done_on, WARNING_MONTHS) if measure == "waarschuwingsbrief" else None


def aangifte_step(report: Report) -> str | None:
    """The open aangifte task of a report, or None (filed, not filed, or not a criminal case)."""
    if report.aangifte_status in ("gedaan", "niet_gedaan"):
        return None
    if report.aangifte_decision == "werkgever":
        return "employer_files"
    if report.aangifte_status == "gepland":
        return "check_filed"
    if report.aangifte_decision in ("geen", "geen_aangifte"):
        return None
    if report.aangifte_status == "besproken":
        return "plan_filing"
    if is_criminal(report.types) and report.aangifte_decision in _UNDECIDED:
        return "decide"
    return None


@dataclass(frozen=True)
class DamageStep:
    """The open damage task of a report, with the day it falls due when it has one."""

    detail: str  # recover, amount_unknown, cjib_advance, schadefonds_deadline, follow_claim
    due_on: date | None = None


def damage_step(report: Report, tz: tzinfo) -> DamageStep | None:
    """What is left to do to recover the damage (measure 7), or None."""
    if report.damage_status in DAMAGE_CLOSED:
        return None
    if report.damage_route == "benadeelde_partij" and report.damage_judgment_on is not None:
        return DamageStep("cjib_advance", cjib_advance_on(report.damage_judgment_on))
    if report.damage_route == "schadefonds" and report.damage_status in (None, "open"):
        return DamageStep("schadefonds_deadline", schadefonds_deadline(report, tz))
    if report.damage_route is not None:
        return DamageStep("follow_claim") if report.damage_status != "toegewezen" else None
    if report.damage_amount_cents is not None:
        return DamageStep("recover")
    if "materiele_schade" in (report.types or []) or report.injury:
        return DamageStep("amount_unknown")
    return None


@dataclass(frozen=True)
class Signal:
    """An aftercare signal the worker agreed to pass on, and whether it was handled since."""

    kind: str
    at: datetime
    handled: bool


def db_signals(session: Session, report_ids: list[int]) -> dict[int, list[Signal]]:
    """The aftercare signals per report; a signal is handled once an aftercare action was
    recorded at or after it (a later signal needs a new action)."""
    found: dict[int, list[Signal]] = {}
    if not report_ids:
        return found
    last_action: dict[int, datetime] = {}
    for report_id, created_at in session.execute(
        select(AftercareAction.report_id, AftercareAction.created_at).where(
            AftercareAction.report_id.in_(report_ids)
        )
    ):
        if report_id not in last_action or created_at > last_action[report_id]:
            last_action[report_id] = created_at
    rows = session.execute(
        select(FollowUp.report_id, FollowUp.kind, FollowUp.created_at)
        .where(FollowUp.report_id.in_(report_ids), FollowUp.kind.in_(sorted(ALERT_KINDS)))
        .order_by(FollowUp.created_at)
    )
    for report_id, kind, at in rows:
        handled = report_id in last_action and last_action[report_id] >= at
        found.setdefault(report_id, []).append(Signal(kind, at, handled))
    return found


def db_aftercare_actions(session: Session, report_id: int) -> list[AftercareAction]:
    """The aftercare actions of a report, oldest first."""
    return list(
        session.scalars(
            select(AftercareAction)
            .where(AftercareAction.report_id == report_id)
            .order_by(AftercareAction.done_on, AftercareAction.id)
        )
    )


def measures_view(
    session: Session, report: Report, tz: tzinfo, *, coordinator: bool, aftercare: bool
) -> dict:
    """The case page's measure 6, 7 and 8 sections (plain values for the template)."""
    step = damage_step(report, tz)
    signals = db_signals(session, [report.id]).get(report.id, [])
    return {
        "aangifte": {
            "decision": report.aangifte_decision,
            "status": report.aangifte_status,
            "filed_on": report.aangifte_filed_on,
            "police_reference": report.police_reference,
            "om_outcome": report.om_outcome,
            "step": aangifte_step(report),
            "employer_files": report.aangifte_decision == "werkgever",
        },
        "damage": {
            "amount_cents": report.damage_amount_cents,
            "route": report.damage_route,
            "status": report.damage_status,
            "paid_cents": report.damage_paid_cents,
            "judgment_on": report.damage_judgment_on,
            "cjib_advance_on": (
                cjib_advance_on(report.damage_judgment_on) if report.damage_judgment_on else None
            ),
            "schadefonds_deadline": schadefonds_deadline(report, tz),
            "step": step.detail if step else None,
        },
        "aftercare": {
            "signals": [{"kind": s.kind, "at": s.at, "handled": s.handled} for s in signals],
            "actions": [
                {"kind": a.kind, "done_on": a.done_on, "author": a.author.name if a.author else ""}
                for a in db_aftercare_actions(session, report.id)
            ],
            "can_record": coordinator or aftercare,
            "can_read_answers": aftercare,
        },
        "response_measure_until": report.response_measure_until,
        "on_behalf_source": report.on_behalf_source,
    }

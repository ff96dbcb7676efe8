"""Use cases of the questions after a report: which apply, and storing the aangifte choice
(with its one-week check-in) and the damage amount. Each public function owns its transaction;
db_* functions take a session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.casework import plan
from bot.dialogue.turn import Effect
from bot.services.followups import (
    AANGIFTE_CHECK,
    CANCELLED,
    PENDING,
    Planned,
    db_add_followups,
    db_cancel_open,
    db_find_followup,
    effective_due,
)
from bot.storage.models import Report
from bot.storage.reports import db_latest_report
from bot.vocab import is_criminal

# Decisions after which the worker files the report themselves: the one-week check-in asks
# whether it happened. The others (employer files, not yet, none) need no check-in.
INTENDS_TO_FILE = frozenset({"zelf", "zelf_onder_nummer", "wil_aangifte"})
_CHECK_KIND = next(iter(AANGIFTE_CHECK))


@dataclass(frozen=True)
class CaseworkPlan:
    """The questions to ask about one report, and whether its damage info is due now."""

    report_id: int
    receipt: str
    steps: list[str]
    damage_info_now: bool  # damage known with its amount: explain the routes without asking


def _is_criminal(report: Report) -> bool:
    return is_criminal(report.types)


def _has_damage(report: Report) -> bool:
    return bool(report.injury or report.damage_text or "materiele_schade" in (report.types or []))


def _plan(report: Report, *, after_report: bool) -> CaseworkPlan:
    has_damage = _has_damage(report)
    amount_known = report.damage_amount_cents is not None
    steps = plan(
        criminal=_is_criminal(report),
        decision=report.aangifte_decision,
        has_damage=has_damage,
        amount_known=amount_known,
        after_report=after_report,
    )
    return CaseworkPlan(
        report.id, report.receipt, steps, after_report and has_damage and amount_known
    )


def plan_after_report(factory: sessionmaker[Session], report_id: int) -> CaseworkPlan | None:
    """The questions right after storing this report; None for an unknown report."""
    with factory() as session:
        report = session.get(Report, report_id)
        return _plan(report, after_report=True) if report is not None else None


def plan_on_request(
    factory: sessionmaker[Session], channel: str, channel_user_id: str
) -> CaseworkPlan | None:
    """The aangifte choice for this conversation's latest report, when the worker asks.

    Only while no way of filing is chosen ("nog niet", or the report's plain "wil aangifte"): a
    worker who chose and asks a question about aangifte gets the answer, not the choice again.
    """
    with factory() as session:
        report = db_latest_report(session, channel, channel_user_id)
        if report is None or report.aangifte_status == "gedaan":
            return None
        if report.aangifte_decision not in (None, "nog_niet", "wil_aangifte"):
            return None
        return _plan(report, after_report=False)


def db_set_aangifte_decision(
    session: Session, report: Report, decision: str, *, now: datetime
) -> None:
    """Record the decision; the one-week check-in exists only while the worker means to file."""
    report.aangifte_decision = decision
    if decision not in INTENDS_TO_FILE:
        db_cancel_open(session, report.id, frozenset({_CHECK_KIND}), f"aangifte: {decision}")
        return
    if report.aangifte_status in (None, "onbekend", "niet_gedaan"):
        report.aangifte_status = "gepland"
    if not _is_criminal(report):
        return
    planned = Planned(_CHECK_KIND, "worker", now + AANGIFTE_CHECK[_CHECK_KIND])
    row = db_find_followup(session, report.id, _CHECK_KIND)
    if row is None:
        db_add_followups(session, report, [planned], tz=now.tzinfo, now=now)
    elif row.status == CANCELLED and report.reporter.followups_stopped_at is None:
        # Decided against it before, and now for it: the same row (its dedupe key) comes back.
        row.status, row.due_at, row.attempts, row.last_error = (
            PENDING,
            effective_due(planned, now.tzinfo),
            0,
            None,
        )


def apply_effects(
    factory: sessionmaker[Session], report_id: int, effects: tuple[Effect, ...], *, now: datetime
) -> bool:
    """Store what an answer brought, in one transaction; False for an unknown report."""
    with factory() as session, session.begin():
        report = session.get(Report, report_id)
        if report is None:
            return False
        for effect in effects:
            if effect.name == "aangifte_decision":
                db_set_aangifte_decision(session, report, effect.values["decision"], now=now)
            elif effect.name == "damage_amount":
                report.damage_amount_cents = int(effect.values["cents"])
        return True

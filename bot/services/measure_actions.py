"""What a coordinator records for measures 6 (aangifte), 7 (damage) and 8 (aftercare), the
aangifte preparation sheet, the raw check-in answers (aftercare role only) and the register of
issued measures. Each function checks all input before it opens a transaction, owns that
transaction, and writes one content-free audit row in it: a refused form changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.services import documents
from bot.services.accounts import Principal
from bot.services.case_actions import InvalidInput
from bot.services.cases import CaseForbidden, db_get_case
from bot.services.casework import db_set_aangifte_decision
from bot.services.checkins import db_answers
from bot.services.documents import Document
from bot.services.measures import DATED_MEASURES, REGISTER_MEASURES, incident_day
from bot.storage.audit import db_append_audit
from bot.storage.models import AftercareAction, Report
from bot.understanding.amounts import answer_cents
from bot.vocab import (
    AANGIFTE_DECISIONS,
    AANGIFTE_STATUSES,
    AFTERCARE_ACTIONS,
    DAMAGE_ROUTES,
    DAMAGE_STATUSES,
    OM_OUTCOMES,
)

# Police reference numbers ("2026123456", "PL0900-2026123456"): letters, digits, - / . and spaces.
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./-]{0,59}")
# A damage claim above this is a typing error (EUR 10 million).
MAX_CENTS = 1_000_000_000


def parse_day(value: str, key: str, *, today: date) -> date | None:
    """A date from a form ('2026-11-20'); empty is None; a bad or future date is refused."""
    value = value.strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(key) from exc
    if day > today or day.year < 2000:
        raise InvalidInput(key)
    return day


def parse_cents(value: str, key: str) -> int | None:
    """An amount in euro from a form ('1250', '1.250,50', '€ 80'); empty is None."""
    value = value.strip()
    if not value:
        return None
    cents = answer_cents(value if any(c in value for c in "€eE") else f"€ {value}")
    if cents is None or not 0 <= cents <= MAX_CENTS:
        raise InvalidInput(key)
    return cents


def _choice(value: str, allowed: tuple[str, ...], key: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if value not in allowed:
        raise InvalidInput(key)
    return value


def _coordinator_case(session: Session, principal: Principal, report_id: int) -> Report:
    report = db_get_case(session, principal, report_id)
    if report.organisation_id not in principal.orgs("coordinator"):
        raise CaseForbidden(report_id)
    return report


def _audit(session: Session, principal: Principal, report: Report, action: str, now: datetime):
    db_append_audit(
        session, action, at=now, user_id=principal.user_id,
        organisation_id=report.organisation_id, object_type="report", object_id=report.id,
    )  # fmt: skip


@dataclass(frozen=True)
class AangifteUpdate:
    """Measure 6 as the coordinator records it (all fields checked)."""

    decision: str | None
    status: str | None
    filed_on: date | None
    police_reference: str | None
    om_outcome: str | None


def aangifte_update(form: dict[str, str], *, today: date) -> AangifteUpdate:
    """Check the aangifte form: known choices, a filing date not in the future, and a filing
    date, police reference or OM outcome only for an aangifte that was made."""
    status = _choice(form.get("status", ""), AANGIFTE_STATUSES, "aangifte_status")
    filed_on = parse_day(form.get("gedaan_op", ""), "aangifte_date", today=today)
    reference = form.get("proces_verbaal", "").strip() or None
    if reference is not None and not _REFERENCE.fullmatch(reference):
        raise InvalidInput("police_reference")
    outcome = _choice(form.get("om", ""), OM_OUTCOMES, "om_outcome")
    if status != "gedaan" and (filed_on or reference or outcome):
        raise InvalidInput("aangifte_not_filed")
    return AangifteUpdate(
        decision=_choice(form.get("besluit", ""), AANGIFTE_DECISIONS, "aangifte_decision"),
        status=status,
        filed_on=filed_on,
        police_reference=reference,
        om_outcome=outcome,
    )


def record_aangifte(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    update: AangifteUpdate,
    *,
    now: datetime,
) -> None:
    """Store the aangifte decision and pipeline; the decision goes through the chat's own rule
    (bot.services.casework), so the one-week check-in is planned or cancelled with it."""
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        if update.decision is not None and update.decision != report.aangifte_decision:
            db_set_aangifte_decision(session, report, update.decision, now=now)
        report.aangifte_status = update.status
        report.aangifte_filed_on = update.filed_on
        report.police_reference = update.police_reference
        report.om_outcome = update.om_outcome
        _audit(session, principal, report, "aangifte_updated", now)


@dataclass(frozen=True)
class DamageUpdate:
    """Measure 7 as the coordinator records it (all fields checked)."""

    amount_cents: int | None
    route: str | None
    status: str | None
    paid_cents: int | None
    judgment_on: date | None


def damage_update(form: dict[str, str], *, today: date) -> DamageUpdate:
    """Check the damage form: amounts in euro, known route and status, a judgment date (the
    start of the CJIB term) only for the criminal case and not in the future."""
    route = _choice(form.get("route", ""), DAMAGE_ROUTES, "damage_route")
    status = _choice(form.get("status", ""), DAMAGE_STATUSES, "damage_status")
    judgment_on = parse_day(form.get("vonnis_op", ""), "judgment_date", today=today)
    if judgment_on is not None and route != "benadeelde_partij":
        raise InvalidInput("judgment_route")
    if status is not None and status != "open" and route is None:
        raise InvalidInput("damage_route_needed")
    return DamageUpdate(
        amount_cents=parse_cents(form.get("bedrag", ""), "damage_amount"),
        route=route,
        status=status,
        paid_cents=parse_cents(form.get("betaald", ""), "damage_paid"),
        judgment_on=judgment_on,
    )


def record_damage(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    update: DamageUpdate,
    *,
    now: datetime,
) -> None:
    """Store the damage amount, route, status, paid amount and judgment date."""
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        report.damage_amount_cents = update.amount_cents
        report.damage_route = update.route
        report.damage_status = update.status
        report.damage_paid_cents = update.paid_cents
        report.damage_judgment_on = update.judgment_on
        _audit(session, principal, report, "damage_updated", now)


def record_aftercare_action(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    form: dict[str, str],
    *,
    now: datetime,
    tz: tzinfo,
) -> None:
    """An aftercare action on a date (coordinator or aftercare role of the case's organisation);
    it marks the signals before it as handled."""
    kind = _choice(form.get("actie", ""), AFTERCARE_ACTIONS, "aftercare_action")
    if kind is None:
        raise InvalidInput("aftercare_action")
    done_on = parse_day(form.get("op", ""), "aftercare_date", today=now.astimezone(tz).date())
    if done_on is None:
        raise InvalidInput("aftercare_date")
    with factory() as session, session.begin():
        report = db_get_case(session, principal, report_id)
        if done_on < incident_day(report, tz):
            raise InvalidInput("aftercare_date")
        session.add(
            AftercareAction(
                report_id=report.id,
                kind=kind,
                done_on=done_on,
                author_id=principal.user_id,
                created_at=now,
            )  # fmt: skip
        )
        _audit(session, principal, report, f"aftercare_action:{kind}", now)


def checkin_answers(
    factory: sessionmaker[Session], principal: Principal, report_id: int, *, now: datetime
) -> dict:
    """The worker's own check-in answers: health data, so only for the aftercare role of the
    case's organisation, and every view is audited."""
    with factory() as session, session.begin():
        report = db_get_case(session, principal, report_id)
        if report.organisation_id not in principal.orgs("aftercare"):
            raise CaseForbidden(report_id)
        answers = [
            {"kind": a.kind, "question": a.question, "answer": a.answer, "at": a.answered_at}
            for a in db_answers(session, report.id)
        ]
        _audit(session, principal, report, "checkin_answers_viewed", now)
        return {"id": report.id, "receipt": report.receipt, "answers": answers}


def aangifte_sheet(
    factory: sessionmaker[Session], principal: Principal, report_id: int, tz: tzinfo, *, now
) -> Document:
    """The aangifte preparation sheet for the employer filing (audited); .pdf() makes the file."""
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        document = documents.aangifte_sheet(report, tz)
        _audit(session, principal, report, "aangifte_sheet_downloaded", now)
        return document


def measure_register(
    factory: sessionmaker[Session], principal: Principal, tz: tzinfo, *, now: datetime
) -> list[dict]:
    """The issued measures (talk, yellow card, red card, suspended services) of the coordinator's
    own organisations, with their end dates; the view is audited."""
    orgs = principal.orgs("coordinator")
    if not orgs:
        raise CaseForbidden("register")
    today = now.astimezone(tz).date()
    with factory() as session, session.begin():
        reports = session.scalars(
            select(Report)
            .where(
                Report.organisation_id.in_(sorted(orgs)),
                Report.response_done_at.is_not(None),
                Report.response_measure.in_(REGISTER_MEASURES),
            )
            .options(selectinload(Report.organisation))
            .order_by(Report.response_done_at.desc(), Report.id.desc())
        ).all()
        rows = [
            {
                "id": r.id,
                "receipt": r.receipt,
                "organisation": r.organisation.name if r.organisation else "",
                "measure": r.response_measure,
                "issued_on": r.response_done_at.astimezone(tz).date(),
                "until": r.response_measure_until,
                # A talk is one-off; a dated measure runs until its end date.
                "active": r.response_measure in DATED_MEASURES
                and (r.response_measure_until is None or r.response_measure_until >= today),
                "perpetrator": r.perpetrator_description or "",
                "relation": r.perpetrator_relation,
            }
            for r in reports
        ]
        db_append_audit(session, "register_viewed", at=now, user_id=principal.user_id)
        return rows

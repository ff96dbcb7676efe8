"""Arbowet article 9: an incident with hospital admission or lasting harm must be reported to the
Nederlandse Arbeidsinspectie at once; the employer keeps a register of reported accidents and of
those with more than three days' absence. The flag is set when the report is stored and stays on
the worklist until a coordinator marks it reported (or not notifiable after all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import Principal
from bot.services.cases import CaseForbidden, CaseNotFound
from bot.storage.audit import db_append_audit
from bot.storage.models import Report
from bot.understanding.text import fold

# Serious harm in the sense of art. 9: admitted to hospital, or harm that lasts. Conservative on
# purpose: the coordinator confirms or clears the flag; a missed report can cost up to EUR 50,000.
NOTIFIABLE_HARM = re.compile(
    r"\b(?:ziekenhuis\w*|opgenomen|opname|spoedeisende|seh|blijvend\w*|invalid\w*|amput\w*|"
    r"verlam\w*|blind|doof|litteken\w*|gebroken|\w*breuk\w*|hersenschudding\w*|bewusteloos)\b"
)
_NEGATORS = frozenset({"niet", "geen", "niets", "niks", "nergens", "zonder"})
REGISTER_ABSENCE_DAYS = 3  # the register lists accidents with more than three days' absence
MAX_DAYS_ABSENT = 3650


class InvalidArboInput(ValueError):
    """A form value out of range (days absent)."""


def is_notifiable(injury: bool | None, injury_text: str | None) -> bool:
    """Whether the injury description names hospital admission or lasting harm (not negated)."""
    if injury is False or not injury_text:
        return False
    folded = fold(injury_text)
    for match in NOTIFIABLE_HARM.finditer(folded):
        before = re.findall(r"\w+", folded[: match.start()])[-3:]
        if not _NEGATORS.intersection(before):
            return True
    return False


@dataclass(frozen=True)
class ArboCase:
    """One line of the art. 9 page: no story, no name."""

    report_id: int
    receipt: str
    created_at: datetime
    occurred_at: datetime | None
    types: list[str]
    injury_text: str
    notifiable: bool
    reported_at: datetime | None
    days_absent: int | None


def _coordinator_orgs(principal: Principal) -> list[int]:
    orgs = sorted(principal.orgs("coordinator"))
    if not orgs:
        raise CaseForbidden("arbo")
    return orgs


def arbo_cases(factory: sessionmaker[Session], principal: Principal) -> list[ArboCase]:
    """Reports flagged for art. 9 or with days of absence, newest first (coordinator only)."""
    orgs = _coordinator_orgs(principal)
    with factory() as session:
        reports = session.scalars(
            select(Report)
            .where(
                Report.organisation_id.in_(orgs),
                or_(Report.arbo_notifiable.is_(True), Report.days_absent.is_not(None)),
            )
            .order_by(Report.created_at.desc(), Report.id.desc())
        ).all()
        return [
            ArboCase(
                r.id,
                r.receipt,
                r.created_at,
                r.occurred_at,
                list(r.types or []),
                r.injury_text or "",
                r.arbo_notifiable,
                r.arbo_reported_at,
                r.days_absent,
            )  # fmt: skip
            for r in reports
        ]


def db_open_arbo_reports(session: Session, organisation_ids: list[int]) -> list[Report]:
    """Flagged reports not yet marked reported to the Arbeidsinspectie (for the worklist)."""
    return list(
        session.scalars(
            select(Report)
            .where(
                Report.organisation_id.in_(organisation_ids),
                Report.arbo_notifiable.is_(True),
                Report.arbo_reported_at.is_(None),
            )
            .order_by(Report.created_at)
        )
    )


def _case(session: Session, principal: Principal, report_id: int) -> Report:
    report = session.get(Report, report_id)
    if report is None or report.organisation_id not in principal.orgs(
        "coordinator", "aftercare", "manager", "admin"
    ):
        raise CaseNotFound(report_id)
    if report.organisation_id not in principal.orgs("coordinator"):
        raise CaseForbidden(report_id)
    return report


def update_arbo(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    *,
    action: str,
    days_absent: str = "",
    now: datetime,
) -> None:
    """'reported' (told the Arbeidsinspectie now), 'not_notifiable' (flag cleared), 'flag'
    (flag set by hand), or 'absence' (days of absence); one audit row each."""
    with factory() as session, session.begin():
        report = _case(session, principal, report_id)
        if action == "reported":
            report.arbo_notifiable = True
            report.arbo_reported_at = now
        elif action == "not_notifiable":
            report.arbo_notifiable = False
            report.arbo_reported_at = None
        elif action == "flag":
            report.arbo_notifiable = True
        elif action == "absence":
            try:
                days = int(days_absent.strip())
            except ValueError as exc:
                raise InvalidArboInput("days_absent") from exc
            if not 0 <= days <= MAX_DAYS_ABSENT:
                raise InvalidArboInput("days_absent")
            report.days_absent = days
        else:
            raise InvalidArboInput("action")
        db_append_audit(
            session, f"arbo:{action}", at=now, user_id=principal.user_id,
            organisation_id=report.organisation_id, object_type="report", object_id=report.id,
        )  # fmt: skip


def report_id_by_receipt(factory: sessionmaker[Session], principal: Principal, receipt: str) -> int:
    """The id of a report of the coordinator's organisations by its receipt number (so days of
    absence can be recorded for a report that is not flagged); CaseNotFound otherwise."""
    orgs = _coordinator_orgs(principal)
    with factory() as session:
        found = session.scalar(
            select(Report.id).where(
                Report.receipt == receipt.strip().upper()[:20], Report.organisation_id.in_(orgs)
            )
        )
    if found is None:
        raise CaseNotFound(receipt)
    return found


def register_rows(
    factory: sessionmaker[Session], principal: Principal, tz: tzinfo, *, now: datetime
) -> list[list[str | int]]:
    """The accident register (art. 9 par. 2): reported accidents and those with more than three
    days' absence: receipt, date, nature, days absent, reported on. No names, no story."""
    from bot.labels import label

    orgs = _coordinator_orgs(principal)
    with factory() as session, session.begin():
        reports = session.scalars(
            select(Report)
            .where(
                Report.organisation_id.in_(orgs),
                or_(
                    Report.arbo_reported_at.is_not(None),
                    Report.days_absent > REGISTER_ABSENCE_DAYS,
                ),
            )
            .order_by(Report.created_at, Report.id)
        ).all()
        rows: list[list[str | int]] = []
        for r in reports:
            when = r.occurred_at or r.created_at
            nature = ", ".join(label("types", t) or t for t in r.types or [])
            rows.append(
                [
                    r.receipt,
                    f"{when.astimezone(tz):%d-%m-%Y}",
                    nature,
                    "letsel" if r.injury else "",
                    r.days_absent if r.days_absent is not None else "",
                    f"{r.arbo_reported_at.astimezone(tz):%d-%m-%Y}" if r.arbo_reported_at else "",
                ]
            )
        for org in orgs:
            db_append_audit(
                session, "arbo_register_downloaded", at=now, user_id=principal.user_id,
                organisation_id=org,
            )  # fmt: skip
        return rows


REGISTER_HEADER = [
    "Meldnummer",
    "Datum ongeval",
    "Aard",
    "Letsel",
    "Dagen verzuim",
    "Gemeld bij Arbeidsinspectie op",
]

"""What a coordinator does on a case page: status and owner, notes, the 48-hour response and its
letter, evidence downloads, and feedback to the worker. Each function owns its transaction and
writes one content-free audit row in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import Principal
from bot.services.cases import STATUSES, CaseForbidden, CaseNotFound, db_get_case
from bot.services.documents import MEASURES as LETTER_MEASURES
from bot.services.documents import response_letter
from bot.services.followups import FEEDBACK_KINDS, Planned, db_add_followups, db_find_followup
from bot.services.pdf import render_pdf
from bot.services.reporting import db_record_response
from bot.storage.audit import db_append_audit
from bot.storage.models import CaseNote, Evidence, MonthlyCount, Report
from bot.vocab import RESPONSE_MEASURES

MAX_NOTE_CHARS = 4000


class InvalidInput(ValueError):
    """The form asked for something that does not exist or is incomplete (the page says what)."""


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


def set_status(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    status: str,
    reason: str,
    *,
    now: datetime,
) -> None:
    """nieuw / in behandeling / afgerond; closing needs a reason."""
    if status not in STATUSES:
        raise InvalidInput("status")
    reason = reason.strip()[:MAX_NOTE_CHARS]
    if status == "closed" and not reason:
        raise InvalidInput("close_reason")
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        report.status = status
        report.closed_at = now if status == "closed" else None
        report.close_reason = reason if status == "closed" else None
        _audit(session, principal, report, f"status:{status}", now)


def take_ownership(
    factory: sessionmaker[Session], principal: Principal, report_id: int, *, now: datetime
) -> None:
    """The signed-in coordinator becomes the case's owner (and a new case is in progress)."""
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        report.owner_id = principal.user_id
        if report.status == "new":
            report.status = "in_progress"
        _audit(session, principal, report, "owner_changed", now)


def add_note(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    text: str,
    *,
    now: datetime,
) -> None:
    """An internal note (coordinator or aftercare role)."""
    text = text.strip()
    if not text or len(text) > MAX_NOTE_CHARS:
        raise InvalidInput("note")
    with factory() as session, session.begin():
        report = db_get_case(session, principal, report_id)
        session.add(
            CaseNote(report_id=report.id, author_id=principal.user_id, text=text, created_at=now)
        )
        _audit(session, principal, report, "note_added", now)


def record_response(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    measure: str,
    reason: str,
    *,
    now: datetime,
) -> None:
    """The 48-hour response is done: the measure is stored and the reminders stop
    (bot.services.reporting.db_record_response, the same as `vpt response-done`)."""
    if measure not in RESPONSE_MEASURES:
        raise InvalidInput("measure")
    reason = reason.strip()
    if measure == "geen" and not reason:
        raise InvalidInput("reason")
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        db_record_response(session, report, measure, now=now)
        if reason:
            session.add(
                CaseNote(
                    report_id=report.id,
                    author_id=principal.user_id,
                    text=reason[:MAX_NOTE_CHARS],
                    created_at=now,
                )
            )
        _audit(session, principal, report, f"response_done:{measure}", now)


@dataclass(frozen=True)
class Letter:
    """A response letter: its text, and the receipt for the file name."""

    receipt: str
    measure: str
    text: str

    def pdf(self) -> bytes:
        """The letter as a PDF (the project's plain-text PDF writer)."""
        return render_pdf(self.text, f"Brief {self.receipt}")


def letter(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    measure: str,
    tz: tzinfo,
    *,
    duration: str = "",
    rule: str = "",
    now: datetime,
    download: bool = False,
) -> Letter:
    """The letter to the perpetrator from letters_nl.yml (bot.services.documents)."""
    if measure not in LETTER_MEASURES:
        raise InvalidInput("measure")
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        text = response_letter(
            report, measure, tz, today=now, duration=duration.strip()[:100] or None,
            rule=rule.strip()[:300] or None,
        )  # fmt: skip
        if download:
            _audit(session, principal, report, f"letter_downloaded:{measure}", now)
        return Letter(report.receipt, measure, text)


@dataclass(frozen=True)
class EvidenceFile:
    """A file to send as a download."""

    path: Path
    filename: str
    size: int


def evidence_file(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    evidence_id: int,
    data_dir: Path,
    *,
    now: datetime,
) -> EvidenceFile:
    """The stored file of one piece of evidence of a case in scope (the download is audited)."""
    with factory() as session, session.begin():
        report = db_get_case(session, principal, report_id)
        item = session.scalar(
            select(Evidence).where(Evidence.id == evidence_id, Evidence.report_id == report.id)
        )
        if item is None:
            raise CaseNotFound(evidence_id)
        path = (data_dir / item.path).resolve()
        if data_dir.resolve() not in path.parents or not path.is_file():
            raise CaseNotFound(evidence_id)
        db_append_audit(
            session, "evidence_downloaded", at=now, user_id=principal.user_id,
            organisation_id=report.organisation_id, object_type="evidence", object_id=item.id,
        )  # fmt: skip
        suffix = path.suffix if path.suffix.isascii() and len(path.suffix) <= 6 else ""
        return EvidenceFile(path, f"bewijs-{report.receipt}-{item.id}{suffix}", item.size_bytes)


def send_feedback(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    template: str,
    *,
    now: datetime,
) -> bool:
    """Queue one feedback message to the worker's chat; False when it was sent (queued) before.

    It is a follow-up row like a check-in (kind feedback_<template>, due now): the follow-up
    worker delivers it to Telegram or an open web chat page, once (one row per report and kind).
    """
    kind = f"feedback_{template}"
    if kind not in FEEDBACK_KINDS:
        raise InvalidInput("template")
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        if report.reporter is None or report.reporter.followups_stopped_at is not None:
            raise InvalidInput("no_chat")
        if db_find_followup(session, report.id, kind) is not None:
            return False
        db_add_followups(session, report, [Planned(kind, "worker", now)], tz=now.tzinfo, now=now)
        _audit(session, principal, report, kind, now)
        return True


def audit_page(
    factory: sessionmaker[Session], principal: Principal, *, now: datetime, limit: int = 200
) -> tuple[list[dict], list[int]]:
    """The newest audit rows and the ids of rows that break the chain (admin only)."""
    from bot.storage.audit import db_list_audit, db_verify_chain

    if not principal.has_role("admin"):
        raise CaseForbidden("audit")
    with factory() as session, session.begin():
        rows = [
            {"id": r.id, "at": r.at, "user_id": r.user_id, "organisation_id": r.organisation_id,
             "action": r.action, "object_type": r.object_type, "object_id": r.object_id,
             "hash": r.hash}
            for r in db_list_audit(session, limit=limit)
        ]  # fmt: skip
        broken = db_verify_chain(session)
        db_append_audit(session, "audit_viewed", at=now, user_id=principal.user_id)
        return rows, broken


def users_page(factory: sessionmaker[Session], principal: Principal) -> list[dict]:
    """Users with their roles, for the admin's organisations' members and the admin's own."""
    from bot.storage.accounts import db_list_users
    from bot.storage.models import Organisation

    admin_orgs = principal.orgs("admin")
    if not admin_orgs:
        raise CaseForbidden("users")
    with factory() as session:
        names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
        result = []
        for user in db_list_users(session):
            roles = [m for m in user.memberships if m.organisation_id in admin_orgs]
            if not roles:
                continue
            result.append(
                {
                    "id": user.id,
                    "name": user.name,
                    "email": user.email,
                    "active": user.active,
                    "enrolled": user.totp_enrolled_at is not None,
                    "locked_until": user.locked_until,
                    "roles": [(names.get(m.organisation_id, "?"), m.role) for m in roles],
                }
            )
        return result


def figures(factory: sessionmaker[Session], principal: Principal, tz: tzinfo) -> dict:
    """Counts per category and month for the user's organisations; cells 1-4 shown as "<5"."""
    orgs = principal.orgs("manager", "coordinator")
    if not orgs:
        raise CaseForbidden("figures")
    with factory() as session:
        rows = session.execute(
            select(
                Report.created_at, Report.types, Report.response_done_at, Report.response_due_at
            ).where(Report.organisation_id.in_(sorted(orgs)))
        ).all()
        # What reports deleted by retention or erasure counted for (bot/services/privacy.py).
        kept = session.execute(
            select(MonthlyCount.month, MonthlyCount.category, MonthlyCount.count).where(
                MonthlyCount.organisation_id.in_(sorted(orgs))
            )
        ).all()
    counts: dict[tuple[str, str], int] = {}
    months: set[str] = set()
    in_time = total = 0
    for month, category, count in kept:
        months.add(month)
        if category == "_total":
            total += count
        elif category == "_response_in_time":
            in_time += count
        else:
            counts[(category, month)] = counts.get((category, month), 0) + count
    for created_at, types, done_at, due_at in rows:
        month = f"{created_at.astimezone(tz):%Y-%m}"
        months.add(month)
        total += 1
        if done_at is not None and due_at is not None and done_at <= due_at:
            in_time += 1
        for kind in types or []:
            counts[(kind, month)] = counts.get((kind, month), 0) + 1
    return {
        "months": sorted(months),
        "counts": {key: suppress(value) for key, value in counts.items()},
        "total": suppress(total),
        "response_in_time": suppress(in_time),
    }


def suppress(value: int, k: int = 5) -> str:
    """Small cells hidden: 0 stays 0, 1 to k-1 become "<k"."""
    return f"<{k}" if 0 < value < k else str(value)

"""What a coordinator does on a case page: status and owner, notes, the 48-hour response and its
letter, evidence downloads, and feedback to the worker. Each function owns its transaction and
writes one content-free audit row in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import Principal
from bot.services.cases import STATUSES, CaseForbidden, CaseNotFound, db_get_case
from bot.services.documents import MEASURES as LETTER_MEASURES
from bot.services.documents import Document, response_document
from bot.services.followups import FEEDBACK_KINDS, Planned, db_add_followups, db_find_followup
from bot.services.measures import DATED_MEASURES
from bot.services.reporting import db_record_response
from bot.storage.audit import db_append_audit
from bot.storage.models import CaseNote, Evidence, Report
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
    until: str = "",
) -> None:
    """The 48-hour response is done: the measure is stored and the reminders stop
    (bot.services.reporting.db_record_response, the same as `vpt response-done`).

    `until` ('2027-03-01') is the measure's end date for the register: a red card must have
    one (a ban is always temporary); a yellow card holds one year unless told otherwise."""
    if measure not in RESPONSE_MEASURES:
        raise InvalidInput("measure")
    reason = reason.strip()
    if measure == "geen" and not reason:
        raise InvalidInput("reason")
    ends_on = _end_date(measure, until, now)
    with factory() as session, session.begin():
        report = _coordinator_case(session, principal, report_id)
        db_record_response(session, report, measure, now=now)
        if ends_on is not None:
            report.response_measure_until = ends_on
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


def _end_date(measure: str, until: str, now: datetime) -> date | None:
    today = now.date()
    try:
        ends_on = date.fromisoformat(until.strip()) if until.strip() else None
    except ValueError as exc:
        raise InvalidInput("until") from exc
    if ends_on is not None and (measure not in DATED_MEASURES or ends_on <= today):
        raise InvalidInput("until")
    if ends_on is None and measure == "locatieverbod":
        raise InvalidInput("until_needed")
    return ends_on


@dataclass(frozen=True)
class Letter:
    """A response letter: the document, and the receipt for the file name."""

    receipt: str
    measure: str
    document: Document

    @property
    def text(self) -> str:
        """The letter as plain text (the preview)."""
        return self.document.text()

    def pdf(self) -> bytes:
        """The letter as a tagged PDF/A with the employer's letterhead."""
        return self.document.pdf()


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
        document = response_document(
            report, measure, tz, today=now, duration=duration.strip()[:100] or None,
            rule=rule.strip()[:300] or None,
        )  # fmt: skip
        if download:
            _audit(session, principal, report, f"letter_downloaded:{measure}", now)
        return Letter(report.receipt, measure, document)


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
        if (
            report.reporter is None
            or report.channel == "dashboard"  # registered on behalf of the worker: no chat
            or report.reporter.followups_stopped_at is not None
        ):
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

"""Retention and a worker's rights: one purge over every table, file and Rasa's tracker store;
export and erasure of everything held about one worker.

Periods are per organisation (columns on `organisations`), falling back to the installation's
defaults (settings). What each period covers:
- reports: deleted this many days after they were closed, with their evidence, check-in answers,
  follow-ups, case notes and generated documents; the monthly counts keep what they counted;
- evidence: files and rows this many days after they arrived (the report stays); evidence that
  never got a report after ORPHAN_EVIDENCE_DAYS;
- aftercare answers: this many days after they were given;
- documents: PDFs under data/documents this many days after they were written, and at once
  when their report is gone;
- conversations: Rasa's tracker store events this many days after they happened (the shortest:
  the report holds what is needed).
Anonymous reports lose their link to the reporter once the worker's check-ins are over.

Erasure removes the worker's reports, evidence, answers, follow-ups, tracker events, chat rows
and the reporter row, and writes one audit entry without content: no name, no id, no receipt.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, inspect, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from bot.services.evidence import EVIDENCE_DIR
from bot.services.figures import db_archive_reports
from bot.storage.audit import db_append_audit
from bot.storage.models import (
    AftercareAnswer,
    CaseNote,
    Evidence,
    FollowUp,
    InviteCode,
    MessageDelivery,
    MonthlyCount,
    Organisation,
    Report,
    Reporter,
    TelegramChat,
    WebSession,
)
from bot.storage.reports import report_to_json

DOCUMENTS_DIR = "documents"
ORPHAN_EVIDENCE_DAYS = 30
DELIVERY_KEY_DAYS = 30  # dedupe keys of sent messages: far longer than any retry
# An evidence file without a row is left alone this long: its row may be being written.
ORPHAN_FILE_GRACE = timedelta(hours=1)
# The reporter an anonymous report points to once the worker's check-ins are over.
ANONYMOUS_CHANNEL, ANONYMOUS_USER = "anoniem", "-"
OPEN_FOLLOWUP_STATUSES = ("pending", "sending", "waiting")
_RECEIPT_IN_NAME = re.compile(r"VPT-\d{4}-\d{6}")


@dataclass(frozen=True)
class Retention:
    """Retention periods in days."""

    reports: int
    evidence: int
    aftercare: int
    documents: int
    conversations: int

    def for_org(self, org: Organisation | None) -> Retention:
        """The organisation's own periods where it set them, these defaults elsewhere."""
        if org is None:
            return self
        return Retention(
            reports=org.report_retention_days or self.reports,
            evidence=org.evidence_retention_days or self.evidence,
            aftercare=org.aftercare_retention_days or self.aftercare,
            documents=org.document_retention_days or self.documents,
            conversations=org.conversation_retention_days or self.conversations,
        )


@dataclass
class Outcome:
    """What a purge or an erasure removed, by kind (counts only)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        """Count n removed items of this kind."""
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n

    def summary(self) -> str:
        """One line for the operator."""
        if not self.counts:
            return "nothing to delete"
        return ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts.items()))


# -- deleting one report with everything that hangs from it -------------------------------------


def _count_month(session: Session, report: Report, tz: tzinfo) -> None:
    """Keep what this report counted for in the monthly figures before it goes (organisation 0:
    reports of a channel account not linked to an organisation)."""
    org_id = report.organisation_id or 0
    month = f"{report.created_at.astimezone(tz):%Y-%m}"
    categories = ["_total", *(report.types or [])]
    due, done = report.response_due_at, report.response_done_at
    if due is not None and done is not None and done <= due:
        categories.append("_response_in_time")
    for category in categories:
        row = session.get(MonthlyCount, (org_id, month, category))
        if row is None:
            session.add(
                MonthlyCount(
                    organisation_id=org_id,
                    month=month,
                    category=category,
                    count=1,
                )
            )
        else:
            row.count += 1
    session.flush()


def _remove_file(data_dir: Path, relative: str, outcome: Outcome, kind: str) -> None:
    path = (data_dir / relative).resolve()
    if data_dir.resolve() not in path.parents:
        return  # never outside the data folder, whatever a row says
    try:
        path.unlink()
        outcome.add(kind)
    except FileNotFoundError:
        pass


def _document_files(data_dir: Path) -> list[Path]:
    folder = data_dir / DOCUMENTS_DIR
    return [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []


def _delete_report(
    session: Session, report: Report, data_dir: Path, tz: tzinfo, outcome: Outcome
) -> None:
    """Delete one report and everything that belongs to it (the caller commits)."""
    _count_month(session, report, tz)
    # The figures page's history (per month, unit, location, severity, injury, types).
    db_archive_reports(session, [report], tz)
    for item in session.scalars(select(Evidence).where(Evidence.report_id == report.id)):
        _remove_file(data_dir, item.path, outcome, "evidence files")
        session.delete(item)
        outcome.add("evidence rows")
    for model, kind in (
        (AftercareAnswer, "check-in answers"),
        (FollowUp, "follow-ups"),
        (CaseNote, "case notes"),
    ):
        result = session.execute(delete(model).where(model.report_id == report.id))
        outcome.add(kind, result.rowcount or 0)
    for path in _document_files(data_dir):
        if report.receipt in path.name:
            path.unlink(missing_ok=True)
            outcome.add("documents")
    session.delete(report)
    outcome.add("reports")
    session.flush()


def _delete_tracker_events(
    tracker: Engine | None, sender_id: str, before: float | None = None
) -> int:
    """Delete a conversation's events from Rasa's SQL tracker store (all, or those before)."""
    if tracker is None or not inspect(tracker).has_table("events"):
        return 0
    sql = "DELETE FROM events WHERE sender_id = :sender"
    params: dict[str, Any] = {"sender": sender_id}
    if before is not None:
        sql += " AND timestamp < :before"
        params["before"] = before
    with tracker.begin() as conn:
        return conn.execute(text(sql), params).rowcount or 0


# -- the purge ----------------------------------------------------------------------------------


def purge(
    factory: sessionmaker[Session],
    tracker: Engine | None,
    data_dir: Path,
    defaults: Retention,
    *,
    now: datetime,
    tz: tzinfo,
) -> Outcome:
    """Apply every retention period once; returns what was deleted."""
    outcome = Outcome()
    with factory() as session, session.begin():
        orgs = {org.id: defaults.for_org(org) for org in session.scalars(select(Organisation))}

        def periods(org_id: int | None) -> Retention:
            return orgs.get(org_id, defaults) if org_id is not None else defaults

        for report in session.scalars(select(Report).where(Report.closed_at.is_not(None))).all():
            if report.closed_at < now - timedelta(days=periods(report.organisation_id).reports):
                _delete_report(session, report, data_dir, tz, outcome)

        for item in session.scalars(select(Evidence)).all():
            if item.report_id is None:
                expired = item.received_at < now - timedelta(days=ORPHAN_EVIDENCE_DAYS)
            else:
                days = periods(item.report.organisation_id if item.report else None).evidence
                expired = item.received_at < now - timedelta(days=days)
            if expired:
                _remove_file(data_dir, item.path, outcome, "evidence files")
                session.delete(item)
                outcome.add("evidence rows")

        answers = session.execute(
            select(AftercareAnswer, Report.organisation_id).join(
                Report, AftercareAnswer.report_id == Report.id
            )
        ).all()
        for answer, org_id in answers:
            if answer.answered_at < now - timedelta(days=periods(org_id).aftercare):
                session.delete(answer)
                outcome.add("check-in answers")

        _unlink_finished_anonymous(session, now=now, outcome=outcome)
        _delete_idle_reporters(session, now=now, days=defaults.conversations, outcome=outcome)

        result = session.execute(
            delete(MessageDelivery).where(
                MessageDelivery.claimed_at < now - timedelta(days=DELIVERY_KEY_DAYS)
            )
        )
        outcome.add("delivery keys", result.rowcount or 0)
        known = {r.channel_user_id for r in session.scalars(select(Reporter))}
        for chat in session.scalars(select(TelegramChat)).all():
            stale = chat.last_seen_at < now - timedelta(days=defaults.conversations)
            if stale and str(chat.chat_id) not in known:
                session.delete(chat)
                outcome.add("telegram chats")
        result = session.execute(
            delete(WebSession).where(
                WebSession.last_seen_at < now - timedelta(days=defaults.conversations)
            )
        )
        outcome.add("web sessions", result.rowcount or 0)

        receipts = {
            receipt: periods(org_id)
            for receipt, org_id in session.execute(select(Report.receipt, Report.organisation_id))
        }
        sender_periods = {
            r.channel_user_id: periods(r.organisation_id) for r in session.scalars(select(Reporter))
        }
        known_files = {e.path for e in session.scalars(select(Evidence))}

    _purge_documents(data_dir, receipts, defaults, now, outcome)
    _purge_orphan_files(data_dir, known_files, now, outcome)
    _purge_tracker(tracker, sender_periods, defaults, now, outcome)
    if outcome.counts:
        flush_deleted(factory, tracker)
    return outcome


def flush_deleted(factory: sessionmaker[Session], tracker: Engine | None) -> None:
    """Make deleted rows unreadable on disk where the database allows it.

    SQLite: secure_delete (bot/storage/db.py) zeroes deleted content in the file, but the
    write-ahead log still holds the pages as they were until a checkpoint truncates it.
    PostgreSQL keeps dead rows until VACUUM (autovacuum) and in its WAL archives and backups:
    the operator's retention of those applies (README, Privacy).
    """
    engines = [factory.kw["bind"]] if factory.kw.get("bind") is not None else []
    if tracker is not None:
        engines.append(tracker)
    for engine in engines:
        if engine.dialect.name != "sqlite":
            continue
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _unlink_finished_anonymous(session: Session, *, now: datetime, outcome: Outcome) -> None:
    """Anonymous reports whose check-ins are over no longer point to the worker."""
    placeholder = None
    open_reports = select(FollowUp.report_id).where(
        FollowUp.recipient == "worker", FollowUp.status.in_(OPEN_FOLLOWUP_STATUSES)
    )
    rows = session.scalars(
        select(Report)
        .join(Reporter, Report.reporter_id == Reporter.id)
        .where(
            Report.anonymous.is_(True),
            Reporter.channel != ANONYMOUS_CHANNEL,
            Report.id.not_in(open_reports),
        )
    ).all()
    for report in rows:
        if placeholder is None:
            placeholder = _anonymous_reporter(session, now)
        report.reporter_id = placeholder.id
        session.execute(
            update(FollowUp).where(FollowUp.report_id == report.id).values(reporter_id=None)
        )
        session.execute(
            update(Evidence)
            .where(Evidence.report_id == report.id)
            .values(channel=ANONYMOUS_CHANNEL, channel_user_id=ANONYMOUS_USER)
        )
        outcome.add("anonymous reports unlinked")
    session.flush()


def _anonymous_reporter(session: Session, now: datetime) -> Reporter:
    row = session.scalar(
        select(Reporter).where(
            Reporter.channel == ANONYMOUS_CHANNEL, Reporter.channel_user_id == ANONYMOUS_USER
        )
    )
    if row is None:
        row = Reporter(channel=ANONYMOUS_CHANNEL, channel_user_id=ANONYMOUS_USER, created_at=now)
        session.add(row)
        session.flush()
    return row


def _delete_idle_reporters(session: Session, *, now: datetime, days: int, outcome: Outcome) -> None:
    """Reporters with nothing left (no report, evidence, follow-up, organisation link)."""
    cutoff = now - timedelta(days=days)
    for reporter in session.scalars(
        select(Reporter).where(
            Reporter.organisation_id.is_(None),
            Reporter.created_at < cutoff,
            Reporter.channel != ANONYMOUS_CHANNEL,
        )
    ).all():
        has = (
            session.scalar(select(func.count()).where(Report.reporter_id == reporter.id))
            or session.scalar(select(func.count()).where(FollowUp.reporter_id == reporter.id))
            or session.scalar(
                select(func.count()).where(
                    Evidence.channel == reporter.channel,
                    Evidence.channel_user_id == reporter.channel_user_id,
                )
            )
        )
        if not has:
            session.execute(
                update(InviteCode)
                .where(InviteCode.used_by_reporter_id == reporter.id)
                .values(used_by_reporter_id=None)
            )
            session.delete(reporter)
            outcome.add("reporters")
    session.flush()


def _purge_documents(
    data_dir: Path,
    receipts: dict[str, Retention],
    defaults: Retention,
    now: datetime,
    outcome: Outcome,
) -> None:
    for path in _document_files(data_dir):
        found = _RECEIPT_IN_NAME.search(path.name)
        if found and found.group(0) not in receipts:
            path.unlink(missing_ok=True)  # its report is gone
            outcome.add("documents")
            continue
        days = receipts[found.group(0)].documents if found else defaults.documents
        written = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        if written < now - timedelta(days=days):
            path.unlink(missing_ok=True)
            outcome.add("documents")


def _purge_orphan_files(data_dir: Path, known: set[str], now: datetime, outcome: Outcome) -> None:
    folder = data_dir / EVIDENCE_DIR
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(data_dir).as_posix()
        written = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        if relative not in known and written < now - ORPHAN_FILE_GRACE:
            path.unlink(missing_ok=True)
            outcome.add("orphaned files")


def _purge_tracker(
    tracker: Engine | None,
    sender_periods: dict[str, Retention],
    defaults: Retention,
    now: datetime,
    outcome: Outcome,
) -> None:
    if tracker is None or not inspect(tracker).has_table("events"):
        return
    with tracker.connect() as conn:
        senders = [row[0] for row in conn.execute(text("SELECT DISTINCT sender_id FROM events"))]
    for sender in senders:
        days = sender_periods.get(sender, defaults).conversations
        before = (now - timedelta(days=days)).timestamp()
        outcome.add("tracker events", _delete_tracker_events(tracker, sender, before))


# -- a worker's rights ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Worker:
    """One worker as a channel knows them."""

    channel: str
    channel_user_id: str


def find_worker(factory: sessionmaker[Session], given: str) -> Worker | None:
    """The worker named as CHANNEL:ID, a web chat sender (web-...), or a receipt of theirs."""
    if _RECEIPT_IN_NAME.fullmatch(given):
        with factory() as session:
            report = session.scalar(select(Report).where(Report.receipt == given))
            if report is None or report.reporter is None:
                return None
            if report.reporter.channel == ANONYMOUS_CHANNEL:
                return None  # no longer linked to anyone
            return Worker(report.reporter.channel, report.reporter.channel_user_id)
    if given.startswith("web-"):
        return Worker("web", given)
    channel, sep, user = given.partition(":")
    if not sep or not channel or not user:
        return None
    return Worker(channel, user)


def _worker_reports(session: Session, worker: Worker) -> list[Report]:
    return list(
        session.scalars(
            select(Report)
            .join(Reporter, Report.reporter_id == Reporter.id)
            .where(
                Reporter.channel == worker.channel,
                Reporter.channel_user_id == worker.channel_user_id,
            )
            .order_by(Report.id)
        )
    )


def _tracker_events(tracker: Engine | None, sender_id: str) -> list[dict[str, Any]]:
    if tracker is None or not inspect(tracker).has_table("events"):
        return []
    with tracker.connect() as conn:
        rows = conn.execute(
            text("SELECT type_name, timestamp, data FROM events WHERE sender_id = :s ORDER BY id"),
            {"s": sender_id},
        ).all()
    events = []
    for type_name, timestamp, data in rows:
        try:
            event = json.loads(data or "{}")
        except ValueError:
            event = {}
        if type_name in ("user", "bot") and event.get("text"):
            events.append(
                {
                    "who": "jij" if type_name == "user" else "bot",
                    "at": datetime.fromtimestamp(float(timestamp), timezone.utc).isoformat(),
                    "text": event["text"],
                }
            )
    return events


def export_worker(
    factory: sessionmaker[Session],
    tracker: Engine | None,
    worker: Worker,
    *,
    tz: tzinfo,
    now: datetime,
) -> dict[str, Any]:
    """Everything held about this worker, readable (an Art. 15 answer); audited without content."""
    with factory() as session, session.begin():
        reporter = session.scalar(
            select(Reporter).where(
                Reporter.channel == worker.channel,
                Reporter.channel_user_id == worker.channel_user_id,
            )
        )
        reports = []
        for report in _worker_reports(session, worker):
            item = report_to_json(report, tz)
            item["check_in_answers"] = [
                {"check_in": a.kind, "question": a.question, "answer": a.answer}
                for a in session.scalars(
                    select(AftercareAnswer).where(AftercareAnswer.report_id == report.id)
                )
            ]
            item["follow_ups"] = [
                {"kind": f.kind, "due_at": f.due_at.isoformat(), "status": f.status}
                for f in session.scalars(select(FollowUp).where(FollowUp.report_id == report.id))
            ]
            item["case_notes"] = [
                {"at": n.created_at.isoformat(), "text": n.text}
                for n in session.scalars(select(CaseNote).where(CaseNote.report_id == report.id))
            ]
            reports.append(item)
        waiting = [
            {"kind": e.kind, "received_at": e.received_at.isoformat(), "path": e.path}
            for e in session.scalars(
                select(Evidence).where(
                    Evidence.report_id.is_(None),
                    Evidence.channel == worker.channel,
                    Evidence.channel_user_id == worker.channel_user_id,
                )
            )
        ]
        db_append_audit(session, "privacy_export", at=now, object_type="worker")
        person = None
        if reporter is not None:
            person = {
                "channel": reporter.channel,
                "display_name": reporter.display_name,
                "organisation": reporter.organisation.name if reporter.organisation else None,
                "first_seen": reporter.created_at.isoformat(),
                "check_ins_stopped_at": (
                    reporter.followups_stopped_at.isoformat()
                    if reporter.followups_stopped_at
                    else None
                ),
            }
    return {
        "worker": person,
        "reports": reports,
        "evidence_without_report": waiting,
        "conversation": _tracker_events(tracker, worker.channel_user_id),
    }


def erase_worker(
    factory: sessionmaker[Session],
    tracker: Engine | None,
    data_dir: Path,
    worker: Worker,
    *,
    now: datetime,
    tz: tzinfo,
) -> Outcome:
    """Delete everything held about this worker; one audit entry without content."""
    outcome = Outcome()
    with factory() as session, session.begin():
        for report in _worker_reports(session, worker):
            _delete_report(session, report, data_dir, tz, outcome)
        for item in session.scalars(
            select(Evidence).where(
                Evidence.channel == worker.channel,
                Evidence.channel_user_id == worker.channel_user_id,
            )
        ).all():
            _remove_file(data_dir, item.path, outcome, "evidence files")
            session.delete(item)
            outcome.add("evidence rows")
        reporter = session.scalar(
            select(Reporter).where(
                Reporter.channel == worker.channel,
                Reporter.channel_user_id == worker.channel_user_id,
            )
        )
        if reporter is not None:
            session.execute(delete(FollowUp).where(FollowUp.reporter_id == reporter.id))
            session.execute(
                update(InviteCode)
                .where(InviteCode.used_by_reporter_id == reporter.id)
                .values(used_by_reporter_id=None)
            )
            session.delete(reporter)
            outcome.add("reporters")
        if worker.channel == "telegram" and worker.channel_user_id.lstrip("-").isdigit():
            chat = session.get(TelegramChat, int(worker.channel_user_id))
            if chat is not None:
                session.delete(chat)
                outcome.add("telegram chats")
        if worker.channel_user_id.startswith("web-"):
            digest = hashlib.sha256(worker.channel_user_id[4:].encode()).hexdigest()
            result = session.execute(delete(WebSession).where(WebSession.id_sha256 == digest))
            outcome.add("web sessions", result.rowcount or 0)
        db_append_audit(session, "privacy_erase", at=now, object_type="worker")
    outcome.add("tracker events", _delete_tracker_events(tracker, worker.channel_user_id))
    flush_deleted(factory, tracker)
    return outcome


def write_private(path: Path, content: str) -> None:
    """Write a file only its owner can read (created 0600, never world-readable for a moment)."""
    from bot.wire.private import write_private as write

    write(path, content)


def defaults_from(settings: Any) -> Retention:
    """The installation's default periods from the settings."""
    return Retention(
        reports=settings.report_retention_days,
        evidence=settings.evidence_retention_days,
        aftercare=settings.aftercare_retention_days,
        documents=settings.document_retention_days,
        conversations=settings.conversation_retention_days,
    )


def tracker_engine(settings: Any) -> Engine | None:
    """Rasa's SQL tracker store (None when the embedded SQLite file does not exist yet)."""
    from bot.storage.db import make_engine

    if settings.tracker_store_url:
        return make_engine(settings.tracker_store_url)
    path = settings.data_dir / "tracker.db"
    return make_engine(f"sqlite:///{path.as_posix()}") if path.exists() else None

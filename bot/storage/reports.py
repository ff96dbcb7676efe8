"""Database access for reports, reporters and organisations. Callers own the transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.dialogue.draft import Draft
from bot.storage.models import Organisation, Report, Reporter, TelegramChat


@dataclass(frozen=True)
class ReporterRef:
    """Who reports, as the channel knows them."""

    channel: str
    channel_user_id: str
    display_name: str | None = None


def new_receipt(year: int) -> str:
    """A receipt number 'VPT-<year>-<6 digits>'; random so it tells nothing about volumes."""
    return f"VPT-{year}-{secrets.randbelow(1_000_000):06d}"


def db_get_or_create_organisation(session: Session, name: str, *, now: datetime) -> Organisation:
    """The organisation with this name, created when new."""
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name, created_at=now)
        session.add(org)
        session.flush()
    return org


def db_get_or_create_reporter(session: Session, ref: ReporterRef, *, now: datetime) -> Reporter:
    """The reporter for this channel account, created when new."""
    reporter = session.scalar(
        select(Reporter).where(
            Reporter.channel == ref.channel, Reporter.channel_user_id == ref.channel_user_id
        )
    )
    name = ref.display_name
    if name is None and ref.channel == "telegram" and ref.channel_user_id.lstrip("-").isdigit():
        # Telegram names are kept with the chat, not in Rasa's tracker (connectors/telegram).
        chat = session.get(TelegramChat, int(ref.channel_user_id))
        name = chat.display_name if chat is not None else None
    if reporter is None:
        reporter = Reporter(
            channel=ref.channel,
            channel_user_id=ref.channel_user_id,
            display_name=name,
            created_at=now,
        )
        session.add(reporter)
        session.flush()
    elif name and reporter.display_name != name:
        reporter.display_name = name
    return reporter


def db_get_report_by_submission_key(session: Session, key: str) -> Report | None:
    """The report stored from the draft with this id, if any."""
    return session.scalar(select(Report).where(Report.submission_key == key))


def db_get_report_by_receipt(session: Session, receipt: str) -> Report | None:
    """The report with this receipt number, if any."""
    return session.scalar(select(Report).where(Report.receipt == receipt))


def db_count_reports_since(session: Session, reporter_id: int, since: datetime) -> int:
    """How many reports this reporter stored from `since` on."""
    return session.scalar(
        select(func.count(Report.id)).where(
            Report.reporter_id == reporter_id, Report.created_at >= since
        )
    )


def db_receipt_taken(session: Session, receipt: str) -> bool:
    """True when a report already carries this receipt number."""
    return session.scalar(select(Report.id).where(Report.receipt == receipt)) is not None


def db_add_report(
    session: Session,
    draft: Draft,
    *,
    reporter: Reporter,
    organisation: Organisation | None,
    channel: str,
    severity: str,
    now: datetime,
) -> Report:
    """Insert the report for a confirmed draft with a fresh receipt number."""
    receipt = new_receipt(now.year)
    while db_receipt_taken(session, receipt):
        receipt = new_receipt(now.year)
    report = Report(
        receipt=receipt,
        submission_key=draft.draft_id,
        reporter=reporter,
        organisation=organisation,
        channel=channel,
        status="new",
        created_at=now,
        types=list(draft.types),
        types_evidence=list(draft.types_evidence),
        occurred_at=draft.occurred_at,
        occurred_at_precision=draft.occurred_at_precision,
        occurred_at_text=draft.occurred_at_text,
        location_type=draft.location_type,
        location_text=draft.location_text,
        perpetrator=draft.perpetrator,
        perpetrator_relation=draft.perpetrator_relation,
        perpetrator_description=draft.perpetrator_description,
        injury=draft.injury,
        injury_text=draft.injury_text,
        weapon=draft.weapon,
        repeated=draft.repeated,
        witnesses=draft.witnesses,
        police_present=draft.police_present,
        damage_text=draft.damage_text,
        wants_aangifte=draft.wants_aangifte,
        wants_aftercare_contact=None,
        anonymous=draft.anonymous,
        narrative=draft.narrative,
        severity=severity,
    )
    session.add(report)
    session.flush()
    return report


def db_list_reports(session: Session) -> list[Report]:
    """Every report, oldest first."""
    return list(session.scalars(select(Report).order_by(Report.created_at, Report.id)))


def db_set_aftercare_choice(
    session: Session, report_id: int, wants_contact: bool | None
) -> Report | None:
    """Record whether the worker would like aftercare contact."""
    report = session.get(Report, report_id)
    if report is not None:
        report.wants_aftercare_contact = wants_contact
    return report


def _iso(value: datetime | None, tz: tzinfo) -> str | None:
    return value.astimezone(tz).isoformat() if value is not None else None


# The facts read from the story, as stored on a report: `vpt reports --json` and the case page.
FACT_FIELDS = (
    "location_type",
    "location_text",
    "perpetrator",
    "perpetrator_relation",
    "perpetrator_description",
    "injury",
    "injury_text",
    "weapon",
    "repeated",
    "witnesses",
    "police_present",
    "damage_text",
)


def report_facts(report: Report) -> dict:
    """The stored facts of a report, by field name."""
    return {name: getattr(report, name) for name in FACT_FIELDS}


def report_to_json(report: Report, tz: tzinfo) -> dict:
    """The report as printed by `vpt reports --json` (times in the organisation's zone)."""
    reporter = None
    if not report.anonymous and report.reporter is not None:
        reporter = {
            "channel": report.reporter.channel,
            "display_name": report.reporter.display_name,
        }
    return {
        "id": report.id,
        "receipt": report.receipt,
        "created_at": _iso(report.created_at, tz),
        "status": report.status,
        "channel": report.channel,
        "organisation": report.organisation.name if report.organisation else None,
        "organisation_known": report.organisation is not None,
        "reporter": reporter,
        "types": list(report.types or []),
        "occurred_at": _iso(report.occurred_at, tz),
        "occurred_at_precision": report.occurred_at_precision,
        "occurred_at_text": report.occurred_at_text,
        **report_facts(report),
        "wants_aangifte": report.wants_aangifte,
        "wants_aftercare_contact": report.wants_aftercare_contact,
        "anonymous": report.anonymous,
        "narrative": report.narrative,
        "severity": report.severity,
        "response_due_at": _iso(report.response_due_at, tz),
        "response_done_at": _iso(report.response_done_at, tz),
        "response_measure": report.response_measure,
        "aangifte_decision": report.aangifte_decision,
        "aangifte_status": report.aangifte_status,
        "damage_amount_cents": report.damage_amount_cents,
        "delivery_problem": bool(report.delivery_problem),
        "evidence": [
            {
                "kind": item.kind,
                "mime_type": item.mime_type,
                "size_bytes": item.size_bytes,
                "sha256": item.sha256,
                "metadata_stripped": item.metadata_stripped,
                "path": item.path,
            }
            for item in report.evidence
        ],
    }


def db_latest_report(session: Session, channel: str, channel_user_id: str) -> Report | None:
    """The latest report told in this conversation (channel and id together: ids of different
    channels may be equal)."""
    return session.scalar(
        select(Report)
        .join(Reporter, Report.reporter_id == Reporter.id)
        .where(Reporter.channel == channel, Reporter.channel_user_id == channel_user_id)
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(1)
    )

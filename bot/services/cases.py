"""What a dashboard user may see of the reports: the scope per role and organisation, the
worklist, the case list with its filters, and the case page's data (plain dicts for the pages).

Every query here goes through `scoped_reports`, so a report of another organisation is never
loaded for a user who has no role there (the web layer answers 404 for it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from bot.services.accounts import Principal
from bot.services.followups import ALERT_KINDS, FEEDBACK_KINDS
from bot.services.measures import Signal, aangifte_step, damage_step, db_signals, measures_view
from bot.services.severity import severity_reasons
from bot.storage.audit import db_append_audit, db_audit_for_object
from bot.storage.models import CaseNote, FollowUp, OrganisationUnit, Report
from bot.storage.reports import report_facts

# Roles that open case pages; manager (figures only) and admin (users, audit) never do.
CASE_ROLES = ("coordinator", "aftercare")
STATUSES = ("new", "in_progress", "closed")
FEEDBACK_TEMPLATES = tuple(sorted(kind.removeprefix("feedback_") for kind in FEEDBACK_KINDS))


class CaseNotFound(LookupError):
    """No such report for this user (also: another organisation's): the page answers 404."""


class CaseForbidden(PermissionError):
    """A report of the user's own organisation that their role may not open: 403."""


def has_signal():
    """SQL condition: the worker asked for aftercare contact or agreed that a signal is passed on."""
    return exists().where(FollowUp.report_id == Report.id, FollowUp.kind.in_(sorted(ALERT_KINDS)))


def scoped_reports(principal: Principal) -> Select:
    """Reports this user may open: all of their coordinator organisations, and those with an
    aftercare signal in their aftercare organisations."""
    coordinator = principal.orgs("coordinator")
    aftercare = principal.orgs("aftercare")
    conditions = []
    if coordinator:
        conditions.append(Report.organisation_id.in_(sorted(coordinator)))
    if aftercare:
        conditions.append(and_(Report.organisation_id.in_(sorted(aftercare)), has_signal()))
    query = select(Report)
    return query.where(or_(*conditions)) if conditions else query.where(False)


def db_get_case(session: Session, principal: Principal, report_id: int) -> Report:
    """The report if in scope; CaseForbidden for the own organisation, CaseNotFound otherwise."""
    report = session.scalar(scoped_reports(principal).where(Report.id == report_id))
    if report is not None:
        return report
    own = session.scalar(
        select(Report.organisation_id).where(
            Report.id == report_id,
            Report.organisation_id.in_(sorted(principal.orgs(*_ALL_ROLES))),
        )
    )
    if own is not None:
        raise CaseForbidden(report_id)
    raise CaseNotFound(report_id)


_ALL_ROLES = ("coordinator", "aftercare", "manager", "admin")


@dataclass(frozen=True)
class WorkItem:
    """One line of the worklist."""

    kind: str  # response, aangifte, aftercare, damage
    report_id: int
    receipt: str
    detail: str  # a key the page turns into Dutch (an alert kind, an aangifte step ...)
    due_at: datetime | None = None
    hours_left: int | None = None
    overdue: bool = False
    due_on: date | None = None  # a dated step (CJIB advance, Schadefonds deadline)
    sort_key: tuple = field(default=(), compare=False)


def hours_left(due: datetime, now: datetime) -> int:
    """Whole hours until `due` (negative when overdue)."""
    seconds = (due - now).total_seconds()
    return int(seconds // 3600) if seconds >= 0 else -int(-seconds // 3600) - 1


def worklist(
    factory: sessionmaker[Session], principal: Principal, *, now: datetime, tz: tzinfo | None = None
) -> list[WorkItem]:
    """What is due, most urgent first: 48-hour responses, aangifte tasks, aftercare signals not
    yet handled, damage steps (dated ones by their day)."""
    tz = tz or now.tzinfo
    coordinator_orgs = principal.orgs("coordinator")
    items: list[WorkItem] = []
    with factory() as session:
        reports = session.scalars(
            scoped_reports(principal).where(Report.status != "closed").order_by(Report.created_at)
        ).all()
        signals = db_signals(session, [r.id for r in reports])
        for report in reports:
            coordinator = report.organisation_id in coordinator_orgs
            if coordinator and report.response_done_at is None and report.response_due_at:
                left = hours_left(report.response_due_at, now)
                items.append(
                    WorkItem(
                        "response",
                        report.id,
                        report.receipt,
                        "response",
                        report.response_due_at,
                        left,
                        left < 0,
                        (0, report.response_due_at),
                    )  # fmt: skip
                )
            if coordinator and report.arbo_notifiable and report.arbo_reported_at is None:
                # Arbowet art. 9: to be reported to the Arbeidsinspectie at once, so first.
                items.append(
                    WorkItem(
                        "arbo",
                        report.id,
                        report.receipt,
                        "arbo_notify",
                        sort_key=(-1, report.created_at),
                    )  # fmt: skip
                )
            step = aangifte_step(report) if coordinator else None
            if step:
                items.append(
                    WorkItem(
                        "aangifte", report.id, report.receipt, step, sort_key=(1, report.created_at)
                    )  # fmt: skip
                )
            for signal in signals.get(report.id, []):
                if not signal.handled:
                    items.append(
                        WorkItem(
                            "aftercare",
                            report.id,
                            report.receipt,
                            signal.kind,
                            sort_key=(2, signal.at),
                        )  # fmt: skip
                    )
            damage = damage_step(report, tz) if coordinator else None
            if damage:
                due = damage.due_on
                items.append(
                    WorkItem(
                        "damage",
                        report.id,
                        report.receipt,
                        damage.detail,
                        overdue=due is not None and due < now.astimezone(tz).date(),
                        due_on=due,
                        sort_key=(3, _start_of(due, tz) if due else report.created_at),
                    )  # fmt: skip
                )
    return sorted(items, key=lambda item: item.sort_key)


def needs_action(report: Report, signals: list[Signal], tz: tzinfo) -> bool:
    """Whether an open case has something to do (the worklist's rules, for the case list)."""
    return report.status != "closed" and (
        report.response_done_at is None
        or aangifte_step(report) is not None
        or any(not s.handled for s in signals)
        or damage_step(report, tz) is not None
    )


@dataclass(frozen=True)
class CaseFilter:
    """The case list's filters, as they stand in the page's URL."""

    date_from: date | None = None
    date_to: date | None = None
    status: str = ""
    category: str = ""
    severity: str = ""
    location: str = ""
    unit: int | None = None  # an organisation unit (team or location) id
    receipt: str = ""
    needs_action: bool = False


def list_cases(
    factory: sessionmaker[Session], principal: Principal, filters: CaseFilter, tz: tzinfo
) -> list[dict]:
    """The reports in scope that match the filters, newest first."""
    query = scoped_reports(principal).options(selectinload(Report.organisation))
    if filters.status:
        query = query.where(Report.status == filters.status)
    if filters.severity:
        query = query.where(Report.severity == filters.severity)
    if filters.location:
        query = query.where(Report.location_type == filters.location)
    if filters.unit is not None:
        query = query.where(Report.unit_id == filters.unit)
    if filters.receipt:
        query = query.where(Report.receipt.contains(filters.receipt.strip().upper()))
    if filters.date_from:
        query = query.where(Report.created_at >= _start_of(filters.date_from, tz))
    if filters.date_to:
        query = query.where(Report.created_at < _start_of(filters.date_to + timedelta(days=1), tz))
    with factory() as session:
        reports = session.scalars(query.order_by(Report.created_at.desc(), Report.id.desc())).all()
        signals = db_signals(session, [r.id for r in reports])
        rows = []
        for report in reports:
            if filters.category and filters.category not in (report.types or []):
                continue
            action = needs_action(report, signals.get(report.id, []), tz)
            if filters.needs_action and not action:
                continue
            rows.append(
                {
                    "id": report.id,
                    "receipt": report.receipt,
                    "created_at": report.created_at,
                    "types": list(report.types or []),
                    "severity": report.severity,
                    "status": report.status,
                    "location_type": report.location_type,
                    "organisation": report.organisation.name if report.organisation else "",
                    "needs_action": action,
                    "response_done": report.response_done_at is not None,
                }
            )
        return rows


def units_in_scope(factory: sessionmaker[Session], principal: Principal) -> list[dict]:
    """The teams and locations of the organisations whose cases this user may open."""
    orgs = principal.orgs("coordinator") | principal.orgs("aftercare")
    if not orgs:
        return []
    with factory() as session:
        units = session.scalars(
            select(OrganisationUnit)
            .where(OrganisationUnit.organisation_id.in_(sorted(orgs)))
            .order_by(OrganisationUnit.name, OrganisationUnit.id)
        ).all()
        return [{"id": u.id, "name": u.name, "kind": u.kind} for u in units]


def _start_of(day: date, tz: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


def case_page(
    factory: sessionmaker[Session],
    principal: Principal,
    report_id: int,
    *,
    now: datetime,
    tz: tzinfo | None = None,
) -> dict:
    """Everything the case page shows to this user (the view is audited, its content is not)."""
    with factory() as session, session.begin():
        report = db_get_case(session, principal, report_id)
        coordinator = report.organisation_id in principal.orgs("coordinator")
        reporter = None
        if not report.anonymous and report.reporter is not None:
            reporter = {
                "name": report.reporter.display_name,
                "channel": report.reporter.channel,
            }
        followups = session.scalars(
            select(FollowUp).where(FollowUp.report_id == report.id).order_by(FollowUp.id)
        ).all()
        notes = session.scalars(
            select(CaseNote)
            .where(CaseNote.report_id == report.id)
            .options(selectinload(CaseNote.author))
            .order_by(CaseNote.id)
        ).all()
        events = db_audit_for_object(session, "report", str(report.id))
        sent_feedback = {
            f.kind.removeprefix("feedback_") for f in followups if f.kind in FEEDBACK_KINDS
        }
        timeline = [
            {"at": f.created_at, "what": "followup", "kind": f.kind, "status": f.status,
             "due_at": f.due_at, "sent_at": f.sent_at, "recipient": f.recipient}
            for f in followups
        ] + [
            {"at": e.at, "what": "event", "action": e.action}
            for e in events
            if e.action != "case_viewed"
        ]  # fmt: skip
        timeline.sort(key=lambda item: item["at"])
        view = {
            "id": report.id,
            "receipt": report.receipt,
            "organisation": report.organisation.name if report.organisation else "",
            "channel": report.channel,
            "created_at": report.created_at,
            "occurred_at": report.occurred_at,
            "occurred_at_text": report.occurred_at_text,
            "incident_before_report": (
                report.created_at - report.occurred_at if report.occurred_at else None
            ),
            "narrative": report.narrative or "",
            "types": list(report.types or []),
            "types_evidence": list(report.types_evidence or []),
            "severity": report.severity,
            "severity_reasons": severity_reasons(
                report.types or [],
                report.injury,
                report.weapon,
                repeated=bool(report.repeated),
                injury_text=report.injury_text,
            ),  # fmt: skip
            "facts": {
                **report_facts(report),
                "damage_amount_cents": report.damage_amount_cents,
                "aangifte_decision": report.aangifte_decision,
                "aangifte_status": report.aangifte_status,
                "wants_aftercare_contact": report.wants_aftercare_contact,
            },
            "anonymous": report.anonymous,
            "reporter": reporter,
            "evidence": [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "mime_type": e.mime_type,
                    "size": e.size_bytes,
                    "sha256": e.sha256,
                    "metadata_stripped": e.metadata_stripped,
                    "received_at": e.received_at,
                }
                for e in report.evidence
            ],  # fmt: skip
            "status": report.status,
            "close_reason": report.close_reason,
            "owner": report.owner.name if report.owner else None,
            "owner_is_me": report.owner_id == principal.user_id,
            "response_due_at": report.response_due_at,
            "response_done_at": report.response_done_at,
            "response_measure": report.response_measure,
            "hours_left": (
                hours_left(report.response_due_at, now) if report.response_due_at else None
            ),
            "timeline": timeline,
            "notes": [
                {"at": n.created_at, "author": n.author.name if n.author else "", "text": n.text}
                for n in notes
            ],
            "can_act": coordinator,
            "feedback_templates": FEEDBACK_TEMPLATES,
            "feedback_sent": sent_feedback,
            "feedback_possible": report.reporter is not None
            and report.channel != "dashboard"
            and report.reporter.followups_stopped_at is None,
            "measures": measures_view(
                session,
                report,
                tz or now.tzinfo,
                coordinator=coordinator,
                aftercare=report.organisation_id in principal.orgs("aftercare"),
            ),
            "delivery_problem": report.delivery_problem,
        }
        db_append_audit(
            session, "case_viewed", at=now, user_id=principal.user_id,
            organisation_id=report.organisation_id, object_type="report", object_id=report.id,
        )  # fmt: skip
        return view

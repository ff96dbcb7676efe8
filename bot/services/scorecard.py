"""The VPT scorecard: how well the employer itself follows the measures, per organisation and
quarter. No peer shows this.

- response: 48-hour response to the perpetrator recorded in time (measure 5), among reports whose
  deadline has passed or whose response is recorded;
- aangifte: a decision about aangifte among reports with a criminal type (measure 6); "nog niet"
  and "wil aangifte doen" are not a decision yet;
- aftercare offered (the worker answered the aftercare question or was offered it again) and
  accepted among those offered (measure 8);
- first view: median time from the report to the first time a coordinator opened it;
- feedback: share of reports whose worker got a feedback message from the dashboard (measure 2).

Shares over fewer than k reports are not shown ("te weinig meldingen"): a percentage of 1 of 2
says more about one worker than about the organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from statistics import median

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import Principal
from bot.services.figures import figure_scope
from bot.services.followups import AFTERCARE_REOFFER, AFTERCARE_SCHEDULE, FEEDBACK_KINDS
from bot.services.suppression import DEFAULT_THRESHOLD
from bot.storage.models import AuditEvent, DashboardMembership, FollowUp, Organisation, Report
from bot.vocab import is_criminal

METRICS = ("response", "aangifte", "aftercare_offered", "aftercare_accepted", "feedback")
NOT_DECIDED = (None, "nog_niet", "wil_aangifte")
AFTERCARE_KINDS = frozenset([*AFTERCARE_SCHEDULE, *AFTERCARE_REOFFER])


@dataclass(frozen=True)
class Share:
    """n of d; `shown` is the Dutch text ("75% (15 van 20)" or "te weinig meldingen")."""

    n: int
    d: int
    shown: str


@dataclass(frozen=True)
class QuarterScore:
    """One organisation's scorecard in one quarter."""

    organisation: str
    year: int
    quarter: int
    reports: int
    shares: dict[str, Share]
    first_view: str  # "3 uur", "te weinig meldingen"


def _share(n: int, d: int, k: int) -> Share:
    if d < k:
        return Share(n, d, "te weinig meldingen" if d else "geen meldingen")
    return Share(n, d, f"{round(100 * n / d)}% ({n} van {d})")


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} minuten"
    if hours < 48:
        return f"{round(hours)} uur"
    return f"{round(hours / 24)} dagen"


def db_scorecard(
    session: Session,
    organisation_ids: list[int],
    year: int,
    tz: tzinfo,
    *,
    now: datetime,
    k: int = DEFAULT_THRESHOLD,
) -> list[QuarterScore]:
    """Per organisation and quarter of `year` (quarters without reports are left out)."""
    start = datetime(year, 1, 1, tzinfo=tz)
    end = datetime(year + 1, 1, 1, tzinfo=tz)
    scope = (
        Report.organisation_id.in_(organisation_ids),
        Report.created_at >= start,
        Report.created_at < end,
    )
    reports = session.execute(
        select(
            Report.id, Report.organisation_id, Report.created_at, Report.types,
            Report.response_due_at, Report.response_done_at, Report.aangifte_decision,
            Report.wants_aftercare_contact,
        ).where(*scope)
    ).all()  # fmt: skip
    # A sub-query, not a list of ids: a large organisation has tens of thousands a year.
    in_scope = select(Report.id).where(*scope).scalar_subquery()
    ids = bool(reports)
    kinds: dict[int, set[str]] = {}
    first_views: dict[str, datetime] = {}
    if ids:
        for report_id, kind in session.execute(
            select(FollowUp.report_id, FollowUp.kind).where(
                FollowUp.report_id.in_(in_scope),
                FollowUp.kind.in_(sorted(FEEDBACK_KINDS | AFTERCARE_KINDS)),
            )
        ):
            kinds.setdefault(report_id, set()).add(kind)
        # First opening by someone who is coordinator in the report's organisation.
        first_views = dict(
            session.execute(
                select(AuditEvent.object_id, func.min(AuditEvent.at))
                .join(
                    DashboardMembership,
                    and_(
                        DashboardMembership.user_id == AuditEvent.user_id,
                        DashboardMembership.organisation_id == AuditEvent.organisation_id,
                        DashboardMembership.role == "coordinator",
                    ),
                )
                .where(
                    AuditEvent.action == "case_viewed",
                    AuditEvent.object_type == "report",
                    AuditEvent.organisation_id.in_(organisation_ids),
                    AuditEvent.at >= start,
                )
                .group_by(AuditEvent.object_id)
            ).all()
        )
    names = dict(
        session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(organisation_ids))
        ).all()
    )
    groups: dict[tuple[int, int], list] = {}
    for r in reports:
        quarter = (r.created_at.astimezone(tz).month - 1) // 3 + 1
        groups.setdefault((r.organisation_id, quarter), []).append(r)
    scores = []
    for (org, quarter), rows in sorted(
        groups.items(), key=lambda g: (names.get(g[0][0], ""), g[0][1])
    ):
        due = [
            r
            for r in rows
            if r.response_done_at or (r.response_due_at and r.response_due_at <= now)
        ]
        in_time = [
            r for r in due
            if r.response_done_at and (r.response_due_at is None or r.response_done_at <= r.response_due_at)
        ]  # fmt: skip
        criminal = [r for r in rows if is_criminal(r.types)]
        decided = [r for r in criminal if r.aangifte_decision not in NOT_DECIDED]
        offered = [
            r for r in rows
            if r.wants_aftercare_contact is not None or kinds.get(r.id, set()) & AFTERCARE_KINDS
        ]  # fmt: skip
        accepted = [r for r in offered if r.wants_aftercare_contact]
        feedback = [r for r in rows if kinds.get(r.id, set()) & FEEDBACK_KINDS]
        waits = [
            first_views[str(r.id)] - r.created_at
            for r in rows
            if str(r.id) in first_views and first_views[str(r.id)] >= r.created_at
        ]
        scores.append(
            QuarterScore(
                organisation=names.get(org, "?"),
                year=year,
                quarter=quarter,
                reports=len(rows),
                shares={
                    "response": _share(len(in_time), len(due), k),
                    "aangifte": _share(len(decided), len(criminal), k),
                    "aftercare_offered": _share(len(offered), len(rows), k),
                    "aftercare_accepted": _share(len(accepted), len(offered), k),
                    "feedback": _share(len(feedback), len(rows), k),
                },
                first_view=(
                    _hours(median(waits))
                    if len(waits) >= k
                    else "te weinig meldingen"
                    if waits
                    else "nog niet geopend"
                ),
            )
        )
    return scores


def scorecard_for(
    factory: sessionmaker[Session],
    principal: Principal,
    year: int,
    tz: tzinfo,
    *,
    now: datetime,
    k: int = DEFAULT_THRESHOLD,
) -> list[QuarterScore]:
    """The scorecard of this user's organisations for a calendar year."""
    orgs, _ = figure_scope(principal)
    with factory() as session:
        return db_scorecard(session, orgs, year, tz, now=now, k=k)

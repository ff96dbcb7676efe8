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

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from statistics import median

from sqlalchemy import String, and_, case, cast, exists, func, literal, or_, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import Principal
from bot.services.figures import db_no_jit, figure_scope, month_bucket, to_month
from bot.services.followups import AFTERCARE_REOFFER, AFTERCARE_SCHEDULE, FEEDBACK_KINDS
from bot.services.suppression import DEFAULT_THRESHOLD
from bot.storage.models import AuditEvent, DashboardMembership, FollowUp, Organisation, Report
from bot.vocab import CRIMINAL_TYPES

METRICS = ("response", "aangifte", "aftercare_offered", "aftercare_accepted", "feedback")
# "nog niet" and "wil aangifte doen" are not a decision yet (nor is no answer).
NOT_DECIDED_VALUES = ("nog_niet", "wil_aangifte")
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


def _share(n: int, d: int, k: int, suppressed: bool = False) -> Share:
    """The share as text. Hidden below k reports; for a reader who sees small cells hidden
    also when fewer than k are on either side (1 of 6 accepted aftercare is about one
    person), and then without the counts."""
    if d < k:
        return Share(n, d, "te weinig meldingen" if d else "geen meldingen")
    if suppressed:
        if 0 < n < k or 0 < d - n < k:
            return Share(n, d, "te weinig meldingen")
        return Share(n, d, f"{round(100 * n / d)}%")
    return Share(n, d, f"{round(100 * n / d)}% ({n} van {d})")


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} minuten"
    if hours < 48:
        return f"{round(hours)} uur"
    return f"{round(hours / 24)} dagen"


def _criminal(dialect: str):
    """SQL: the report has a criminal type (bot.vocab.CRIMINAL_TYPES)."""
    if dialect == "postgresql":
        return or_(*[Report.types.op("?")(literal(t, String)) for t in sorted(CRIMINAL_TYPES)])
    each = func.json_each(Report.types).table_valued("value")
    return (
        select(literal(1))
        .select_from(each)
        .where(each.c.value.in_(sorted(CRIMINAL_TYPES)))
        .exists()
    )


def _flag(condition):
    return case((condition, 1), else_=0)


def _followup(kinds) -> object:
    return exists().where(FollowUp.report_id == Report.id, FollowUp.kind.in_(sorted(kinds)))


@dataclass
class _Tally:
    reports: int = 0
    due: int = 0
    in_time: int = 0
    criminal: int = 0
    decided: int = 0
    offered: int = 0
    accepted: int = 0
    feedback: int = 0
    waits: list = field(default_factory=list)


def db_scorecard(
    session: Session,
    organisation_ids: list[int],
    year: int,
    tz: tzinfo,
    *,
    now: datetime,
    k: int = DEFAULT_THRESHOLD,
    suppressed: bool = False,
) -> list[QuarterScore]:
    """Per organisation and quarter of `year` (quarters without reports are left out).
    The database counts (one row per month and combination of yes/no answers); no report
    is loaded."""
    start = datetime(year, 1, 1, tzinfo=tz)
    end = datetime(year + 1, 1, 1, tzinfo=tz)
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    scope = (
        Report.organisation_id.in_(organisation_ids),
        Report.created_at >= start,
        Report.created_at < end,
    )
    bucket = month_bucket(dialect, tz)
    db_no_jit(session)
    done = Report.response_done_at.is_not(None)
    flags = (
        _flag(or_(done, Report.response_due_at <= now)),
        _flag(and_(done, or_(Report.response_due_at.is_(None), Report.response_done_at <= Report.response_due_at))),
        _flag(_criminal(dialect)),
        _flag(and_(Report.aangifte_decision.is_not(None), Report.aangifte_decision.not_in(NOT_DECIDED_VALUES))),
        _flag(or_(Report.wants_aftercare_contact.is_not(None), _followup(AFTERCARE_KINDS))),
        _flag(Report.wants_aftercare_contact.is_(True)),
        _flag(_followup(FEEDBACK_KINDS)),
    )  # fmt: skip
    rows = session.execute(
        select(bucket, Report.organisation_id, *flags, func.count())
        .where(*scope)
        .group_by(bucket, Report.organisation_id, *flags)
    ).all()
    tallies: dict[tuple[int, int], _Tally] = {}
    for when, org, due, in_time, criminal, decided, offered, accepted, feedback, n in rows:
        quarter = (int(to_month(dialect, when, tz)[5:7]) - 1) // 3 + 1
        t = tallies.setdefault((org, quarter), _Tally())
        t.reports += n
        t.due += due * n
        t.in_time += in_time * n
        t.criminal += criminal * n
        t.decided += decided * criminal * n
        t.offered += offered * n
        t.accepted += accepted * offered * n
        t.feedback += feedback * n
    # First opening by someone who is coordinator in the report's organisation.
    first_view = (
        select(AuditEvent.object_id.label("report"), func.min(AuditEvent.at).label("at"))
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
        .subquery()
    )
    viewed = session.execute(
        select(Report.organisation_id, Report.created_at, first_view.c.at)
        .join(first_view, first_view.c.report == cast(Report.id, String))
        .where(*scope)
    )
    for org, created_at, at in viewed:
        at = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
        if at >= created_at:
            quarter = (created_at.astimezone(tz).month - 1) // 3 + 1
            tallies.setdefault((org, quarter), _Tally()).waits.append(at - created_at)
    names = dict(
        session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(organisation_ids))
        ).all()
    )
    scores = []
    for (org, quarter), t in sorted(
        tallies.items(), key=lambda g: (names.get(g[0][0], ""), g[0][1])
    ):
        if not t.reports:
            continue
        waits = t.waits
        scores.append(
            QuarterScore(
                organisation=names.get(org, "?"),
                year=year,
                quarter=quarter,
                reports=t.reports,
                shares={
                    "response": _share(t.in_time, t.due, k, suppressed),
                    "aangifte": _share(t.decided, t.criminal, k, suppressed),
                    "aftercare_offered": _share(t.offered, t.reports, k, suppressed),
                    "aftercare_accepted": _share(t.accepted, t.offered, k, suppressed),
                    "feedback": _share(t.feedback, t.reports, k, suppressed),
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
    force_suppression: bool = False,
) -> list[QuarterScore]:
    """The scorecard of this user's organisations for a calendar year (small numbers hidden
    as on the figures page: for managers, and in the annual overview)."""
    orgs, suppressed = figure_scope(principal)
    with factory() as session:
        return db_scorecard(
            session, orgs, year, tz, now=now, k=k, suppressed=suppressed or force_suppression
        )

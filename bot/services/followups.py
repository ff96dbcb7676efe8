"""Follow-ups as data: which rows a report or a consent creates, when they are due, and their state.

Pure functions decide kinds and due times (quiet hours, back-off); db_* functions take a session
first and never commit, so rows are written in the caller's transaction (the report's, the
consent's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.dialogue.turn import EXTERNAL_PREFIX
from bot.storage.models import FollowUp, Report, Reporter

RESPONSE_DEADLINE = timedelta(hours=48)
# Coordinator reminders before the 48-hour deadline.
RESPONSE_REMINDERS = {
    "response_reminder_24h": timedelta(hours=24),
    "response_reminder_40h": timedelta(hours=40),
}
# Check-ins after consent to aftercare (within 72 h, ~2 weeks, TSQ >= 4 weeks, 6-8 weeks).
AFTERCARE_SCHEDULE = {
    "aftercare_day1": timedelta(hours=24),
    "aftercare_week2": timedelta(days=14),
    "aftercare_tsq": timedelta(days=28),
    "aftercare_closing": timedelta(days=42),
}
# Declined (or "not now"): offered once more after 2 weeks.
AFTERCARE_REOFFER = {"aftercare_reoffer": timedelta(days=14)}
AANGIFTE_CHECK = {"aangifte_check": timedelta(days=7)}

# Feedback the coordinator sends from the dashboard (VPT measure 2): a fixed text from
# bot/delivery/texts_nl.yml, sent as it is (no Rasa intent), at most once per report and kind.
FEEDBACK_KINDS = frozenset({"feedback_bekeken", "feedback_brief", "feedback_aangifte"})
WORKER_KINDS = frozenset(
    [*AFTERCARE_SCHEDULE, *AFTERCARE_REOFFER, *AANGIFTE_CHECK, *FEEDBACK_KINDS],
)
COORDINATOR_KINDS = frozenset(RESPONSE_REMINDERS)
# Sent at once when the worker agrees that the coordinator is told (bot/dialogue/checkin.py).
ALERT_KINDS = frozenset(
    {"coordinator_alert_support", "coordinator_alert_distress", "coordinator_alert_tsq"}
)
ALL_KINDS = WORKER_KINDS | COORDINATOR_KINDS | ALERT_KINDS

QUIET_START = time(21, 0)
QUIET_END = time(8, 0)

PENDING, SENDING, SENT, FAILED, CANCELLED = "pending", "sending", "sent", "failed", "cancelled"
OPEN_STATUSES = (PENDING, SENDING)
MAX_ATTEMPTS = 8
# A row claimed longer ago than this is taken again (the worker died while sending).
CLAIM_TIMEOUT = timedelta(minutes=5)
# Check-ins that fell due together (after downtime) reach the worker at least this far apart.
WORKER_SPACING = timedelta(hours=1)


@dataclass(frozen=True)
class Planned:
    """A follow-up to create: kind, recipient and due time."""

    kind: str
    recipient: str
    due_at: datetime


def planned_at(row: FollowUp) -> datetime:
    """When the row was first meant to go out (due_at moves on with every wait and retry)."""
    delay = {**RESPONSE_REMINDERS, **AFTERCARE_SCHEDULE, **AFTERCARE_REOFFER, **AANGIFTE_CHECK}
    return row.created_at + delay.get(row.kind, timedelta(0))


def external_intent(kind: str) -> str:
    """The Rasa intent that makes the bot say this follow-up."""
    return f"{EXTERNAL_PREFIX}{kind}"


def dedupe_key(report_id: int, kind: str) -> str:
    """One row per report and kind; also the key the channel refuses to send twice."""
    return f"{report_id}:{kind}"


def outside_quiet_hours(at: datetime, tz: tzinfo) -> datetime:
    """The same time, or 08:00 local when it falls between 21:00 and 08:00."""
    local = at.astimezone(tz)
    if local.time() >= QUIET_START:
        morning = (local + timedelta(days=1)).date()
    elif local.time() < QUIET_END:
        morning = local.date()
    else:
        return at
    return datetime.combine(morning, QUIET_END, tzinfo=tz)


def in_quiet_hours(at: datetime, tz: tzinfo) -> bool:
    """True between 21:00 and 08:00 local time."""
    return outside_quiet_hours(at, tz) != at


def backoff(attempts: int) -> timedelta:
    """Wait before retry number `attempts` (1, 2, ...): 1, 2, 4 ... minutes, at most 2 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 120))


def plan_for_report(
    created_at: datetime, *, criminal: bool, wants_aangifte: bool | None
) -> list[Planned]:
    """Rows a newly stored report gets: coordinator reminders, and the aangifte check-in."""
    planned = [
        Planned(kind, "coordinator", created_at + delta)
        for kind, delta in RESPONSE_REMINDERS.items()
    ]
    if criminal and wants_aangifte:
        planned += [
            Planned(kind, "worker", created_at + delta) for kind, delta in AANGIFTE_CHECK.items()
        ]
    return planned


def plan_for_consent(consent_at: datetime, wants_contact: bool | None) -> list[Planned]:
    """Check-ins after the aftercare answer: the schedule on yes, one re-offer otherwise."""
    schedule = AFTERCARE_SCHEDULE if wants_contact else AFTERCARE_REOFFER
    return [Planned(kind, "worker", consent_at + delta) for kind, delta in schedule.items()]


def effective_due(planned: Planned, tz: tzinfo) -> datetime:
    """Workers get no message at night; coordinator reminders keep the deadline's clock."""
    if planned.recipient == "worker":
        return outside_quiet_hours(planned.due_at, tz)
    return planned.due_at


def db_add_followups(
    session: Session, report: Report, planned: list[Planned], *, tz: tzinfo, now: datetime
) -> list[FollowUp]:
    """Insert the planned rows that do not exist yet (same report and kind)."""
    existing = set(session.scalars(select(FollowUp.kind).where(FollowUp.report_id == report.id)))
    rows = []
    for item in planned:
        if item.kind in existing:
            continue
        row = FollowUp(
            dedupe_key=dedupe_key(report.id, item.kind),
            report_id=report.id,
            reporter_id=report.reporter_id if item.recipient == "worker" else None,
            recipient=item.recipient,
            channel=report.channel if item.recipient == "worker" else "telegram",
            kind=item.kind,
            due_at=effective_due(item, tz),
            status=PENDING,
            attempts=0,
            created_at=now,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def db_cancel_open(session: Session, report_id: int, kinds: frozenset[str], reason: str) -> int:
    """Cancel the open rows of these kinds for one report; returns how many."""
    rows = session.scalars(
        select(FollowUp).where(
            FollowUp.report_id == report_id,
            FollowUp.kind.in_(sorted(kinds)),
            FollowUp.status.in_(OPEN_STATUSES),
        )
    ).all()
    for row in rows:
        row.status = CANCELLED
        row.last_error = reason
    return len(rows)


def db_stop_for_reporter(
    session: Session, reporter: Reporter, *, now: datetime
) -> tuple[bool, int]:
    """The worker stops all check-ins: (first time?, rows cancelled)."""
    first = reporter.followups_stopped_at is None
    if first:
        reporter.followups_stopped_at = now
    rows = session.scalars(
        select(FollowUp).where(
            FollowUp.reporter_id == reporter.id,
            FollowUp.recipient == "worker",
            FollowUp.status.in_(OPEN_STATUSES),
        )
    ).all()
    for row in rows:
        row.status = CANCELLED
        row.last_error = "worker stopped check-ins"
    return first, len(rows)


def db_latest_for_reporter(
    session: Session, channel: str, channel_user_id: str, kind: str
) -> FollowUp | None:
    """The newest row of this kind delivered (or being delivered) to this conversation."""
    return session.scalar(
        select(FollowUp)
        .join(Reporter, FollowUp.reporter_id == Reporter.id)
        .where(
            Reporter.channel == channel,
            Reporter.channel_user_id == channel_user_id,
            FollowUp.kind == kind,
            FollowUp.status.in_((SENDING, SENT)),
        )
        .order_by(FollowUp.id.desc())
        .limit(1)
    )


def db_last_sent_to_worker(session: Session, reporter_id: int) -> datetime | None:
    """When this worker last got a check-in."""
    return session.scalar(
        select(FollowUp.sent_at)
        .where(
            FollowUp.reporter_id == reporter_id,
            FollowUp.recipient == "worker",
            FollowUp.sent_at.is_not(None),
        )
        .order_by(FollowUp.sent_at.desc())
        .limit(1)
    )


def db_claim_due(session: Session, *, now: datetime, limit: int = 20) -> list[FollowUp]:
    """Open rows that are due (or whose claim is stale), marked 'sending' with one more attempt."""
    stale = now - CLAIM_TIMEOUT
    query = (
        select(FollowUp)
        .where(
            FollowUp.due_at <= now,
            or_(
                FollowUp.status == PENDING,
                (FollowUp.status == SENDING) & (FollowUp.claimed_at <= stale),
            ),
        )
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.scalars(query))
    for row in rows:
        row.status = SENDING
        row.claimed_at = now
        row.attempts += 1
    session.flush()
    return rows


def db_unclaim(session: Session, followup_ids: list[int]) -> None:
    """Hand claimed rows back untouched (a worker stopping): pending, the attempt not counted."""
    for followup_id in followup_ids:
        row = session.get(FollowUp, followup_id)
        if row is not None and row.status == SENDING:
            row.status = PENDING
            row.claimed_at = None
            row.attempts = max(row.attempts - 1, 0)


def db_mark_sent(session: Session, followup_id: int, *, now: datetime) -> None:
    """Delivered (or already delivered under its dedupe key)."""
    row = session.get(FollowUp, followup_id)
    row.status = SENT
    row.sent_at = now
    row.last_error = None


def db_mark_failed(
    session: Session, followup_id: int, *, permanent: bool, reason: str, now: datetime, tz: tzinfo
) -> None:
    """Permanent: stop the row and flag the report. Retryable: back off (and out of the night)."""
    row = session.get(FollowUp, followup_id)
    row.last_error = reason[:500]
    if permanent or row.attempts >= MAX_ATTEMPTS:
        row.status = FAILED
        row.report.delivery_problem = True
        return
    row.status = PENDING
    row.claimed_at = None
    retry = now + backoff(row.attempts)
    row.due_at = outside_quiet_hours(retry, tz) if row.recipient == "worker" else retry


def db_cancel(session: Session, followup_id: int, reason: str) -> None:
    """No longer needed (response done, worker stopped check-ins)."""
    row = session.get(FollowUp, followup_id)
    row.status = CANCELLED
    row.last_error = reason


def db_list_followups(session: Session) -> list[FollowUp]:
    """Every follow-up, by due time."""
    return list(session.scalars(select(FollowUp).order_by(FollowUp.due_at, FollowUp.id)))


def db_find_followup(session: Session, report_id: int, kind: str) -> FollowUp | None:
    """The row of this report and kind, if any."""
    return session.scalar(
        select(FollowUp).where(FollowUp.report_id == report_id, FollowUp.kind == kind)
    )


def followup_to_json(row: FollowUp, tz: tzinfo) -> dict:
    """A row as `vpt followups list --json` prints it."""
    return {
        "id": row.id,
        "report_id": row.report_id,
        "receipt": row.report.receipt if row.report else None,
        "recipient": row.recipient,
        "channel": row.channel,
        "kind": row.kind,
        "due_at": row.due_at.astimezone(tz).isoformat(),
        "status": row.status,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "sent_at": row.sent_at.astimezone(tz).isoformat() if row.sent_at else None,
        "dedupe_key": row.dedupe_key,
    }

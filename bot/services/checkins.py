"""Use cases of the check-ins: find the report a check-in is about, store what it brought, opt out.

Each function owns its transaction; the actions call them with the tracker's values.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.turn import Effect
from bot.services.followups import (
    OPEN_STATUSES,
    Planned,
    db_add_followups,
    db_latest_for_reporter,
    db_stop_for_reporter,
    plan_for_consent,
)
from bot.storage.models import AftercareAnswer, FollowUp, Report, Reporter


def checkin_report(
    factory: sessionmaker[Session], channel: str, channel_user_id: str, kind: str
) -> int | None:
    """The report the check-in of this kind that just went to this conversation belongs to."""
    with factory() as session:
        row = db_latest_for_reporter(session, channel, channel_user_id, kind)
        return row.report_id if row else None


def apply_effects(
    factory: sessionmaker[Session], report_id: int, effects: tuple[Effect, ...], *, now: datetime
) -> None:
    """Store a check-in answer and what follows from it, in one transaction."""
    if not effects:
        return
    with factory() as session, session.begin():
        report = session.get(Report, report_id)
        if report is None:
            return
        for effect in effects:
            values = effect.values
            if effect.name == "answer":
                session.add(
                    AftercareAnswer(
                        report_id=report_id,
                        kind=values["kind"],
                        question=values["question"],
                        answer=values["answer"][:4000],
                        answered_at=now,
                    )
                )
            elif effect.name == "alert":
                planned = [Planned(values["kind"], "coordinator", now)]
                db_add_followups(session, report, planned, tz=now.tzinfo, now=now)
            elif effect.name == "schedule_aftercare":
                report.wants_aftercare_contact = True
                db_add_followups(
                    session, report, plan_for_consent(now, True), tz=now.tzinfo, now=now
                )
            elif effect.name == "aangifte_status":
                report.aangifte_status = values["status"]


def db_answers(session: Session, report_id: int) -> list[AftercareAnswer]:
    """Every check-in answer of a report, in order."""
    return list(
        session.scalars(
            select(AftercareAnswer)
            .where(AftercareAnswer.report_id == report_id)
            .order_by(AftercareAnswer.id)
        )
    )


def stop_for_account(
    factory: sessionmaker[Session], channel: str, channel_user_id: str, *, now: datetime
) -> bool:
    """The worker stops every check-in; True the first time (the bot confirms it once)."""
    with factory() as session, session.begin():
        reporter = session.scalar(
            select(Reporter).where(
                Reporter.channel == channel, Reporter.channel_user_id == channel_user_id
            )
        )
        if reporter is None:
            reporter = Reporter(channel=channel, channel_user_id=channel_user_id, created_at=now)
            session.add(reporter)
            session.flush()
        first, _ = db_stop_for_reporter(session, reporter, now=now)
        return first


def purge_expired_answers(factory: sessionmaker[Session], *, now: datetime, days: int) -> int:
    """Delete check-in answers given more than `days` before now (retention); returns how many."""
    older_than = now - timedelta(days=days)
    with factory() as session, session.begin():
        result = session.execute(
            delete(AftercareAnswer).where(AftercareAnswer.answered_at < older_than)
        )
        return result.rowcount or 0


def has_planned_checkins(
    factory: sessionmaker[Session], channel: str, channel_user_id: str
) -> bool:
    """Whether check-ins are still to come for this conversation (and were not stopped)."""
    with factory() as session:
        planned = session.scalar(
            select(FollowUp.id)
            .join(Reporter, FollowUp.reporter_id == Reporter.id)
            .where(
                Reporter.channel == channel,
                Reporter.channel_user_id == channel_user_id,
                Reporter.followups_stopped_at.is_(None),
                FollowUp.recipient == "worker",
                FollowUp.status.in_(OPEN_STATUSES),
            )
            .limit(1)
        )
        return planned is not None

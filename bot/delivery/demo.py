"""`vpt demo-aftercare`: the whole check-in schedule of one report on a fast clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.delivery.web_chat import CLOSED_PAGE
from bot.delivery.worker import FollowUpWorker
from bot.services import followups
from bot.settings import Settings
from bot.storage.models import Report

DEMO_KINDS = (
    "aftercare_day1",
    "aangifte_check",
    "aftercare_week2",
    "aftercare_tsq",
    "aftercare_closing",
)


def demo_schedule(
    settings: Settings,
    factory: sessionmaker[Session],
    report_id: int,
    *,
    pause: Callable[[], None],
    output: Callable[[str], None] = print,
) -> int:
    """Deliver each check-in of the report in order, with the clock moved to its due time."""
    with factory() as session:
        report = session.get(Report, report_id)
        if report is None:
            output(f"vpt: no report with id {report_id}")
            return 1
        start = report.created_at
    plan = {p.kind: p.due_at for p in followups.plan_for_consent(start, True)}
    plan.update(
        {
            p.kind: p.due_at
            for p in followups.plan_for_report(start, criminal=True, wants_aangifte=True)
            if p.recipient == "worker"
        }
    )
    failures = 0
    for index, kind in enumerate(DEMO_KINDS):
        due = followups.outside_quiet_hours(plan[kind], settings.tz)
        clock = Clock(settings.tz, offset=due - datetime.now(settings.tz))
        output(f"==> {kind}: op de klok {due.astimezone(settings.tz):%d-%m-%Y %H:%M}")
        outcome = FollowUpWorker(settings, factory, clock).send_now(report_id, kind)
        output(f"    {outcome.status} {outcome.reason}".rstrip())
        if outcome.reason == CLOSED_PAGE.reason:
            output("    (open the web chat page of this report's worker, then run the demo again)")
        failures += outcome.status != "sent"
        if index < len(DEMO_KINDS) - 1:
            pause()
    return 1 if failures else 0

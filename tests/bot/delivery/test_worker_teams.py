"""The follow-up worker sends a Teams worker's check-ins and feedback through the Teams channel."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FixedClock
from bot.delivery.worker import FollowUpWorker
from bot.services.followups import db_list_followups
from bot.services.reporting import record_aftercare_choice, submit_report
from bot.settings import Settings
from bot.storage.models import Report
from bot.storage.reports import ReporterRef
from tests.bot.delivery.test_worker import MADE, FakeChannel, _run_until
from tests.bot.services.test_reporting import full_draft

USER = "6f0c2b9e-1d2a-4c59-9a51-0a9d0d6a1f11"


def _teams_worker(session_factory, teams: FakeChannel, telegram: FakeChannel):
    stored = submit_report(
        session_factory,
        full_draft(MADE),
        ReporterRef(channel="teams", channel_user_id=USER, display_name="Sam"),
        default_organisation="G",
        now=MADE,
    )
    record_aftercare_choice(session_factory, stored.report_id, True, now=MADE)
    worker = FollowUpWorker(
        Settings(internal_token="t"),
        session_factory,
        FixedClock(MADE),
        trigger=teams.trigger,
        send=telegram.send,
        busy=lambda settings, sender: False,
        teams_send=teams.send,
    )
    return worker, stored.report_id


def test_a_teams_check_in_goes_to_the_teams_channel_by_user_id(session_factory):
    teams, telegram = FakeChannel(), FakeChannel()
    worker, _ = _teams_worker(session_factory, teams, telegram)
    _run_until(worker.clock, worker, MADE + timedelta(days=2))
    assert teams.triggered == [(USER, "EXTERNAL_aftercare_day1")]
    assert teams.texts_to(USER) == ["[EXTERNAL_aftercare_day1]"]
    assert telegram.delivered == []
    with session_factory() as s:
        statuses = {r.kind: r.status for r in db_list_followups(s) if r.recipient == "worker"}
    assert statuses["aftercare_day1"] == "sent"


def test_an_uninstalled_teams_app_stops_the_row_and_flags_the_report(session_factory):
    teams, telegram = FakeChannel(), FakeChannel()
    teams.blocked.add(USER)
    worker, report_id = _teams_worker(session_factory, teams, telegram)
    _run_until(worker.clock, worker, MADE + timedelta(days=2))
    with session_factory() as s:
        assert s.get(Report, report_id).delivery_problem is True
        rows = {r.kind: r.status for r in db_list_followups(s)}
    assert rows["aftercare_day1"] == "failed"

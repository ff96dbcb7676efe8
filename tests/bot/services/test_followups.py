"""Follow-up rows: written with the report or the consent, due times, quiet hours, claiming."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import FixedClock
from bot.services.followups import (
    CANCELLED,
    FAILED,
    PENDING,
    SENDING,
    backoff,
    db_claim_due,
    db_list_followups,
    db_mark_failed,
    db_mark_sent,
    in_quiet_hours,
    outside_quiet_hours,
)
from bot.services.reporting import (
    record_aftercare_choice,
    record_response,
    stop_followups,
    submit_report,
)
from bot.storage.models import FollowUp, Report
from tests.bot.services.test_reporting import REPORTER, full_draft
from tests.conftest import AMS


def _rows(factory) -> dict[str, FollowUp]:
    with factory() as s:
        return {row.kind: row for row in db_list_followups(s)}


def _store(factory, now, **overrides):
    return submit_report(
        factory, full_draft(now, **overrides), REPORTER, default_organisation="G", now=now
    )


def test_quiet_hours_move_a_night_time_to_eight_in_the_morning():
    evening = datetime(2026, 11, 23, 22, 30, tzinfo=AMS)
    early = datetime(2026, 11, 24, 6, 0, tzinfo=AMS)
    day = datetime(2026, 11, 24, 12, 0, tzinfo=AMS)
    assert outside_quiet_hours(evening, AMS) == datetime(2026, 11, 24, 8, 0, tzinfo=AMS)
    assert outside_quiet_hours(early, AMS) == datetime(2026, 11, 24, 8, 0, tzinfo=AMS)
    assert outside_quiet_hours(day, AMS) == day
    assert in_quiet_hours(datetime(2026, 11, 23, 21, 0, tzinfo=AMS), AMS)
    assert not in_quiet_hours(datetime(2026, 11, 23, 20, 59, tzinfo=AMS), AMS)
    assert not in_quiet_hours(datetime(2026, 11, 24, 8, 0, tzinfo=AMS), AMS)


def test_quiet_hours_follow_summer_time():
    summer_night = datetime(2026, 7, 1, 20, 30, tzinfo=AMS) + timedelta(hours=1)
    assert outside_quiet_hours(summer_night, AMS) == datetime(2026, 7, 2, 8, 0, tzinfo=AMS)


def test_backoff_grows_and_is_capped():
    assert backoff(1) == timedelta(minutes=1)
    assert backoff(3) == timedelta(minutes=4)
    assert backoff(30) == timedelta(hours=2)


def test_report_gets_a_48_hour_deadline_and_coordinator_reminders_in_its_transaction(
    session_factory, now
):
    stored = _store(session_factory, now)
    rows = _rows(session_factory)
    assert set(rows) == {"response_reminder_24h", "response_reminder_40h"}
    assert rows["response_reminder_24h"].due_at == now + timedelta(hours=24)
    # 40 h after Monday 15:00 is Wednesday 07:00: coordinator reminders keep the deadline's clock.
    assert rows["response_reminder_40h"].due_at == now + timedelta(hours=40)
    assert all(r.recipient == "coordinator" and r.status == PENDING for r in rows.values())
    with session_factory() as s:
        assert s.get(Report, stored.report_id).response_due_at == now + timedelta(hours=48)


def test_repeated_confirmation_adds_no_second_rows(session_factory, now):
    _store(session_factory, now)
    _store(session_factory, now + timedelta(seconds=5))
    with session_factory() as s:
        assert len(db_list_followups(s)) == 2


def test_criminal_report_with_aangifte_gets_a_check_in_a_week_later(session_factory, now):
    _store(session_factory, now, wants_aangifte=True)
    rows = _rows(session_factory)
    assert rows["aangifte_check"].due_at == now + timedelta(days=7)
    assert rows["aangifte_check"].recipient == "worker"


def test_consent_schedules_four_check_ins_outside_the_night(session_factory, now):
    stored = _store(session_factory, now)
    consent = datetime(2026, 11, 23, 22, 15, tzinfo=AMS)
    assert record_aftercare_choice(session_factory, stored.report_id, True, now=consent)
    rows = _rows(session_factory)
    assert rows["aftercare_day1"].due_at == datetime(2026, 11, 25, 8, 0, tzinfo=AMS)
    assert rows["aftercare_week2"].due_at == datetime(2026, 12, 8, 8, 0, tzinfo=AMS)
    assert rows["aftercare_tsq"].due_at == datetime(2026, 12, 22, 8, 0, tzinfo=AMS)
    assert rows["aftercare_closing"].due_at == datetime(2027, 1, 5, 8, 0, tzinfo=AMS)
    assert "aftercare_reoffer" not in rows


def test_declined_aftercare_is_offered_once_more_after_two_weeks(session_factory, now):
    stored = _store(session_factory, now)
    record_aftercare_choice(session_factory, stored.report_id, False, now=now)
    record_aftercare_choice(session_factory, stored.report_id, False, now=now)
    rows = _rows(session_factory)
    assert rows["aftercare_reoffer"].due_at == now + timedelta(days=14)
    assert "aftercare_day1" not in rows
    with session_factory() as s:
        assert sum(r.kind == "aftercare_reoffer" for r in db_list_followups(s)) == 1


def test_claim_takes_only_due_rows_and_marks_them_sending(session_factory, now):
    _store(session_factory, now)
    clock = FixedClock(now + timedelta(hours=23))
    with session_factory() as s, s.begin():
        assert db_claim_due(s, now=clock.now()) == []
    clock.advance(timedelta(hours=1))
    with session_factory() as s, s.begin():
        claimed = db_claim_due(s, now=clock.now())
        assert [r.kind for r in claimed] == ["response_reminder_24h"]
        assert claimed[0].status == SENDING and claimed[0].attempts == 1
    with session_factory() as s, s.begin():
        # Claimed rows are not claimed again until their claim is stale (the worker died).
        assert db_claim_due(s, now=clock.now()) == []
    with session_factory() as s, s.begin():
        again = db_claim_due(s, now=clock.now() + timedelta(minutes=6))
        assert [r.kind for r in again] == ["response_reminder_24h"]
        db_mark_sent(s, again[0].id, now=clock.now())
    assert _rows(session_factory)["response_reminder_24h"].status == "sent"


def test_permanent_failure_stops_the_row_and_flags_the_report(session_factory, now):
    stored = _store(session_factory, now)
    with session_factory() as s, s.begin():
        row = db_claim_due(s, now=now + timedelta(hours=24))[0]
        db_mark_failed(s, row.id, permanent=True, reason="blocked", now=now, tz=AMS)
    assert _rows(session_factory)["response_reminder_24h"].status == FAILED
    with session_factory() as s:
        assert s.get(Report, stored.report_id).delivery_problem is True


def test_retryable_failure_backs_off_and_waits_for_the_morning(session_factory, now):
    stored = _store(session_factory, now)
    record_aftercare_choice(session_factory, stored.report_id, True, now=now)
    at = datetime(2026, 11, 24, 20, 59, 30, tzinfo=AMS)
    with session_factory() as s, s.begin():
        row = next(r for r in db_claim_due(s, now=at) if r.kind == "aftercare_day1")
        db_mark_failed(s, row.id, permanent=False, reason="HTTP 429", now=at, tz=AMS)
    row = _rows(session_factory)["aftercare_day1"]
    assert row.status == PENDING and row.attempts == 1 and row.last_error == "HTTP 429"
    assert row.due_at == datetime(2026, 11, 25, 8, 0, tzinfo=AMS)
    with session_factory() as s:
        assert s.get(Report, stored.report_id).delivery_problem is False


def test_opt_out_cancels_every_open_check_in_and_is_reported_once(session_factory, now):
    stored = _store(session_factory, now, wants_aangifte=True)
    record_aftercare_choice(session_factory, stored.report_id, True, now=now)
    assert stop_followups(session_factory, stored.report_id, now=now) is True
    assert stop_followups(session_factory, stored.report_id, now=now) is False
    rows = _rows(session_factory)
    assert all(r.status == CANCELLED for r in rows.values() if r.recipient == "worker")
    assert rows["response_reminder_24h"].status == PENDING
    # A later consent schedules nothing for a worker who stopped the check-ins.
    record_aftercare_choice(session_factory, stored.report_id, False, now=now)
    assert "aftercare_reoffer" not in _rows(session_factory)


def test_response_done_cancels_the_coordinator_reminders(session_factory, now):
    stored = _store(session_factory, now)
    assert record_response(session_factory, stored.report_id, "gesprek", now=now)
    rows = _rows(session_factory)
    assert {r.status for r in rows.values()} == {CANCELLED}
    with session_factory() as s:
        report = s.get(Report, stored.report_id)
        assert report.response_measure == "gesprek" and report.response_done_at == now

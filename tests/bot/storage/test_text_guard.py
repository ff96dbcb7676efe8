"""Any Unicode a worker can type is stored, on SQLite and PostgreSQL (bot/storage/text_guard.py)."""

from __future__ import annotations

from bot.services.reporting import submit_report
from bot.storage.models import Report
from bot.storage.reports import ReporterRef
from tests.bot.services.test_reporting import full_draft
from tests.faults import failing_database

REPORTER = ReporterRef(channel="rest", channel_user_id="web-\ud800", display_name="Anna\x00")


def test_a_story_with_a_lone_surrogate_and_a_nul_is_stored(session_factory, now):
    draft = full_draft(
        now, narrative="hij sloeg \ud83d me\x00 en schold", location_text="bal\x00ie"
    )
    stored = submit_report(session_factory, draft, REPORTER, default_organisation="G", now=now)
    with session_factory() as session:
        report = session.get(Report, stored.report_id)
        assert report.narrative == "hij sloeg \ufffd me en schold"
        assert report.location_text == "balie"
        assert report.reporter.channel_user_id == "web-\ufffd"
        assert report.reporter.display_name == "Anna"


def test_a_weapon_list_longer_than_its_column_is_cut_not_refused(session_factory, now):
    weapons = ", ".join(f"wapen{i}" for i in range(60))  # about 440 characters for String(100)
    draft = full_draft(now, weapon=weapons)
    stored = submit_report(session_factory, draft, REPORTER, default_organisation="G", now=now)
    with session_factory() as session:
        weapon = session.get(Report, stored.report_id).weapon
    assert len(weapon) == 100
    assert weapon.startswith("wapen0, wapen1") and weapon.endswith("…")


def test_a_failed_insert_is_not_stored_and_the_retry_stores_it_once(engine, session_factory, now):
    draft = full_draft(now, draft_id="retry-1")
    with failing_database(engine, match="INSERT INTO reports") as failed:
        try:
            submit_report(session_factory, draft, REPORTER, default_organisation="G", now=now)
        except Exception as exc:  # noqa: BLE001 - the injected fault, whatever its wrapper
            assert "injected" in str(exc)
        else:
            raise AssertionError("the injected failure did not reach the caller")
    assert failed
    again = submit_report(session_factory, draft, REPORTER, default_organisation="G", now=now)
    assert again.created
    with session_factory() as session:
        assert session.query(Report).count() == 1


def test_an_absurd_amount_in_the_damage_text_does_not_fail_the_save(session_factory, now):
    # Found by the soak's fuzzing: the amount did not fit the integer column.
    draft = full_draft(now, damage_text="bril kapot, € 1111111111111111111111111 schade")
    stored = submit_report(session_factory, draft, REPORTER, default_organisation="G", now=now)
    with session_factory() as session:
        report = session.get(Report, stored.report_id)
        assert report.damage_amount_cents is None
        assert "1111" in report.damage_text

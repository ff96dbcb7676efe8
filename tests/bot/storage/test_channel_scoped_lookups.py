"""A worker's data is found by channel and sender together: an equal id elsewhere finds nothing."""

from __future__ import annotations

from bot.services.documents import latest_aangifte_draft
from bot.services.reporting import submit_report
from bot.storage.reports import ReporterRef, db_latest_report
from tests.bot.services.test_reporting import full_draft
from tests.conftest import AMS


def _store(session_factory, now, ref: ReporterRef, narrative: str) -> int:
    draft = full_draft(now, draft_id=f"{ref.channel}-{ref.channel_user_id}", narrative=narrative)
    return submit_report(session_factory, draft, ref, default_organisation="G", now=now).report_id


def test_a_rest_or_web_sender_with_a_telegram_id_never_finds_the_telegram_report(
    session_factory, now
):
    telegram = _store(session_factory, now, ReporterRef("telegram", "424242", "Jan"), "SEED-F1 x")
    web = _store(session_factory, now, ReporterRef("web", "424242", None), "eigen verhaal")
    with session_factory() as s:
        assert db_latest_report(s, "web", "424242").id == web
        assert db_latest_report(s, "telegram", "424242").id == telegram
        assert db_latest_report(s, "rest", "424242") is None
    sheet = latest_aangifte_draft(session_factory, "web", "424242", AMS)
    assert sheet is not None and "SEED-F1" not in sheet.text

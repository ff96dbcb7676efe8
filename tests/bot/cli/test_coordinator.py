"""`vpt` casework commands on a real SQLite database: retention, and a database never migrated."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.cli.main import main
from bot.dialogue.turn import Effect
from bot.services.checkins import apply_effects, db_answers
from bot.services.reporting import submit_report
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.reports import ReporterRef
from tests.bot.services.test_reporting import full_draft


def test_aftercare_purge_deletes_only_answers_past_the_retention_period(
    monkeypatch, tmp_path, capsys
):
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    now = datetime.now(timezone.utc)
    stored = submit_report(
        factory,
        full_draft(now - timedelta(days=400)),
        ReporterRef("telegram", "5", "Sanne"),
        default_organisation="G",
        now=now - timedelta(days=400),
    )
    for question, age in (("feeling", 399), ("sleep", 100)):
        effect = Effect("answer", {"kind": "aftercare_day1", "question": question, "answer": "x"})
        apply_effects(factory, stored.report_id, (effect,), now=now - timedelta(days=age))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("VPT_AFTERCARE_RETENTION_DAYS", "180")
    assert main(["aftercare-purge"]) == 0
    assert "1 check-in answers older than 180 days deleted" in capsys.readouterr().out
    with factory() as s:
        assert [a.question for a in db_answers(s, stored.report_id)] == ["sleep"]


def test_a_database_that_was_never_migrated_gets_a_clear_message(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["reports"]) == 1
    err = capsys.readouterr().err
    assert "vpt db upgrade" in err and "Traceback" not in err

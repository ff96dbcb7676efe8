"""Retention and a worker's rights: after erasure or expiry, a scan of the whole database, the
tracker store and the data folder finds nothing of the worker; the monthly counts stay."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.dialogue.turn import Effect
from bot.services import privacy
from bot.services.checkins import apply_effects
from bot.services.evidence import IncomingFile, store_evidence
from bot.services.reporting import submit_report
from bot.storage.channel_state import db_touch_chat
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import (
    AuditEvent,
    FollowUp,
    MonthlyCount,
    Report,
    StatsMonthly,
    TelegramChat,
)
from bot.storage.reports import ReporterRef, db_get_or_create_organisation
from tests.bot.services.test_reporting import full_draft
from tests.conftest import AMS
from tests.telegram_updates import jpeg_with_location

NAME, CHAT = "Jozefien Brandsma", "5123456789"
STORY = ("Zwartekoolmees", "Ganzenmarkt", "Paraplustok")
OTHER_NAME, OTHER_CHAT, OTHER_WORD = "Pieternel Hofstede", "6123456789", "Kwikstaartje"
DEFAULTS = privacy.Retention(
    reports=5 * 365, evidence=365, aftercare=365, documents=30, conversations=30
)

# The SQL tracker store's table, as Rasa 3.6 creates it.
EVENTS_TABLE = """CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255),
type_name VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255),
data TEXT)"""


@pytest.fixture
def world(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'vpt.db'}")
    upgrade(engine)
    tracker_path = tmp_path / "tracker.db"
    with sqlite3.connect(tracker_path) as conn:
        conn.execute(EVENTS_TABLE)
    tracker = make_engine(f"sqlite:///{tracker_path}")
    yield tmp_path, make_session_factory(engine), tracker
    engine.dispose()
    tracker.dispose()


def _event(tracker_path: Path, sender: str, text: str, at: float, name: str | None) -> None:
    data = {"event": "user", "text": text, "timestamp": at, "metadata": {"display_name": name}}
    with sqlite3.connect(tracker_path) as conn:
        conn.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
            (sender, at, json.dumps(data)),
        )


def _seed(data_dir: Path, factory, chat: str, name: str, words: tuple[str, ...], now) -> int:
    """A worker with a report, evidence, an answer, a PDF, a chat row and tracker events."""
    story = f"Een klant noemde me {words[0]} en sloeg met een {words[-1]} bij de {words[1]}"
    store_evidence(
        factory,
        data_dir,
        IncomingFile("telegram", chat, "photo", jpeg_with_location(),
                     original_name=f"{words[1]}.jpg", caption=words[0]),
        now=now,
    )  # fmt: skip
    stored = submit_report(
        factory,
        full_draft(now, draft_id=chat, narrative=story, location_text=f"bij de {words[1]}"),
        ReporterRef("telegram", chat, name),
        default_organisation="Gemeente",
        now=now,
    )
    effect = Effect("answer", {"kind": "aftercare_day1", "question": "feeling", "answer": words[0]})
    apply_effects(factory, stored.report_id, (effect,), now=now)
    with factory() as s, s.begin():
        db_touch_chat(s, int(chat), now=now)
        s.get(TelegramChat, int(chat)).display_name = name
        receipt = s.get(Report, stored.report_id).receipt
    documents = data_dir / "documents"
    documents.mkdir(exist_ok=True)
    pdf = documents / f"aangifte-{receipt}.pdf"
    pdf.write_text(f"{name}: {story}")
    os.utime(pdf, (now.timestamp(), now.timestamp()))  # written when the report was
    _event(data_dir / "tracker.db", chat, story, now.timestamp(), name)
    return stored.report_id


def _found(data_dir: Path, needles: tuple[str, ...]) -> set[str]:
    """Every needle that occurs in any file under the data folder (databases included)."""
    found = set()
    for path in data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            found |= {n for n in needles if n.encode() in content}
    return found


def test_after_erasure_nothing_of_the_worker_is_left_anywhere(world, now):
    data_dir, factory, tracker = world
    _seed(data_dir, factory, CHAT, NAME, STORY, now)
    _seed(data_dir, factory, OTHER_CHAT, OTHER_NAME, (OTHER_WORD, "Vismarkt", "Stok"), now)
    assert _found(data_dir, (NAME, CHAT, *STORY)) == {NAME, CHAT, *STORY}  # the scan can see

    worker = privacy.find_worker(factory, f"telegram:{CHAT}")
    outcome = privacy.erase_worker(factory, tracker, data_dir, worker, now=now, tz=AMS)

    assert outcome.counts["reports"] == 1 and outcome.counts["tracker events"] == 1
    assert _found(data_dir, (NAME, CHAT, *STORY)) == set()
    assert _found(data_dir, (OTHER_NAME, OTHER_WORD)) == {OTHER_NAME, OTHER_WORD}
    with factory() as s:
        (entry,) = s.query(AuditEvent).filter_by(action="privacy_erase").all()
        assert entry.object_id is None  # the audit entry holds no content
        assert s.query(MonthlyCount).filter_by(category="_total").one().count == 1


def test_a_worker_can_be_found_by_a_receipt_and_exported_readably(world, now):
    data_dir, factory, tracker = world
    report_id = _seed(data_dir, factory, CHAT, NAME, STORY, now)
    with factory() as s:
        receipt = s.get(Report, report_id).receipt
    worker = privacy.find_worker(factory, receipt)
    assert worker == privacy.Worker("telegram", CHAT)
    data = privacy.export_worker(factory, tracker, worker, tz=AMS, now=now)
    assert data["worker"]["display_name"] == NAME
    assert data["reports"][0]["check_in_answers"][0]["answer"] == STORY[0]
    assert STORY[1] in data["conversation"][0]["text"]
    assert len(data["reports"][0]["evidence"]) == 1


def test_after_retention_nothing_of_an_expired_report_is_left_and_the_counts_stay(world, now):
    data_dir, factory, tracker = world
    old = now - timedelta(days=6 * 365)
    expired = _seed(data_dir, factory, CHAT, NAME, STORY, old)
    with factory() as s, s.begin():
        report = s.get(Report, expired)
        report.closed_at = old + timedelta(days=10)
        # Linked to an organisation (an invite), so it is in that organisation's figures.
        report.organisation_id = db_get_or_create_organisation(s, "Gemeente", now=old).id
    kept = _seed(data_dir, factory, OTHER_CHAT, OTHER_NAME, (OTHER_WORD, "Vismarkt", "Stok"), now)

    outcome = privacy.purge(factory, tracker, data_dir, DEFAULTS, now=now, tz=AMS)

    assert outcome.counts["reports"] == 1
    assert _found(data_dir, (NAME, CHAT, *STORY)) == set()
    assert _found(data_dir, (OTHER_NAME, OTHER_WORD)) == {OTHER_NAME, OTHER_WORD}
    with factory() as s:
        assert s.get(Report, expired) is None and s.get(Report, kept) is not None
        month = f"{old.astimezone(AMS):%Y-%m}"
        counts = {c.category: c.count for c in s.query(MonthlyCount).filter_by(month=month)}
        # The figures page's trend keeps the report too (bot/services/figures.py reads this).
        archived = s.query(StatsMonthly).filter_by(month=month).all()
    assert counts["_total"] == 1 and counts["verbale_agressie"] == 1
    assert [(a.count, a.types_key) for a in archived] == [(1, "fysieke_agressie,verbale_agressie")]


def test_conversations_go_before_the_report_and_unknown_files_are_cleaned(world, now):
    data_dir, factory, tracker = world
    report_id = _seed(data_dir, factory, CHAT, NAME, STORY, now - timedelta(days=40))
    stray = data_dir / "evidence" / "left-behind.bin"
    stray.write_bytes(b"Zwartekoolmees")
    old = (now - timedelta(days=2)).timestamp()
    os.utime(stray, (old, old))
    outcome = privacy.purge(factory, tracker, data_dir, DEFAULTS, now=now, tz=AMS)
    assert outcome.counts["tracker events"] == 1 and outcome.counts["orphaned files"] == 1
    assert outcome.counts["documents"] == 1  # the 40-day-old PDF (30 days)
    with factory() as s:
        assert s.get(Report, report_id) is not None  # the report itself stays


def test_an_anonymous_report_loses_its_reporter_once_the_check_ins_are_over(world, now):
    data_dir, factory, tracker = world
    stored = submit_report(
        factory,
        full_draft(now, draft_id="anon", anonymous=True),
        ReporterRef("telegram", CHAT, NAME),
        default_organisation="Gemeente",
        now=now,
    )
    with factory() as s, s.begin():
        for row in s.query(FollowUp).filter_by(report_id=stored.report_id):
            row.status = "sent"
    privacy.purge(factory, tracker, data_dir, DEFAULTS, now=now, tz=AMS)
    with factory() as s:
        report = s.get(Report, stored.report_id)
        assert report.reporter.channel == privacy.ANONYMOUS_CHANNEL
        assert report.reporter.display_name is None
    assert privacy.find_worker(factory, report.receipt) is None

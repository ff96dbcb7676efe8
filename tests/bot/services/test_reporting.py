"""Storing confirmed reports: once, with a receipt, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.dialogue.draft import Draft
from bot.services.reporting import DraftIncomplete, record_aftercare_choice, submit_report
from bot.storage.db import make_engine
from bot.storage.migrate import downgrade, upgrade
from bot.storage.models import Base, Report
from bot.storage.reports import ReporterRef, db_list_reports, report_to_json
from tests.conftest import AMS

REPORTER = ReporterRef(channel="rest", channel_user_id="web-abc", display_name="Sanne de Vries")


def full_draft(now, draft_id="d1", **overrides) -> Draft:
    values = dict(
        draft_id=draft_id,
        started_at=now - timedelta(minutes=5),
        safe_now=True,
        narrative="ik werd net bespuugd en uitgescholden door een klant aan de balie",
        types=("verbale_agressie", "fysieke_agressie"),
        occurred_at=now - timedelta(minutes=6),
        occurred_at_precision="minute",
        occurred_at_text="net",
        location_type="balie_publieksruimte",
        location_text="aan de balie",
        perpetrator="onbekend",
        perpetrator_relation="klant_burger",
        injury=False,
        witnesses=True,
        police_present=False,
        wants_aangifte=None,
    )
    values.update(overrides)
    return Draft(**values)


def test_report_is_stored_once_when_confirmation_is_repeated(session_factory, now):
    first = submit_report(
        session_factory, full_draft(now), REPORTER, default_organisation="Gemeente", now=now
    )
    second = submit_report(
        session_factory,
        full_draft(now),
        REPORTER,
        default_organisation="Gemeente",
        now=now + timedelta(seconds=3),
    )
    assert first.created and not second.created
    assert second.receipt == first.receipt
    with session_factory() as s:
        assert len(db_list_reports(s)) == 1


def test_receipt_is_vpt_year_and_six_digits(session_factory, now):
    stored = submit_report(
        session_factory, full_draft(now), REPORTER, default_organisation="Gemeente", now=now
    )
    assert re.fullmatch(r"VPT-2026-\d{6}", stored.receipt)


def test_stored_report_keeps_every_fact_in_json(session_factory, now):
    submit_report(
        session_factory,
        full_draft(now),
        REPORTER,
        default_organisation="Gemeente Dordrecht",
        now=now,
    )
    with session_factory() as s:
        (row,) = [report_to_json(r, AMS) for r in db_list_reports(s)]
    assert row["types"] == ["verbale_agressie", "fysieke_agressie"]
    assert row["occurred_at"] == "2026-11-23T14:54:00+01:00"
    assert row["occurred_at_text"] == "net"
    assert row["location_type"] == "balie_publieksruimte"
    assert row["perpetrator"] == "onbekend"
    assert row["perpetrator_relation"] == "klant_burger"
    assert row["injury"] is False and row["witnesses"] is True and row["police_present"] is False
    assert row["wants_aangifte"] is None and row["wants_aftercare_contact"] is None
    assert row["anonymous"] is False
    assert row["narrative"].startswith("ik werd net bespuugd")
    assert row["severity"] == "hoog"  # physical aggression
    assert row["organisation"] == "Gemeente Dordrecht"
    assert row["reporter"] == {"channel": "rest", "display_name": "Sanne de Vries"}
    assert row["created_at"] == "2026-11-23T15:00:00+01:00"
    assert row["status"] == "new"


def test_anonymous_report_shows_no_reporter(session_factory, now):
    submit_report(
        session_factory,
        full_draft(now, anonymous=True),
        REPORTER,
        default_organisation="G",
        now=now,
    )
    with session_factory() as s:
        (row,) = [report_to_json(r, AMS) for r in db_list_reports(s)]
    assert row["anonymous"] is True
    assert row["reporter"] is None
    assert "Sanne" not in str(row)


def test_two_drafts_of_one_worker_give_two_reports(session_factory, now):
    a = submit_report(
        session_factory, full_draft(now, "d1"), REPORTER, default_organisation="G", now=now
    )
    b = submit_report(
        session_factory, full_draft(now, "d2"), REPORTER, default_organisation="G", now=now
    )
    assert a.receipt != b.receipt
    with session_factory() as s:
        reports = db_list_reports(s)
    assert len(reports) == 2 and reports[0].reporter_id == reports[1].reporter_id


def test_draft_without_id_is_refused(session_factory, now):
    with pytest.raises(DraftIncomplete):
        submit_report(
            session_factory,
            full_draft(now, draft_id=None),
            REPORTER,
            default_organisation="G",
            now=now,
        )


def test_aftercare_choice_is_recorded(session_factory, now):
    stored = submit_report(
        session_factory, full_draft(now), REPORTER, default_organisation="G", now=now
    )
    assert record_aftercare_choice(session_factory, stored.report_id, True, now=now)
    assert not record_aftercare_choice(session_factory, 999_999, True, now=now)
    with session_factory() as s:
        assert s.get(Report, stored.report_id).wants_aftercare_contact is True


def test_simultaneous_confirmations_store_one_report(session_factory, now):
    receipts: list[str] = []
    errors: list[BaseException] = []

    def confirm() -> None:
        try:
            receipts.append(
                submit_report(
                    session_factory, full_draft(now), REPORTER, default_organisation="G", now=now
                ).receipt
            )
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(receipts)) == 1
    with session_factory() as s:
        assert len(db_list_reports(s)) == 1


def test_migrations_match_the_models_and_downgrade_cleanly(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    downgrade(engine, "base")
    upgrade(engine)
    engine.dispose()


def test_repeated_perpetrator_raises_the_severity(session_factory, now):
    once = submit_report(
        session_factory,
        full_draft(now, "d1", types=("verbale_agressie",)),
        REPORTER,
        default_organisation="G",
        now=now,
    )
    again = submit_report(
        session_factory,
        full_draft(now, "d2", types=("verbale_agressie",), repeated=True),
        REPORTER,
        default_organisation="G",
        now=now,
    )
    with session_factory() as s:
        rows = {r.receipt: report_to_json(r, AMS) for r in db_list_reports(s)}
    assert rows[once.receipt]["severity"] == "laag"
    assert rows[again.receipt]["severity"] == "middel"
    assert rows[again.receipt]["repeated"] is True

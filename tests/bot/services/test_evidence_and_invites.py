"""Evidence files and invite codes: stored with the report, organisation linked by invite."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from bot.services.evidence import IncomingFile, store_evidence
from bot.services.invites import create_invite, invite_link, redeem_invite
from bot.services.reporting import submit_report
from bot.storage.models import InviteCode
from bot.storage.reports import ReporterRef, db_list_reports, report_to_json
from tests.bot.services.test_reporting import full_draft
from tests.conftest import AMS
from tests.telegram_updates import GPS_MARK, jpeg_with_location

WORKER = ReporterRef(channel="telegram", channel_user_id="1111111", display_name="Sanne")


def _photo() -> IncomingFile:
    return IncomingFile("telegram", "1111111", "photo", jpeg_with_location(), "image/jpeg")


def _rows(session_factory):
    with session_factory() as session:
        return [report_to_json(r, AMS) for r in db_list_reports(session)]


def test_evidence_is_stored_stripped_hashed_and_private(session_factory, tmp_path, now):
    stored = store_evidence(session_factory, tmp_path, _photo(), now=now)
    (path,) = (tmp_path / "evidence").iterdir()
    data = path.read_bytes()
    assert GPS_MARK not in data
    assert stored.metadata_stripped and stored.size_bytes == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert path.stat().st_mode & 0o077 == 0
    assert path.suffix == ".jpg"


def test_evidence_sent_during_a_report_is_attached_when_it_is_stored(
    session_factory, tmp_path, now
):
    store_evidence(session_factory, tmp_path, _photo(), now=now)
    document = IncomingFile("telegram", "1111111", "document", _pdf(), "application/pdf")
    store_evidence(session_factory, tmp_path, document, now=now)
    other = IncomingFile("telegram", "2222222", "photo", jpeg_with_location())
    store_evidence(session_factory, tmp_path, other, now=now)
    submit_report(session_factory, full_draft(now, "d1"), WORKER, default_organisation="G", now=now)
    (first,) = _rows(session_factory)
    assert [e["kind"] for e in first["evidence"]] == ["photo", "document"]
    assert all(e["metadata_stripped"] for e in first["evidence"])


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_metadata({"/Author": "Sanne"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_file_sent_after_the_receipt_goes_to_that_report_not_the_next(
    session_factory, tmp_path, now
):
    a = submit_report(
        session_factory, full_draft(now, "a"), WORKER, default_organisation="G", now=now
    )
    late = store_evidence(session_factory, tmp_path, _photo(), now=now + timedelta(minutes=3))
    assert late.receipt == a.receipt  # the worker is told which report it went to
    later = now + timedelta(days=3)
    b = submit_report(
        session_factory, full_draft(later, "b"), WORKER, default_organisation="G", now=later
    )
    rows = {r["receipt"]: r for r in _rows(session_factory)}
    assert [e["kind"] for e in rows[a.receipt]["evidence"]] == ["photo"]
    assert rows[b.receipt]["evidence"] == []


def test_a_file_long_after_the_last_report_waits_for_the_report_being_told(
    session_factory, tmp_path, now
):
    submit_report(session_factory, full_draft(now, "a"), WORKER, default_organisation="G", now=now)
    later = now + timedelta(days=2)
    waiting = store_evidence(session_factory, tmp_path, _photo(), now=later)
    assert waiting.receipt is None
    b = submit_report(
        session_factory, full_draft(later, "b"), WORKER, default_organisation="G", now=later
    )
    rows = {r["receipt"]: r for r in _rows(session_factory)}
    assert [e["kind"] for e in rows[b.receipt]["evidence"]] == ["photo"]


def test_a_file_of_a_type_that_is_not_accepted_is_not_written(session_factory, tmp_path, now):
    from bot.services.evidence import Refused

    page = IncomingFile("telegram", "1111111", "document", b"<html>x</html>", "text/html", "x.html")
    try:
        store_evidence(session_factory, tmp_path, page, now=now)
    except Refused as refused:
        assert refused.reason == "type_not_accepted"
    else:
        raise AssertionError("an HTML file was accepted")
    assert not (tmp_path / "evidence").exists() or not list((tmp_path / "evidence").iterdir())


def test_a_telegram_report_without_invite_has_no_organisation_until_linked(session_factory, now):
    submit_report(session_factory, full_draft(now), WORKER, default_organisation="G", now=now)
    (row,) = _rows(session_factory)
    assert row["organisation"] is None and row["organisation_known"] is False
    invite = create_invite(session_factory, "Gemeente Teststad", now=now)
    assert redeem_invite(session_factory, invite.code, WORKER, now=now).status == "linked"
    (row,) = _rows(session_factory)
    assert row["organisation"] == "Gemeente Teststad"


def test_a_linked_worker_reports_to_the_invites_organisation(session_factory, now):
    invite = create_invite(session_factory, "GGD Regio Test", now=now)
    result = redeem_invite(session_factory, invite.code, WORKER, now=now)
    assert (result.status, result.organisation) == ("linked", "GGD Regio Test")
    submit_report(session_factory, full_draft(now), WORKER, default_organisation="G", now=now)
    (row,) = _rows(session_factory)
    assert row["organisation"] == "GGD Regio Test"


def test_an_invite_works_once(session_factory, now):
    invite = create_invite(session_factory, "Gemeente Teststad", now=now)
    assert redeem_invite(session_factory, invite.code, WORKER, now=now).status == "linked"
    other = ReporterRef("telegram", "3333333")
    assert redeem_invite(session_factory, invite.code, other, now=now).status == "used"


def test_an_invite_expires(session_factory, now):
    invite = create_invite(
        session_factory, "Gemeente Teststad", now=now, valid_for=timedelta(days=1)
    )
    later = now + timedelta(days=1, seconds=1)
    assert redeem_invite(session_factory, invite.code, WORKER, now=later).status == "expired"


def test_unknown_and_malformed_codes_are_unknown(session_factory, now):
    for code in ("x" * 24, "", "../../etc", "a" * 200):
        assert redeem_invite(session_factory, code, WORKER, now=now).status == "unknown"


def test_only_the_hash_of_a_code_is_stored(session_factory, now):
    invite = create_invite(session_factory, "Gemeente Teststad", now=now)
    with session_factory() as session:
        (stored,) = session.scalars(select(InviteCode.code_sha256))
    assert stored == hashlib.sha256(invite.code.encode()).hexdigest() != invite.code


def test_the_invite_link_is_a_telegram_deep_link():
    assert invite_link("@vpt_meld_bot", "abc") == "https://t.me/vpt_meld_bot?start=abc"

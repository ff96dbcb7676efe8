"""The case page and the coordinator's actions: escaping, anonymity, the 48-hour response and
its letter, feedback rows delivered by the follow-up worker, evidence downloads, the audit log."""

from __future__ import annotations

from bot.delivery.worker import FollowUpWorker
from bot.storage.audit import db_verify_chain
from bot.storage.models import AuditEvent, Evidence, FollowUp, Report
from bot.wire.delivery import Delivery


async def test_story_with_html_is_shown_as_text(dashboard_client, world):
    report_id = world.add_report(
        "xss", "Gemeente Aadorp", narrative='<script>alert("x")</script><b>vet</b> =SUM(A1)'
    )
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    page = await client.get(f"/beheer/meldingen/{report_id}")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;vet&lt;/b&gt;" in page.body_text
    assert "<script>alert" not in page.body_text


async def test_anonymous_report_never_shows_the_reporter(dashboard_client, world):
    report_id = world.add_report("anon", "Gemeente Aadorp", anonymous=True)
    for role in ("coordinator_a", "aftercare_a"):
        if role == "aftercare_a":
            world.add_signal(report_id)
        client = await dashboard_client()
        await client.sign_in(role)
        page = await client.get(f"/beheer/meldingen/{report_id}")
        assert page.status == 200
        assert "Sanne" not in page.body_text and "anoniem gemeld" in page.body_text


async def test_case_page_shows_types_evidence_and_why_of_severity(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    page = await client.get(f"/beheer/meldingen/{world.reports['case_a']}")
    assert "fysiek geweld: “spuugde”" in page.body_text
    assert "zwaarste soort: fysiek geweld" in page.body_text


async def test_response_done_with_letter_stops_the_reminders(dashboard_client, world):
    report_id = world.reports["case_a"]
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    with world.factory() as session:
        receipt = session.get(Report, report_id).receipt
    assert _has_response_task((await client.get("/beheer/")).body_text, receipt)
    preview = await client.get(f"/beheer/meldingen/{report_id}/brief?maatregel=waarschuwingsbrief")
    assert preview.status == 200 and "Gemeente Aadorp" in preview.body_text
    pdf = await client.session.get(
        f"/beheer/meldingen/{report_id}/brief.pdf?maatregel=waarschuwingsbrief"
    )
    assert pdf.status == 200 and (await pdf.read()).startswith(b"%PDF")
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    response = await client.post(
        f"/beheer/meldingen/{report_id}/reactie", {"maatregel": "waarschuwingsbrief"}
    )
    assert response.status == 303
    with world.factory() as session:
        report = session.get(Report, report_id)
        assert report.response_measure == "waarschuwingsbrief" and report.response_done_at
        reminders = session.query(FollowUp).filter(
            FollowUp.report_id == report_id, FollowUp.kind.like("response_reminder_%")
        )
        assert {r.status for r in reminders} == {"cancelled"}
    assert not _has_response_task((await client.get("/beheer/")).body_text, receipt)


def _has_response_task(html: str, receipt: str) -> bool:
    """Whether the worklist has a row for the report with the 48-hour clock in it."""
    return any(
        f">{receipt}<" in row and ("uur</span>" in row or "Te laat" in row)
        for row in html.split("<tr")[1:]
    )


async def test_no_response_needs_a_reason(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    response = await client.post(
        f"/beheer/meldingen/{world.reports['case_a']}/reactie", {"maatregel": "geen"}
    )
    assert response.status == 400
    assert "Schrijf op waarom geen reactie mogelijk is." in response.body_text


async def test_feedback_is_queued_once_and_delivered_to_the_web_chat(dashboard_client, world):
    report_id = world.reports["case_a"]
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    path = f"/beheer/meldingen/{report_id}/terugkoppeling"
    assert (await client.post(path, {"bericht": "bekeken"})).status == 303
    again = await client.post(path, {"bericht": "bekeken"})
    assert "klaar=bericht-al" in again.headers["Location"]
    pushed = []
    worker = FollowUpWorker(
        world.settings,
        world.factory,
        world.clock,
        web_open=lambda settings, sender: True,
        web_push=lambda settings, sender, messages, dedupe_key: (
            pushed.append((sender, messages, dedupe_key)) or Delivery("sent")
        ),
        trigger=lambda *a: [],
    )
    outcomes = [o for o in worker.run_once() if o.kind == "feedback_bekeken"]
    assert [o.status for o in outcomes] == ["sent"]
    assert pushed[0][0] == "web-case_a" and "is bekeken" in pushed[0][1][0]["text"]
    page = await client.get(f"/beheer/meldingen/{report_id}")
    assert (
        'Bericht aan medewerker: je melding is bekeken: <span class="beheer-delivery">afgeleverd'
        in page.body_text
    )


async def test_evidence_downloads_as_attachment_and_is_audited(dashboard_client, world):
    report_id = world.reports["case_a"]
    (world.settings.data_dir / "evidence").mkdir(exist_ok=True)
    (world.settings.data_dir / "evidence" / "e.svg").write_bytes(b"<svg onload=alert(1)>")
    with world.factory() as session, session.begin():
        item = Evidence(
            report_id=report_id, channel="rest", channel_user_id="web-case_a", kind="document",
            mime_type="image/svg+xml", path="evidence/e.svg", size_bytes=21, sha256="1" * 64,
            received_at=world.clock.now(),
        )  # fmt: skip
        session.add(item)
        session.flush()
        evidence_id = item.id
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    response = await client.session.get(f"/beheer/meldingen/{report_id}/bewijs/{evidence_id}")
    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("sandbox")
    with world.factory() as session:
        actions = [e.action for e in session.query(AuditEvent)]
        assert "evidence_downloaded" in actions


async def test_audit_log_is_a_chain_readable_by_admin_only(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("admin_a")
    page = await client.get("/beheer/logboek")
    assert "De keten van het logboek is compleet." in page.body_text
    with world.factory() as session, session.begin():
        assert db_verify_chain(session) == []
        row = session.query(AuditEvent).order_by(AuditEvent.id).first()
        row.action = "changed"  # SQLite has no trigger; PostgreSQL refuses this outright
    with world.factory() as session:
        assert db_verify_chain(session) == [row.id]

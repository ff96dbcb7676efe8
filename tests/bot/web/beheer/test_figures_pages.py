"""The figures page, its exports and annual overview, and the Arbowet article 9 page, through
HTTP as a browser would: roles, organisation scope, CSP-safe charts, audited downloads."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook
from sqlalchemy import select

from bot.storage.models import AuditEvent, Report
from tests.bot.web.beheer.conftest import ORG_A

SERIOUS = dict(injury=True, injury_text="ze hebben me een nacht opgenomen in het ziekenhuis")


async def test_a_manager_opens_the_figures_and_never_a_case(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("manager_a")
    page = await client.get("/beheer/cijfers")
    assert page.status == 200
    body = page.body_text
    assert body.count('role="img"') == 7  # one chart per figure
    assert body.count("<table") >= 8  # each chart has its table, plus the scorecard
    assert "Meer meldingen is een goed teken" in body
    assert "&lt;5" in body and "spuugde" not in body and "Sanne" not in body
    assert world.reports and all(f"/meldingen/{i}" not in body for i in world.reports.values())
    # Nothing the strict CSP would block: no inline script or style attribute.
    assert " style=" not in body and "<script>" not in body and "<style" not in body
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for path in (f"/beheer/meldingen/{world.reports['case_a']}", "/beheer/arbowet"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 403, path


async def test_the_figures_never_count_another_organisations_reports(dashboard_client, world):
    for i in range(6):
        world.add_report(f"extra_b{i}", "Gemeente Bedorp")
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    page = await client.get("/beheer/cijfers")
    found = re.search(r"<dt>Meldingen in 2026</dt><dd>(\d+|&lt;5)</dd>", page.body_text)
    assert found and found.group(1) == "2"  # A's two reports; B's eight stay out
    other = await dashboard_client()
    await other.sign_in("coordinator_b")
    page = await other.get("/beheer/cijfers")
    assert "<dt>Meldingen in 2026</dt><dd>8</dd>" in page.body_text


async def test_a_manager_downloads_an_export_that_opens_and_is_audited(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("manager_a")
    response = await client.session.get("/beheer/cijfers/export.xlsx?jaar=2026")
    assert response.status == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(await response.read()))
    assert "Soort per kwartaal" in book.sheetnames
    assert book["Soort per kwartaal"]["B2"].value in ("<5", 0)
    response = await client.session.get("/beheer/cijfers/export.pdf")
    assert response.status == 404
    with world.factory() as session:
        assert session.scalar(
            select(AuditEvent).where(AuditEvent.action == "figures_exported:xlsx")
        )


async def test_the_annual_overview_is_a_pdf_and_needs_the_csrf_token(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    await client.get("/beheer/cijfers")
    refused = await client.post(
        "/beheer/cijfers/jaaroverzicht.pdf", {"jaar": "2026", "tekst": "x"}, csrf="wrong"
    )
    assert refused.status == 403
    response = await client.session.post(
        "/beheer/cijfers/jaaroverzicht.pdf",
        data={"csrf": client.csrf, "jaar": "2026", "tekst": "Wij hebben in 2026 veel geleerd."},
    )
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/pdf"
    body = await response.read()
    assert body.startswith(b"%PDF") and len(body) > 5000


async def test_a_serious_injury_is_on_the_worklist_until_reported(dashboard_client, world):
    report_id = world.add_report("hospital", ORG_A, **SERIOUS)
    with world.factory() as session:
        assert session.get(Report, report_id).arbo_notifiable is True
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    home = await client.get("/beheer/")
    assert "Arbowet: melden bij de Nederlandse Arbeidsinspectie" in home.body_text
    page = await client.get("/beheer/arbowet")
    assert "Nog melden" in page.body_text
    done = await client.post(f"/beheer/arbowet/{report_id}", {"actie": "reported"})
    assert done.status == 303
    home = await client.get("/beheer/")
    assert "Arbeidsinspectie" not in home.body_text
    bad = await client.post(f"/beheer/arbowet/{report_id}", {"actie": "absence", "dagen": "veel"})
    assert "fout=1" in bad.headers["Location"]
    await client.get("/beheer/arbowet")
    await client.post(f"/beheer/arbowet/{report_id}", {"actie": "absence", "dagen": "5"})
    with world.factory() as session:
        report = session.get(Report, report_id)
        assert report.arbo_reported_at is not None and report.days_absent == 5
        receipt = report.receipt
    register = await client.session.get("/beheer/arbowet/ongevallenregister.csv")
    text = (await register.read()).decode("utf-8-sig")
    assert receipt in text and "Sanne" not in text and "ziekenhuis" not in text


async def test_a_plain_report_is_not_flagged_and_others_cannot_touch_the_flag(
    dashboard_client, world
):
    with world.factory() as session:
        assert session.get(Report, world.reports["case_a"]).arbo_notifiable is False
    client = await dashboard_client()
    await client.sign_in("coordinator_b")
    await client.get("/beheer/arbowet")
    response = await client.post(
        f"/beheer/arbowet/{world.reports['case_a']}", {"actie": "reported"}
    )
    assert response.status == 404
    with world.factory() as session:
        assert session.get(Report, world.reports["case_a"]).arbo_reported_at is None


async def test_absence_is_recorded_by_receipt_and_goes_in_the_register(dashboard_client, world):
    with world.factory() as session:
        receipt = session.get(Report, world.reports["case_a"]).receipt
        other = session.get(Report, world.reports["case_b"]).receipt
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    await client.get("/beheer/arbowet")
    unknown = await client.post("/beheer/arbowet/verzuim", {"nummer": other, "dagen": "5"})
    assert "fout=nummer" in unknown.headers["Location"]  # another organisation's report
    await client.get("/beheer/arbowet")
    done = await client.post("/beheer/arbowet/verzuim", {"nummer": receipt.lower(), "dagen": "4"})
    assert "klaar=1" in done.headers["Location"]
    page = await client.get("/beheer/arbowet")
    assert receipt in page.body_text and "Geen meldplicht" in page.body_text
    register = await client.session.get("/beheer/arbowet/ongevallenregister.csv")
    assert receipt in (await register.read()).decode("utf-8-sig")  # more than three days
    with world.factory() as session:
        assert session.get(Report, world.reports["case_b"]).days_absent is None

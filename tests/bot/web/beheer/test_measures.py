"""Measures 6, 7 and 8 on the case page, the register of issued measures and "melden namens",
through the pages as a coordinator or aftercare worker uses them. A refused form changes
nothing; every change and every view of health data leaves an audit row."""

from __future__ import annotations

from bot.storage.models import AftercareAction, AftercareAnswer, AuditEvent, Report, Reporter

ORG_A = "Gemeente Aadorp"


def _report(world, name: str) -> Report:
    with world.factory() as session:
        report = session.get(Report, world.reports[name])
        session.expunge(report)
        return report


def _audit_actions(world) -> list[str]:
    with world.factory() as session:
        return [e.action for e in session.query(AuditEvent).order_by(AuditEvent.id)]


def _rows(html: str, receipt: str) -> list[str]:
    return [row for row in html.split("<tr")[1:] if f">{receipt}<" in row]


async def test_employer_files_aangifte_with_the_sheet_and_the_pipeline_closes_the_task(
    dashboard_client, world
):
    report_id, receipt = world.reports["case_a"], _report(world, "case_a").receipt
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    path = f"/beheer/meldingen/{report_id}/aangifte"
    assert (await client.post(path, {"besluit": "werkgever"})).status == 303
    worklist = (await client.get("/beheer/")).body_text
    assert any("Werkgever doet aangifte" in row for row in _rows(worklist, receipt))
    page = await client.get(f"/beheer/meldingen/{report_id}")
    assert "Voorbereiding aangifte downloaden (pdf)" in page.body_text
    sheet = await client.session.get(f"{path}.pdf")
    assert sheet.status == 200 and (await sheet.read()).startswith(b"%PDF")
    assert sheet.headers["Content-Disposition"] == f'attachment; filename="aangifte-{receipt}.pdf"'
    response = await client.post(
        path, {"besluit": "werkgever", "status": "gedaan", "gedaan_op": "2026-11-23",
               "proces_verbaal": "PL0900-2026123456", "om": "dagvaarding"},
    )  # fmt: skip
    assert response.status == 303
    report = _report(world, "case_a")
    assert (report.aangifte_status, str(report.aangifte_filed_on)) == ("gedaan", "2026-11-23")
    assert (report.police_reference, report.om_outcome) == ("PL0900-2026123456", "dagvaarding")
    worklist = (await client.get("/beheer/")).body_text
    assert not any("aangifte" in row.lower() for row in _rows(worklist, receipt))
    actions = _audit_actions(world)
    assert actions.count("aangifte_updated") == 2 and "aangifte_sheet_downloaded" in actions


async def test_a_refused_aangifte_form_says_why_and_changes_nothing(dashboard_client, world):
    report_id = world.reports["case_a"]
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    before = len(_audit_actions(world))
    response = await client.post(
        f"/beheer/meldingen/{report_id}/aangifte",
        {"besluit": "werkgever", "status": "gepland", "proces_verbaal": "PV-1"},
    )
    assert response.status == 400
    assert "kan alleen als de aangifte gedaan is" in response.body_text
    report = _report(world, "case_a")
    assert report.aangifte_decision is None and report.police_reference is None
    # Only the page view was audited, no change.
    assert _audit_actions(world)[before:] == ["case_viewed"]


async def test_damage_deadlines_are_dated_steps_on_the_worklist(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    case_a, signal_a = world.reports["case_a"], world.reports["signal_a"]
    response = await client.post(
        f"/beheer/meldingen/{case_a}/schade",
        {"bedrag": "1.250,50", "route": "benadeelde_partij", "status": "toegewezen",
         "vonnis_op": "2026-03-10"},
    )  # fmt: skip
    assert response.status == 303
    assert (await client.post(f"/beheer/meldingen/{signal_a}/schade",
                              {"route": "schadefonds"})).status == 303  # fmt: skip
    report = _report(world, "case_a")
    assert (report.damage_amount_cents, report.damage_route) == (125050, "benadeelde_partij")
    worklist = (await client.get("/beheer/")).body_text
    cjib = [r for r in _rows(worklist, report.receipt) if "CJIB" in r]
    assert cjib and "Datum voorbij" in cjib[0] and "10 november 2026" in cjib[0]
    fund = [r for r in _rows(worklist, _report(world, "signal_a").receipt) if "Schadefonds" in r]
    # The incident was two hours before the report, on 23 November 2026.
    assert fund and "23 november 2036" in fund[0] and "Datum voorbij" not in fund[0]
    page = await client.get(f"/beheer/meldingen/{case_a}")
    assert "€ 1.250,50" in page.body_text and "Voorschot CJIB mogelijk vanaf" in page.body_text
    refused = await client.post(f"/beheer/meldingen/{case_a}/schade", {"bedrag": "heel veel"})
    assert refused.status == 400 and "Vul het bedrag in euro in" in refused.body_text
    assert _report(world, "case_a").damage_amount_cents == 125050


async def test_an_aftercare_action_handles_the_signal(dashboard_client, world):
    signal_id = world.reports["signal_a"]
    receipt = _report(world, "signal_a").receipt
    client = await dashboard_client()
    await client.sign_in("aftercare_a")
    worklist = (await client.get("/beheer/")).body_text
    assert any("de medewerker wil een gesprek" in row for row in _rows(worklist, receipt))
    future = await client.post(
        f"/beheer/meldingen/{signal_id}/nazorg", {"actie": "opvanggesprek", "op": "2026-11-24"}
    )
    assert future.status == 400 and "niet in de toekomst" in future.body_text
    response = await client.post(
        f"/beheer/meldingen/{signal_id}/nazorg", {"actie": "opvanggesprek", "op": "2026-11-23"}
    )
    assert response.status == 303
    worklist = (await client.get("/beheer/")).body_text
    assert not _rows(worklist, receipt)
    page = await client.get(f"/beheer/meldingen/{signal_id}")
    assert "opgepakt" in page.body_text and "opvanggesprek gehouden" in page.body_text
    with world.factory() as session:
        assert session.query(AftercareAction).filter_by(report_id=signal_id).count() == 1
    assert "aftercare_action:opvanggesprek" in _audit_actions(world)


async def test_checkin_answers_are_for_the_aftercare_role_only_and_every_view_is_audited(
    dashboard_client, world
):
    signal_id = world.reports["signal_a"]
    with world.factory() as session, session.begin():
        session.add(
            AftercareAnswer(report_id=signal_id, kind="aftercare_tsq", question="tsq_1",
                            answer="ik slaap slecht", answered_at=world.clock.now())
        )  # fmt: skip
    coordinator = await dashboard_client()
    await coordinator.sign_in("coordinator_a")
    case_page = await coordinator.get(f"/beheer/meldingen/{signal_id}")
    assert "ik slaap slecht" not in case_page.body_text
    assert "Antwoorden van de medewerker bekijken" not in case_page.body_text
    assert (await coordinator.get(f"/beheer/meldingen/{signal_id}/nazorg")).status == 403
    aftercare = await dashboard_client()
    await aftercare.sign_in("aftercare_a")
    for _ in range(2):
        page = await aftercare.get(f"/beheer/meldingen/{signal_id}/nazorg")
        assert page.status == 200 and "ik slaap slecht" in page.body_text
    assert _audit_actions(world).count("checkin_answers_viewed") == 2
    other = await dashboard_client()
    await other.sign_in("aftercare_b")
    assert (await other.get(f"/beheer/meldingen/{signal_id}/nazorg")).status == 404


async def test_register_shows_issued_measures_with_end_dates_inside_the_organisation(
    dashboard_client, world
):
    case_a, signal_a = world.reports["case_a"], world.reports["signal_a"]
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    no_end = await client.post(
        f"/beheer/meldingen/{case_a}/reactie", {"maatregel": "locatieverbod"}
    )
    assert no_end.status == 400 and "Kies tot wanneer" in no_end.body_text
    assert _report(world, "case_a").response_done_at is None
    assert (
        await client.post(
            f"/beheer/meldingen/{case_a}/reactie",
            {"maatregel": "locatieverbod", "tot": "2027-02-23"},
        )
    ).status == 303
    assert (await client.post(f"/beheer/meldingen/{signal_a}/reactie",
                              {"maatregel": "waarschuwingsbrief"})).status == 303  # fmt: skip
    page = await client.get("/beheer/maatregelen")
    assert page.status == 200
    red = _rows(page.body_text, _report(world, "case_a").receipt)
    yellow = _rows(page.body_text, _report(world, "signal_a").receipt)
    assert "rode kaart" in red[0] and "23 februari 2027" in red[0] and "loopt" in red[0]
    assert "gele kaart" in yellow[0] and "23 november 2027" in yellow[0]
    # A one-off talk is in the register too, without an end date; "geen reactie" is not.
    case_c = world.add_report("case_c", ORG_A)
    case_d = world.add_report("case_d", ORG_A)
    await client.post(f"/beheer/meldingen/{case_c}/reactie", {"maatregel": "gesprek"})
    await client.post(
        f"/beheer/meldingen/{case_d}/reactie", {"maatregel": "geen", "reden": "dader onbekend"}
    )
    page = await client.get("/beheer/maatregelen")
    with world.factory() as session:
        talk, none = (session.get(Report, i).receipt for i in (case_c, case_d))
    talk_row = _rows(page.body_text, talk)[0]
    assert "gesprek met de dader" in talk_row and "geen einddatum" in talk_row
    assert "loopt" not in talk_row and not _rows(page.body_text, none)
    assert "register_viewed" in _audit_actions(world)
    other = await dashboard_client()
    await other.sign_in("coordinator_b")
    page_b = await other.get("/beheer/maatregelen")
    assert (
        "0 maatregelen" in page_b.body_text
        and _report(world, "case_a").receipt not in page_b.body_text
    )


async def test_melden_namens_stores_a_classified_report_with_channel_dashboard(
    dashboard_client, world
):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    form = await client.get("/beheer/melden")
    assert form.status == 200 and "Melden namens een medewerker" in form.body_text
    with world.factory() as session:
        from bot.storage.models import Organisation

        org_id = session.query(Organisation).filter_by(name=ORG_A).one().id
    response = await client.post(
        "/beheer/melden",
        {"organisatie": str(org_id), "bron": "telefoon", "datum": "2026-11-22", "tijd": "14:30",
         "verhaal": "Een bezoeker schold me uit en sloeg me met zijn vuist in mijn gezicht.",
         "naam": "Piet Jansen"},
    )  # fmt: skip
    assert response.status == 303 and "klaar=gemeld" in response.headers["Location"]
    page = await client.get(response.headers["Location"])
    with world.factory() as session:
        report = session.query(Report).filter_by(channel="dashboard").one()
        reporter = session.get(Reporter, report.reporter_id)
        assert report.organisation.name == ORG_A and report.on_behalf_source == "telefoon"
        assert "fysieke_agressie" in report.types and report.types_evidence
        assert report.occurred_at.astimezone(world.clock.now().tzinfo).strftime("%d %H:%M") == (
            "22 14:30"
        )
        assert report.response_due_at is not None and reporter.followups_stopped_at is not None
        receipt = report.receipt
    assert f"opgeslagen met nummer {receipt}" in page.body_text
    assert "Bericht versturen" not in page.body_text
    assert "namens de medewerker vastgelegd" in page.body_text
    assert "report_registered" in _audit_actions(world)
    worklist = (await client.get("/beheer/")).body_text
    assert _rows(worklist, receipt)


async def test_melden_namens_refuses_bad_input_and_other_roles(dashboard_client, world):
    from bot.storage.models import Organisation

    with world.factory() as session:
        ids = {o.name: o.id for o in session.query(Organisation)}
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    short = await client.post(
        "/beheer/melden", {"organisatie": str(ids[ORG_A]), "bron": "papier", "verhaal": "ruzie"}
    )
    assert short.status == 400 and "Schrijf in een paar zinnen" in short.body_text
    other_org = await client.post(
        "/beheer/melden",
        {"organisatie": str(ids["Gemeente Bedorp"]), "bron": "papier",
         "verhaal": "Een man schreeuwde tegen me aan de balie."},
    )  # fmt: skip
    assert other_org.status == 400 and "Kies de organisatie" in other_org.body_text
    future = await client.post(
        "/beheer/melden",
        {"organisatie": str(ids[ORG_A]), "bron": "papier", "datum": "2026-12-01",
         "verhaal": "Een man schreeuwde tegen me aan de balie."},
    )  # fmt: skip
    assert future.status == 400 and "niet in de toekomst" in future.body_text
    for role in ("aftercare_a", "manager_a", "admin_a"):
        other = await dashboard_client()
        await other.sign_in(role)
        assert (await other.get("/beheer/melden")).status == 403
        refused = await other.post(
            "/beheer/melden", {"organisatie": str(ids[ORG_A]), "bron": "papier",
                               "verhaal": "Een man schreeuwde tegen me aan de balie."},
        )  # fmt: skip
        assert refused.status == 403
    with world.factory() as session:
        assert session.query(Report).filter_by(channel="dashboard").count() == 0


async def test_case_list_filters_stay_in_the_url_and_needs_action_follows_the_worklist(
    dashboard_client, world
):
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    case_a, signal_a = _report(world, "case_a"), _report(world, "signal_a")
    for report in (case_a, signal_a):
        await client.post(f"/beheer/meldingen/{report.id}/reactie", {"maatregel": "gesprek"})
    await client.post(f"/beheer/meldingen/{case_a.id}/aangifte", {"besluit": "geen"})
    await client.post(f"/beheer/meldingen/{signal_a.id}/aangifte", {"besluit": "geen"})
    # Only the aftercare signal of signal_a is left to do.
    page = await client.get("/beheer/meldingen?actie=1")
    assert _rows(page.body_text, signal_a.receipt) and not _rows(page.body_text, case_a.receipt)
    aftercare = await dashboard_client()
    await aftercare.sign_in("aftercare_a")
    await aftercare.post(
        f"/beheer/meldingen/{signal_a.id}/nazorg",
        {"actie": "verwezen_huisarts", "op": "2026-11-23"},
    )
    page = await client.get("/beheer/meldingen?actie=1")
    assert "0 meldingen" in page.body_text
    # A damage step makes it a case with action again.
    await client.post(f"/beheer/meldingen/{case_a.id}/schade", {"route": "schadefonds"})
    page = await client.get("/beheer/meldingen?actie=1")
    assert _rows(page.body_text, case_a.receipt)
    by_number = await client.get(f"/beheer/meldingen?nummer={case_a.receipt[-6:]}")
    assert _rows(by_number.body_text, case_a.receipt) and "1 meldingen" in by_number.body_text
    for query, count in (("van=2026-11-23&tot=2026-11-23", 2), ("van=2026-11-24", 0),
                         ("soort=fysieke_agressie&ernst=" + case_a.severity, 2),
                         ("plek=school", 0), ("status=new", 2)):  # fmt: skip
        page = await client.get(f"/beheer/meldingen?{query}")
        assert f"{count} meldingen" in page.body_text, query


async def test_each_role_sees_only_its_measure_forms(dashboard_client, world):
    signal_id = world.reports["signal_a"]
    coordinator = await dashboard_client()
    await coordinator.sign_in("coordinator_a")
    page = (await coordinator.get(f"/beheer/meldingen/{signal_id}")).body_text
    for form in ("Aangifte opslaan", "Schade opslaan", "Nazorg vastleggen"):
        assert form in page
    assert "Melden namens" in page and "Maatregelen" in page  # in the navigation
    aftercare = await dashboard_client()
    await aftercare.sign_in("aftercare_a")
    page = (await aftercare.get(f"/beheer/meldingen/{signal_id}")).body_text
    assert "Nazorg vastleggen" in page and "Antwoorden van de medewerker bekijken" in page
    assert "Aangifte opslaan" not in page and "Schade opslaan" not in page
    assert "Melden namens" not in page
    for path, data in (("aangifte", {"besluit": "werkgever"}), ("schade", {"bedrag": "10"})):
        response = await aftercare.post(f"/beheer/meldingen/{signal_id}/{path}", data)
        assert response.status == 403
    report = _report(world, "signal_a")
    assert report.aangifte_decision is None and report.damage_amount_cents is None


async def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    dashboard_client, world
):
    from bot.storage.models import Organisation

    case_id = world.reports["case_a"]
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    with world.factory() as session:
        org_id = session.query(Organisation).filter_by(name=ORG_A).one().id
    attempts = (
        (f"/beheer/meldingen/{case_id}/aangifte", {"besluit": "werkgever"}),
        (f"/beheer/meldingen/{case_id}/schade", {"bedrag": "10"}),
        (f"/beheer/meldingen/{case_id}/nazorg", {"actie": "opvanggesprek", "op": "2026-11-23"}),
        ("/beheer/melden", {"organisatie": str(org_id), "bron": "papier",
                            "verhaal": "Een man schreeuwde tegen me aan de balie."}),
    )  # fmt: skip
    before = len(_audit_actions(world))
    for path, data in attempts:
        for token in ("", "wrong-token"):
            assert (await client.post(path, data, csrf=token)).status == 403, path
    report = _report(world, "case_a")
    assert report.aangifte_decision is None and report.damage_amount_cents is None
    with world.factory() as session:
        assert session.query(AftercareAction).count() == 0
        assert session.query(Report).filter_by(channel="dashboard").count() == 0
    assert len(_audit_actions(world)) == before


async def test_case_list_filters_by_unit_of_the_own_organisations_only(dashboard_client, world):
    from bot.storage.models import OrganisationUnit

    case_a, signal_a = _report(world, "case_a"), _report(world, "signal_a")
    case_b = _report(world, "case_b")
    with world.factory() as session, session.begin():
        team = OrganisationUnit(
            organisation_id=case_a.organisation_id, kind="team", name="Team Noord"
        )
        other = OrganisationUnit(
            organisation_id=case_b.organisation_id, kind="team", name="Team Ander"
        )
        session.add_all([team, other])
        session.flush()
        session.get(Report, case_a.id).unit_id = team.id
        session.get(Report, case_b.id).unit_id = other.id
        team_id, other_id = team.id, other.id
    client = await dashboard_client()
    await client.sign_in("coordinator_a")
    page = await client.get(f"/beheer/meldingen?eenheid={team_id}")
    assert "Team Noord" in page.body_text and "Team Ander" not in page.body_text
    assert _rows(page.body_text, case_a.receipt) and not _rows(page.body_text, signal_a.receipt)
    assert "1 meldingen" in page.body_text
    # Another organisation's unit is no filter at all: the own cases, never the other's.
    page = await client.get(f"/beheer/meldingen?eenheid={other_id}")
    assert "2 meldingen" in page.body_text and not _rows(page.body_text, case_b.receipt)

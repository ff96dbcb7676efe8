"""Every role's view of every page type, and the router walk: another organisation's case
answers 404 on every route, for every role."""

from __future__ import annotations

import pytest
from aiohttp import web

from bot.storage.models import Evidence
from bot.web.app import create_app

PAGES = (
    "home", "cases", "case", "signal_case", "letter", "figures", "users", "orgs", "audit", "register",
    "on_behalf", "answers", "aangifte_sheet",
)  # fmt: skip
EXPECTED = {
    "coordinator": dict(home=200, cases=200, case=200, signal_case=200, letter=200, figures=200, users=403, orgs=403, audit=403, register=200, on_behalf=200, answers=403, aangifte_sheet=200),
    "aftercare": dict(home=200, cases=200, case=403, signal_case=200, letter=403, figures=403, users=403, orgs=403, audit=403, register=403, on_behalf=403, answers=200, aangifte_sheet=403),
    "manager": dict(home=303, cases=403, case=403, signal_case=403, letter=403, figures=200, users=403, orgs=403, audit=403, register=403, on_behalf=403, answers=403, aangifte_sheet=403),
    "admin": dict(home=303, cases=403, case=403, signal_case=403, letter=403, figures=403, users=200, orgs=200, audit=200, register=403, on_behalf=403, answers=403, aangifte_sheet=403),
}  # fmt: skip


# Valid for every case POST route (status, owner, note, response, feedback, aangifte, damage,
# aftercare), so the walk also reaches the part of each handler that loads the case.
VALID_FORM = {
    "status": "closed", "reden": "x", "notitie": "x", "maatregel": "gesprek", "bericht": "bekeken",
    "besluit": "werkgever", "bedrag": "100", "actie": "opvanggesprek", "op": "2026-11-23",
}  # fmt: skip
# The aangifte and damage forms take "status" from their own vocabularies: valid without it.
MEASURE_FORM = {key: value for key, value in VALID_FORM.items() if key != "status"}
REFUSED_FORM = {"status": "x", "actie": "x", "bedrag": "x", "besluit": "x"}


def _path(page: str, world) -> str:
    case, signal = world.reports["case_a"], world.reports["signal_a"]
    return {
        "home": "/beheer/",
        "cases": "/beheer/meldingen",
        "case": f"/beheer/meldingen/{case}",
        "signal_case": f"/beheer/meldingen/{signal}",
        "letter": f"/beheer/meldingen/{signal}/brief?maatregel=waarschuwingsbrief",
        "figures": "/beheer/cijfers",
        "users": "/beheer/gebruikers",
        "orgs": "/beheer/organisaties",
        "audit": "/beheer/logboek",
        "register": "/beheer/maatregelen",
        "on_behalf": "/beheer/melden",
        "answers": f"/beheer/meldingen/{signal}/nazorg",
        "aangifte_sheet": f"/beheer/meldingen/{signal}/aangifte.pdf",
    }[page]


@pytest.mark.parametrize("role", sorted(EXPECTED))
async def test_each_role_sees_only_its_pages(dashboard_client, world, role):
    client = await dashboard_client()
    await client.sign_in(f"{role}_a")
    for page in PAGES:
        response = await client.get(_path(page, world), allow_redirects=False)
        assert response.status == EXPECTED[role][page], (role, page)
        assert response.headers["Cache-Control"] == "no-store"


async def test_case_page_of_the_aftercare_role_has_no_actions(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("aftercare_a")
    page = await client.get(f"/beheer/meldingen/{world.reports['signal_a']}")
    assert "Reactie vastleggen" not in page.body_text
    assert "Bericht versturen" not in page.body_text
    assert "Notitie toevoegen" in page.body_text


async def test_manager_figures_show_no_story_and_suppress_small_cells(dashboard_client, world):
    client = await dashboard_client()
    await client.sign_in("manager_a")
    page = await client.get("/beheer/cijfers")
    assert "spuugde" not in page.body_text and "Sanne" not in page.body_text
    assert "&lt;5" in page.body_text


def _dashboard_routes(app: web.Application):
    """(method, path template) of every dashboard route, read from the app's router."""
    for resource in app.router.resources():
        sub = getattr(resource, "_app", None)
        if sub is None:
            continue
        for route in sub.router.routes():
            info = route.resource.get_info()
            path = info.get("formatter") or info.get("path")
            if path:
                yield route.method, path


async def test_every_route_but_the_public_ones_needs_a_sign_in(dashboard_client, world):
    from bot.web.beheer.security import PUBLIC

    client = await dashboard_client()
    await client.get("/beheer/inloggen")  # the pre-login CSRF cookie: POSTs reach the guard
    walked = 0
    app = create_app(world.settings)
    for resource in app.router.resources():
        sub = getattr(resource, "_app", None)
        if sub is None:
            continue
        for route in sub.router.routes():
            info = route.resource.get_info()
            path = info.get("formatter") or info.get("path") or info.get("prefix")
            if route.name in PUBLIC or route.method == "HEAD":
                continue
            path = "/beheer" + path.replace("{report_id}", "1").replace("{evidence_id}", "1")
            path = path.replace("{user_id}", "1")
            if route.method == "GET":
                response = await client.get(path, allow_redirects=False)
            else:
                response = await client.post(path, {})
            assert response.status == 303, (route.method, path)
            assert response.headers["Location"] == "/beheer/inloggen"
            walked += 1
    assert walked >= 25


def test_the_router_walk_finds_every_case_route(world):
    routes = list(_dashboard_routes(create_app(world.settings)))
    case_routes = [r for r in routes if "{report_id}" in r[1]]
    assert len(case_routes) >= 16  # page, 8 actions, letter, 2 pdfs, evidence, answers ...


@pytest.mark.parametrize("role", sorted(EXPECTED))
async def test_another_organisations_case_is_404_on_every_route(dashboard_client, world, role):
    other = world.reports["case_b"]
    other_signal = world.reports["signal_b"]
    with world.factory() as session, session.begin():
        evidence = Evidence(
            report_id=other, channel="rest", channel_user_id="web-case_b", kind="photo",
            path="evidence/x.jpg", size_bytes=3, sha256="0" * 64, received_at=world.clock.now(),
        )  # fmt: skip
        session.add(evidence)
        session.flush()
        evidence_id = evidence.id
    (world.settings.data_dir / "evidence").mkdir(exist_ok=True)
    (world.settings.data_dir / "evidence" / "x.jpg").write_bytes(b"abc")
    client = await dashboard_client()
    await client.sign_in(f"{role}_a")
    tried = 0
    for method, template in _dashboard_routes(create_app(world.settings)):
        if "{report_id}" not in template or method == "HEAD":
            continue
        for report_id in (other, other_signal):
            # The sub-application's routes already carry the /beheer/ prefix.
            path = template.replace("{report_id}", str(report_id)).replace(
                "{evidence_id}", str(evidence_id)
            )
            assert path.startswith("/beheer/"), path
            if method == "GET":
                response = await client.get(path + "?maatregel=gesprek", allow_redirects=False)
                assert response.status == 404, (role, method, path)
                tried += 1
                continue
            # Forms the route accepts, and one it refuses: all answer 404.
            for data in (VALID_FORM, MEASURE_FORM, REFUSED_FORM):
                response = await client.post(path, data)
                assert response.status == 404, (role, method, path, data)
                tried += 1
    assert tried >= 60  # 6 GET routes x 2 cases, 8 POST routes x 2 cases x 3 forms
    with world.factory() as session:
        from bot.storage.models import AftercareAction, CaseNote, FollowUp, Report

        report = session.get(Report, other)
        assert report.status == "new" and report.response_done_at is None
        assert session.query(CaseNote).count() == 0
        assert session.query(FollowUp).filter(FollowUp.kind.like("feedback_%")).count() == 0
        assert report.aangifte_decision is None and report.damage_amount_cents is None
        assert report.arbo_reported_at is None and report.days_absent is None
        assert session.query(AftercareAction).count() == 0

"""Measures 6, 7 and 8 on the case page, the aangifte sheet, the check-in answers, the register
of issued measures, and "melden namens"."""

from __future__ import annotations

from aiohttp import web

from bot.services import measure_actions as measures
from bot.services.case_actions import InvalidInput
from bot.services.cases import CaseForbidden
from bot.services.on_behalf import on_behalf_form, organisation_names, register_on_behalf
from bot.vocab import AGGRESSION_TYPES, LOCATION_TYPES, ON_BEHALF_SOURCES
from bot.web.beheer.case_views import CASE, _back, _case_errors, _form, _report_id
from bot.web.beheer.render import render, texts
from bot.web.beheer.state import dashboard, principal
from bot.web.offload import in_document_thread


def add_measure_routes(app: web.Application) -> None:
    """Routes of the measures, the register and "melden namens"."""
    app.router.add_post(CASE + "/aangifte", post_aangifte, name="beheer_case_aangifte")
    app.router.add_get(CASE + "/aangifte.pdf", aangifte_pdf, name="beheer_case_aangifte_pdf")
    app.router.add_post(CASE + "/schade", post_damage, name="beheer_case_damage")
    app.router.add_post(CASE + "/nazorg", post_aftercare, name="beheer_case_aftercare")
    app.router.add_get(CASE + "/nazorg", checkin_answers, name="beheer_case_answers")
    app.router.add_get("/maatregelen", register, name="beheer_register")
    app.router.add_get("/melden", on_behalf_page, name="beheer_on_behalf")
    app.router.add_post("/melden", post_on_behalf, name="beheer_on_behalf_post")


def _today(request: web.Request):
    state = dashboard(request)
    return state.clock.now().astimezone(state.settings.tz).date()


@_case_errors
async def post_aangifte(request: web.Request) -> web.Response:
    """Measure 6: decision, pipeline step, date filed, police reference, OM outcome."""
    state, form = dashboard(request), await _form(request)
    update = measures.aangifte_update(form, today=_today(request))
    measures.record_aangifte(
        state.factory, principal(request), _report_id(request), update, now=state.clock.now()
    )
    raise _back(request, "aangifte", "aangifte")


@_case_errors
async def aangifte_pdf(request: web.Request) -> web.Response:
    """The aangifte preparation sheet for the employer filing, as a PDF download (audited)."""
    state = dashboard(request)
    sheet = measures.aangifte_sheet(
        state.factory, principal(request), _report_id(request), state.settings.tz,
        now=state.clock.now(),
    )  # fmt: skip
    receipt = sheet.receipt
    return web.Response(
        body=await in_document_thread(sheet.pdf),
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="aangifte-{receipt}.pdf"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@_case_errors
async def post_damage(request: web.Request) -> web.Response:
    """Measure 7: amount, route, status, paid, date of the final judgment."""
    state, form = dashboard(request), await _form(request)
    update = measures.damage_update(form, today=_today(request))
    measures.record_damage(
        state.factory, principal(request), _report_id(request), update, now=state.clock.now()
    )
    raise _back(request, "schade", "schade")


@_case_errors
async def post_aftercare(request: web.Request) -> web.Response:
    """Measure 8: an aftercare action on a date (it handles the signals before it)."""
    state, form = dashboard(request), await _form(request)
    measures.record_aftercare_action(
        state.factory, principal(request), _report_id(request), form, now=state.clock.now(),
        tz=state.settings.tz,
    )  # fmt: skip
    raise _back(request, "nazorg", "nazorg")


@_case_errors
async def checkin_answers(request: web.Request) -> web.Response:
    """The worker's check-in answers: aftercare role only, every view audited."""
    state = dashboard(request)
    data = measures.checkin_answers(
        state.factory, principal(request), _report_id(request), now=state.clock.now()
    )
    return render(request, "answers.html", data=data)


async def register(request: web.Request) -> web.Response:
    """The issued measures of the coordinator's organisations, with their end dates."""
    state = dashboard(request)
    try:
        rows = measures.measure_register(
            state.factory, principal(request), state.settings.tz, now=state.clock.now()
        )
    except CaseForbidden as exc:
        raise web.HTTPForbidden(text="Deze pagina is niet voor jouw rol.") from exc
    return render(request, "register.html", rows=rows)


def _coordinator_orgs(request: web.Request) -> list[tuple[int, str]]:
    user = principal(request)
    if not user.orgs("coordinator"):
        raise web.HTTPForbidden(text="Deze pagina is niet voor jouw rol.")
    return organisation_names(dashboard(request).factory, sorted(user.orgs("coordinator")))


def _on_behalf_form(request, *, form=None, error="", status=200, types=()) -> web.Response:
    return render(
        request, "on_behalf.html", status=status, orgs=_coordinator_orgs(request),
        form=form or {}, chosen_types=list(types), error=error, sources=ON_BEHALF_SOURCES,
        categories=AGGRESSION_TYPES, locations=LOCATION_TYPES,
    )  # fmt: skip


async def on_behalf_page(request: web.Request) -> web.Response:
    """The form for an incident reported by phone, on paper or in person."""
    return _on_behalf_form(request)


async def post_on_behalf(request: web.Request) -> web.Response:
    """Store the report as a chat report is stored, then open its case page with the receipt."""
    state = dashboard(request)
    _coordinator_orgs(request)  # 403 for anyone who is not a coordinator
    raw = await request.post()
    form = {k: str(v)[:9000] for k, v in raw.items() if isinstance(v, str) and k != "soort"}
    types = [str(v) for v in raw.getall("soort", []) if isinstance(v, str)]
    try:
        checked = on_behalf_form(form, types, principal(request), today=_today(request))
        stored = register_on_behalf(
            state.factory, principal(request), checked, state.get_classifier(),
            now=state.clock.now(), tz=state.settings.tz,
        )  # fmt: skip
    except InvalidInput as exc:
        return _on_behalf_form(
            request, form=form, types=types, status=400, error=texts()["errors"][str(exc)]
        )
    url = request.app.router["beheer_case"].url_for(report_id=str(stored.report_id))
    raise web.HTTPSeeOther(str(url.with_query(klaar="gemeld")))

"""Worklist, case list and case page, and the coordinator's actions on a case."""

from __future__ import annotations

from datetime import date

from aiohttp import web

from bot.services import case_actions as actions
from bot.services.cases import (
    STATUSES,
    CaseFilter,
    case_page,
    list_cases,
    units_in_scope,
    worklist,
)
from bot.services.documents import MEASURES as LETTER_MEASURES
from bot.vocab import AGGRESSION_TYPES, LOCATION_TYPES, RESPONSE_MEASURES, SEVERITIES
from bot.web.beheer.render import render, texts
from bot.web.beheer.state import dashboard, principal
from bot.web.offload import in_document_thread

CASE = r"/meldingen/{report_id:\d+}"


def add_case_routes(app: web.Application) -> None:
    """Routes of the coordinator's casework."""
    app.router.add_get("/", home, name="beheer_home")
    app.router.add_get("/meldingen", cases, name="beheer_cases")
    app.router.add_get(CASE, case, name="beheer_case")
    app.router.add_post(CASE + "/status", post_status, name="beheer_case_status")
    app.router.add_post(CASE + "/eigenaar", post_owner, name="beheer_case_owner")
    app.router.add_post(CASE + "/notitie", post_note, name="beheer_case_note")
    app.router.add_post(CASE + "/reactie", post_response, name="beheer_case_response")
    app.router.add_post(CASE + "/terugkoppeling", post_feedback, name="beheer_case_feedback")
    app.router.add_get(CASE + "/brief", letter_page, name="beheer_case_letter")
    app.router.add_get(CASE + "/brief.pdf", letter_pdf, name="beheer_case_letter_pdf")
    app.router.add_get(
        CASE + r"/bewijs/{evidence_id:\d+}", evidence_download, name="beheer_case_evidence"
    )


def _report_id(request: web.Request) -> int:
    return int(request.match_info["report_id"])


async def home(request: web.Request) -> web.Response:
    """The worklist: what is due, most urgent first. Other roles start on their own page."""
    user = principal(request)
    if not user.has_role("coordinator", "aftercare"):
        target = "beheer_figures" if user.has_role("manager") else "beheer_users"
        raise web.HTTPSeeOther(request.app.router[target].url_for())
    state = dashboard(request)
    items = worklist(state.factory, user, now=state.clock.now(), tz=state.settings.tz)
    return render(request, "worklist.html", items=items)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _choice(value: str, allowed) -> str:
    return value if value in allowed else ""


def _unit(value: str, allowed: set[int]) -> int | None:
    """A unit id of the user's own organisations, or None (no filter) for anything else."""
    return int(value) if value.isdigit() and int(value) in allowed else None


async def cases(request: web.Request) -> web.Response:
    """The case list; every filter is a query parameter, so a view can be bookmarked."""
    user = principal(request)
    if not user.has_role("coordinator", "aftercare"):
        raise web.HTTPForbidden(text="Deze pagina is niet voor jouw rol.")
    q = request.query
    units = units_in_scope(dashboard(request).factory, user)
    filters = CaseFilter(
        date_from=_date(q.get("van", "")),
        date_to=_date(q.get("tot", "")),
        status=_choice(q.get("status", ""), STATUSES),
        category=_choice(q.get("soort", ""), AGGRESSION_TYPES),
        severity=_choice(q.get("ernst", ""), SEVERITIES),
        location=_choice(q.get("plek", ""), LOCATION_TYPES),
        unit=_unit(q.get("eenheid", ""), {u["id"] for u in units}),
        receipt=q.get("nummer", "")[:20],
        needs_action=q.get("actie") == "1",
    )
    state = dashboard(request)
    rows = list_cases(state.factory, user, filters, state.settings.tz)
    return render(
        request, "cases.html", rows=rows, f=filters, statuses=STATUSES,
        categories=AGGRESSION_TYPES, severities=SEVERITIES, locations=LOCATION_TYPES, units=units,
    )  # fmt: skip


def _case_errors(handler):
    """Map the services' refusals to answers: 404 not in scope, 403 wrong role, 400 bad input."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            try:
                return await handler(request)
            except actions.InvalidInput as exc:
                # The form is checked before the case is loaded: showing the page again is
                # where a case out of scope still answers 404 (or 403).
                return await _show_case(request, error=texts()["errors"][str(exc)], status=400)
        except actions.CaseNotFound as exc:
            raise web.HTTPNotFound(text="Deze melding bestaat niet of is niet voor jou.") from exc
        except actions.CaseForbidden as exc:
            raise web.HTTPForbidden(text="Deze pagina is niet voor jouw rol.") from exc

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


async def _show_case(request: web.Request, *, error: str = "", status: int = 200):
    state = dashboard(request)
    view = case_page(
        state.factory, principal(request), _report_id(request), now=state.clock.now(),
        tz=state.settings.tz,
    )  # fmt: skip
    return render(
        request, "case.html", status=status, c=view, error=error,
        done=request.query.get("klaar", ""), statuses=STATUSES,
        response_measures=RESPONSE_MEASURES, letter_measures=LETTER_MEASURES,
    )  # fmt: skip


@_case_errors
async def case(request: web.Request) -> web.Response:
    """The case page."""
    return await _show_case(request)


def _back(request: web.Request, done: str, anchor: str) -> web.HTTPSeeOther:
    url = request.app.router["beheer_case"].url_for(report_id=str(_report_id(request)))
    return web.HTTPSeeOther(f"{url.with_query(klaar=done)}#{anchor}")


async def _form(request: web.Request) -> dict[str, str]:
    form = await request.post()
    return {key: str(value)[:5000] for key, value in form.items() if isinstance(value, str)}


@_case_errors
async def post_status(request: web.Request) -> web.Response:
    """Change the status (closing needs a reason)."""
    state, form = dashboard(request), await _form(request)
    actions.set_status(
        state.factory, principal(request), _report_id(request), form.get("status", ""),
        form.get("reden", ""), now=state.clock.now(),
    )  # fmt: skip
    raise _back(request, "status", "status")


@_case_errors
async def post_owner(request: web.Request) -> web.Response:
    """Take the case."""
    state = dashboard(request)
    actions.take_ownership(
        state.factory, principal(request), _report_id(request), now=state.clock.now()
    )
    raise _back(request, "eigenaar", "status")


@_case_errors
async def post_note(request: web.Request) -> web.Response:
    """Add an internal note."""
    state, form = dashboard(request), await _form(request)
    actions.add_note(
        state.factory, principal(request), _report_id(request), form.get("notitie", ""),
        now=state.clock.now(),
    )  # fmt: skip
    raise _back(request, "notitie", "notities")


@_case_errors
async def post_response(request: web.Request) -> web.Response:
    """The 48-hour response is done (stops the reminders)."""
    state, form = dashboard(request), await _form(request)
    actions.record_response(
        state.factory, principal(request), _report_id(request), form.get("maatregel", ""),
        form.get("reden", ""), now=state.clock.now(), until=form.get("tot", ""),
    )  # fmt: skip
    raise _back(request, "reactie", "reactie")


@_case_errors
async def post_feedback(request: web.Request) -> web.Response:
    """Send one of the fixed messages to the worker's chat, once."""
    state, form = dashboard(request), await _form(request)
    queued = actions.send_feedback(
        state.factory, principal(request), _report_id(request), form.get("bericht", ""),
        now=state.clock.now(),
    )  # fmt: skip
    raise _back(request, "bericht" if queued else "bericht-al", "terugkoppeling")


def _letter(request: web.Request, *, download: bool) -> actions.Letter:
    state, q = dashboard(request), request.query
    return actions.letter(
        state.factory, principal(request), _report_id(request), q.get("maatregel", ""),
        state.settings.tz, duration=q.get("duur", ""), rule=q.get("regel", ""),
        now=state.clock.now(), download=download,
    )  # fmt: skip


@_case_errors
async def letter_page(request: web.Request) -> web.Response:
    """Preview of the letter to the perpetrator, with its PDF link."""
    letter = _letter(request, download=False)
    return render(
        request, "letter.html", letter=letter, report_id=_report_id(request),
        query=request.query_string,
    )  # fmt: skip


@_case_errors
async def letter_pdf(request: web.Request) -> web.Response:
    """The letter as a PDF download (audited)."""
    letter = _letter(request, download=True)
    return web.Response(
        body=await in_document_thread(letter.pdf),
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="brief-{letter.receipt}.pdf"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@_case_errors
async def evidence_download(request: web.Request) -> web.StreamResponse:
    """An evidence file, always as a download (never shown inline: no HTML or SVG in the page)."""
    state = dashboard(request)
    item = actions.evidence_file(
        state.factory, principal(request), _report_id(request),
        int(request.match_info["evidence_id"]), state.settings.data_dir, now=state.clock.now(),
    )  # fmt: skip
    return web.FileResponse(
        item.path,
        headers={
            "Content-Type": "application/octet-stream",
            "Content-Disposition": f'attachment; filename="{item.filename}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
        },
    )

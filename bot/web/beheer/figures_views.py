"""The figures page (coordinator and manager), its exports, the annual overview PDF, and the
Arbowet article 9 page with the accident register (coordinator)."""

from __future__ import annotations

from aiohttp import web

from bot.services import arbo
from bot.services.annual_pdf import MAX_TEXT_CHARS, render_pdf
from bot.services.cases import CaseForbidden, CaseNotFound
from bot.services.charts import bar_chart, column_chart
from bot.services.exports import FORMATS, export_figures, register_file
from bot.services.figures import DIMENSIONS, MONTH_ABBREVIATIONS, Figures, figures_for
from bot.services.figures_text import figure_texts
from bot.services.scorecard import METRICS, scorecard_for
from bot.web.beheer.render import render
from bot.web.beheer.state import dashboard, principal

FIRST_YEAR = 2000


def add_figures_routes(app: web.Application) -> None:
    """Routes of the figures, the exports, the annual overview and the Arbowet page."""
    app.router.add_get("/cijfers", figures_page, name="beheer_figures")
    app.router.add_get(r"/cijfers/export.{fmt:(xlsx|ods|csv)}", export, name="beheer_export")
    app.router.add_post("/cijfers/jaaroverzicht.pdf", annual_pdf, name="beheer_annual_pdf")
    app.router.add_get("/arbowet", arbo_page, name="beheer_arbo")
    app.router.add_post(r"/arbowet/{report_id:\d+}", arbo_post, name="beheer_arbo_post")
    app.router.add_post("/arbowet/verzuim", arbo_absence, name="beheer_arbo_absence")
    app.router.add_get(
        r"/arbowet/ongevallenregister.{fmt:(xlsx|ods|csv)}",
        arbo_register,
        name="beheer_accident_register",
    )


def _guarded(handler):
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except CaseNotFound as exc:
            raise web.HTTPNotFound(text="Deze melding bestaat niet of is niet voor jou.") from exc
        except CaseForbidden as exc:
            raise web.HTTPForbidden(text="Deze pagina is niet voor jouw rol.") from exc

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


def _year(request: web.Request, value: str | None = None) -> int:
    current = dashboard(request).clock.now().year
    raw = value if value is not None else request.query.get("jaar", "")
    try:
        year = int(raw)
    except ValueError:
        return current
    return year if FIRST_YEAR <= year <= current else current


def _charts(data: Figures) -> dict[str, str]:
    words = figure_texts()["tables"]
    year = data.first.year
    series = (f"{year}", f"{year - 1}")
    charts = {}
    for key in DIMENSIONS:
        table = data.tables[key]
        labels = [name for _, name in table.rows]
        draw = column_chart if key == "month" else bar_chart
        if key == "month":
            labels = [MONTH_ABBREVIATIONS[int(month[5:7]) - 1] for month, _ in table.rows]
        charts[key] = draw(
            f"grafiek-{key}", words[key], labels, table.shown_current, table.shown_previous, series
        )
    return charts


def _context(request: web.Request, year: int) -> dict:
    state, user = dashboard(request), principal(request)
    k = state.settings.figures_threshold
    data = figures_for(state.factory, user, year, state.settings.tz, k=k)
    scores = scorecard_for(state.factory, user, year, state.settings.tz, now=state.clock.now(), k=k)
    return dict(
        data=data,
        charts=_charts(data),
        scores=scores,
        metrics=METRICS,
        words=figure_texts(),
        dimensions=DIMENSIONS,
        year=year,
        years=list(range(state.clock.now().year, state.clock.now().year - 6, -1)),
    )


@_guarded
async def figures_page(request: web.Request) -> web.Response:
    """Counts per category, month, sector, location type, unit, severity and injury, beside
    last year, each chart with its table; the scorecard; exports. Never a story or a name."""
    year = _year(request)
    context = _context(request, year)
    return render(
        request, "figures.html", **context,
        can_write=bool(principal(request).orgs("coordinator")), max_text=MAX_TEXT_CHARS,
    )  # fmt: skip


@_guarded
async def export(request: web.Request) -> web.Response:
    """The aggregated export (small cells hidden), as a download; audited."""
    state, fmt = dashboard(request), request.match_info["fmt"]
    year = _year(request)
    body = export_figures(
        state.factory, principal(request), year, fmt, state.settings.tz, now=state.clock.now(),
        k=state.settings.figures_threshold,
    )  # fmt: skip
    return web.Response(
        body=body,
        headers={
            "Content-Type": FORMATS[fmt],
            "Content-Disposition": f'attachment; filename="vpt-cijfers-{year}.{fmt}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@_guarded
async def annual_pdf(request: web.Request) -> web.Response:
    """The annual overview with the coordinator's text, as a PDF (small cells hidden)."""
    form = await request.post()
    year = _year(request, str(form.get("jaar", "")))
    text = str(form.get("tekst", ""))[:MAX_TEXT_CHARS].strip()
    state, user = dashboard(request), principal(request)
    k = state.settings.figures_threshold
    data = figures_for(state.factory, user, year, state.settings.tz, k=k, force_suppression=True)
    scores = scorecard_for(
        state.factory, user, year, state.settings.tz, now=state.clock.now(), k=k,
        force_suppression=True,
    )  # fmt: skip
    html = state.templates.get_template("annual_overview.html").render(
        data=data, charts=_charts(data), scores=scores, metrics=METRICS, words=figure_texts(),
        dimensions=[d for d in DIMENSIONS if d != "unit"], year=year, text=text,
        made_on=state.clock.now(),
    )  # fmt: skip
    return web.Response(
        body=render_pdf(html),
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="jaaroverzicht-{year}.pdf"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@_guarded
async def arbo_page(request: web.Request) -> web.Response:
    """Reports that may fall under Arbowet art. 9, with what has been done about them."""
    state = dashboard(request)
    rows = arbo.arbo_cases(state.factory, principal(request))
    return render(
        request, "arbo.html", rows=rows, error=request.query.get("fout", ""),
        done=request.query.get("klaar", ""),
    )  # fmt: skip


@_guarded
async def arbo_post(request: web.Request) -> web.Response:
    """Mark reported / not notifiable / flag, or record days of absence."""
    state = dashboard(request)
    form = await request.post()
    target = request.app.router["beheer_arbo"].url_for()
    try:
        arbo.update_arbo(
            state.factory, principal(request), int(request.match_info["report_id"]),
            action=str(form.get("actie", "")), days_absent=str(form.get("dagen", "")),
            now=state.clock.now(),
        )  # fmt: skip
    except arbo.InvalidArboInput:
        raise web.HTTPSeeOther(target.with_query(fout="1")) from None
    raise web.HTTPSeeOther(target.with_query(klaar="1"))


@_guarded
async def arbo_absence(request: web.Request) -> web.Response:
    """Days of absence for any report of the organisation, found by its receipt number."""
    state = dashboard(request)
    form = await request.post()
    target = request.app.router["beheer_arbo"].url_for()
    try:
        report_id = arbo.report_id_by_receipt(
            state.factory, principal(request), str(form.get("nummer", ""))
        )
        arbo.update_arbo(
            state.factory, principal(request), report_id, action="absence",
            days_absent=str(form.get("dagen", "")), now=state.clock.now(),
        )  # fmt: skip
    except CaseNotFound:
        raise web.HTTPSeeOther(target.with_query(fout="nummer")) from None
    except arbo.InvalidArboInput:
        raise web.HTTPSeeOther(target.with_query(fout="1")) from None
    raise web.HTTPSeeOther(target.with_query(klaar="1"))


@_guarded
async def arbo_register(request: web.Request) -> web.Response:
    """The accident register: reported accidents and those with more than three days' absence."""
    state, fmt = dashboard(request), request.match_info["fmt"]
    rows = arbo.register_rows(
        state.factory, principal(request), state.settings.tz, now=state.clock.now()
    )
    return web.Response(
        body=register_file(arbo.REGISTER_HEADER, rows, fmt),
        headers={
            "Content-Type": FORMATS[fmt],
            "Content-Disposition": f'attachment; filename="ongevallenregister.{fmt}"',
            "X-Content-Type-Options": "nosniff",
        },
    )

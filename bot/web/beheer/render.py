"""Rendering the dashboard's Jinja2 templates: autoescape on, strict undefined, Dutch formats."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot import vocab
from bot.labels import label, labels
from bot.web.beheer.state import PRINCIPAL, dashboard

TEMPLATES_DIR = Path(__file__).with_name("templates")
TEXTS_FILE = Path(__file__).with_name("texts_nl.yml")


@cache
def texts() -> dict[str, Any]:
    """The Dutch words of the pages."""
    return yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))


def make_environment(tz: tzinfo) -> Environment:
    """The template environment; every value is escaped unless marked safe in code."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["datum"] = lambda value: dutch_datetime(value, tz)
    env.filters["dag"] = lambda value: dutch_date(value, tz)
    env.filters["euro"] = euro
    env.filters["duur"] = duration
    env.filters["bytes"] = size
    env.filters["dagdatum"] = day_label
    env.globals["vocab"] = vocab
    env.globals["t"] = texts
    env.globals["label"] = lambda group, key: label(group, key) or ""
    env.globals["type_label"] = lambda key: label("types", key) or key
    return env


def dutch_date(value: datetime | None, tz: tzinfo) -> str:
    """'12 november 2026'."""
    if value is None:
        return ""
    local = value.astimezone(tz)
    return f"{local.day} {labels()['months'][local.month - 1]} {local.year}"


def day_label(value: date | None) -> str:
    """A calendar day: '12 november 2026'."""
    if value is None:
        return ""
    return f"{value.day} {labels()['months'][value.month - 1]} {value.year}"


def dutch_datetime(value: datetime | None, tz: tzinfo) -> str:
    """'donderdag 12 november 2026, 14:30'."""
    if value is None:
        return ""
    local = value.astimezone(tz)
    return f"{labels()['weekdays'][local.weekday()]} {dutch_date(value, tz)}, {local:%H:%M}"


def euro(cents: int | None) -> str:
    """'€ 1.250,50'."""
    if cents is None:
        return ""
    whole, part = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", ".")
    return f"€ {'-' if cents < 0 else ''}{text},{part:02d}"


def duration(value: timedelta | None) -> str:
    """'3 dagen en 2 uur', '45 minuten'."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} dag" if days == 1 else f"{days} dagen")
    if hours:
        parts.append(f"{hours} uur")
    if not days and (minutes or not parts):
        parts.append(f"{minutes} minuut" if minutes == 1 else f"{minutes} minuten")
    return " en ".join(parts)


def size(value: int) -> str:
    """'1,2 MB', '850 kB'."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(value / 1000))} kB"


def render(
    request: web.Request, template: str, *, status: int = 200, **context: Any
) -> web.Response:
    """A page as text/html; the signed-in user and the route name are always in the context."""
    state = dashboard(request)
    user = request.get(PRINCIPAL)
    html = state.templates.get_template(template).render(
        user=user if user is not None and user.mfa else None,
        csrf=user.csrf_token if user is not None else context.pop("pre_csrf", ""),
        route=request.match_info.route.name or "",
        oidc_enabled=bool(state.settings.oidc_issuer),
        url=lambda name, **parts: str(request.app.router[name].url_for(**parts)),
        **context,
    )
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")

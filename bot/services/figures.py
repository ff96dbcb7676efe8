"""The figures an employer needs (VPT measures 3 and 9): counts per category, month, sector,
location type, unit, severity and injury, beside the same period a year earlier.

Counts come from two places that never overlap: the reports still stored (grouped in SQL), and
`stats_monthly`, the counts of reports deleted under the retention period
(`db_archive_reports` folds a report into it just before the purge deletes it). Both give
the same `Cell`s, so the page, the exports and the annual overview read one list.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import Principal
from bot.services.cases import CaseForbidden
from bot.services.suppression import DEFAULT_THRESHOLD, suppress
from bot.storage.models import Organisation, OrganisationUnit, Report, StatsMonthly
from bot.vocab import AGGRESSION_TYPES, LOCATION_TYPES, SECTORS, SEVERITIES

FIGURE_ROLES = ("coordinator", "manager")
UNKNOWN = ""  # the row of reports without a value (no unit, no location type ...)


@dataclass(frozen=True)
class Cell:
    """A number of reports sharing every dimension of the figures (no content, no ids)."""

    organisation_id: int
    month: str  # "2026-11", local time
    unit_id: int | None
    location_type: str | None
    severity: str | None
    injury: bool | None
    types: tuple[str, ...]
    count: int


def month_key(day: date) -> str:
    """'2026-11'."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: date, months: int) -> date:
    """The first of the month `months` later (or earlier)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _start(day: date, tz: tzinfo) -> datetime:
    return datetime(day.year, day.month, 1, tzinfo=tz)


def _types_key(types: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(sorted(set(types or ())))


def db_cells(
    session: Session, organisation_ids: list[int], first: date, end: date, tz: tzinfo
) -> list[Cell]:
    """Counts from first (a month's first day) up to end (exclusive), live and archived."""
    if not organisation_ids:
        return []
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    if dialect == "postgresql":
        # Exact local month in the database: 100,000 reports become a few thousand groups.
        bucket = func.to_char(func.timezone(str(tz), Report.created_at), "YYYY-MM")
    else:
        # SQLite keeps naive UTC text: group by UTC hour, turn each hour into its local month.
        bucket = func.strftime("%Y-%m-%d %H", Report.created_at)
    dims = (
        Report.organisation_id,
        bucket,
        Report.unit_id,
        Report.location_type,
        Report.severity,
        Report.injury,
        Report.types,
    )
    rows = session.execute(
        select(*dims, func.count())
        .where(
            Report.organisation_id.in_(organisation_ids),
            Report.created_at >= _start(first, tz),
            Report.created_at < _start(end, tz),
        )
        .group_by(*dims)
    ).all()
    merged: Counter = Counter()
    for org, when, unit, location, severity, injury, types, count in rows:
        if dialect != "postgresql":
            utc = datetime.strptime(when, "%Y-%m-%d %H").replace(tzinfo=timezone.utc)
            when = month_key(utc.astimezone(tz).date())
        merged[(org, when, unit, location, severity, injury, _types_key(types))] += count
    archived = session.execute(
        select(
            StatsMonthly.organisation_id,
            StatsMonthly.month,
            StatsMonthly.unit_id,
            StatsMonthly.location_type,
            StatsMonthly.severity,
            StatsMonthly.injury,
            StatsMonthly.types_key,
            func.sum(StatsMonthly.count),
        )
        .where(
            StatsMonthly.organisation_id.in_(organisation_ids),
            StatsMonthly.month >= month_key(first),
            StatsMonthly.month < month_key(end),
        )
        .group_by(
            StatsMonthly.organisation_id,
            StatsMonthly.month,
            StatsMonthly.unit_id,
            StatsMonthly.location_type,
            StatsMonthly.severity,
            StatsMonthly.injury,
            StatsMonthly.types_key,
        )
    ).all()
    for org, month, unit, location, severity, injury, key, count in archived:
        types = tuple(key.split(",")) if key else ()
        merged[(org, month, unit, location, severity, injury, types)] += int(count)
    return [Cell(*key, count) for key, count in merged.items()]


def db_archive_reports(session: Session, reports: Iterable[Report], tz: tzinfo) -> int:
    """Fold reports into `stats_monthly` before they are deleted (call it in the purge's own
    transaction, right before the delete, so a report is never counted twice or lost)."""
    counts: Counter = Counter()
    for r in reports:
        month = month_key(r.created_at.astimezone(tz).date())
        key = ",".join(_types_key(r.types))
        counts[
            (r.organisation_id, month, r.unit_id, r.location_type, r.severity, r.injury, key)
        ] += 1
    for (org, month, unit, location, severity, injury, key), count in counts.items():
        if org is None:
            continue  # a report of no organisation is in nobody's figures
        session.add(
            StatsMonthly(
                organisation_id=org,
                month=month,
                unit_id=unit,
                location_type=location,
                severity=severity,
                injury=injury,
                types_key=key,
                count=count,
            )  # fmt: skip
        )
    session.flush()
    return sum(counts.values())


@dataclass
class Table:
    """One figure: rows of (key, this period, same period last year), suppressed or not."""

    key: str  # category, month, sector, location, unit, severity, injury
    rows: list[tuple[str, str]]  # (row key, Dutch row label)
    current: list[int]
    previous: list[int]
    additive: bool = True  # rows add up to the total (not so for categories: one report, many)
    shown_current: list[str] = field(default_factory=list)
    shown_previous: list[str] = field(default_factory=list)
    total_current: str = ""
    total_previous: str = ""
    change: list[str] = field(default_factory=list)


@dataclass
class Figures:
    """What the figures page, the export and the annual overview show."""

    first: date
    end: date
    organisations: list[str]
    suppressed: bool
    k: int
    incidents: int
    incidents_previous: int
    incidents_shown: str
    incidents_previous_shown: str
    mentions: int
    tables: dict[str, Table]
    months: list[str]


def _label(group: str, key: str) -> str:
    from bot.labels import label

    return label(group, key) or key


def _month_name(month: str) -> str:
    """'2026-03' -> 'maart 2026'."""
    from bot.labels import labels

    return f"{labels()['months'][int(month[5:7]) - 1]} {month[:4]}"


def _dimension_rows(
    key: str, cells: list[Cell], units: dict[int, str], sectors: dict[int, str | None]
) -> list[tuple[str, str]]:
    if key == "category":
        return [(t, _label("types", t)) for t in AGGRESSION_TYPES]
    if key == "location":
        return [(loc, _label("locations", loc)) for loc in LOCATION_TYPES] + [(UNKNOWN, "onbekend")]
    if key == "severity":
        return [(s, _label("severity", s)) for s in SEVERITIES]
    if key == "injury":
        return [("ja", "met letsel"), ("nee", "zonder letsel"), (UNKNOWN, "onbekend")]
    if key == "sector":
        from bot.services.figures_text import SECTOR_LABELS

        return [(s, SECTOR_LABELS[s]) for s in SECTORS] + [(UNKNOWN, "sector niet ingevuld")]
    if key == "unit":
        used = sorted({c.unit_id for c in cells if c.unit_id is not None}, key=units.get)
        return [(str(u), units.get(u, "?")) for u in used] + [(UNKNOWN, "geen team of locatie")]
    raise ValueError(key)


def _value(key: str, cell: Cell, sectors: dict[int, str | None]) -> list[str]:
    if key == "category":
        return list(cell.types)
    if key == "location":
        return [cell.location_type or UNKNOWN]
    if key == "severity":
        return [cell.severity or UNKNOWN]
    if key == "injury":
        return [UNKNOWN if cell.injury is None else ("ja" if cell.injury else "nee")]
    if key == "sector":
        return [sectors.get(cell.organisation_id) or UNKNOWN]
    if key == "unit":
        return [str(cell.unit_id) if cell.unit_id is not None else UNKNOWN]
    raise ValueError(key)


DIMENSIONS = ("category", "month", "sector", "location", "unit", "severity", "injury")


def build_figures(
    cells: list[Cell],
    *,
    first: date,
    end: date,
    organisations: list[str],
    units: dict[int, str],
    sectors: dict[int, str | None],
    suppressed: bool,
    k: int = DEFAULT_THRESHOLD,
) -> Figures:
    """The tables of the period [first, end) beside the same months a year earlier."""
    months = []
    day = first
    while day < end:
        months.append(month_key(day))
        day = add_months(day, 1)
    previous_months = {month_key(add_months(date.fromisoformat(m + "-01"), -12)) for m in months}
    now_cells = [c for c in cells if c.month in months]
    then_cells = [c for c in cells if c.month in previous_months]
    tables: dict[str, Table] = {}
    month_rows = [(m, _month_name(m)) for m in months]
    by_month_now = Counter()
    by_month_then = Counter()
    for c in now_cells:
        by_month_now[c.month] += c.count
    for c in then_cells:
        by_month_then[month_key(add_months(date.fromisoformat(c.month + "-01"), 12))] += c.count
    tables["month"] = Table(
        "month", month_rows, [by_month_now[m] for m in months], [by_month_then[m] for m in months]
    )
    for key in ("category", "sector", "location", "unit", "severity", "injury"):
        rows = _dimension_rows(key, now_cells + then_cells, units, sectors)
        counts_now: Counter = Counter()
        counts_then: Counter = Counter()
        for source, counter in ((now_cells, counts_now), (then_cells, counts_then)):
            for c in source:
                for value in _value(key, c, sectors):
                    counter[value] += c.count
        tables[key] = Table(
            key,
            rows,
            [counts_now[r] for r, _ in rows],
            [counts_then[r] for r, _ in rows],
            additive=key != "category",
        )
    incidents = sum(c.count for c in now_cells)
    incidents_previous = sum(c.count for c in then_cells)
    for table in tables.values():
        _show(table, suppressed, k)
    total_grid = suppress([[incidents], [incidents_previous]], k=k) if suppressed else None
    return Figures(
        first=first,
        end=end,
        organisations=organisations,
        suppressed=suppressed,
        k=k,
        incidents=incidents,
        incidents_previous=incidents_previous,
        incidents_shown=total_grid.shown(k)[0][0] if total_grid else str(incidents),
        incidents_previous_shown=total_grid.shown(k)[1][0]
        if total_grid
        else str(incidents_previous),
        mentions=sum(tables["category"].current),
        tables=tables,
        months=months,
    )


def _show(table: Table, suppressed: bool, k: int) -> None:
    """Text of every cell; each period column is its own table with its total."""
    for values, attr, total_attr in (
        (table.current, "shown_current", "total_current"),
        (table.previous, "shown_previous", "total_previous"),
    ):
        if suppressed:
            grid = suppress([[v] for v in values], k=k, col_totals=True)
            shown = [row[0] for row in grid.shown(k)]
            setattr(table, attr, shown[:-1])
            setattr(table, total_attr, shown[-1])
        else:
            setattr(table, attr, [str(v) for v in values])
            setattr(table, total_attr, str(sum(values)))
    table.change = [
        _change(now, then, shown_now, shown_then)
        for now, then, shown_now, shown_then in zip(
            table.current, table.previous, table.shown_current, table.shown_previous, strict=True
        )
    ]


def _change(now: int, then: int, shown_now: str, shown_then: str) -> str:
    """'+3', '-2', '0'; '–' where a value is hidden (a difference would give it away)."""
    if not shown_now.isdigit() or not shown_then.isdigit():
        return "–"
    diff = now - then
    return f"+{diff}" if diff > 0 else str(diff)


def figure_scope(principal: Principal) -> tuple[list[int], bool]:
    """The organisations whose figures this user sees, and whether small cells are hidden
    (yes unless the user is coordinator in every one of them: a coordinator sees the cases)."""
    orgs = principal.orgs(*FIGURE_ROLES)
    if not orgs:
        raise CaseForbidden("figures")
    return sorted(orgs), not orgs <= principal.orgs("coordinator")


def year_period(year: int) -> tuple[date, date]:
    """January of `year` up to January of the next."""
    return date(year, 1, 1), date(year + 1, 1, 1)


def db_figures(
    session: Session,
    organisation_ids: list[int],
    first: date,
    end: date,
    tz: tzinfo,
    *,
    suppressed: bool,
    k: int = DEFAULT_THRESHOLD,
) -> Figures:
    """Figures of these organisations for [first, end), with the year before."""
    cells = db_cells(session, organisation_ids, add_months(first, -12), end, tz)
    orgs = session.execute(
        select(Organisation.id, Organisation.name, Organisation.sector)
        .where(Organisation.id.in_(organisation_ids))
        .order_by(Organisation.name)
    ).all()
    units = dict(
        session.execute(
            select(OrganisationUnit.id, OrganisationUnit.name).where(
                OrganisationUnit.organisation_id.in_(organisation_ids)
            )
        ).all()
    )
    return build_figures(
        cells,
        first=first,
        end=end,
        organisations=[name for _, name, _ in orgs],
        units=units,
        sectors={org_id: sector for org_id, _, sector in orgs},
        suppressed=suppressed,
        k=k,
    )


def figures_for(
    factory: sessionmaker[Session],
    principal: Principal,
    year: int,
    tz: tzinfo,
    *,
    k: int = DEFAULT_THRESHOLD,
    force_suppression: bool = False,
) -> Figures:
    """The figures page of this user for a calendar year."""
    orgs, suppressed = figure_scope(principal)
    first, end = year_period(year)
    with factory() as session:
        return db_figures(
            session, orgs, first, end, tz, suppressed=suppressed or force_suppression, k=k
        )


def quarter_of(month: str) -> int:
    """1-4."""
    return (int(month[5:7]) - 1) // 3 + 1


def category_by(cells: list[Cell], months: list[str], key: str, sectors: dict[int, str | None]):
    """Label mentions per category (rows) and quarter / sector / location (columns)."""
    grid: dict[tuple[str, str], int] = defaultdict(int)
    for c in cells:
        if c.month not in months:
            continue
        if key == "quarter":
            column = f"K{quarter_of(c.month)}"
        elif key == "sector":
            column = sectors.get(c.organisation_id) or UNKNOWN
        else:
            column = c.location_type or UNKNOWN
        for t in c.types:
            grid[(t, column)] += c.count
    return grid


def period_months(first: date, end: date) -> list[str]:
    """The month keys of [first, end)."""
    out, day = [], first
    while day < end:
        out.append(month_key(day))
        day = add_months(day, 1)
    return out

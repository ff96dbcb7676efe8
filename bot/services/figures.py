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

from sqlalchemy import DateTime, String, bindparam, func, literal, select, text, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import Principal
from bot.services.cases import CaseForbidden
from bot.services.suppression import DEFAULT_THRESHOLD, suppress
from bot.storage.models import Organisation, OrganisationUnit, Report, StatsMonthly
from bot.vocab import AGGRESSION_TYPES, LOCATION_TYPES, SECTORS, SEVERITIES

FIGURE_ROLES = ("coordinator", "manager")
UNKNOWN = ""  # the row of reports without a value (no unit, no location type ...)


# The dimensions counted per month. Categories are counted apart: one report, several labels.
COUNTED = ("organisation", "unit", "location", "severity", "injury")


@dataclass
class Counts:
    """Numbers of reports per month and one dimension, and label mentions per month,
    organisation, location type and category. No content, no ids of reports."""

    by: dict[str, Counter] = field(default_factory=lambda: {d: Counter() for d in COUNTED})
    # (month, organisation id, location type, category) -> mentions
    categories: Counter = field(default_factory=Counter)

    def per_month(self) -> Counter:
        """Reports per month."""
        out: Counter = Counter()
        for (month, _), n in self.by["organisation"].items():
            out[month] += n
        return out


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


def month_bucket(dialect: str, tz: tzinfo):
    if dialect == "postgresql":
        # The exact local month, computed in the database.
        return func.to_char(func.timezone(str(tz), Report.created_at), "YYYY-MM")
    # SQLite keeps naive UTC text: group by UTC hour, turn each hour into its local month.
    return func.strftime("%Y-%m-%d %H", Report.created_at)


def to_month(dialect: str, bucket: str, tz: tzinfo) -> str:
    if dialect == "postgresql":
        return bucket
    utc = datetime.strptime(bucket, "%Y-%m-%d %H").replace(tzinfo=timezone.utc)
    return month_key(utc.astimezone(tz).date())


def db_no_jit(session: Session) -> None:
    """PostgreSQL: no JIT compilation for this transaction's queries. A report query over a
    year estimates above jit_optimize_above_cost and LLVM then spends most of a second
    compiling what runs in a tenth of one (measured with scripts/bench_figures.py)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))


def db_counts(
    session: Session, organisation_ids: list[int], first: date, end: date, tz: tzinfo
) -> Counts:
    """Counts from first (a month's first day) up to end (exclusive): one GROUP BY per
    dimension over the reports still stored, plus the archived counts of deleted reports."""
    counts = Counts()
    if not organisation_ids:
        return counts
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    scope = (
        Report.organisation_id.in_(organisation_ids),
        Report.created_at >= _start(first, tz),
        Report.created_at < _start(end, tz),
    )
    if dialect == "postgresql":
        db_no_jit(session)
        _pg_counts(session, counts, scope, first, end, tz)
    else:
        _portable_counts(session, counts, month_bucket(dialect, tz), scope, dialect, tz)
    _add_archived(session, counts, organisation_ids, first, end)
    return counts


def _pg_counts(session: Session, counts: Counts, scope, first: date, end: date, tz) -> None:
    """Two scans. The month is found with width_bucket over the local month starts (a binary
    search per report, half the cost of converting each time). First (month, organisation,
    location type) with a mention count per category (`types ? 'x'`, no row per label), then
    (month, unit, severity, injury)."""
    months = period_months(first, end)
    starts = [_start(date.fromisoformat(m + "-01"), tz) for m in months] + [_start(end, tz)]
    bucket = func.width_bucket(
        Report.created_at, bindparam("month_starts", starts, type_=ARRAY(DateTime(timezone=True)))
    )
    mentions = [
        func.count().filter(Report.types.op("?")(literal(t, String))) for t in AGGRESSION_TYPES
    ]
    rows = session.execute(
        select(bucket, Report.organisation_id, Report.location_type, func.count(), *mentions)
        .where(*scope)
        .group_by(bucket, Report.organisation_id, Report.location_type)
    )
    for index, org, location, n, *per_type in rows:
        month = months[index - 1]
        counts.by["organisation"][(month, org)] += n
        counts.by["location"][(month, location)] += n
        for category, m in zip(AGGRESSION_TYPES, per_type, strict=True):
            if m:
                counts.categories[(month, org, location, category)] += m
    dims = (bucket, Report.unit_id, Report.severity, Report.injury)
    for index, unit, severity, injury, n in session.execute(
        select(*dims, func.count()).where(*scope).group_by(*dims)
    ):
        month = months[index - 1]
        counts.by["unit"][(month, unit)] += n
        counts.by["severity"][(month, severity)] += n
        counts.by["injury"][(month, injury)] += n


def _portable_counts(session: Session, counts: Counts, bucket, scope, dialect, tz) -> None:
    """The same counts for SQLite: one query per dimension, labels through json_each."""
    columns = {
        "organisation": Report.organisation_id,
        "unit": Report.unit_id,
        "location": Report.location_type,
        "severity": Report.severity,
        "injury": Report.injury,
    }
    for name, column in columns.items():
        rows = session.execute(
            select(bucket, column, func.count()).where(*scope).group_by(bucket, column)
        )
        for when, value, n in rows:
            counts.by[name][(to_month(dialect, when, tz), value)] += n
    each = func.json_each(Report.types).table_valued("value", joins_implicitly=True)
    dims = (bucket, Report.organisation_id, Report.location_type, each.c.value)
    rows = session.execute(
        select(*dims, func.count())
        .select_from(Report)
        .join(each, true())
        .where(*scope)
        .group_by(*dims)
    )
    for when, org, location, category, n in rows:
        counts.categories[(to_month(dialect, when, tz), org, location, category)] += n


def _add_archived(session: Session, counts: Counts, organisation_ids, first: date, end: date):
    rows = session.execute(
        select(
            StatsMonthly.organisation_id, StatsMonthly.month, StatsMonthly.unit_id,
            StatsMonthly.location_type, StatsMonthly.severity, StatsMonthly.injury,
            StatsMonthly.types_key, StatsMonthly.count,
        ).where(
            StatsMonthly.organisation_id.in_(organisation_ids),
            StatsMonthly.month >= month_key(first),
            StatsMonthly.month < month_key(end),
        )
    )  # fmt: skip
    for org, month, unit, location, severity, injury, key, n in rows:
        for name, value in (
            ("organisation", org), ("unit", unit), ("location", location),
            ("severity", severity), ("injury", injury),
        ):  # fmt: skip
            counts.by[name][(month, value)] += n
        for category in key.split(",") if key else ():
            counts.categories[(month, org, location, category)] += n


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
    """'2026-03' -> 'maart' (the columns say which year)."""
    from bot.labels import labels

    return labels()["months"][int(month[5:7]) - 1]


MONTH_ABBREVIATIONS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")  # fmt: skip


def _row_key(key: str, value, sectors: dict[int, str | None]) -> str:
    """The table row a stored value counts in."""
    if key == "sector":
        return sectors.get(value) or UNKNOWN
    if key == "injury":
        return UNKNOWN if value is None else ("ja" if value else "nee")
    if key == "unit":
        return UNKNOWN if value is None else str(value)
    return value or UNKNOWN


def _dimension_rows(key: str, used_units: set[int], units: dict[int, str]) -> list[tuple[str, str]]:
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
        used = sorted(used_units, key=lambda u: (units.get(u, "?"), u))
        return [(str(u), units.get(u, "?")) for u in used] + [(UNKNOWN, "geen team of locatie")]
    raise ValueError(key)


DIMENSIONS = ("category", "month", "sector", "location", "unit", "severity", "injury")
# The Counts dimension behind each table (sector is read through the organisation).
_SOURCE = {"sector": "organisation", "location": "location", "unit": "unit", "severity": "severity", "injury": "injury"}  # fmt: skip


def build_figures(
    counts: Counts,
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
    months = period_months(first, end)
    a_year_later = {
        month_key(add_months(date.fromisoformat(m + "-01"), -12)): m for m in months
    }  # a month of last year -> the month of this year it stands beside
    this_year = set(months)

    def split(counter: Counter, key_of) -> tuple[Counter, Counter]:
        now: Counter = Counter()
        then: Counter = Counter()
        for (month, *rest), n in counter.items():
            if month in this_year:
                now[key_of(month, rest)] += n
            elif month in a_year_later:
                then[key_of(a_year_later[month], rest)] += n
        return now, then

    tables: dict[str, Table] = {}
    now, then = split(counts.by["organisation"], lambda month, rest: month)
    tables["month"] = Table(
        "month", [(m, _month_name(m)) for m in months], [now[m] for m in months],
        [then[m] for m in months],
    )  # fmt: skip
    incidents, incidents_previous = sum(now.values()), sum(then.values())
    now, then = split(counts.categories, lambda month, rest: rest[2])
    rows = _dimension_rows("category", set(), units)
    tables["category"] = Table(
        "category", rows, [now[r] for r, _ in rows], [then[r] for r, _ in rows], additive=False
    )
    used_units = {
        unit
        for (month, unit), n in counts.by["unit"].items()
        if unit is not None and n and (month in this_year or month in a_year_later)
    }
    for key, source in _SOURCE.items():
        now, then = split(
            counts.by[source], lambda month, rest, key=key: _row_key(key, rest[0], sectors)
        )
        rows = _dimension_rows(key, used_units, units)
        tables[key] = Table(key, rows, [now[r] for r, _ in rows], [then[r] for r, _ in rows])
    tables = {key: tables[key] for key in DIMENSIONS}
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
        incidents_previous_shown=(
            total_grid.shown(k)[1][0] if total_grid else str(incidents_previous)
        ),
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
    counts = db_counts(session, organisation_ids, add_months(first, -12), end, tz)
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
        counts,
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


def category_by(counts: Counts, months: list[str], key: str, sectors: dict[int, str | None]):
    """Label mentions per category (rows) and quarter / sector / location (columns)."""
    grid: dict[tuple[str, str], int] = defaultdict(int)
    wanted = set(months)
    for (month, org, location, category), n in counts.categories.items():
        if month not in wanted:
            continue
        if key == "quarter":
            column = f"K{quarter_of(month)}"
        elif key == "sector":
            column = sectors.get(org) or UNKNOWN
        else:
            column = location or UNKNOWN
        grid[(category, column)] += n
    return grid


def period_months(first: date, end: date) -> list[str]:
    """The month keys of [first, end)."""
    out, day = [], first
    while day < end:
        out.append(month_key(day))
        day = add_months(day, 1)
    return out

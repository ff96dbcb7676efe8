"""Aggregated exports (XLSX, ODS, CSV) in the layout sector monitors use: label mentions per
category by quarter, by sector and by location type, and reports per month.

What an export holds: counts only, per month, quarter or year, always with small cells hidden
(secondary suppression included). What it never holds: names, receipt numbers, free text,
dates finer than a month, teams or locations of the organisation (too small a group).
Every text cell is written as text and never as a formula, in every format.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.accounts import Principal
from bot.services.figures import (
    UNKNOWN,
    category_by,
    db_counts,
    figure_scope,
    period_months,
    year_period,
)
from bot.services.figures_text import SECTOR_LABELS, figure_texts
from bot.services.suppression import DEFAULT_THRESHOLD, suppress
from bot.storage.audit import db_append_audit
from bot.storage.models import Organisation
from bot.vocab import AGGRESSION_TYPES, LOCATION_TYPES, SECTORS

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv; charset=utf-8",
}
# A spreadsheet reads a cell starting with one of these as a formula (CSV, and a re-saved sheet).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutral(value: str) -> str:
    """Text that no spreadsheet runs as a formula (OWASP CSV injection: prefix a quote)."""
    return "'" + value if value.startswith(FORMULA_START) else value


@dataclass
class Sheet:
    """One exported table: a title, a header row and rows of text or whole numbers."""

    title: str
    header: list[str]
    rows: list[list[str | int]]


def _label(group: str, key: str) -> str:
    from bot.labels import label

    return label(group, key) or key


def _cell(text: str) -> str | int:
    return int(text) if text.isdigit() else text


def _category_sheet(title, corner, columns, grid, k) -> Sheet:
    texts = figure_texts()["export"]
    counts = [[grid.get((t, key), 0) for key, _ in columns] for t in AGGRESSION_TYPES]
    shown = suppress(counts, k=k, row_totals=True, col_totals=True).shown(k)
    names = [_label("types", t) for t in AGGRESSION_TYPES] + [texts["total"]]
    return Sheet(
        title,
        [corner, *[name for _, name in columns], texts["total"]],
        [[name, *[_cell(v) for v in row]] for name, row in zip(names, shown, strict=True)],
    )


def export_sheets(
    session: Session, organisation_ids: list[int], year: int, tz: tzinfo, *, k: int
) -> list[Sheet]:
    """The export's tables for a calendar year, suppressed."""
    texts = figure_texts()["export"]
    first, end = year_period(year)
    months = period_months(first, end)
    counts = db_counts(session, organisation_ids, first, end, tz)
    sectors = dict(
        session.execute(
            select(Organisation.id, Organisation.sector).where(
                Organisation.id.in_(organisation_ids)
            )
        ).all()
    )
    quarters = [(f"K{q}", f"{year} K{q}") for q in range(1, 5)]
    sector_cols = [(s, SECTOR_LABELS[s]) for s in SECTORS] + [(UNKNOWN, "niet ingevuld")]
    location_cols = [(loc, _label("locations", loc)) for loc in LOCATION_TYPES] + [
        (UNKNOWN, "onbekend")
    ]
    corner = "Soort agressie"
    monthly = counts.per_month()
    per_month = [monthly[m] for m in months]
    month_shown = suppress([per_month], k=k, row_totals=True).shown(k)[0]
    about = [[line.format(k=k, k1=k - 1)] for line in texts["about"]]
    about.append([f"Periode: {year}"])
    return [
        _category_sheet(
            texts["sheet_quarter"],
            corner,
            quarters,
            category_by(counts, months, "quarter", sectors),
            k,
        ),
        _category_sheet(
            texts["sheet_sector"],
            corner,
            sector_cols,
            category_by(counts, months, "sector", sectors),
            k,
        ),
        _category_sheet(
            texts["sheet_location"],
            corner,
            location_cols,
            category_by(counts, months, "location", sectors),
            k,
        ),  # fmt: skip
        Sheet(
            texts["sheet_month"],
            ["", *months, texts["total"]],
            [["Meldingen", *[_cell(v) for v in month_shown]]],
        ),
        Sheet(texts["sheet_about"], ["Toelichting"], about),
    ]


def to_csv(sheets: list[Sheet]) -> bytes:
    """All tables one under the other; ';' and a BOM, as Dutch Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for sheet in sheets:
        writer.writerow([neutral(sheet.title)])
        writer.writerow([neutral(h) for h in sheet.header])
        for row in sheet.rows:
            writer.writerow([neutral(v) if isinstance(v, str) else v for v in row])
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: list[Sheet]) -> bytes:
    """An XLSX workbook, one sheet per table; every text cell typed as text."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.title[:31])
        for r, row in enumerate([sheet.header, *sheet.rows], start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, int):
                    cell.value = value
                else:
                    cell.value = neutral(value)
                    # openpyxl turns a string starting with "=" into a formula unless told.
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_ods(sheets: list[Sheet]) -> bytes:
    """An ODS document (ODF, the open standard), one table per sheet; text cells as strings."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for sheet in sheets:
        table = Table(name=sheet.title[:31])
        for row in [sheet.header, *sheet.rows]:
            tr = TableRow()
            for value in row:
                if isinstance(value, int):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=neutral(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


WRITERS = {"xlsx": to_xlsx, "ods": to_ods, "csv": to_csv}


def export_figures(
    factory: sessionmaker[Session],
    principal: Principal,
    year: int,
    fmt: str,
    tz: tzinfo,
    *,
    now: datetime,
    k: int = DEFAULT_THRESHOLD,
) -> bytes:
    """The export file for this user's organisations (always suppressed; audited)."""
    if fmt not in WRITERS:
        raise ValueError(fmt)
    orgs, _ = figure_scope(principal)
    with factory() as session, session.begin():
        sheets = export_sheets(session, orgs, year, tz, k=k)
        for org in orgs:
            db_append_audit(
                session, f"figures_exported:{fmt}", at=now, user_id=principal.user_id,
                organisation_id=org,
            )  # fmt: skip
    return WRITERS[fmt](sheets)


def register_file(header: list[str], rows: list[list[str | int]], fmt: str) -> bytes:
    """The accident register in one of the export formats (one sheet)."""
    return WRITERS[fmt]([Sheet("Ongevallenregister", header, rows)])

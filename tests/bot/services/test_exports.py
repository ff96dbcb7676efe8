"""The exports open in real readers (openpyxl, odfpy, csv), hold the monitor layout with small
cells hidden, contain no seeded name, receipt number or story word, and never a formula."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import pytest
from odf.namespaces import TABLENS
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from openpyxl import load_workbook
from sqlalchemy import select

from bot.services.exports import Sheet, export_figures, export_sheets, to_csv, to_ods, to_xlsx
from bot.storage.models import AuditEvent
from tests.bot.services.figures_seed import NAME, ORG_A, principal, seed_figures
from tests.conftest import AMS

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=AMS)
STORY_WORDS = ["schreeuwde", "spuugde", "gezicht", "kees", "bakhuizen"]  # words of STORY


@pytest.fixture
def seeded(session_factory):
    return seed_figures(session_factory)


def _xlsx_rows(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def _ods_rows(data: bytes) -> dict[str, list[list[str]]]:
    doc = load(io.BytesIO(data))
    out = {}
    for table in doc.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            rows.append([str(cell) for cell in row.getElementsByType(TableCell)])
        out[table.getAttribute("name")] = rows
    return out


def _all_text(data: bytes, fmt: str) -> str:
    if fmt == "csv":
        return data.decode("utf-8-sig")
    return "\n".join(
        zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8", "replace")
        for name in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if name.endswith(".xml")
    )


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_export_holds_no_name_receipt_or_story_word(session_factory, seeded, fmt):
    user = principal(seeded, (ORG_A, "coordinator"))
    data = export_figures(session_factory, user, 2026, fmt, AMS, now=NOW)
    text = _all_text(data, fmt).lower()
    assert NAME.lower() not in text and "sanne" not in text
    for receipt in seeded.receipts:
        assert receipt.lower() not in text
    for word in STORY_WORDS:
        assert word not in text, word
    assert "team noord" not in text  # units never leave the organisation
    assert "2026-01-10" not in text and "10-01-2026" not in text  # no day, only months
    with session_factory() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert f"figures_exported:{fmt}" in actions


def test_xlsx_and_ods_open_in_readers_with_the_monitor_layout(session_factory, seeded):
    user = principal(seeded, (ORG_A, "coordinator"))
    xlsx = _xlsx_rows(export_figures(session_factory, user, 2026, "xlsx", AMS, now=NOW))
    ods = _ods_rows(export_figures(session_factory, user, 2026, "ods", AMS, now=NOW))
    assert list(xlsx) == list(ods) == [
        "Soort per kwartaal", "Soort per sector", "Soort per plek", "Meldingen per maand",
        "Toelichting",
    ]  # fmt: skip
    quarter = xlsx["Soort per kwartaal"]
    assert quarter[0] == ["Soort agressie", "2026 K1", "2026 K2", "2026 K3", "2026 K4", "Totaal"]
    verbal = quarter[1]
    # A's verbal reports in 2026: two in K1, one in K4 (a4, 31 Dec local): all small, hidden.
    assert verbal[0] == "verbale agressie"
    assert verbal[1:] == ["<5", 0, 0, "<5", "<5"]
    assert [str(v) for v in verbal] == ods["Soort per kwartaal"][1]
    months = xlsx["Meldingen per maand"]
    assert months[0][1] == "2026-01" and months[0][-1] == "Totaal"


def test_export_numbers_match_hand_counts_without_threshold(session_factory, seeded):
    with session_factory() as session:
        sheets = export_sheets(session, [seeded.orgs[ORG_A]], 2026, AMS, k=1)
    quarter = {row[0]: row[1:] for row in sheets[0].rows}
    assert quarter["verbale agressie"] == [2, 0, 0, 1, 3]
    assert quarter["fysiek geweld"] == [1, 0, 0, 0, 1]
    assert quarter["bedreiging of intimidatie"] == [1, 0, 0, 0, 1]
    assert quarter["Totaal"] == [4, 0, 0, 2, 6]
    sector = dict(
        zip(sheets[1].header, next(r for r in sheets[1].rows if r[0] == "Totaal"), strict=True)
    )
    assert sector["openbaar bestuur"] == 6 and sector["onderwijs"] == 0
    month = dict(zip(sheets[3].header, sheets[3].rows[0], strict=True))
    assert (month["2026-01"], month["2026-03"], month["2026-12"], month["Totaal"]) == (2, 1, 1, 4)


def test_every_exported_table_is_safe_from_derivation(session_factory, seeded):
    with session_factory() as session:
        sheets = export_sheets(session, list(seeded.orgs.values()), 2026, AMS, k=5)
    for sheet in sheets[:3]:
        values = [row[1:] for row in sheet.rows]  # the last row and column are totals
        for row in values:
            for v in row:
                assert v == "<5" or v == 0 or (isinstance(v, int) and v >= 5), (sheet.title, row)
        # Every row and every column with its total: never exactly one hidden value.
        lines = values + [list(col) for col in zip(*values, strict=True)]
        for line in lines:
            assert line.count("<5") != 1, (sheet.title, line)
    months = sheets[3].rows[0][1:]
    assert months.count("<5") != 1


FORMULAS = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]


def test_no_format_turns_text_into_a_formula():
    sheet = Sheet("Test", ["Naam", "Aantal"], [[value, 3] for value in FORMULAS])
    book = load_workbook(io.BytesIO(to_xlsx([sheet])))
    ws = book["Test"]
    for row in ws.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert row[0].value.startswith("'")
        assert row[1].value == 3
    doc = load(io.BytesIO(to_ods([sheet])))
    for cell in doc.spreadsheet.getElementsByType(TableCell):
        assert cell.getAttrNS(TABLENS, "formula") is None
    for text in [str(c) for c in doc.spreadsheet.getElementsByType(TableCell)]:
        assert not text.startswith(("=", "+", "-", "@"))
    rows = list(csv.reader(io.StringIO(to_csv([sheet]).decode("utf-8-sig")), delimiter=";"))
    for row in rows[2:7]:
        assert row[0].startswith("'") and row[1] == "3"

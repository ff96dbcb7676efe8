"""Figures from a seeded database against hand counts, on SQLite and PostgreSQL: per month (local
time at the year's edges), category, sector, location type, unit, severity and injury, the year
before beside it, no organisation's numbers in another's, and history kept after deletion."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select

from bot.services.cases import CaseForbidden
from bot.services.figures import db_archive_reports, db_figures, figures_for
from bot.storage.models import Evidence, FollowUp, Report, StatsMonthly
from tests.bot.services.figures_seed import ORG_A, ORG_B, principal, seed_figures
from tests.conftest import AMS


def _rows(figures, key):
    table = figures.tables[key]
    return {name: (now, then) for (_, name), now, then in zip(table.rows, table.current, table.previous, strict=True)}  # fmt: skip


@pytest.fixture
def seeded(session_factory):
    return seed_figures(session_factory)


def test_figures_of_one_organisation_match_the_hand_counts(session_factory, seeded):
    figures = figures_for(session_factory, principal(seeded, (ORG_A, "coordinator")), 2026, AMS)
    assert not figures.suppressed  # a coordinator sees the cases anyway
    assert (figures.incidents, figures.incidents_previous) == (4, 1)
    months = dict(zip(figures.months, figures.tables["month"].current, strict=True))
    # a4 (31 Dec 23:30 local) is December; a5 (1 Jan 2027 00:30 local) is not in 2026.
    assert months == {"2026-01": 2, "2026-02": 0, "2026-03": 1, **{f"2026-{m:02d}": 0 for m in range(4, 12)}, "2026-12": 1}  # fmt: skip
    assert figures.tables["month"].previous[0] == 1  # January 2025: a0
    categories = _rows(figures, "category")
    assert categories["verbale agressie"] == (3, 1)
    assert categories["fysiek geweld"] == (1, 0)
    assert categories["bedreiging of intimidatie"] == (1, 0)
    assert categories["discriminatie"] == (1, 0)
    assert figures.mentions == 6 and figures.tables["category"].total_current == "6"
    assert _rows(figures, "sector")["openbaar bestuur"] == (4, 1)
    assert _rows(figures, "sector")["onderwijs"] == (0, 0)
    units = _rows(figures, "unit")
    assert units["Team Noord"] == (2, 0) and units["Team Zuid"] == (1, 0)
    assert units["geen team of locatie"] == (1, 1)
    injury = _rows(figures, "injury")
    assert injury == {"met letsel": (1, 0), "zonder letsel": (2, 1), "onbekend": (1, 0)}
    severity = _rows(figures, "severity")
    assert [severity[k][0] for k in severity] == [1, 1, 2, 0]  # laag, middel, hoog, zeer hoog
    locations = figures.tables["location"]
    shown = dict(zip([r for r, _ in locations.rows], locations.current, strict=True))
    assert (shown["balie_publieksruimte"], shown["openbare_ruimte"], shown["online_telefoon"]) == (
        2,
        1,
        1,
    )
    assert figures.tables["month"].change[0] == "+1"


def test_no_organisation_sees_another_ones_numbers(session_factory, seeded):
    only_b = figures_for(session_factory, principal(seeded, (ORG_B, "coordinator")), 2026, AMS)
    assert only_b.incidents == 3 and only_b.organisations == [ORG_B]
    assert _rows(only_b, "sector")["onderwijs"] == (3, 0)
    assert _rows(only_b, "sector")["openbaar bestuur"] == (0, 0)
    assert "Team Noord" not in _rows(only_b, "unit")
    both = figures_for(
        session_factory,
        principal(seeded, (ORG_A, "coordinator"), (ORG_B, "manager")),
        2026,
        AMS,
    )
    assert both.incidents == 7 and both.suppressed  # a manager role means small cells hidden
    with pytest.raises(CaseForbidden):
        figures_for(session_factory, principal(seeded, (ORG_A, "aftercare")), 2026, AMS)
    # A role in B only, even "coordinator", never counts A's reports.
    assert (
        figures_for(
            session_factory, principal(seeded, (ORG_B, "manager")), 2026, AMS
        ).incidents_shown
        == "<5"
    )


def test_a_manager_sees_small_cells_hidden_and_no_derivable_total(session_factory, seeded):
    figures = figures_for(session_factory, principal(seeded, (ORG_A, "manager")), 2026, AMS)
    units = figures.tables["unit"]
    assert "2" not in units.shown_current and "1" not in units.shown_current
    assert units.total_current == "<5"
    assert figures.incidents_shown == "<5"
    assert all(c in ("–", "0") for c in figures.tables["category"].change)


def test_monthly_counts_outlive_the_deleted_reports(session_factory, seeded):
    a = principal(seeded, (ORG_A, "coordinator"))
    before = figures_for(session_factory, a, 2026, AMS)
    gone = [seeded.reports[name] for name in ("a0", "a1", "a4")]
    with session_factory() as session, session.begin():
        reports = session.scalars(select(Report).where(Report.id.in_(gone))).all()
        assert db_archive_reports(session, reports, AMS) == 3
        session.execute(delete(FollowUp).where(FollowUp.report_id.in_(gone)))
        session.execute(delete(Evidence).where(Evidence.report_id.in_(gone)))
        session.execute(delete(Report).where(Report.id.in_(gone)))
    with session_factory() as session:
        assert session.scalar(select(Report).where(Report.id.in_(gone))) is None
        assert sum(r.count for r in session.scalars(select(StatsMonthly))) == 3
        # the archive holds months and categories, never a receipt or a story
        keys = {r.types_key for r in session.scalars(select(StatsMonthly))}
        assert keys == {
            "verbale_agressie",
            "fysieke_agressie,verbale_agressie",
            "discriminatie,verbale_agressie",
        }
    after = figures_for(session_factory, a, 2026, AMS)
    for key in before.tables:
        assert after.tables[key].current == before.tables[key].current, key
        assert after.tables[key].previous == before.tables[key].previous, key
    assert (after.incidents, after.incidents_previous) == (4, 1)


def test_a_period_outside_the_data_is_all_zero(session_factory, seeded):
    with session_factory() as session:
        figures = db_figures(
            session, [seeded.orgs[ORG_A]], date(2020, 1, 1), date(2021, 1, 1), AMS, suppressed=True
        )
    assert figures.incidents == 0 and figures.incidents_shown == "0"
    assert set(figures.tables["category"].shown_current) == {"0"}

"""How long the figures page takes for a large organisation: 100,000 reports over 5 years on
PostgreSQL (in a schema of its own, dropped afterwards), then the figures, the scorecard, the
charts and the page for the last year, timed. Prints the timings; not a timed test (the suite
runs a 1,000-report version so this script cannot rot).

    .venv/bin/python scripts/bench_figures.py [--reports 100000] [--years 5] [--url URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from bot.services.charts import bar_chart  # noqa: E402
from bot.services.figures import DIMENSIONS, db_figures, year_period  # noqa: E402
from bot.services.scorecard import db_scorecard  # noqa: E402
from bot.services.severity import derive_severity  # noqa: E402
from bot.storage.db import make_engine, make_session_factory  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402
from bot.storage.models import Organisation, OrganisationUnit, Report, Reporter  # noqa: E402
from bot.vocab import AGGRESSION_TYPES, LOCATION_TYPES, SECTORS  # noqa: E402

TZ = ZoneInfo("Europe/Amsterdam")
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ORGANISATIONS = 3
UNITS_PER_ORG = 12
REPORTERS = 2000
BATCH = 5000


def seed(factory, reports: int, years: int, *, end: datetime, rng: random.Random) -> list[int]:
    """Organisations with sectors and units, reporters, and `reports` reports spread evenly
    over the `years` years before `end`; returns the organisation ids."""
    with factory() as session, session.begin():
        orgs = [
            Organisation(name=f"Bench {i}", created_at=end, sector=SECTORS[i % len(SECTORS)])
            for i in range(ORGANISATIONS)
        ]
        session.add_all(orgs)
        session.flush()
        units = [
            OrganisationUnit(organisation_id=o.id, kind="team", name=f"Team {j}")
            for o in orgs
            for j in range(UNITS_PER_ORG)
        ]
        session.add_all(units)
        session.flush()
        org_ids = [o.id for o in orgs]
        unit_ids = {o.id: [u.id for u in units if u.organisation_id == o.id] for o in orgs}
        session.execute(
            insert(Reporter),
            [
                dict(
                    channel="bench",
                    channel_user_id=f"b{i}",
                    organisation_id=org_ids[i % ORGANISATIONS],
                    created_at=end,
                )  # fmt: skip
                for i in range(REPORTERS)
            ],
        )
        reporter_ids = [
            row[0]
            for row in session.execute(text("SELECT id FROM reporters WHERE channel='bench'"))
        ]
    span = timedelta(days=365 * years).total_seconds()
    weights = [40, 20, 15, 6, 9, 10]
    rows = []
    for n in range(reports):
        created = end - timedelta(seconds=rng.random() * span)
        org = org_ids[n % ORGANISATIONS]
        types = sorted(set(rng.choices(AGGRESSION_TYPES, weights, k=rng.choice((1, 1, 2, 3)))))
        injury = rng.choice((True, False, False, None))
        rows.append(
            dict(
                receipt=f"B-{n:07d}",
                submission_key=f"bench-{n}",
                reporter_id=rng.choice(reporter_ids),
                organisation_id=org,
                channel="bench",
                status="new",
                created_at=created,
                types=types,
                types_evidence=[],
                location_type=rng.choice((*LOCATION_TYPES, None)),
                injury=injury,
                anonymous=False,
                severity=derive_severity(types, injury, None),
                response_due_at=created + timedelta(hours=48),
                response_done_at=created + timedelta(hours=rng.randint(1, 96))
                if rng.random() < 0.8
                else None,
                aangifte_decision=rng.choice((None, "zelf", "werkgever", "geen", "nog_niet")),
                wants_aftercare_contact=rng.choice((None, True, False)),
                unit_id=rng.choice(unit_ids[org]) if rng.random() < 0.7 else None,
                delivery_problem=False,
                arbo_notifiable=False,
            )  # fmt: skip
        )
        if len(rows) == BATCH:
            _insert(factory, rows)
            rows = []
    if rows:
        _insert(factory, rows)
    with factory() as session, session.begin():
        session.execute(text("ANALYZE reports"))
    return org_ids


def _insert(factory, rows: list[dict]) -> None:
    with factory() as session, session.begin():
        session.execute(insert(Report), rows)


def page_html(env, figures, scores) -> str:
    """The figures page as the dashboard renders it (template, charts, tables); `env` is made
    once, as the dashboard makes it once at start-up."""
    from bot.services.figures_text import figure_texts
    from bot.services.scorecard import METRICS

    words = figure_texts()
    charts = {
        key: bar_chart(
            key,
            words["tables"][key],
            [name for _, name in figures.tables[key].rows],
            figures.tables[key].shown_current,
            figures.tables[key].shown_previous,
            ("nu", "toen"),
        )  # fmt: skip
        for key in DIMENSIONS
    }
    return (
        env.get_template("figures.html").render(
            data=figures,
            charts=charts,
            scores=scores,
            metrics=METRICS,
            words=words,
            dimensions=DIMENSIONS,
            year=figures.first.year,
            years=[figures.first.year],
            can_write=True,
            max_text=8000,
            user=None,
            csrf="x",
            route="beheer_figures",
            url=lambda name, **parts: f"/beheer/{name}",
        )  # fmt: skip
    )


def measure(factory, org_ids: list[int], year: int, now: datetime, rounds: int) -> dict:
    """Seconds per step (median of `rounds`), for all organisations together."""
    from bot.web.beheer.render import make_environment

    env = make_environment(TZ)
    first, end = year_period(year)
    timings: dict[str, list[float]] = {"figures": [], "scorecard": [], "page": [], "total": []}
    for _ in range(rounds):
        t0 = time.perf_counter()
        with factory() as session:
            figures = db_figures(session, org_ids, first, end, TZ, suppressed=True)
            t1 = time.perf_counter()
            scores = db_scorecard(session, org_ids, year, TZ, now=now)
            t2 = time.perf_counter()
        html = page_html(env, figures, scores)
        t3 = time.perf_counter()
        timings["figures"].append(t1 - t0)
        timings["scorecard"].append(t2 - t1)
        timings["page"].append(t3 - t2)
        timings["total"].append(t3 - t0)
    result = {key: statistics.median(values) for key, values in timings.items()}
    result["incidents"] = figures.incidents + figures.incidents_previous
    result["html_bytes"] = len(html)
    return result


def run(url: str, reports: int, years: int, *, rounds: int = 5, rng_seed: int = 14) -> dict:
    """Seed a migrated database at `url` (unless it holds the bench organisations already) and
    measure; returns the timings and the seed time (None when nothing was seeded)."""
    engine = make_engine(url)
    upgrade(engine)
    factory = make_session_factory(engine)
    now = datetime(2026, 12, 31, 12, 0, tzinfo=TZ)
    with factory() as session:
        org_ids = list(
            session.scalars(select(Organisation.id).where(Organisation.name.like("Bench %")))
        )
    seeded = None
    if not org_ids:
        t0 = time.perf_counter()
        org_ids = seed(factory, reports, years, end=now, rng=random.Random(rng_seed))
        seeded = time.perf_counter() - t0
    result = measure(factory, org_ids, now.year, now, rounds)
    result["seed_seconds"] = seeded
    engine.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--url", default=DEFAULT_URL, help="PostgreSQL URL (a schema is made in it)"
    )
    parser.add_argument(
        "--keep-schema",
        metavar="NAME",
        help="seed this schema once and keep it (later runs only measure); "
        "default: a fresh schema, dropped afterwards",
    )
    args = parser.parse_args(argv)
    schema = args.keep_schema or f"bench_figures_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    try:
        result = run(
            f"{args.url}?options=-csearch_path%3D{schema}",
            args.reports,
            args.years,
            rounds=args.rounds,
        )
    finally:
        if not args.keep_schema:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    if result["seed_seconds"] is not None:
        print(
            f"seeded {args.reports} reports over {args.years} years "
            f"in {result['seed_seconds']:.1f} s"
        )
    print(
        f"figures for the last year and the one before ({result['incidents']} reports), "
        f"median of {args.rounds}:"
    )
    for key in ("figures", "scorecard", "page", "total"):
        print(f"  {key:<10} {result[key] * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

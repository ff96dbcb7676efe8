"""The figures benchmark (scripts/bench_figures.py) in a short version, so it cannot rot: 1,000
reports over 5 years on PostgreSQL; checks the numbers add up, not how fast they are."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).parents[3] / "scripts" / "bench_figures.py"


def _script():
    spec = importlib.util.spec_from_file_location("bench_figures", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_figures_benchmark_runs_on_a_thousand_reports(postgres_url):
    result = _script().run(postgres_url, reports=1000, years=5, rounds=1)
    # Two of five years: about 400 of 1,000 reports (uniform over the years, fixed seed).
    assert 300 < result["incidents"] < 500
    assert result["html_bytes"] > 10_000
    assert result["total"] > 0

"""`make soak`: the robustness figures of issue 17, printed. Run with the .venv interpreter:

    .venv/bin/python scripts/soak.py                      # everything, full size
    .venv/bin/python scripts/soak.py fuzz --examples 200  # a short run of one part

Parts:
- fuzz: generated text (any Unicode, lone surrogates, NUL, whitespace runs, Dutch words, 1k-4k
  characters) as the answer to every field, through the parsing the bot does (the production
  classifier included), EXAMPLES per field: crashes and the slowest call per field.
- storage: generated text in every text field of a report, stored EXAMPLES times through
  submit_report on SQLite and (when reachable) PostgreSQL: crashes, reports missing, slowest.
- timeparse: parse_time and extract_facts on 1k/4k/8k/16k characters (scripts/measure_timeparse.py).
- reporters: concurrent full reports through the real processes, web chat and Telegram webhook
  (needs the trained model): lost, duplicated, 5xx, p95 reply time next to bare Rasa's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT_MS = 100.0  # the bound for one call


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _generate(examples: int, call, times: list[float], crashes: list[str]) -> None:
    """Call `call(text)` on `examples` generated texts, timing each and keeping crashes."""
    from hypothesis import HealthCheck, given, settings

    from tests.fuzz_targets import texts

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=["generate"],  # no shrinking: every example counts once
    )
    @given(text=texts)
    def one(text: str) -> None:
        started = time.perf_counter()
        try:
            call(text)
        except Exception:  # noqa: BLE001 - counted and shown, the run goes on
            crashes.append(traceback.format_exc(limit=3))
        times.append((time.perf_counter() - started) * 1000)

    one()


def fuzz(examples: int, classifier_dir: Path) -> bool:
    """EXAMPLES generated texts per field through the parsing; True when all is well."""

    from bot.understanding.classifier import default_classifier
    from tests.fuzz_targets import FIELDS, run_field

    classifier = default_classifier(classifier_dir)
    print(f"== fuzz: {examples} generated texts per field, {len(FIELDS)} fields")
    print(f"{'field':<22}{'calls':>7}{'crashes':>9}{'p99 ms':>9}{'max ms':>9}{'over 100 ms':>13}")
    ok = True
    for field in FIELDS:
        times: list[float] = []
        crashes: list[str] = []

        def call(text: str, field: str = field) -> None:
            run_field(field, text, classifier)

        _generate(examples, call, times, crashes)
        slow = sum(1 for t in times if t > LIMIT_MS)
        print(
            f"{field:<22}{len(times):>7}{len(crashes):>9}{_percentile(times, 0.99):>9.1f}"
            f"{max(times):>9.1f}{slow:>13}",
            flush=True,
        )
        if crashes:
            print(crashes[0])
        ok = ok and not crashes and slow == 0
    return ok


def storage(examples: int) -> bool:
    """Generated text in every field of EXAMPLES reports, stored; True when all are there."""

    from bot.storage.db import make_engine, make_session_factory
    from bot.storage.migrate import upgrade
    from bot.storage.models import Report
    from tests.conftest import POSTGRES_URL, reachable
    from tests.fuzz_targets import store_report

    print(f"== storage: {examples} reports with generated text in every text field")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        targets = [("sqlite", f"sqlite:///{tmp}/soak.db", None)]
        if reachable("127.0.0.1", 5432):
            targets.append(("postgresql", POSTGRES_URL, f"vpt_soak_{int(time.time())}"))
        for name, url, schema in targets:
            admin = None
            if schema:
                from sqlalchemy import text as sql

                admin = make_engine(url)
                with admin.begin() as conn:
                    conn.execute(sql(f'CREATE SCHEMA "{schema}"'))
                url = f"{url}?options=-csearch_path%3D{schema}"
            engine = make_engine(url)
            try:
                upgrade(engine)
                factory = make_session_factory(engine)
                stored: list[int] = []
                crashes: list[str] = []
                times: list[float] = []

                def call(text: str, factory=factory, stored=stored) -> None:
                    stored.append(store_report(factory, text))

                _generate(examples, call, times, crashes)
                with factory() as session:
                    found = session.query(Report).filter(Report.id.in_(stored)).count()
                missing = len(stored) - found
                print(
                    f"{name:<12} stored {len(stored)}, crashes {len(crashes)}, missing {missing},"
                    f" p99 {_percentile(times, 0.99):.1f} ms, max {max(times):.1f} ms",
                    flush=True,
                )
                if crashes:
                    print(crashes[0])
                ok = ok and not crashes and not missing
            finally:
                engine.dispose()
                if admin is not None:
                    with admin.begin() as conn:
                        conn.execute(sql(f'DROP SCHEMA "{schema}" CASCADE'))
                    admin.dispose()
    return ok


def timeparse(sizes: str) -> bool:
    """The time parser and fact extraction on long inputs."""
    import subprocess

    print("== timeparse: seconds per call, slowest of three")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "measure_timeparse.py"), "--sizes", sizes],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    return result.returncode == 0


def main() -> int:
    """Run the parts asked for and print their figures; exit 1 when a figure is off."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("parts", nargs="*", default=["fuzz", "storage", "timeparse", "reporters"])
    parser.add_argument("--examples", type=int, default=10_000, help="per field (fuzz, storage)")
    parser.add_argument("--sizes", default="1000,4000,8000,16000")
    parser.add_argument("--reporters", type=int, default=50, help="per channel")
    parser.add_argument("--classifier-dir", type=Path, default=ROOT / "models" / "classifier")
    parser.add_argument("--rasa-model", type=Path, default=ROOT / "models" / "vpt.tar.gz")
    args = parser.parse_args()
    results = {}
    for part in args.parts:
        started = time.perf_counter()
        if part == "fuzz":
            results[part] = fuzz(args.examples, args.classifier_dir)
        elif part == "storage":
            results[part] = storage(args.examples)
        elif part == "timeparse":
            results[part] = timeparse(args.sizes)
        elif part == "reporters":
            from scripts.soak_reporters import run_reporters

            results[part] = run_reporters(args.reporters, args.rasa_model)
        else:
            parser.error(f"unknown part {part}")
        print(
            f"-- {part}: {'ok' if results[part] else 'FAILED'} ({time.perf_counter() - started:.0f} s)\n"
        )
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

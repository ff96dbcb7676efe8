"""Time parsing and fact extraction on long, hostile inputs: seconds per call at 1k-16k characters.

Usage: python scripts/measure_timeparse.py [--sizes 1000,4000,8000,16000]
Prints one line per input shape and size. Each figure is the slowest of three calls.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.understanding.extraction.facts import extract_facts
from bot.understanding.timeparse.parse import parse_time

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))

SHAPES = {
    "spaces": lambda n: "a" + " " * (n - 2) + "a",
    "newlines": lambda n: "a" + "\n" * (n - 2) + "a",
    "digits+spaces": lambda n: ("1 " * (n // 2))[:n],
    "story": lambda n: (
        "gisteren rond half 7 schold een klant me uit aan de balie en gooide een stoel. " * n
    )[:n],
}


def slowest(func, text: str, repeat: int = 3) -> float:
    """The slowest of `repeat` calls, in seconds."""
    worst = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        func(text)
        worst = max(worst, time.perf_counter() - start)
    return worst


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,4000,8000,16000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'shape':<15}{'chars':>7}{'parse_time s':>14}{'extract_facts s':>17}")
    for name, make in SHAPES.items():
        for size in sizes:
            text = make(size)
            pt = slowest(lambda t: parse_time(t, NOW), text)
            ef = slowest(extract_facts, text)
            print(f"{name:<15}{size:>7}{pt:>14.3f}{ef:>17.3f}", flush=True)


if __name__ == "__main__":
    main()

"""The polling loop: a failing update is skipped after its attempts and the worker told so; a bug
with one update or a broken getUpdates answer never ends polling; the health check sees a stuck
loop. Runs poller_probe.py in the Rasa environment, where python-telegram-bot is installed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

pytestmark = pytest.mark.skipif(not RASA_PYTHON.exists(), reason=".venv-rasa is not set up")


def probe(scenario: str) -> dict:
    result = subprocess.run(
        [str(RASA_PYTHON), str(ROOT / "tests/connectors/telegram/poller_probe.py"), scenario],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_update_that_keeps_failing_is_skipped_and_the_worker_told():
    outcome = probe("give_up")
    assert outcome["given_up"] == [7]  # told once, after the last attempt
    assert outcome["handled"][0] == 8  # the next update was not held up for ever
    assert outcome["saved"][:2] == [8, 9]


def test_a_bug_with_one_update_or_a_broken_answer_does_not_end_polling():
    outcome = probe("crash")
    assert outcome["given_up"] == [7]
    assert 8 in outcome["handled"]
    assert outcome["restarts"] == 1  # the broken getUpdates answer: started again
    assert outcome["handled"].count(8) >= 1


def test_the_health_check_fails_when_the_loop_stops_going_round():
    outcome = probe("give_up")
    assert outcome["healthy"] is True
    assert outcome["stale_healthy"] is False

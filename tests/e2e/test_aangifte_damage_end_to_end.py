"""After a report with an injury: the aangifte choice and the damage amount, typed, over HTTP."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.conftest import RunningBot
from tests.e2e.test_report_end_to_end import ANSWERS, texts

pytestmark = pytest.mark.e2e

OPENING = "een klant sloeg me net op mijn arm aan de balie en mijn bril is kapot gegaan"
EXTRA = [
    ("wat voor letsel heb je", "blauwe plek op mijn arm"),
    ("wat is er kapotgegaan", "mijn bril"),
    ("ben je gewond geraakt", "ja"),
    ("wanneer gebeurde het", "net"),
    ("waar gebeurde het", "aan de balie"),
    ("wie deed het", "een klant"),
]


def _answer(bot_text: str) -> str:
    lowered = bot_text.lower()
    best = max([*ANSWERS, *EXTRA], key=lambda qa: lowered.rfind(qa[0]))
    assert lowered.rfind(best[0]) >= 0, f"unexpected question: {bot_text!r}"
    return best[1]


def test_choice_typed_and_amount_after_one_bad_answer_are_stored(embedded_bot: RunningBot):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    turn = texts(embedded_bot.send(sender, OPENING))
    for _ in range(14):
        if "Wat wil je doen met aangifte?" in turn:
            break
        turn = texts(embedded_bot.send(sender, _answer(turn)))
    else:
        pytest.fail(turn)
    turn = texts(embedded_bot.send(sender, "ik doe liever aangifte onder nummer"))
    assert "onder nummer" in turn and "0900-8844" in turn
    assert "hoeveel je schade kost" in turn
    turn = texts(embedded_bot.send(sender, "best veel eigenlijk"))
    assert "geen bedrag" in turn
    turn = texts(embedded_bot.send(sender, "ongeveer € 1.250,50"))
    assert "€ 1.250,50" in turn
    assert "benadeelde partij" in turn and "CJIB" in turn and "Schadefonds" in turn
    (row,) = [r for r in embedded_bot.reports() if r["narrative"] == OPENING]
    assert row["aangifte_decision"] == "zelf_onder_nummer"
    assert row["aangifte_status"] == "gepland"
    assert row["damage_amount_cents"] == 125_050
    # The form is closed: the next message is an ordinary one again.
    assert "Daar kan ik je niet mee helpen" not in texts(embedded_bot.send(sender, "dank je"))

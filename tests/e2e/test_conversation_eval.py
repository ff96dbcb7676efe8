"""The conversation-level evaluation's own code on two development conversations, so it cannot rot
(`make eval` runs the held-out file with the same code, bot/cli/conversation_eval.py)."""

from __future__ import annotations

import pytest

from bot.cli.conversation_eval import (
    load_conversations,
    rasa_sender,
    report_text,
    run_all,
    stored_reports,
)
from bot.runtime.supervisor import PROJECT_ROOT

pytestmark = pytest.mark.e2e

DEV_FILE = PROJECT_ROOT / "tests" / "eval" / "conversations_dev.yml"


def test_two_scripted_conversations_meet_the_minimums(embedded_bot):
    conversations = load_conversations(DEV_FILE)[:2]
    figures, results = run_all(
        conversations,
        rasa_sender(embedded_bot.stack.settings),  # with the tokens the stack made
        stored_reports(embedded_bot.settings),
        domain_file=PROJECT_ROOT / "domain.yml",
        tz=embedded_bot.settings.tz,
        run_id="t",
    )
    print(report_text(figures, results, verbose=True))
    assert figures.conversations == 2 and figures.facts_total > 10
    assert figures.meets_minimums(), report_text(figures, results, verbose=True)
    assert figures.danger_advice == 0

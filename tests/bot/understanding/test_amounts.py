"""Damage amounts in Dutch, as the worker types them, read into cents."""

from __future__ import annotations

import pytest

from bot.understanding.amounts import amount_cents, answer_cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("250 euro", 25_000),
        ("€ 1.250,50", 125_050),
        ("€250", 25_000),
        ("ongeveer 300", 30_000),
        ("rond de 1.000 denk ik", 100_000),
        ("300,-", 30_000),
        ("1250.50", 125_050),
        ("12,5 euro", 1_250),
        ("zo'n 80 EUR", 8_000),
        ("de bril kostte 180 euro", 18_000),
        ("0", 0),
    ],
)
def test_an_answer_with_an_amount_is_read_in_cents(text, cents):
    assert answer_cents(text) == cents


@pytest.mark.parametrize("text", ["weet ik niet", "2 brillen kapot", "veel", "", "honderd euro"])
def test_an_answer_without_an_amount_gives_none(text):
    assert answer_cents(text) is None


def test_a_bare_number_in_a_story_is_not_an_amount():
    assert amount_cents("hij gooide 2 stoelen om") is None
    assert amount_cents("schade van ongeveer € 1.200,50 aan de balie") == 120_050

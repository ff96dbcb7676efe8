"""The training corpus: well-formed, varied, and apart from the held-out evaluation files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.understanding.classifier.training import load_corpus

ROOT = Path(__file__).resolve().parents[4]
CORPUS = ROOT / "nlu_data" / "incident_corpus.yml"
HELD_OUT = sorted((ROOT / "tests" / "eval").glob("incidents_*.yml"))
# Two messages sharing three quarters of their words are one message written twice.
NEAR_COPY = 0.75


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS)


def test_corpus_has_the_agreed_size_and_mix(corpus):
    incidents = [m for m in corpus if m.labels]
    assert len(incidents) >= 800
    assert len(corpus) - len(incidents) >= 120
    assert sum(1 for m in incidents if len(m.labels) > 1) / len(incidents) >= 1 / 3


def test_corpus_holds_every_message_once(corpus):
    texts = [" ".join(m.text.lower().split()) for m in corpus]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("held_out", HELD_OUT, ids=lambda p: p.name)
def test_no_corpus_message_is_a_copy_of_a_held_out_message(corpus, held_out):
    rows = yaml.safe_load(held_out.read_text(encoding="utf-8"))
    held = [_words(row["text"]) for row in rows]
    copies = [
        m.text
        for m in corpus
        if len(words := _words(m.text)) >= 5
        and any(_overlap(words, other) >= NEAR_COPY for other in held)
    ]
    assert copies == []

"""Aggression-type classification of a worker's incident text: labels, scores and evidence."""

from __future__ import annotations

from functools import lru_cache

from bot.classifier.base import THRESHOLD, Classification, Classifier, Evidence
from bot.classifier.lexicon import LexiconClassifier

__all__ = [
    "THRESHOLD",
    "Classification",
    "Classifier",
    "Evidence",
    "LexiconClassifier",
    "default_classifier",
]


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    """The classifier the bot uses: the lexicon for now, built on first use and cached."""
    return LexiconClassifier()

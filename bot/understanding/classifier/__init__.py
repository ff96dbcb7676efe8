"""Aggression-type classification of a worker's incident text: labels, scores and evidence."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from bot.understanding.classifier.base import THRESHOLD, Classification, Classifier, Evidence
from bot.understanding.classifier.lexicon import LexiconClassifier

log = logging.getLogger(__name__)

# Where `make model` saves the trained classifier (models/ is build output, never committed).
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[3] / "models" / "classifier"

__all__ = [
    "THRESHOLD",
    "Classification",
    "Classifier",
    "Evidence",
    "LexiconClassifier",
    "default_classifier",
]


@lru_cache(maxsize=4)
def default_classifier(model_dir: Path = DEFAULT_MODEL_DIR) -> Classifier:
    """The classifier the bot uses: lexicon + spaCy model when trained, else the lexicon alone."""
    from bot.understanding.classifier.combined import CALIBRATION_FILE, CombinedClassifier

    if (model_dir / CALIBRATION_FILE).exists():
        return CombinedClassifier.load(model_dir)
    log.warning(
        "no trained classifier in %s (run `make model`); using the lexicon alone", model_dir
    )
    return LexiconClassifier()

"""The classifier interface: what any aggression-type classifier returns and how it is called.

The lexicon classifier implements it today; a statistical model can implement the same
`Classifier` protocol later, and a combiner can merge two `Classification`s through
`Classification.from_scores`, so callers never depend on how a label was found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from bot.vocab import AGGRESSION_TYPES

# A label is proposed to the worker when its score reaches this value.
THRESHOLD = 0.5


@dataclass(frozen=True)
class Evidence:
    """One piece of the worker's own text that supports a label."""

    label: str
    text: str


@dataclass(frozen=True)
class Classification:
    """The proposed aggression types of one incident text, with scores and evidence."""

    labels: list[str]
    scores: dict[str, float]
    evidence: list[Evidence]

    @classmethod
    def from_scores(
        cls, scores: Mapping[str, float], evidence: Iterable[Evidence] = ()
    ) -> Classification:
        """Build a classification: labels are the types scoring at least THRESHOLD."""
        full = {
            label: float(min(1.0, max(0.0, scores.get(label, 0.0)))) for label in AGGRESSION_TYPES
        }
        labels = [label for label in AGGRESSION_TYPES if full[label] >= THRESHOLD]
        kept = [item for item in evidence if item.label in labels]
        return cls(labels=labels, scores=full, evidence=kept)

    def evidence_for(self, label: str) -> list[str]:
        """The evidence texts for one label, in the order they appear in the text."""
        return [item.text for item in self.evidence if item.label == label]

    def to_json(self) -> dict:
        """A JSON-ready dict: labels, scores rounded to three decimals, evidence."""
        return {
            "labels": list(self.labels),
            "scores": {label: round(self.scores.get(label, 0.0), 3) for label in AGGRESSION_TYPES},
            "evidence": [{"label": item.label, "text": item.text} for item in self.evidence],
        }


class Classifier(Protocol):
    """Anything that labels an incident text with aggression types."""

    def classify(self, text: str) -> Classification:
        """Label one incident text."""
        ...

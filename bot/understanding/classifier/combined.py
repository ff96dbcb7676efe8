"""The classifier the bot uses: the explainable lexicon and the spaCy model, mixed and calibrated.

Both give a score per type. The mix `weight * model + (1 - weight) * lexicon` is compared with a
threshold per type; weight and thresholds are tuned on a validation split of the training corpus
(bot.understanding.classifier.training), never on the test split. Scores are rescaled so that each type's
threshold sits at 0.5: what `vpt classify` prints and what the dialogue reads mean the same
thing for every type. Evidence comes from the lexicon's cues where it has them, and otherwise from
the words whose removal most lowers the model's score.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.understanding.classifier.base import Classification, Evidence
from bot.understanding.classifier.lexicon import LexiconClassifier
from bot.understanding.classifier.statistical import INCIDENT, LinearModel
from bot.vocab import AGGRESSION_TYPES

CALIBRATION_FILE = "calibration.json"
GATED_SCORE = 0.49


@dataclass(frozen=True)
class Calibration:
    """How the two scores are mixed and where each type's threshold lies, per type.

    The lexicon is right about some types and noisy about others ("deuk" is damage only with a
    perpetrator), so each type has its own weight.
    """

    weights: dict[str, float] = field(default_factory=lambda: dict.fromkeys(AGGRESSION_TYPES, 0.5))
    thresholds: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(AGGRESSION_TYPES, 0.5)
    )
    # Below this probability of the model's INCIDENT output no type is given.
    gate: float = 0.0

    @classmethod
    def uniform(cls, weight: float, thresholds: dict[str, float] | None = None) -> Calibration:
        """The same weight for every type."""
        return cls(
            weights=dict.fromkeys(AGGRESSION_TYPES, weight),
            thresholds=thresholds or dict.fromkeys(AGGRESSION_TYPES, 0.5),
        )

    def mix(self, model: dict[str, float], lexicon: dict[str, float]) -> dict[str, float]:
        """The weighted mean of both scores per type."""
        return {
            t: self.weights[t] * model[t] + (1 - self.weights[t]) * lexicon[t]
            for t in AGGRESSION_TYPES
        }

    def rescale(self, mixed: dict[str, float]) -> dict[str, float]:
        """Map each type's threshold to 0.5, keeping 0 and 1 where they are."""
        out = {}
        for label, value in mixed.items():
            t = min(max(self.thresholds[label], 1e-6), 1 - 1e-6)
            out[label] = 0.5 * value / t if value < t else 0.5 + 0.5 * (value - t) / (1 - t)
        return out

    def to_json(self) -> dict:
        """For calibration.json."""
        return {"weights": self.weights, "thresholds": self.thresholds, "gate": self.gate}

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        """From calibration.json."""
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            gate=float(data.get("gate", 0.0)),
        )


def overrule(
    model: dict[str, float], lexical: dict[str, float], suppressed: set[str]
) -> dict[str, float]:
    """The model's scores, with the lexicon's where its rules ruled a label out.

    "hij sloeg me niet", "vorige week dreigde hij, nu was hij rustig", "we hadden een training
    agressie": the words are there, the act is not. The model cannot know; the rules can.
    """
    return {
        label: lexical[label] if label in suppressed else value for label, value in model.items()
    }


class CombinedClassifier:
    """Lexicon plus spaCy model, calibrated; implements the Classifier protocol."""

    def __init__(
        self, lexicon: LexiconClassifier, model: LinearModel, calibration: Calibration
    ) -> None:
        self.lexicon = lexicon
        self.model = model
        self.calibration = calibration

    @classmethod
    def load(cls, model_dir: Path) -> CombinedClassifier:
        """The classifier saved by the training step in `model_dir`."""
        calibration = Calibration.from_json(json.loads((model_dir / CALIBRATION_FILE).read_text()))
        return cls(LexiconClassifier(), LinearModel.load(model_dir), calibration)

    def classify(self, text: str) -> Classification:
        """Labels, calibrated scores and the words behind each label."""
        lexical = self.lexicon.classify(text)
        model = overrule(self.model.scores(text), lexical.scores, self.lexicon.suppressed(text))
        scores = self.calibration.rescale(self.calibration.mix(model, lexical.scores))
        if model.get(INCIDENT, 1.0) < self.calibration.gate:
            # Told as no incident: the types stay visible as scores, none reaches a label.
            scores = {label: min(value, GATED_SCORE) for label, value in scores.items()}
        labels = [label for label in AGGRESSION_TYPES if scores[label] >= 0.5]
        evidence: list[Evidence] = []
        for label in labels:
            words = lexical.evidence_for(label) or self.model.drivers(text, label)
            evidence += [Evidence(label, w) for w in words]
        return Classification(labels=labels, scores=scores, evidence=evidence)

"""Training the spaCy model and tuning the mix and thresholds on a validation split.

The corpus (nlu_data/incident_corpus.yml) is split by a hash of each text: the same message is
always in the same split, whatever the file order. The model learns from the training part;
the mixing weight and the per-type thresholds are chosen on the validation part plus, when given,
extra validation messages written by other people (tests/eval/incidents_dev.yml): labelling
habits differ between writers, and thresholds fitted to one writer's habits over-predict on
another's. The test split (tests/eval/*_test.yml) is never read here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.classifier.combined import CALIBRATION_FILE, Calibration, CombinedClassifier, overrule
from bot.classifier.lexicon import LexiconClassifier
from bot.classifier.metrics import f1, multilabel_report
from bot.classifier.statistical import TextcatModel, blank_pipeline
from bot.vocab import AGGRESSION_TYPES

log = logging.getLogger(__name__)

SEED = 2718
VALIDATION_SHARE = 0.2
WEIGHTS = (0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0)
THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(2, 19))  # 0.10 .. 0.90


@dataclass(frozen=True)
class LabelledText:
    """One corpus message."""

    text: str
    labels: frozenset[str]
    sector: str | None = None


def load_corpus(path: Path) -> list[LabelledText]:
    """Messages from a corpus file: a list, or `messages:` with a list, of text, labels, sector."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    corpus = []
    for item in data["messages"] if isinstance(data, dict) else data:
        labels = frozenset(item.get("labels") or [])
        unknown = labels - set(AGGRESSION_TYPES)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)} in {path}: {item['text'][:60]!r}")
        corpus.append(LabelledText(item["text"], labels, item.get("sector")))
    return corpus


# Dialogue messages that never describe an incident: they teach the model that a chat message
# about something else ("mijn laptop start niet op", "ja", "wie leest dit?") has no type.
NEGATIVE_INTENTS = (
    "out_of_scope",
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "dont_know",
    "stop",
    "resume_report",
    "start_report",
    "ask_privacy",
    "ask_aangifte",
    "bot_challenge",
    "feeling_ok",
)
NEGATIVES_PER_INTENT = 30


def nlu_negatives(nlu_dir: Path, per_intent: int = NEGATIVES_PER_INTENT) -> list[LabelledText]:
    """Non-incident messages from the Rasa training data (all out_of_scope, a sample of the rest)."""
    negatives = []
    for intent in NEGATIVE_INTENTS:
        path = nlu_dir / f"{intent}.yml"
        if not path.exists():
            continue
        block = yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"][0]
        lines = [
            ln.strip()[2:].strip()
            for ln in block["examples"].splitlines()
            if ln.strip().startswith("- ")
        ]
        lines = [ln for ln in lines if not ln.startswith("/")]
        chosen = (
            lines
            if intent == "out_of_scope"
            else random.Random(SEED).sample(lines, min(per_intent, len(lines)))
        )
        negatives += [LabelledText(text, frozenset(), "dialoog") for text in chosen]
    return negatives


def in_validation(text: str, share: float = VALIDATION_SHARE) -> bool:
    """Stable assignment to the validation split by a hash of the text."""
    digest = hashlib.sha256(text.strip().lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def split(corpus: list[LabelledText]) -> tuple[list[LabelledText], list[LabelledText]]:
    """(training, validation)."""
    train = [m for m in corpus if not in_validation(m.text)]
    validation = [m for m in corpus if in_validation(m.text)]
    return train, validation


def train_model(train: list[LabelledText], *, epochs: int = 25, seed: int = SEED) -> TextcatModel:
    """Fit textcat_multilabel on the training messages (fixed seeds: repeatable)."""
    import spacy
    from spacy.training import Example
    from spacy.util import minibatch

    spacy.util.fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = blank_pipeline()
    examples = [
        Example.from_dict(
            nlp.make_doc(m.text), {"cats": {t: float(t in m.labels) for t in AGGRESSION_TYPES}}
        )
        for m in train
    ]
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
        log.info("epoch %d loss %.3f", epoch + 1, losses.get("textcat_multilabel", 0.0))
    return TextcatModel(nlp)


def tune(
    lexicon: LexiconClassifier, model: TextcatModel, validation: list[LabelledText]
) -> tuple[Calibration, float]:
    """The weight and per-type thresholds with the best macro-F1 on the validation messages."""
    texts = [m.text for m in validation]
    lexicon_scores = [lexicon.classify(t).scores for t in texts]
    model_scores = [
        overrule(ms, ls, lexicon.suppressed(t))
        for ms, ls, t in zip(model.scores_many(texts), lexicon_scores, texts, strict=True)
    ]
    best: tuple[float, Calibration] | None = None
    for weight in WEIGHTS:
        mixed = [
            Calibration(weight=weight).mix(ms, ls)
            for ms, ls in zip(model_scores, lexicon_scores, strict=True)
        ]
        thresholds = {}
        f1s = []
        for label in AGGRESSION_TYPES:
            gold = [label in m.labels for m in validation]
            scores = [row[label] for row in mixed]
            threshold, score = best_threshold(gold, scores)
            thresholds[label] = threshold
            f1s.append(score)
        macro = sum(f1s) / len(f1s)
        if best is None or macro > best[0] + 1e-9:
            best = (macro, Calibration(weight=weight, thresholds=thresholds))
    assert best is not None
    return best[1], best[0]


def best_threshold(gold: list[bool], scores: list[float]) -> tuple[float, float]:
    """The grid threshold with the highest F1; ties go to the threshold closest to 0.5."""
    ranked = []
    for t in THRESHOLD_GRID:
        tp = sum(1 for g, s in zip(gold, scores, strict=True) if g and s >= t)
        fp = sum(1 for g, s in zip(gold, scores, strict=True) if not g and s >= t)
        fn = sum(1 for g, s in zip(gold, scores, strict=True) if g and s < t)
        ranked.append((f1(tp, fp, fn), -abs(t - 0.5), t))
    score, _, threshold = max(ranked)
    return threshold, score


def build(
    corpus_path: Path,
    out_dir: Path,
    *,
    epochs: int = 25,
    nlu_dir: Path | None = None,
    extra_validation: Path | None = None,
) -> dict:
    """Train, tune and save the classifier; returns the training report (also saved)."""
    corpus = load_corpus(corpus_path)
    if nlu_dir is not None:
        corpus += nlu_negatives(nlu_dir)
    train, validation = split(corpus)
    if extra_validation is not None:
        validation += load_corpus(extra_validation)
    model = train_model(train, epochs=epochs)
    lexicon = LexiconClassifier()
    calibration, validation_macro = tune(lexicon, model, validation)
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    model.nlp.to_disk(tmp)
    (tmp / CALIBRATION_FILE).write_text(
        json.dumps(calibration.to_json(), indent=2), encoding="utf-8"
    )
    classifier = CombinedClassifier(lexicon, model, calibration)
    predicted = [set(classifier.classify(m.text).labels) for m in validation]
    report = {
        "corpus": str(corpus_path),
        "messages": len(corpus),
        "training": len(train),
        "validation_count": len(validation),
        "epochs": epochs,
        "calibration": calibration.to_json(),
        "validation_macro_f1_at_tuning": round(validation_macro, 3),
        "validation": multilabel_report([set(m.labels) for m in validation], predicted),
    }
    (tmp / "training-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    if out_dir.exists():
        import shutil

        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    return report

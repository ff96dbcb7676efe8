"""Multi-label scores: per-label precision, recall and F1, macro and micro F1, exact-set accuracy."""

from __future__ import annotations

from collections.abc import Sequence

from bot.vocab import AGGRESSION_TYPES


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts; 0 when there is nothing to score."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def multilabel_report(gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> dict:
    """Per-label and overall figures for parallel lists of gold and predicted label sets."""
    per_label = {}
    total_tp = total_fp = total_fn = 0
    for label in AGGRESSION_TYPES:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label not in p)
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
        per_label[label] = {
            "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "f1": round(f1(tp, fp, fn), 3),
            "support": tp + fn,
        }
    non_incident = [p for g, p in zip(gold, predicted, strict=True) if not g]
    return {
        "per_label": per_label,
        "macro_f1": round(sum(v["f1"] for v in per_label.values()) / len(per_label), 3),
        "micro_f1": round(f1(total_tp, total_fp, total_fn), 3),
        "exact_set_accuracy": round(
            sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold), 3
        )
        if gold
        else 0.0,
        "non_incidents": len(non_incident),
        "false_alarms_on_non_incidents": sum(1 for p in non_incident if p),
        "messages": len(gold),
    }

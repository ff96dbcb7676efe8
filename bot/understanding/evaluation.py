"""`vpt eval`: the figures of the language understanding on the held-out test files.

Reads the test splits in tests/eval/ (never used for training or tuning), runs the classifier, the
fact extraction and the time parser on them, reads Rasa's intent report for the dialogue
utterances, runs the keyword baseline on all of it, and checks the agreed minimums.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.understanding import baseline
from bot.understanding.classifier import Classifier
from bot.understanding.classifier.metrics import multilabel_report
from bot.understanding.extraction.facts import extract_facts
from bot.understanding.timeparse.parse import parse_time

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MINIMUMS = {"classifier_macro_f1": 0.85, "intent_weighted_f1": 0.90, "time_accuracy": 0.90}
FACTS = (
    "time",
    "location_type",
    "perpetrator_relation",
    "perpetrator",
    "injury",
    "weapon",
    "witnesses",
    "police_present",
    "damage",
    "target",
)


@dataclass(frozen=True)
class EvalFiles:
    """Where the held-out files are."""

    incidents: Path
    dialogue: Path
    times: Path


def _load(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["messages"] if isinstance(data, dict) and "messages" in data else data


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _time_correct(got: tuple[datetime, str] | None, expected: dict | None) -> bool:
    if not expected or expected.get("at") is None:
        return got is None
    # Compare in UTC: Python calls a repeated (DST) wall time unequal to any other zone's instant.
    return (
        got is not None
        and got[0].astimezone(timezone.utc) == _instant(expected["at"]).astimezone(timezone.utc)
        and got[1] == expected["precision"]
    )


def _real_time(text: str, now: datetime) -> tuple[datetime, str] | None:
    # The files give `now` with a fixed offset; the bot's clock carries the Amsterdam zone.
    match = parse_time(text, now.astimezone(AMSTERDAM))
    return (match.at, match.precision) if match else None


def _real_facts(text: str) -> dict[str, object]:
    facts = extract_facts(text)
    return {
        "location_type": facts.location_type,
        "perpetrator_relation": facts.perpetrator_relation,
        "perpetrator": facts.perpetrator,
        "injury": facts.injury,
        "weapon": facts.weapon is not None,
        "witnesses": facts.witnesses,
        "police_present": facts.police_present,
        "damage": facts.damage_text is not None,
        "target": facts.target or "zelf",
    }


def extraction_accuracy(
    items: list[dict],
    facts_of: Callable[[str], dict[str, object]],
    time_of: Callable[[str, datetime], tuple[datetime, str] | None],
) -> dict[str, float]:
    """Share of messages whose fact equals the expected value (null = not said), per fact.

    Non-incidents carry no facts and are left out.
    """
    items = [item for item in items if item.get("facts")]
    correct: Counter[str] = Counter()
    for item in items:
        expected = item["facts"]
        got = facts_of(item["text"])
        now = datetime.fromisoformat(item["now"])
        correct["time"] += _time_correct(time_of(item["text"], now), expected.get("time"))
        for name in FACTS[1:]:
            want = expected.get(name)
            if name in ("weapon", "damage"):
                want = bool(want)
            if name == "target":
                want = want or "zelf"
            correct[name] += got[name] == want
    return {name: round(correct[name] / len(items), 3) for name in FACTS}


def time_accuracy(
    rows: list[dict], time_of: Callable[[str, datetime], tuple[datetime, str] | None]
) -> dict:
    """Share of time expressions read exactly (instant and precision)."""
    wrong = []
    for row in rows:
        got = time_of(row["text"], datetime.fromisoformat(row["now"]))
        if not _time_correct(got, row if row.get("at") is not None else None):
            wrong.append(row["text"])
    return {"accuracy": round(1 - len(wrong) / len(rows), 3), "rows": len(rows), "wrong": wrong}


def dialogue_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs from a Rasa NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data["nlu"]:
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((line[2:].strip(), block["intent"]))
    return pairs


def intent_scores(pairs: list[tuple[str, str]], predict: Callable[[str], str]) -> dict:
    """Accuracy and weighted / macro F1 of an intent predictor."""
    gold = [g for _, g in pairs]
    predicted = [predict(t) for t, _ in pairs]
    labels = sorted(set(gold))
    f1s, weights = {}, Counter(gold)
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        f1s[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold), 3),
        "weighted_f1": round(sum(f1s[k] * weights[k] for k in labels) / len(gold), 3),
        "macro_f1": round(sum(f1s.values()) / len(labels), 3),
        "utterances": len(gold),
    }


def rasa_intent_scores(report_path: Path) -> dict:
    """Accuracy and F1 from the intent_report.json that `rasa test nlu` writes."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return {
        "accuracy": round(report["accuracy"], 3),
        "weighted_f1": round(report["weighted avg"]["f1-score"], 3),
        "macro_f1": round(report["macro avg"]["f1-score"], 3),
        "utterances": int(report["weighted avg"]["support"]),
        "per_intent_f1": {
            k: round(v["f1-score"], 3)
            for k, v in report.items()
            if isinstance(v, dict) and k not in ("macro avg", "weighted avg", "micro avg")
        },
    }


def evaluate(files: EvalFiles, classifier: Classifier, rasa_report: Path | None) -> dict:
    """Every figure, for the real components and for the keyword baseline."""
    incidents = _load(files.incidents)
    gold = [set(i["labels"]) for i in incidents]
    times = _load(files.times)
    pairs = dialogue_examples(files.dialogue)
    result = {
        "files": {k: str(v) for k, v in files.__dict__.items()},
        "classifier": multilabel_report(
            gold, [set(classifier.classify(i["text"]).labels) for i in incidents]
        ),
        "extraction_accuracy": extraction_accuracy(incidents, _real_facts, _real_time),
        "time": time_accuracy(times, _real_time),
        "intents": rasa_intent_scores(rasa_report) if rasa_report else None,
        "baseline": {
            "classifier": multilabel_report(
                gold, [baseline.classify(i["text"]) for i in incidents]
            ),
            "extraction_accuracy": extraction_accuracy(
                incidents, baseline.facts, baseline.parse_time
            ),
            "time": time_accuracy(times, baseline.parse_time),
            "intents": intent_scores(pairs, baseline.intent),
        },
    }
    checks = {
        "classifier_macro_f1": result["classifier"]["macro_f1"],
        "intent_weighted_f1": result["intents"]["weighted_f1"] if result["intents"] else 0.0,
        "time_accuracy": result["time"]["accuracy"],
    }
    result["minimums"] = {
        name: {"value": value, "minimum": MINIMUMS[name], "passed": value >= MINIMUMS[name]}
        for name, value in checks.items()
    }
    result["passed"] = all(c["passed"] for c in result["minimums"].values())
    return result


def render(result: dict) -> str:
    """A plain-text table of the figures next to the baseline."""
    base = result["baseline"]
    lines = ["                                   model   keyword baseline"]

    def row(name: str, value: object, base_value: object) -> None:
        lines.append(f"{name:<34} {value!s:>6}   {base_value!s:>6}")

    clf, bclf = result["classifier"], base["classifier"]
    for label, scores in clf["per_label"].items():
        b = bclf["per_label"][label]
        row(
            f"{label} P/R/F1",
            f"{scores['precision']:.2f}/{scores['recall']:.2f}/{scores['f1']:.2f}",
            f"{b['precision']:.2f}/{b['recall']:.2f}/{b['f1']:.2f}",
        )
    for key in ("macro_f1", "micro_f1", "exact_set_accuracy", "false_alarms_on_non_incidents"):
        row(key, clf[key], bclf[key])
    if result["intents"]:
        for key in ("accuracy", "weighted_f1", "macro_f1"):
            row(f"intent {key}", result["intents"][key], base["intents"][key])
    row("time accuracy", result["time"]["accuracy"], base["time"]["accuracy"])
    for name, value in result["extraction_accuracy"].items():
        row(f"extraction {name}", value, base["extraction_accuracy"][name])
    lines.append("")
    for name, check in result["minimums"].items():
        verdict = "ok" if check["passed"] else "BELOW MINIMUM"
        lines.append(f"{name}: {check['value']} (minimum {check['minimum']}) {verdict}")
    return "\n".join(lines)

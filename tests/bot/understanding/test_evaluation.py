"""`vpt eval`: intervals, per-utterance intent figures and the minimums and maximums."""

from __future__ import annotations

import json

from bot.understanding import evaluation
from bot.understanding.evaluation import (
    bootstrap_interval,
    classifier_intervals,
    intent_figures,
    rasa_intent_scores,
    rasa_outcomes,
)


def _share(rows):
    return sum(rows) / len(rows)


def test_the_interval_holds_the_figure_and_narrows_with_more_messages():
    small = [True] * 16 + [False] * 4
    large = small * 25
    low, high = bootstrap_interval(small, _share)
    assert low < 0.8 < high
    large_low, large_high = bootstrap_interval(large, _share)
    assert large_low < 0.8 < large_high
    assert large_high - large_low < (high - low) / 2


def test_the_interval_is_the_same_on_every_run():
    rows = [True, False, True, True, False, True, True, True]
    assert bootstrap_interval(rows, _share) == bootstrap_interval(list(rows), _share)


def test_a_perfect_score_has_no_spread():
    assert bootstrap_interval([True] * 30, _share) == [1.0, 1.0]


def test_classifier_intervals_cover_macro_f1_and_false_alarms():
    gold = [{"verbale_agressie"}] * 20 + [set()] * 10
    predicted = [{"verbale_agressie"}] * 18 + [set()] * 2 + [set()] * 9 + [{"bedreiging"}]
    intervals = classifier_intervals(gold, predicted)
    low, high = intervals["false_alarms_on_non_incidents"]
    assert 0 <= low <= 1 <= high
    assert set(intervals) == {"macro_f1", "micro_f1", "false_alarms_on_non_incidents"}


def test_intent_figures_weigh_each_intent_by_its_support():
    outcomes = [("greet", "greet")] * 9 + [("greet", "stop")] + [("stop", "stop")]
    figures = intent_figures(outcomes)
    assert figures["accuracy"] == round(10 / 11, 3)
    greet_f1, stop_f1 = 18 / 19, 2 / 3  # greet: 9 right, 1 missed; stop: 1 right, 1 false
    assert figures["weighted_f1"] == round((10 * greet_f1 + 1 * stop_f1) / 11, 3)


def test_rasa_intervals_come_from_its_successes_and_errors(tmp_path):
    report = {
        "accuracy": 0.75,
        "weighted avg": {"f1-score": 0.7, "support": 4},
        "macro avg": {"f1-score": 0.6, "support": 4},
        "greet": {"f1-score": 0.8},
    }
    (tmp_path / "intent_report.json").write_text(json.dumps(report))
    scores = rasa_intent_scores(tmp_path / "intent_report.json")
    assert "weighted_f1_interval" not in scores  # no per-utterance files: no interval
    successes = [
        {"text": t, "intent": "greet", "intent_prediction": {"name": "greet"}} for t in "abc"
    ]
    errors = [{"text": "d", "intent": "stop", "intent_prediction": {"name": "greet"}}]
    (tmp_path / "intent_successes.json").write_text(json.dumps(successes))
    (tmp_path / "intent_errors.json").write_text(json.dumps(errors))
    assert rasa_outcomes(tmp_path) == [("greet", "greet")] * 3 + [("stop", "greet")]
    low, high = rasa_intent_scores(tmp_path / "intent_report.json")["weighted_f1_interval"]
    assert 0.0 <= low <= high <= 1.0


def test_too_many_false_alarms_fail_the_evaluation():
    maximum = evaluation.MAXIMUMS["classifier_false_alarms"]
    assert evaluation._check("classifier_false_alarms", maximum)["passed"]
    assert not evaluation._check("classifier_false_alarms", maximum + 1)["passed"]
    minimum = evaluation.MINIMUMS["classifier_macro_f1"]
    assert not evaluation._check("classifier_macro_f1", minimum - 0.001)["passed"]


def test_a_split_without_dialogue_and_time_files_is_scored_on_its_incidents_only(tmp_path):
    from bot.understanding.classifier import LexiconClassifier

    incidents = tmp_path / "incidents_dev_x.yml"
    incidents.write_text(
        '- text: "een klant noemde me een kankerhoer aan de balie"\n'
        '  now: "2026-03-04T10:10:00+01:00"\n'
        "  labels: [verbale_agressie]\n"
        "  facts: {time: null, location_type: balie_publieksruimte,"
        " perpetrator_relation: klant_burger, perpetrator: onbekend}\n"
        '- text: "de printer is kapot"\n'
        '  now: "2026-03-04T10:10:00+01:00"\n'
        "  labels: []\n"
        "  facts: null\n",
        encoding="utf-8",
    )
    files = evaluation.EvalFiles(incidents=incidents, dialogue=None, times=None)
    result = evaluation.evaluate(files, LexiconClassifier(), None)
    assert result["time"] is None and result["intents"] is None
    assert set(result["minimums"]) == {
        "classifier_macro_f1",
        "classifier_false_alarms",
        "extraction_perpetrator",
        "extraction_location_type",
        "extraction_witnesses",
    }
    assert result["extraction_accuracy"]["location_type"] == 1.0
    assert "time accuracy" not in evaluation.render(result)

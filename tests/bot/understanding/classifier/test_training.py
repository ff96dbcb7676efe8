"""Training the spaCy model, tuning the mix and thresholds, and explaining a label."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bot.understanding.classifier.base import Classification
from bot.understanding.classifier.combined import Calibration, CombinedClassifier
from bot.understanding.classifier.lexicon import LexiconClassifier
from bot.understanding.classifier.statistical import INCIDENT, LinearModel, exp, sigmoid
from bot.understanding.classifier.training import (
    LabelledText,
    best_threshold,
    in_validation,
    load_corpus,
    split,
    train_model,
    tune,
)
from bot.vocab import AGGRESSION_TYPES

F, V = "fysieke_agressie", "verbale_agressie"


def test_split_is_stable_and_holds_about_a_fifth():
    corpus = [LabelledText(f"bericht nummer {i}", frozenset()) for i in range(2000)]
    train, validation = split(corpus)
    assert 0.17 < len(validation) / len(corpus) < 0.23
    assert split(list(reversed(corpus)))[1] == list(reversed(validation))
    assert in_validation("Bericht Nummer 7 ") == in_validation("bericht nummer 7")


def test_best_threshold_maximises_f1():
    gold = [True, True, True, False, False, False]
    scores = [0.9, 0.7, 0.35, 0.3, 0.2, 0.1]
    threshold, score = best_threshold(gold, scores)
    assert 0.3 < threshold <= 0.35
    assert score == 1.0


def test_rescaled_threshold_sits_at_one_half():
    calibration = Calibration.uniform(1.0, dict.fromkeys(AGGRESSION_TYPES, 0.3))
    scaled = calibration.rescale(dict.fromkeys(AGGRESSION_TYPES, 0.3))
    assert all(abs(v - 0.5) < 1e-9 for v in scaled.values())
    assert calibration.rescale(dict.fromkeys(AGGRESSION_TYPES, 1.0))[F] == 1.0
    assert calibration.rescale(dict.fromkeys(AGGRESSION_TYPES, 0.0))[F] == 0.0


class FixedModel:
    def __init__(self, rows):
        self.rows = rows

    def scores_many(self, texts):
        return [self.rows[t] for t in texts]


class FixedLexicon:
    def __init__(self, rows):
        self.rows = rows

    def classify(self, text):
        return Classification.from_scores(self.rows[text])

    def suppressed(self, text):
        return set()


def test_tuning_leans_on_the_source_that_is_right():
    zero = dict.fromkeys(AGGRESSION_TYPES, 0.0)
    validation = [LabelledText(f"t{i}", frozenset({F} if i % 2 else set())) for i in range(20)]
    model_rows = {m.text: {**zero, F: 0.9 if m.labels else 0.1} for m in validation}  # right
    lexicon_rows = {m.text: {**zero, F: 0.9 if not m.labels else 0.1} for m in validation}  # wrong
    calibration, _ = tune(FixedLexicon(lexicon_rows), FixedModel(model_rows), validation)
    assert (
        calibration.weights[F] > 0.5
    )  # any mix that separates the classes; the lexicon alone cannot


def test_messages_of_other_writers_weigh_as_much_as_the_whole_validation_split():
    # Corpus: 45 clear hits (0.9), 5 weak ones (0.45), 50 clear misses (0.1). Other writers: two
    # hits (0.8) and a non-incident scored 0.5. Pooled, the 5 weak corpus hits outvote the one
    # outside false alarm (threshold 0.45); per source, the outside false alarm counts as much
    # as the whole corpus, and the threshold moves above it.
    zero = dict.fromkeys(AGGRESSION_TYPES, 0.0)
    corpus = [LabelledText(f"c{i}", frozenset({F} if i < 50 else set())) for i in range(100)]
    others = [
        LabelledText(t, frozenset(labels))
        for t, labels in [("o1", {F}), ("o2", {F}), ("o3", set())]
    ]
    rows = {
        m.text: {**zero, F: (0.9 if i < 45 else 0.45) if m.labels else 0.1}
        for i, m in enumerate(corpus)
    }
    rows |= {"o1": {**zero, F: 0.8}, "o2": {**zero, F: 0.8}, "o3": {**zero, F: 0.5}}
    lexicon, model = FixedLexicon(rows), FixedModel(rows)
    pooled, _ = tune(lexicon, model, corpus + others)
    balanced, _ = tune(lexicon, model, corpus, others)
    assert pooled.thresholds[F] == 0.45
    assert balanced.thresholds[F] == 0.55


def test_corpus_with_an_unknown_label_is_refused(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text("messages:\n  - {text: 'hij sloeg me', labels: [geweld]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="geweld"):
        load_corpus(path)


def test_a_trained_model_labels_and_names_the_words_behind_it():
    hits = [
        "hij sloeg me",
        "ze sloeg mijn collega",
        "een klant sloeg hard",
        "de man sloeg mij in mijn gezicht",
    ]
    curses = [
        "hij schold me uit",
        "ze schold en tierde",
        "de klant schold heel hard",
        "hij schold ons uit",
    ]
    calm = ["de printer is stuk", "we hadden overleg", "het regende vandaag", "koffie is op"]
    train = (
        [LabelledText(t, frozenset({F})) for t in hits]
        + [LabelledText(t, frozenset({V})) for t in curses]
        + [LabelledText(t, frozenset()) for t in calm]
    ) * 3
    model = train_model(train, members=2)
    assert model.members == 2
    assert model.scores("de buurman sloeg me")[F] > 0.5
    assert model.scores("het is koud buiten")[F] < 0.5
    assert model.scores("de buurman sloeg me")[INCIDENT] > model.scores("koffie is op")[INCIDENT]
    assert "sloeg" in model.drivers("de buurman sloeg me", F)


def test_a_saved_model_loads_with_the_same_scores_to_the_last_bit(tmp_path):
    train = [
        LabelledText("hij sloeg me", frozenset({F})),
        LabelledText("hij schold me uit", frozenset({V})),
        LabelledText("de printer is stuk", frozenset()),
    ] * 4
    model = train_model(train, epochs=4, members=2)
    model.to_disk(tmp_path)
    loaded = LinearModel.load(tmp_path)
    assert loaded.members == 2
    assert loaded.scores("hij sloeg me") == model.scores("hij sloeg me")


def test_the_ensemble_score_is_the_mean_of_its_members():
    train = [
        LabelledText("hij sloeg me", frozenset({F})),
        LabelledText("de printer is stuk", frozenset()),
    ] * 4
    first = train_model(train, epochs=3, seed=1)
    second = train_model(train, epochs=3, seed=2)
    assert first.vocabulary == second.vocabulary
    both = LinearModel(
        first.vocabulary,
        np.concatenate([first.weights, second.weights]),
        np.concatenate([first.biases, second.biases]),
    )
    text = "ze sloeg hem"
    assert both.scores(text)[F] == pytest.approx(
        (first.scores(text)[F] + second.scores(text)[F]) / 2, abs=1e-12
    )


def test_the_same_messages_and_seed_give_the_same_weights_to_the_last_bit():
    train = [
        LabelledText("hij sloeg me", frozenset({F})),
        LabelledText("hij schold me uit", frozenset({V})),
        LabelledText("de printer is stuk", frozenset()),
    ] * 3
    first, second = train_model(train, epochs=5), train_model(train, epochs=5)
    assert first.weights.tobytes() == second.weights.tobytes()
    assert train_model(train, epochs=5, seed=7).weights.tobytes() != first.weights.tobytes()


@pytest.mark.parametrize("x", [-745.0, -30.0, -1.5, -1e-9, 0.0, 0.3, 1.0, 2.5, 20.0, 700.0])
def test_the_portable_exponential_agrees_with_the_c_library(x):
    assert exp(x) == pytest.approx(math.exp(x), rel=1e-14, abs=1e-300)
    assert 0.0 <= sigmoid(x) <= 1.0
    assert sigmoid(x) + sigmoid(-x) == pytest.approx(1.0, abs=1e-15)


def test_the_incident_gate_keeps_labels_off_a_message_the_model_calls_no_incident():
    class Model:
        def __init__(self, incident):
            self.incident = incident

        def scores(self, text):
            return {**dict.fromkeys(AGGRESSION_TYPES, 0.0), F: 0.95, INCIDENT: self.incident}

        def drivers(self, text, label):
            return ["duwde"]

    class Lexicon:
        def classify(self, text):
            return Classification.from_scores({})

        def suppressed(self, text):
            return set()

    gated = Calibration(weights=dict.fromkeys(AGGRESSION_TYPES, 1.0), gate=0.3)
    text = "in de training duwde de acteur me"
    assert CombinedClassifier(Lexicon(), Model(0.1), gated).classify(text).labels == []
    assert CombinedClassifier(Lexicon(), Model(0.9), gated).classify(text).labels == [F]


def test_combined_classifier_explains_a_model_only_label_with_model_words():
    class Model:
        def scores(self, text):
            return {**dict.fromkeys(AGGRESSION_TYPES, 0.0), F: 0.95}

        def drivers(self, text, label):
            return ["porde"]

    class Lexicon:
        def classify(self, text):
            return Classification.from_scores({})

        def suppressed(self, text):
            return set()

    combined = CombinedClassifier(Lexicon(), Model(), Calibration.uniform(1.0))
    result = combined.classify("hij porde me steeds in mijn zij")
    assert result.labels == [F]
    assert result.evidence_for(F) == ["porde"]


def test_negation_found_by_the_rules_overrules_the_model():
    class Model:
        def scores(self, text):
            return {**dict.fromkeys(AGGRESSION_TYPES, 0.0), F: 0.99}

        def drivers(self, text, label):
            return ["sloeg"]

    combined = CombinedClassifier(LexiconClassifier(), Model(), Calibration.uniform(0.8))
    assert F not in combined.classify("hij sloeg me niet, hij schreeuwde alleen").labels
    assert combined.classify("hij sloeg me").labels == [F]


def test_suppressed_names_only_negated_labels():
    lexicon = LexiconClassifier()
    assert lexicon.suppressed("hij sloeg me niet") == {F}
    assert lexicon.suppressed("hij sloeg me") == set()
    assert lexicon.suppressed("hij sloeg me niet maar schopte me wel") == set()


def test_the_saved_model_is_refit_on_every_labelled_message(tmp_path):
    from bot.understanding.classifier.training import build

    messages = [f"hij sloeg me met zijn vuist nummer {i}" for i in range(30)]
    messages += [f"de printer doet het niet nummer {i}" for i in range(30)]
    corpus = tmp_path / "corpus.yml"
    corpus.write_text(
        "messages:\n"
        + "".join(
            f"  - {{text: '{t}', labels: [{F if 'sloeg' in t else ''}]}}\n" for t in messages
        ),
        encoding="utf-8",
    )
    others = tmp_path / "others.yml"
    others.write_text(
        "- {text: 'ze schopte mijn collega zomaar', labels: [fysieke_agressie]}\n"
        "- {text: 'ze schopte hem zomaar', labels: [fysieke_agressie]}\n",
        encoding="utf-8",
    )
    report = build(corpus, tmp_path / "model", epochs=3, members=1, extra_validation=[others])
    assert report["training"] < report["messages"] == 60
    assert report["refit_on"] == 62
    vocabulary = (tmp_path / "model" / "features.txt").read_text(encoding="utf-8").split()
    assert "w:schopte" in vocabulary  # only the other writers' messages have it

"""The statistical half of the classifier: a multi-label logistic regression over Dutch n-grams.

Features are the words of the normalised text (chat spelling rewritten, accents folded), word
pairs, lemmas from the lookup table of spacy-lookups-data ("sloeg" and "slaan" look alike), and
character 3- to 5-grams inside words (typos, "uitgescholde"). One weight per feature and type,
trained with stochastic gradient descent in a fixed order.

Same bits on every machine. A model trained with BLAS, threads or vectorised transcendental
functions differs in its last bits between processors and thread counts, and a few thousand
gradient steps turn those bits into other labels (the spaCy model this replaces scored macro-F1
0.84 on one machine and 0.87 on another from the same corpus). Here every number is made by
operations that IEEE 754 rounds exactly: elementwise adds and multiplies on float64 arrays, sums
by `math.fsum` (correctly rounded, whatever the order or the vector width), and the exponential
of the sigmoid from a fixed polynomial (`exp`), not the C library's. Nothing is threaded, so the
model bytes and every score are the same on any x86-64 machine, loaded or idle.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from bot.understanding.classifier.normalize import normalize
from bot.vocab import AGGRESSION_TYPES

FEATURES_FILE = "features.txt"
WEIGHTS_FILE = "weights.npy"
MODEL_FILE = "model.json"

# Words that cannot explain a label on their own ("net", "iets", "gebeurd"): never evidence.
FUNCTION_WORDS = frozenset(
    """aan al alles als altijd ben bij dan dat de deze die dit door een en er ergens even geen had
    heb hebben heeft het hier hij hoe iemand iets ik in is ja je jij kan kwam me mee meer men met
    mij mijn mn na naar net niet niets nog nou nu of om omdat onze ook op over paar toen tot uit
    van veel voor waar was wat we weer wel werd wie wij wil worden zal ze zei zich zij zijn zo zonder
    gebeurd gebeurde gedaan gaan ging gaat komt kwamen daar dus maar want heel erg echt gewoon
    vandaag gisteren vanochtend vanmiddag vanavond gisteravond vannacht uur keer tijd dag
    klant man vrouw jongen meisje collega collegas balie tram bus trein metro station halte
    werk dienst kantoor school klas""".split()
)

_WORD = re.compile(r"[^\W\d_]+|\d+")
# ln 2 in two parts (fdlibm's): k * LN2_HI is exact for the k used here, so the reduced argument
# keeps full precision even at e**700.
LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.44269504088896338700e00
EPOCHS = 20
STEM = 5
# Besides one output per type, one for "this tells of an incident at all": it learns what the
# types' outputs do not (someone else's story, a training, a joke between colleagues) and gates them.
INCIDENT = "incident"
OUTPUTS = (*AGGRESSION_TYPES, INCIDENT)


def exp(x: float) -> float:
    """e**x from + - * / and a power of two only, so it is the same bits on every machine."""
    x = min(max(x, -700.0), 700.0)
    k = round(x * INV_LN2)
    r = (x - k * LN2_HI) - k * LN2_LO  # |r| <= 0.35: the series below is exact to a bit or two
    term = total = 1.0
    for n in range(1, 19):
        term = term * r / n
        total += term
    return math.ldexp(total, k)


def sigmoid(z: float) -> float:
    """The logistic function, through `exp`."""
    if z >= 0:
        return 1.0 / (1.0 + exp(-z))
    e = exp(z)
    return e / (1.0 + e)


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """Dutch word -> lemma, from the lookup table that spacy-lookups-data ships (no download)."""
    data = resources.files("spacy_lookups_data") / "data" / "nl_lemma_lookup.json.gz"
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return json.load(text)


def words(text: str) -> list[str]:
    """The words of the normalised text (lowercase, accents folded, chat spelling rewritten)."""
    return _WORD.findall(normalize(text).text)


def features(text: str) -> list[str]:
    """Every feature of a text, sorted: words, their first five letters (a crude stem for
    compounds and inflections), word pairs, pairs with one word between ("sloeg me hard" ->
    "sloeg hard"), lemmas, character n-grams."""
    tokens = words(text)
    lemmas = lemma_table()
    found = set()
    for i, word in enumerate(tokens):
        found.add("w:" + word)
        found.add("l:" + lemmas.get(word, word))
        if len(word) > STEM:
            found.add("p:" + word[:STEM])
        if i:
            found.add(f"b:{tokens[i - 1]}_{word}")
        if i > 1:
            found.add(f"s:{tokens[i - 2]}_{word}")
        padded = f"<{word}>"
        for size in (3, 4, 5):
            for start in range(len(padded) - size + 1):
                found.add("c:" + padded[start : start + size])
    return sorted(found)


class LinearModel:
    """Weights per feature and type; the mean of its members' probabilities is the score."""

    def __init__(self, vocabulary: Sequence[str], weights: np.ndarray, biases: np.ndarray) -> None:
        if weights.shape != (biases.shape[0], len(vocabulary), len(OUTPUTS)):
            raise ValueError(f"weights of shape {weights.shape} do not fit the vocabulary")
        self.vocabulary = list(vocabulary)
        self.index = {feature: i for i, feature in enumerate(self.vocabulary)}
        self.weights = weights  # (members, features, types)
        self.biases = biases  # (members, types)

    @property
    def members(self) -> int:
        """How many seeds were averaged."""
        return int(self.biases.shape[0])

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Load what `to_disk` saved."""
        meta = json.loads((path / MODEL_FILE).read_text(encoding="utf-8"))
        vocabulary = (path / FEATURES_FILE).read_text(encoding="utf-8").split("\n")[:-1]
        weights = np.load(path / WEIGHTS_FILE, allow_pickle=False)
        return cls(vocabulary, weights, np.array(meta["biases"], dtype=np.float64))

    def to_disk(self, path: Path) -> None:
        """Save vocabulary, weights and biases: the same model gives the same bytes."""
        path.mkdir(parents=True, exist_ok=True)
        (path / FEATURES_FILE).write_text(
            "".join(f + "\n" for f in self.vocabulary), encoding="utf-8"
        )
        with (path / WEIGHTS_FILE).open("wb") as out:
            np.save(out, self.weights, allow_pickle=False)
        meta = {"outputs": list(OUTPUTS), "biases": self.biases.tolist()}
        (path / MODEL_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    def rows(self, text: str) -> np.ndarray:
        """Vocabulary rows of the text's features, in a fixed order."""
        return np.array(
            sorted(self.index[f] for f in features(text) if f in self.index), dtype=np.int64
        )

    def scores(self, text: str) -> dict[str, float]:
        """Mean probability of each aggression type, and of `INCIDENT`."""
        return self._scores_of_rows(self.rows(text))

    def scores_many(self, texts: list[str]) -> list[dict[str, float]]:
        """Mean probabilities for many texts (evaluation, threshold tuning)."""
        return [self.scores(t) for t in texts]

    def _scores_of_rows(self, rows: np.ndarray) -> dict[str, float]:
        scale = 1.0 / math.sqrt(len(rows)) if len(rows) else 0.0
        sums = dict.fromkeys(OUTPUTS, 0.0)
        for member in range(self.members):
            z = logits(self.weights[member], self.biases[member], rows, scale)
            for label, value in zip(OUTPUTS, z, strict=True):
                sums[label] += sigmoid(value)
        return {label: v / self.members for label, v in sums.items()}

    def drivers(self, text: str, label: str, *, most: int = 3, min_drop: float = 0.1) -> list[str]:
        """The words whose removal lowers the label's probability most (occlusion)."""
        spans = [m for m in re.finditer(r"\w+", text) if _is_content_word(m.group())]
        if not spans:
            return []
        base = self.scores(text)[label]
        drops = []
        for m in spans:
            variant = text[: m.start()] + text[m.end() :]
            drops.append((base - self.scores(variant)[label], m.start(), m.group()))
        drops.sort(key=lambda d: (-d[0], d[1]))
        strong = [d for d in drops if d[0] >= min_drop][:most] or drops[:1]
        return [w for _, _, w in sorted(strong, key=lambda d: d[1])]


def _is_content_word(word: str) -> bool:
    return word.isalpha() and len(word) > 2 and word.lower() not in FUNCTION_WORDS


def logits(weights: np.ndarray, biases: np.ndarray, rows: np.ndarray, scale: float) -> list[float]:
    """bias + scale * (sum of the rows' weights) per type, each sum correctly rounded."""
    picked = weights[rows]
    return [
        float(biases[t]) + scale * math.fsum(picked[:, t].tolist()) for t in range(len(OUTPUTS))
    ]


def train(
    texts: Sequence[str],
    labels: Sequence[frozenset[str]],
    *,
    seed: int,
    members: int = 3,
    epochs: int = EPOCHS,
    learning_rate: float = 8.0,
    decay: float = 0.04,
    min_count: int = 2,
) -> LinearModel:
    """Fit the weights, once per member with seeds seed, seed + 1, ... (fixed order of examples).

    Features seen fewer than `min_count` times are left out (they only learn one message by
    heart). The learning rate falls as 1 / (1 + epoch); the weights of the last half of the
    epochs are averaged, which steadies what the last examples pulled.
    """
    per_text = [features(t) for t in texts]
    counts = Counter(f for fs in per_text for f in fs)
    vocabulary = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(vocabulary)}
    rows = [np.array([index[f] for f in fs if f in index], dtype=np.int64) for fs in per_text]
    targets = np.array(
        [[1.0 if t in ls else 0.0 for t in AGGRESSION_TYPES] + [float(bool(ls))] for ls in labels],
        dtype=np.float64,
    )
    weights = np.zeros((members, len(vocabulary), len(OUTPUTS)), dtype=np.float64)
    biases = np.zeros((members, len(OUTPUTS)), dtype=np.float64)
    for member in range(members):
        weights[member], biases[member] = _fit(
            rows,
            targets,
            len(vocabulary),
            random.Random(seed + member),
            epochs,
            learning_rate,
            decay,
        )
    return LinearModel(vocabulary, weights, biases)


def _fit(
    rows: list[np.ndarray],
    targets: np.ndarray,
    n_features: int,
    rng: random.Random,
    epochs: int,
    learning_rate: float,
    decay: float,
) -> tuple[np.ndarray, np.ndarray]:
    w = np.zeros((n_features, targets.shape[1]), dtype=np.float64)
    b = np.zeros(targets.shape[1], dtype=np.float64)
    w_sum, b_sum, averaged = np.zeros_like(w), np.zeros_like(b), 0
    order = list(range(len(rows)))
    for epoch in range(epochs):
        rng.shuffle(order)
        rate = learning_rate / (1 + epoch)
        for i in order:
            r = rows[i]
            scale = 1.0 / math.sqrt(len(r)) if len(r) else 0.0
            z = logits(w, b, r, scale)
            error = np.array([sigmoid(v) for v in z], dtype=np.float64) - targets[i]
            # Separate multiplies and subtracts: numpy rounds each exactly, never fused.
            step = error * (rate * scale)
            w[r] = w[r] - step
            b -= error * rate
        w = w * (1.0 - rate * decay)
        if epoch >= epochs // 2:
            w_sum += w
            b_sum += b
            averaged += 1
    return w_sum / averaged, b_sum / averaged

"""The statistical half of the classifier: spaCy's textcat_multilabel on the blank Dutch pipeline.

The pipeline is spacy.blank("nl") + the lookup lemmatizer + textcat_multilabel whose token
features include the lemma ("sloeg" and "slaan" look alike to it). Several pipelines, trained
with different seeds on the same messages, are averaged: one small model on ~1500 messages
swings a few F1 points with its seed, the mean of three does not (validation macro-F1 0.84-0.85
for single seeds, 0.87 for their mean). They are trained by bot.classifier.training and saved
under models/classifier/member-<n>/; nothing is downloaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.vocab import AGGRESSION_TYPES

# Token features of the text classifier; LEMMA needs the lemmatizer to run first.
TOKEN_ATTRS = ["NORM", "LEMMA", "PREFIX", "SUFFIX"]

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


def textcat_config(seed_width: int = 64) -> dict[str, Any]:
    """Model config of textcat_multilabel: a small CNN over lemma features plus a bag of n-grams."""
    return {
        "threshold": 0.5,
        "model": {
            "@architectures": "spacy.TextCatEnsemble.v2",
            "nO": None,
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": seed_width,
                    "attrs": TOKEN_ATTRS,
                    "rows": [5000, 5000, 2500, 2500],
                    "include_static_vectors": False,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": seed_width,
                    "depth": 2,
                    "window_size": 1,
                    "maxout_pieces": 3,
                },
            },
            "linear_model": {
                "@architectures": "spacy.TextCatBOW.v3",
                "exclusive_classes": False,
                "ngram_size": 2,
                "no_output_layer": False,
                "length": 262144,
            },
        },
    }


def blank_pipeline():  # noqa: ANN201 - spacy.Language, imported lazily
    """spacy.blank('nl') with the lookup lemmatizer and an empty textcat_multilabel."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    textcat = nlp.add_pipe("textcat_multilabel", config=textcat_config())
    for label in AGGRESSION_TYPES:
        textcat.add_label(label)
    return nlp


MEMBER_PREFIX = "member-"


class TextcatModel:
    """Trained textcat pipelines (one or more seeds): mean probability per type, and the words
    behind it."""

    def __init__(self, *nlps) -> None:  # noqa: ANN002 - spacy.Language, imported lazily
        if not nlps:
            raise ValueError("a TextcatModel needs at least one pipeline")
        self.nlps = nlps

    @classmethod
    def load(cls, path: Path) -> TextcatModel:
        """Load the pipelines saved by the training step (member-0, member-1, ...)."""
        import spacy

        members = sorted(
            (p for p in path.iterdir() if p.is_dir() and p.name.startswith(MEMBER_PREFIX)),
            key=lambda p: int(p.name.removeprefix(MEMBER_PREFIX)),
        )
        if not members:
            raise FileNotFoundError(f"no {MEMBER_PREFIX}<n> pipelines in {path}")
        return cls(*(spacy.load(p) for p in members))

    def to_disk(self, path: Path) -> None:
        """Save every pipeline as path/member-<n>."""
        path.mkdir(parents=True, exist_ok=True)
        for i, nlp in enumerate(self.nlps):
            nlp.to_disk(path / f"{MEMBER_PREFIX}{i}")

    def scores(self, text: str) -> dict[str, float]:
        """Mean probability of each aggression type."""
        return self.scores_many([text])[0]

    def scores_many(self, texts: list[str]) -> list[dict[str, float]]:
        """Mean probabilities for many texts at once (evaluation, threshold tuning)."""
        sums = [dict.fromkeys(AGGRESSION_TYPES, 0.0) for _ in texts]
        for nlp in self.nlps:
            for row, doc in zip(sums, nlp.pipe(texts, batch_size=64), strict=True):
                for label in AGGRESSION_TYPES:
                    row[label] += float(doc.cats.get(label, 0.0))
        return [{label: v / len(self.nlps) for label, v in row.items()} for row in sums]

    def drivers(self, text: str, label: str, *, most: int = 3, min_drop: float = 0.1) -> list[str]:
        """The words whose removal lowers the label's probability most (occlusion)."""
        doc = self.nlps[0].make_doc(text)
        words = [
            t for t in doc if t.is_alpha and len(t.text) > 2 and t.lower_ not in FUNCTION_WORDS
        ]
        if not words:
            return []
        base = self.scores(text)[label]
        variants = ["".join(tok.text_with_ws for tok in doc if tok.i != word.i) for word in words]
        drops = sorted(
            (
                (base - scores[label], word.i, word.text)
                for word, scores in zip(words, self.scores_many(variants), strict=True)
            ),
            reverse=True,
        )
        strong = [d for d in drops if d[0] >= min_drop][:most] or drops[
            :1
        ]  # at least the best word
        return [w for _, _, w in sorted(strong, key=lambda d: d[1])]

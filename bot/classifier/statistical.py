"""The statistical half of the classifier: spaCy's textcat_multilabel on the blank Dutch pipeline.

The pipeline is spacy.blank("nl") + the lookup lemmatizer + textcat_multilabel whose token
features include the lemma ("sloeg" and "slaan" look alike to it). It is trained by
bot.classifier.training and saved under models/classifier/; nothing is downloaded.
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


class TextcatModel:
    """A trained textcat pipeline: probabilities per type, and the words behind them."""

    def __init__(self, nlp) -> None:  # noqa: ANN001 - spacy.Language
        self.nlp = nlp

    @classmethod
    def load(cls, path: Path) -> TextcatModel:
        """Load a pipeline saved by the training step."""
        import spacy

        return cls(spacy.load(path))

    def scores(self, text: str) -> dict[str, float]:
        """Probability of each aggression type."""
        doc = self.nlp(text)
        return {label: float(doc.cats.get(label, 0.0)) for label in AGGRESSION_TYPES}

    def scores_many(self, texts: list[str]) -> list[dict[str, float]]:
        """Probabilities for many texts at once (evaluation, threshold tuning)."""
        return [
            {label: float(doc.cats.get(label, 0.0)) for label in AGGRESSION_TYPES}
            for doc in self.nlp.pipe(texts, batch_size=64)
        ]

    def drivers(self, text: str, label: str, *, most: int = 3, min_drop: float = 0.1) -> list[str]:
        """The words whose removal lowers the label's probability most (occlusion)."""
        doc = self.nlp.make_doc(text)
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

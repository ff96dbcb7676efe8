"""Builds the local Dutch spaCy pipeline that Rasa's SpacyNLP loads.

No trained Dutch spaCy model can be installed from PyPI, and nothing may be downloaded at run
time, so the pipeline is spacy.blank("nl") plus the lookup lemmatizer, whose tables come from
spacy-lookups-data and are saved into the pipeline folder. Run with the .venv-rasa interpreter:

    .venv-rasa/bin/python scripts/build_spacy_nl.py models/spacy-nl
"""

import sys
from pathlib import Path


def build(target: Path) -> None:
    """Create the blank Dutch pipeline with lookup lemmas and write it to `target`."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # loads the lemma lookup table from spacy-lookups-data
    nlp.meta["name"] = "vpt_nl_lookup"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "Blank Dutch pipeline with the spacy-lookups-data lemmatizer"
    tmp = target.with_name(target.name + ".tmp")
    nlp.to_disk(tmp)
    if target.exists():
        import shutil

        shutil.rmtree(target)
    tmp.rename(target)
    lemmas = [t.lemma_ for t in spacy.load(target)("hij sloeg en dreigde")]
    print(f"built {target} (lemmas check: {lemmas})")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "models/spacy-nl"))

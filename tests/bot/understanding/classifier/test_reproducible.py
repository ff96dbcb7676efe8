"""Training is reproducible: the same corpus gives the same model bytes, whatever the threads.

Two `vpt train-classifier` processes train a small model from the same messages, one with every
thread count at 1 and a fixed hash seed, the other with 2 threads, another hash seed and a
second process busy on the other core. Their model files must be byte-identical.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from bot.understanding.classifier.training import model_sha256

ROOT = Path(__file__).resolve().parents[4]
CORPUS = ROOT / "nlu_data" / "incident_corpus.yml"

THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
)


def _small_corpus(path: Path) -> Path:
    messages = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["messages"]
    # Every seventh message: all six types and non-incidents, about 300 messages.
    path.write_text(yaml.safe_dump({"messages": messages[::7]}, allow_unicode=True), "utf-8")
    return path


def _train(corpus: Path, out: Path, *, threads: int, hash_seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    env.update(dict.fromkeys(THREAD_VARIABLES, str(threads)))
    code = "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "train-classifier", "--corpus", str(corpus)]
        + ["--out", str(out), "--members", "2", "--epochs", "6"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


def test_two_trainings_under_different_thread_settings_give_identical_model_bytes(tmp_path):
    corpus = _small_corpus(tmp_path / "corpus.yml")
    first = _train(corpus, tmp_path / "one-thread", threads=1, hash_seed="0")
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        second = _train(corpus, tmp_path / "two-threads", threads=2, hash_seed="12345")
    finally:
        busy.kill()
        busy.wait()
    one, two = tmp_path / "one-thread", tmp_path / "two-threads"
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    differing = [
        str(f)
        for f in files
        if f.name != "training-report.json" and (one / f).read_bytes() != (two / f).read_bytes()
    ]
    assert differing == []
    assert model_sha256(one) == model_sha256(two)
    assert f"sha256 {model_sha256(one)}" in first.stdout
    assert f"sha256 {model_sha256(two)}" in second.stdout

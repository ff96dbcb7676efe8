"""The language commands of `vpt`: classify, parse-time, train-classifier and eval.

Each imports the classifier, extraction or time parsing only when it runs, so the other commands
start without them.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from bot.settings import Settings


def cmd_classify(args: argparse.Namespace, settings: Settings) -> int:
    from bot.understanding.classifier import default_classifier

    classifier = default_classifier()
    for line in sys.stdin:
        text = line.rstrip("\n")
        result = classifier.classify(text)
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def cmd_parse_time(args: argparse.Namespace, settings: Settings) -> int:
    from bot.understanding.timeparse.parse import parse_time

    now = datetime.fromisoformat(args.now) if args.now else datetime.now(settings.tz)
    # The organisation's zone, not the fixed offset of the ISO text: "15-03" said in April is CET.
    now = now.replace(tzinfo=settings.tz) if now.tzinfo is None else now.astimezone(settings.tz)
    match = parse_time(args.text, now)
    print(json.dumps(match.to_json() if match else {"at": None, "precision": None}))
    return 0


def cmd_train_classifier(args: argparse.Namespace, settings: Settings) -> int:
    import logging
    from pathlib import Path

    from bot.understanding.classifier.training import build

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    report = build(
        Path(args.corpus),
        Path(args.out),
        **({"epochs": args.epochs} if args.epochs else {}),
        members=args.members,
        nlu_dir=Path(args.nlu),
        extra_validation=[Path(p) for p in args.extra_validation],
    )
    validation = report["validation"]
    print(
        f"==> classifier trained on {report['training']} messages; validation ({report['validation_count']}"
        f" messages): macro-F1 {validation['macro_f1']}, exact {validation['exact_set_accuracy']},"
        f" gate {report['calibration']['gate']}"
    )
    print(f"==> classifier model sha256 {report['sha256']}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from bot.understanding.classifier import DEFAULT_MODEL_DIR, default_classifier
    from bot.understanding.classifier.training import model_sha256
    from bot.understanding.evaluation import EvalFiles, evaluate, render

    folder = Path(args.folder)

    def optional(path: Path) -> Path | None:
        # dev_b and dev_c have incident messages only: no dialogue or time file.
        return path if path.exists() else None

    files = EvalFiles(
        incidents=folder / f"incidents_{args.split}.yml",
        dialogue=optional(folder / f"dialogue_{args.split}.yml"),
        times=optional(folder / f"time_{args.split}.yml"),
    )
    report = Path(args.rasa_report) if args.rasa_report else None
    result = evaluate(files, default_classifier(), report)
    if DEFAULT_MODEL_DIR.exists():
        result["classifier_sha256"] = model_sha256(DEFAULT_MODEL_DIR)
    print(render(result))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(
            json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return 0 if result["passed"] else 1

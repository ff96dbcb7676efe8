"""`vpt privacy`: the retention purge, and a worker's request to see or erase their data."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.settings import Settings


def add_privacy_commands(sub: argparse._SubParsersAction) -> None:
    """Add `vpt privacy purge|export|erase`."""
    privacy = sub.add_parser("privacy", help="retention, and a worker's right to see or erase")
    privacy_sub = privacy.add_subparsers(dest="privacy_command", required=True)
    purge = privacy_sub.add_parser(
        "purge",
        help="apply every retention period now (the worker does this every hour), also orphaned "
        "files",
    )
    purge.set_defaults(func=cmd_purge)
    worker_help = (
        "the worker: CHANNEL:ID (telegram:424242), a web chat sender (web-...), or one of their "
        "receipts (VPT-2026-123456)"
    )
    export = privacy_sub.add_parser("export", help="everything held about one worker, as JSON")
    export.add_argument("--worker", required=True, help=worker_help)
    export.add_argument("--out", help="write to this file (0600) instead of standard output")
    export.set_defaults(func=cmd_export)
    erase = privacy_sub.add_parser(
        "erase", help="delete everything held about one worker, tracker and files included"
    )
    erase.add_argument("--worker", required=True, help=worker_help)
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=cmd_erase)


def _context(settings: Settings):
    from bot.clock import Clock
    from bot.services import privacy
    from bot.storage.db import make_engine, make_session_factory

    engine = make_engine(settings.effective_database_url)
    return (
        privacy,
        engine,
        make_session_factory(engine),
        privacy.tracker_engine(settings),
        Clock(settings.tz).now(),
    )


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    """Apply the retention periods once and print what went."""
    privacy, engine, factory, tracker, now = _context(settings)
    try:
        outcome = privacy.purge(
            factory,
            tracker,
            settings.data_dir,
            privacy.defaults_from(settings),
            now=now,
            tz=settings.tz,
        )
    finally:
        engine.dispose()
        if tracker is not None:
            tracker.dispose()
    print(f"==> retention: deleted {outcome.summary()}")
    return 0


def _worker(privacy, factory, given: str):
    worker = privacy.find_worker(factory, given)
    if worker is None:
        print(
            "vpt: no such worker (give CHANNEL:ID, web-..., or a receipt that is still linked)",
            file=sys.stderr,
        )
    return worker


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Print (or write) everything held about one worker."""
    privacy, engine, factory, tracker, now = _context(settings)
    try:
        worker = _worker(privacy, factory, args.worker)
        if worker is None:
            return 1
        data = privacy.export_worker(factory, tracker, worker, tz=settings.tz, now=now)
    finally:
        engine.dispose()
        if tracker is not None:
            tracker.dispose()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        privacy.write_private(Path(args.out), text)
        print(f"==> written to {args.out} (only you can read it)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    """Delete everything held about one worker."""
    privacy, engine, factory, tracker, now = _context(settings)
    try:
        worker = _worker(privacy, factory, args.worker)
        if worker is None:
            return 1
        if not args.yes:
            answer = input(f"Erase everything of {worker.channel} {worker.channel_user_id}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "j", "ja"):
                print("==> nothing erased")
                return 1
        outcome = privacy.erase_worker(
            factory, tracker, settings.data_dir, worker, now=now, tz=settings.tz
        )
    finally:
        engine.dispose()
        if tracker is not None:
            tracker.dispose()
    print(f"==> erased: {outcome.summary()}")
    return 0

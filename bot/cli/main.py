"""`vpt`: the command line for operators, coordinators and the Makefile."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from bot.cli.language import cmd_classify, cmd_eval, cmd_parse_time, cmd_train_classifier
from bot.settings import Settings, SettingsError, load_settings


def _cmd_eval_conversations(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from bot.cli.conversation_eval import evaluate_file

    return evaluate_file(Path(args.file), limit=args.limit, verbose=args.verbose)


def _cmd_reports(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.db import make_engine, make_session_factory
    from bot.storage.reports import db_list_reports, report_to_json

    factory = make_session_factory(make_engine(settings.effective_database_url))
    with factory() as session:
        rows = [report_to_json(r, settings.tz) for r in db_list_reports(session)]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("Nog geen meldingen.")
        return 0
    for row in rows:
        organisation = row["organisation"] or "organisatie onbekend"
        print(
            f"{row['receipt']}  {row['created_at'][:16]}  {row['severity']:<9} "
            f"{organisation}  {', '.join(row['types'])}"
        )
    return 0


def _cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.storage.db import make_engine
    from bot.storage.migrate import upgrade

    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    engine.dispose()
    print(f"==> database ready ({engine.url.render_as_string(hide_password=True)})")
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runtime.supervisor import serve

    return serve(settings)


def _cmd_shell(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runtime.supervisor import shell

    return shell(settings)


def _cmd_invite(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta

    from bot.clock import Clock
    from bot.delivery.telegram import TelegramApiError, bot_username
    from bot.services.invites import create_invite, invite_link
    from bot.storage.db import make_engine, make_session_factory

    if args.days <= 0:
        print("vpt: --days must be positive", file=sys.stderr)
        return 2
    try:
        username = bot_username(settings)
    except TelegramApiError as exc:
        print(
            f"vpt: the bot's name is needed for the link: {exc} (set TELEGRAM_BOT_USERNAME)",
            file=sys.stderr,
        )
        return 1
    engine = make_engine(settings.effective_database_url)
    invite = create_invite(
        make_session_factory(engine),
        args.org,
        now=Clock(settings.tz).now(),
        valid_for=timedelta(days=args.days),
        unit=args.unit,
        unit_kind=args.unit_kind,
    )
    engine.dispose()
    expires = invite.expires_at.astimezone(settings.tz)
    print(invite_link(username, invite.code))
    print(
        f"==> eenmalige link voor {invite.organisation}, geldig tot {expires:%d-%m-%Y %H:%M}",
        file=sys.stderr,
    )
    return 0


def _cmd_telegram(args: argparse.Namespace, settings: Settings) -> int:
    from bot.delivery.telegram import TelegramApiError, delete_webhook, set_webhook

    try:
        if args.telegram_command == "set-webhook":
            url = args.url or settings.telegram_webhook_url
            if not url:
                print("vpt: give the URL or set TELEGRAM_WEBHOOK_URL", file=sys.stderr)
                return 2
            set_webhook(settings, url)
            print(f"==> webhook registered: {url}")
        else:
            delete_webhook(settings)
            print("==> webhook removed; the bot can poll now")
    except TelegramApiError as exc:
        print(f"vpt: {exc}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="vpt", description="VPT meldbot: agressie melden en nazorg."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    reports = sub.add_parser("reports", help="list stored reports")
    reports.add_argument(
        "--json", action="store_true", help="every report with all fields, as a JSON array"
    )
    reports.set_defaults(func=_cmd_reports)

    classify = sub.add_parser(
        "classify", help="aggression types of one text per stdin line (JSON lines out)"
    )
    classify.set_defaults(func=cmd_classify)

    parse_time = sub.add_parser("parse-time", help="the incident time in a Dutch text")
    parse_time.add_argument("text")
    parse_time.add_argument("--now", help="reference time, ISO 8601 (default: now)")
    parse_time.set_defaults(func=cmd_parse_time)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_upgrade = db_sub.add_parser("upgrade", help="create or migrate the tables")
    db_upgrade.set_defaults(func=_cmd_db_upgrade)

    serve = sub.add_parser(
        "serve", help="start action server, Rasa and app server; Ctrl-C stops them"
    )
    serve.set_defaults(func=_cmd_serve)

    train = sub.add_parser(
        "train-classifier", help="train the aggression-type model and tune its thresholds"
    )
    train.add_argument("--corpus", default="nlu_data/incident_corpus.yml")
    train.add_argument("--out", default="models/classifier")
    train.add_argument("--epochs", type=int, default=None, help="passes over the corpus")
    train.add_argument(
        "--members", type=int, default=3, help="models trained with successive seeds, averaged"
    )
    train.add_argument(
        "--nlu", default="nlu_data/nlu", help="Rasa NLU files; non-incident intents add negatives"
    )
    train.add_argument(
        "--extra-validation",
        nargs="*",
        default=["tests/eval/incidents_dev.yml", "tests/eval/incidents_dev_b.yml"],
        help="messages by other writers, added to the validation split for tuning (never the test split)",
    )
    train.set_defaults(func=cmd_train_classifier)

    evaluate = sub.add_parser(
        "eval", help="figures on the held-out test files, next to a keyword baseline"
    )
    evaluate.add_argument("--folder", default="tests/eval")
    evaluate.add_argument(
        "--split",
        default="test",
        choices=["test", "dev", "dev_b", "dev_c"],
        help="test: the held-out files; dev, dev_b: seen by the tuning; dev_c: development proxy",
    )
    evaluate.add_argument("--rasa-report", help="intent_report.json written by `rasa test nlu`")
    evaluate.add_argument("--out", help="write every figure as JSON here")
    evaluate.set_defaults(func=cmd_eval)

    conversations = sub.add_parser(
        "eval-conversations",
        help="a simulated worker talks to the started bot; figures on the stored reports",
    )
    conversations.add_argument("--file", default="tests/eval/conversations_test.yml")
    conversations.add_argument("--limit", type=int, help="only the first N conversations")
    conversations.add_argument("--verbose", action="store_true", help="transcripts of failures")
    conversations.set_defaults(func=_cmd_eval_conversations)

    invite = sub.add_parser(
        "invite", help="a single-use Telegram link that ties a worker to an organisation"
    )
    invite.add_argument("--org", required=True, help="organisation name (created when new)")
    invite.add_argument("--days", type=int, default=14, help="days the link stays valid")
    invite.add_argument("--unit", help="team or location the worker's reports belong to")
    invite.add_argument("--unit-kind", choices=("team", "location"), default="team")
    invite.set_defaults(func=_cmd_invite)

    telegram = sub.add_parser("telegram", help="Telegram webhook registration")
    telegram_sub = telegram.add_subparsers(dest="telegram_command", required=True)
    set_hook = telegram_sub.add_parser(
        "set-webhook", help="register the webhook URL and secret with Telegram"
    )
    set_hook.add_argument("url", nargs="?", help="public https URL (default TELEGRAM_WEBHOOK_URL)")
    set_hook.set_defaults(func=_cmd_telegram)
    del_hook = telegram_sub.add_parser("delete-webhook", help="remove the webhook, to poll instead")
    del_hook.set_defaults(func=_cmd_telegram)

    from bot.cli.coordinator import add_casework_commands

    add_casework_commands(sub)

    from bot.cli.dashboard import add_dashboard_commands

    add_dashboard_commands(sub)

    from bot.cli.teams import add_teams_commands

    add_teams_commands(sub)

    from bot.cli.privacy import add_privacy_commands

    add_privacy_commands(sub)

    shell = sub.add_parser(
        "shell", help="talk to the bot in this terminal (rasa shell with the action server)"
    )
    shell.set_defaults(func=_cmd_shell)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vpt` console script."""
    from bot.wire.private import private_umask

    private_umask()  # databases, PDFs, exports: owner-only, and so is every process it starts
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"vpt: configuration error: {exc}", file=sys.stderr)
        return 2
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        return args.func(args, settings)
    except (OperationalError, ProgrammingError) as exc:
        # A database that was never migrated (or cannot be reached) is not a crash of vpt.
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
        print(
            f"vpt: the reports database cannot be used ({reason}). Is it reachable, and is its "
            "schema up to date? Run `vpt db upgrade` (or `make db`).",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())

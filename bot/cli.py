"""`vpt`: the command line for operators, coordinators and the Makefile."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime

from bot.settings import Settings, SettingsError, load_settings


def _cmd_reports(args: argparse.Namespace, settings: Settings) -> int:
    from bot.db import make_engine, make_session_factory
    from bot.reports import db_list_reports, report_to_json

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


def _cmd_classify(args: argparse.Namespace, settings: Settings) -> int:
    from bot.classifier import default_classifier

    classifier = default_classifier()
    for line in sys.stdin:
        text = line.rstrip("\n")
        result = classifier.classify(text)
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _cmd_parse_time(args: argparse.Namespace, settings: Settings) -> int:
    from bot.timeparse import parse_time

    now = datetime.fromisoformat(args.now) if args.now else datetime.now(settings.tz)
    # The organisation's zone, not the fixed offset of the ISO text: "15-03" said in April is CET.
    now = now.replace(tzinfo=settings.tz) if now.tzinfo is None else now.astimezone(settings.tz)
    match = parse_time(args.text, now)
    print(json.dumps(match.to_json() if match else {"at": None, "precision": None}))
    return 0


def _cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.db import make_engine
    from bot.migrate import upgrade

    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    engine.dispose()
    print(f"==> database ready ({engine.url.render_as_string(hide_password=True)})")
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.supervisor import serve

    return serve(settings)


def _cmd_shell(args: argparse.Namespace, settings: Settings) -> int:
    from bot.supervisor import shell

    return shell(settings)


def _cmd_train_classifier(args: argparse.Namespace, settings: Settings) -> int:
    import logging
    from pathlib import Path

    from bot.classifier.training import build

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    report = build(
        Path(args.corpus),
        Path(args.out),
        epochs=args.epochs,
        members=args.members,
        nlu_dir=Path(args.nlu),
        extra_validation=Path(args.extra_validation) if args.extra_validation else None,
    )
    validation = report["validation"]
    print(
        f"==> classifier trained on {report['training']} messages; validation ({report['validation_count']}"
        f" messages): macro-F1 {validation['macro_f1']}, exact {validation['exact_set_accuracy']},"
        f" weight {report['calibration']['weight']}"
    )
    return 0


def _cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from bot.classifier import default_classifier
    from bot.evaluation import EvalFiles, evaluate, render

    folder = Path(args.folder)
    files = EvalFiles(
        incidents=folder / f"incidents_{args.split}.yml",
        dialogue=folder / f"dialogue_{args.split}.yml",
        times=folder / f"time_{args.split}.yml",
    )
    report = Path(args.rasa_report) if args.rasa_report else None
    result = evaluate(files, default_classifier(), report)
    print(render(result))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(
            json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return 0 if result["passed"] else 1


def _cmd_invite(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta

    from bot.clock import Clock
    from bot.db import make_engine, make_session_factory
    from bot.invites import create_invite, invite_link
    from bot.telegram_api import TelegramApiError, bot_username

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
    from bot.telegram_api import TelegramApiError, delete_webhook, set_webhook

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


def _factory(settings: Settings):  # noqa: ANN202
    from bot.db import make_engine, make_session_factory

    return make_session_factory(make_engine(settings.effective_database_url))


def _cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    import logging

    from bot.worker import main as worker_main

    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    return worker_main()


def _cmd_followups(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.followups import db_list_followups, followup_to_json

    factory = _factory(settings)
    if args.followups_command == "list":
        with factory() as session:
            rows = [followup_to_json(r, settings.tz) for r in db_list_followups(session)]
        if args.json:
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            for row in rows:
                print(
                    f"{row['receipt']}  {row['kind']:<22} {row['due_at'][:16]}  {row['status']:<9}"
                    f" pogingen {row['attempts']}  {row['last_error'] or ''}"
                )
        return 0
    from bot.supervisor import with_runtime_tokens
    from bot.worker import FollowUpWorker

    worker = FollowUpWorker(with_runtime_tokens(settings), factory, Clock(settings.tz))
    try:
        outcome = worker.send_now(args.report_id, args.kind)
    except (LookupError, ValueError) as exc:
        print(f"vpt: {exc}", file=sys.stderr)
        return 1
    print(f"==> {outcome.kind}: {outcome.status} {outcome.reason}".rstrip())
    return 0 if outcome.status == "sent" else 1


def _cmd_response_done(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.reporting import record_response

    if not record_response(
        _factory(settings), args.report_id, args.measure, now=Clock(settings.tz).now()
    ):
        print(f"vpt: no report with id {args.report_id}", file=sys.stderr)
        return 1
    print(f"==> reactie vastgelegd: {args.measure}")
    return 0


def _load_report(factory, report_id: int):  # noqa: ANN001, ANN202
    from sqlalchemy.orm import selectinload

    from bot.models import Report

    session = factory()
    report = session.get(
        Report,
        report_id,
        options=[selectinload(Report.organisation), selectinload(Report.evidence)],
    )
    return session, report


def _write_pdf(text: str, path: str, title: str) -> None:
    from pathlib import Path

    from bot.pdf import render_pdf

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_pdf(text, title))
    print(f"==> PDF: {target}", file=sys.stderr)


def _cmd_aangifte_draft(args: argparse.Namespace, settings: Settings) -> int:
    from bot.documents import aangifte_draft

    session, report = _load_report(_factory(settings), args.report_id)
    with session:
        if report is None:
            print(f"vpt: no report with id {args.report_id}", file=sys.stderr)
            return 1
        text = aangifte_draft(report, settings.tz)
        receipt = report.receipt
    sys.stdout.write(text)
    pdf = args.pdf or str(settings.data_dir / "documents" / f"aangifte-{receipt}.pdf")
    _write_pdf(text, pdf, f"Voorbereiding aangifte {receipt}")
    return 0


def _cmd_response_letter(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.documents import response_letter

    session, report = _load_report(_factory(settings), args.report_id)
    with session:
        if report is None:
            print(f"vpt: no report with id {args.report_id}", file=sys.stderr)
            return 1
        text = response_letter(
            report,
            args.kind,
            settings.tz,
            today=Clock(settings.tz).now(),
            duration=args.duration,
            rule=args.rule,
        )
        receipt = report.receipt
    sys.stdout.write(text)
    if args.pdf:
        _write_pdf(text, args.pdf, f"Brief {receipt}")
    return 0


def _cmd_org_address(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.db import transaction
    from bot.reports import db_get_or_create_organisation

    with transaction(_factory(settings)) as session:
        org = db_get_or_create_organisation(session, args.org, now=Clock(settings.tz).now())
        org.address = args.address
    print(f"==> adres van {args.org} vastgelegd")
    return 0


def _cmd_report_update(args: argparse.Namespace, settings: Settings) -> int:
    from bot.reporting import update_report

    cents = round(args.damage_eur * 100) if args.damage_eur is not None else None
    try:
        found = update_report(
            _factory(settings),
            args.report_id,
            aangifte_decision=args.aangifte_decision,
            aangifte_status=args.aangifte_status,
            damage_amount_cents=cents,
        )
    except ValueError as exc:
        print(f"vpt: {exc}", file=sys.stderr)
        return 2
    if not found:
        print(f"vpt: no report with id {args.report_id}", file=sys.stderr)
        return 1
    print("==> melding bijgewerkt")
    return 0


def _cmd_demo_aftercare(args: argparse.Namespace, settings: Settings) -> int:
    import time

    from bot.demo import demo_schedule
    from bot.supervisor import with_runtime_tokens

    def pause() -> None:
        if args.interval is None:
            input("    Enter: volgende check-in ... ")
        else:
            time.sleep(args.interval)

    return demo_schedule(
        with_runtime_tokens(settings), _factory(settings), args.report_id, pause=pause
    )


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
    classify.set_defaults(func=_cmd_classify)

    parse_time = sub.add_parser("parse-time", help="the incident time in a Dutch text")
    parse_time.add_argument("text")
    parse_time.add_argument("--now", help="reference time, ISO 8601 (default: now)")
    parse_time.set_defaults(func=_cmd_parse_time)

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
    train.add_argument("--epochs", type=int, default=25)
    train.add_argument(
        "--members", type=int, default=3, help="pipelines trained with successive seeds, averaged"
    )
    train.add_argument(
        "--nlu", default="nlu_data/nlu", help="Rasa NLU files; non-incident intents add negatives"
    )
    train.add_argument(
        "--extra-validation",
        default="tests/eval/incidents_dev.yml",
        help="messages by other writers, added to the validation split for tuning (never the test split)",
    )
    train.set_defaults(func=_cmd_train_classifier)

    evaluate = sub.add_parser(
        "eval", help="figures on the held-out test files, next to a keyword baseline"
    )
    evaluate.add_argument("--folder", default="tests/eval")
    evaluate.add_argument("--split", default="test", choices=["test", "dev"])
    evaluate.add_argument("--rasa-report", help="intent_report.json written by `rasa test nlu`")
    evaluate.add_argument("--out", help="write every figure as JSON here")
    evaluate.set_defaults(func=_cmd_eval)

    invite = sub.add_parser(
        "invite", help="a single-use Telegram link that ties a worker to an organisation"
    )
    invite.add_argument("--org", required=True, help="organisation name (created when new)")
    invite.add_argument("--days", type=int, default=14, help="days the link stays valid")
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

    worker = sub.add_parser("worker", help="deliver due follow-ups (`vpt serve` starts it)")
    worker.set_defaults(func=_cmd_worker)

    from bot.followups import ALL_KINDS
    from bot.reporting import RESPONSE_MEASURES

    fups = sub.add_parser("followups", help="check-ins and coordinator reminders")
    fups_sub = fups.add_subparsers(dest="followups_command", required=True)
    fups_list = fups_sub.add_parser("list", help="every follow-up with its state")
    fups_list.add_argument("--json", action="store_true", help="as a JSON array")
    fups_list.set_defaults(func=_cmd_followups)
    send_now = fups_sub.add_parser(
        "send-now", help="deliver one follow-up at once (needs the running bot)"
    )
    send_now.add_argument("report_id", type=int)
    send_now.add_argument("kind", choices=sorted(ALL_KINDS))
    send_now.set_defaults(func=_cmd_followups)

    done = sub.add_parser(
        "response-done", help="record the response to the perpetrator (stops the reminders)"
    )
    done.add_argument("report_id", type=int)
    done.add_argument("--measure", required=True, choices=RESPONSE_MEASURES)
    done.set_defaults(func=_cmd_response_done)

    from bot.documents import MEASURES
    from bot.reporting import AANGIFTE_DECISIONS, AANGIFTE_STATUSES

    draft = sub.add_parser(
        "aangifte-draft", help="preparation sheet for the police report (text and PDF)"
    )
    draft.add_argument("report_id", type=int)
    draft.add_argument("--pdf", help="where to write the PDF (default data/documents/)")
    draft.set_defaults(func=_cmd_aangifte_draft)

    letter = sub.add_parser("response-letter", help="the letter to the perpetrator for a measure")
    letter.add_argument("report_id", type=int)
    letter.add_argument("--kind", required=True, choices=MEASURES)
    letter.add_argument("--duration", help="how long the measure lasts, e.g. 'drie maanden'")
    letter.add_argument("--rule", help="the house rule that was broken")
    letter.add_argument("--pdf", help="also write the letter as a PDF here")
    letter.set_defaults(func=_cmd_response_letter)

    org = sub.add_parser("org-address", help="the employer's postal address (used for aangifte)")
    org.add_argument("--org", required=True)
    org.add_argument("address")
    org.set_defaults(func=_cmd_org_address)

    update = sub.add_parser("report-update", help="record aangifte decision/status or damage")
    update.add_argument("report_id", type=int)
    update.add_argument("--aangifte-decision", choices=AANGIFTE_DECISIONS)
    update.add_argument("--aangifte-status", choices=AANGIFTE_STATUSES)
    update.add_argument("--damage-eur", type=float, help="damage amount in euro")
    update.set_defaults(func=_cmd_report_update)

    demo = sub.add_parser(
        "demo-aftercare",
        help="send every check-in of a report at once on a fast clock (needs the running bot)",
    )
    demo.add_argument("report_id", type=int)
    demo.add_argument(
        "--interval", type=float, help="seconds between check-ins (default: wait for Enter)"
    )
    demo.set_defaults(func=_cmd_demo_aftercare)

    shell = sub.add_parser(
        "shell", help="talk to the bot in this terminal (rasa shell with the action server)"
    )
    shell.set_defaults(func=_cmd_shell)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `vpt` console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"vpt: configuration error: {exc}", file=sys.stderr)
        return 2
    return args.func(args, settings)


if __name__ == "__main__":
    sys.exit(main())

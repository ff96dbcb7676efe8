"""`vpt` commands of the casework after a report: the follow-up worker, check-ins, the 48-hour
response, the aangifte sheet, letters and the aftercare demo (registered by bot.cli.main)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.settings import Settings


def _factory(settings: Settings):
    from bot.storage.db import make_engine, make_session_factory

    return make_session_factory(make_engine(settings.effective_database_url))


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.delivery.worker import main as worker_main

    return worker_main()


def cmd_followups(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.services.followups import db_list_followups, followup_to_json

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
    from bot.delivery.worker import FollowUpWorker
    from bot.runtime.tokens import with_runtime_tokens

    worker = FollowUpWorker(with_runtime_tokens(settings), factory, Clock(settings.tz))
    try:
        outcome = worker.send_now(args.report_id, args.kind)
    except (LookupError, ValueError) as exc:
        print(f"vpt: {exc}", file=sys.stderr)
        return 1
    print(f"==> {outcome.kind}: {outcome.status} {outcome.reason}".rstrip())
    return 0 if outcome.status == "sent" else 1


def cmd_aftercare_purge(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.services.checkins import purge_expired_answers

    days = settings.aftercare_retention_days
    purged = purge_expired_answers(_factory(settings), now=Clock(settings.tz).now(), days=days)
    print(f"==> {purged} check-in answers older than {days} days deleted")
    return 0


def cmd_response_done(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.services.reporting import record_response

    if not record_response(
        _factory(settings), args.report_id, args.measure, now=Clock(settings.tz).now()
    ):
        print(f"vpt: no report with id {args.report_id}", file=sys.stderr)
        return 1
    print(f"==> reactie vastgelegd: {args.measure}")
    return 0


def _load_report(factory, report_id: int):
    from sqlalchemy.orm import selectinload

    from bot.storage.models import Report

    session = factory()
    report = session.get(
        Report,
        report_id,
        options=[selectinload(Report.organisation), selectinload(Report.evidence)],
    )
    return session, report


def _write_pdf(document, path: str) -> None:
    from pathlib import Path

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(document.pdf())
    print(f"==> PDF: {target}", file=sys.stderr)


def cmd_aangifte_draft(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.documents import aangifte_sheet

    session, report = _load_report(_factory(settings), args.report_id)
    with session:
        if report is None:
            print(f"vpt: no report with id {args.report_id}", file=sys.stderr)
            return 1
        document = aangifte_sheet(report, settings.tz)
    sys.stdout.write(document.text())
    pdf = args.pdf or str(settings.data_dir / "documents" / f"aangifte-{document.receipt}.pdf")
    _write_pdf(document, pdf)
    return 0


def cmd_response_letter(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.services.documents import response_document

    session, report = _load_report(_factory(settings), args.report_id)
    with session:
        if report is None:
            print(f"vpt: no report with id {args.report_id}", file=sys.stderr)
            return 1
        document = response_document(
            report,
            args.kind,
            settings.tz,
            today=Clock(settings.tz).now(),
            duration=args.duration,
            rule=args.rule,
        )
    sys.stdout.write(document.text())
    if args.pdf:
        _write_pdf(document, args.pdf)
    return 0


def cmd_org_address(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.storage.db import transaction
    from bot.storage.reports import db_get_or_create_organisation

    with transaction(_factory(settings)) as session:
        org = db_get_or_create_organisation(session, args.org, now=Clock(settings.tz).now())
        org.address = args.address
    print(f"==> adres van {args.org} vastgelegd")
    return 0


def cmd_org_letterhead(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from bot.clock import Clock
    from bot.services.documents import set_letterhead

    try:
        logo = Path(args.logo).read_bytes() if args.logo else None
        set_letterhead(
            _factory(settings), args.org, now=Clock(settings.tz).now(), logo=logo,
            remove_logo=args.no_logo, address=args.address, contact_name=args.contact_name,
            contact_phone=args.contact_phone, contact_email=args.contact_email,
        )  # fmt: skip
    except (OSError, ValueError) as exc:
        print(f"vpt: {exc}", file=sys.stderr)
        return 1
    print(f"==> briefhoofd van {args.org} vastgelegd")
    return 0


def cmd_org_sector(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.storage.db import transaction
    from bot.storage.reports import db_get_or_create_organisation

    with transaction(_factory(settings)) as session:
        org = db_get_or_create_organisation(session, args.org, now=Clock(settings.tz).now())
        org.sector = args.sector
    print(f"==> sector van {args.org}: {args.sector}")
    return 0


def cmd_report_update(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import Clock
    from bot.services.reporting import update_report

    cents = round(args.damage_eur * 100) if args.damage_eur is not None else None
    try:
        found = update_report(
            _factory(settings),
            args.report_id,
            aangifte_decision=args.aangifte_decision,
            aangifte_status=args.aangifte_status,
            damage_amount_cents=cents,
            now=Clock(settings.tz).now(),
        )
    except ValueError as exc:
        print(f"vpt: {exc}", file=sys.stderr)
        return 2
    if not found:
        print(f"vpt: no report with id {args.report_id}", file=sys.stderr)
        return 1
    print("==> melding bijgewerkt")
    return 0


def cmd_demo_aftercare(args: argparse.Namespace, settings: Settings) -> int:
    import time

    from bot.delivery.demo import demo_schedule
    from bot.runtime.tokens import with_runtime_tokens

    def pause() -> None:
        if args.interval is None:
            input("    Enter: volgende check-in ... ")
        else:
            time.sleep(args.interval)

    return demo_schedule(
        with_runtime_tokens(settings), _factory(settings), args.report_id, pause=pause
    )


def add_casework_commands(sub: argparse._SubParsersAction) -> None:
    """Register the casework subcommands on the `vpt` parser."""
    worker = sub.add_parser("worker", help="deliver due follow-ups (`vpt serve` starts it)")
    worker.set_defaults(func=cmd_worker)

    from bot.services.followups import ALL_KINDS
    from bot.vocab import RESPONSE_MEASURES

    fups = sub.add_parser("followups", help="check-ins and coordinator reminders")
    fups_sub = fups.add_subparsers(dest="followups_command", required=True)
    fups_list = fups_sub.add_parser("list", help="every follow-up with its state")
    fups_list.add_argument("--json", action="store_true", help="as a JSON array")
    fups_list.set_defaults(func=cmd_followups)
    send_now = fups_sub.add_parser(
        "send-now", help="deliver one follow-up at once (needs the running bot)"
    )
    send_now.add_argument("report_id", type=int)
    send_now.add_argument("kind", choices=sorted(ALL_KINDS))
    send_now.set_defaults(func=cmd_followups)

    purge = sub.add_parser(
        "aftercare-purge",
        help="delete check-in answers older than VPT_AFTERCARE_RETENTION_DAYS (the worker does "
        "this every hour)",
    )
    purge.set_defaults(func=cmd_aftercare_purge)

    done = sub.add_parser(
        "response-done", help="record the response to the perpetrator (stops the reminders)"
    )
    done.add_argument("report_id", type=int)
    done.add_argument("--measure", required=True, choices=RESPONSE_MEASURES)
    done.set_defaults(func=cmd_response_done)

    from bot.services.documents import MEASURES
    from bot.vocab import AANGIFTE_DECISIONS, AANGIFTE_STATUSES, SECTORS

    draft = sub.add_parser(
        "aangifte-draft", help="preparation sheet for the police report (text and PDF)"
    )
    draft.add_argument("report_id", type=int)
    draft.add_argument("--pdf", help="where to write the PDF (default data/documents/)")
    draft.set_defaults(func=cmd_aangifte_draft)

    letter = sub.add_parser("response-letter", help="the letter to the perpetrator for a measure")
    letter.add_argument("report_id", type=int)
    letter.add_argument("--kind", required=True, choices=MEASURES)
    letter.add_argument("--duration", help="how long the measure lasts, e.g. 'drie maanden'")
    letter.add_argument("--rule", help="the house rule that was broken")
    letter.add_argument("--pdf", help="also write the letter as a PDF here")
    letter.set_defaults(func=cmd_response_letter)

    org = sub.add_parser("org-address", help="the employer's postal address (used for aangifte)")
    org.add_argument("--org", required=True)
    org.add_argument("address")
    org.set_defaults(func=cmd_org_address)

    head = sub.add_parser(
        "org-letterhead",
        help="the employer's letterhead on letters and the aangifte sheet ('' clears a field)",
    )
    head.add_argument("--org", required=True)
    head.add_argument("--address", help="postal address; a comma or newline starts a new line")
    head.add_argument("--contact-name", help="contact person, e.g. 'A. Jansen, coordinator VPT'")
    head.add_argument("--contact-phone")
    head.add_argument("--contact-email")
    logo = head.add_mutually_exclusive_group()
    logo.add_argument("--logo", help="a PNG or JPEG file of at most 256 KB")
    logo.add_argument("--no-logo", action="store_true", help="remove the logo")
    head.set_defaults(func=cmd_org_letterhead)
    sector = sub.add_parser("org-sector", help="the organisation's VPT sector (figures per sector)")
    sector.add_argument("--org", required=True)
    sector.add_argument("sector", choices=SECTORS)
    sector.set_defaults(func=cmd_org_sector)

    update = sub.add_parser("report-update", help="record aangifte decision/status or damage")
    update.add_argument("report_id", type=int)
    update.add_argument("--aangifte-decision", choices=AANGIFTE_DECISIONS)
    update.add_argument("--aangifte-status", choices=AANGIFTE_STATUSES)
    update.add_argument("--damage-eur", type=float, help="damage amount in euro")
    update.set_defaults(func=cmd_report_update)

    demo = sub.add_parser(
        "demo-aftercare",
        help="send every check-in of a report at once on a fast clock (needs the running bot)",
    )
    demo.add_argument("report_id", type=int)
    demo.add_argument(
        "--interval", type=float, help="seconds between check-ins (default: wait for Enter)"
    )
    demo.set_defaults(func=cmd_demo_aftercare)

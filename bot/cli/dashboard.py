"""`vpt` commands of the coordinator dashboard: `vpt user add`, `vpt dashboard` (own process)."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.settings import Settings

MIN_PASSWORD = 12


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
    if getpass.getpass("Nog een keer: ") != first:
        print("vpt: the passwords differ", file=sys.stderr)
        return None
    return first


def cmd_user_add(args: argparse.Namespace, settings: Settings) -> int:
    """Create a dashboard user with a role in one organisation (the first admin, a coordinator)."""
    from bot.clock import Clock
    from bot.services.accounts import Accounts, load_totp_key
    from bot.storage.db import make_engine, make_session_factory

    password = _read_password(args)
    if password is None:
        return 1
    if len(password) < MIN_PASSWORD:
        print(f"vpt: the password needs at least {MIN_PASSWORD} characters", file=sys.stderr)
        return 1
    organisation = args.org or settings.default_organisation
    accounts = Accounts(
        make_session_factory(make_engine(settings.effective_database_url)),
        load_totp_key(settings.dashboard_key, settings.data_dir),
    )
    accounts.add_user(
        args.email,
        args.name or args.email,
        password,
        organisation=organisation,
        role=args.role,
        now=Clock(settings.tz).now(),
    )
    port = settings.app_port if settings.dashboard != "own" else settings.dashboard_port
    print(f"==> {args.email}: {args.role} of {organisation}")
    print(f"==> Sign in at http://{settings.loopback_host}:{port}/beheer/ with this e-mail and")
    print("    password; the first time you scan a QR code with an authenticator app (TOTP).")
    return 0


def cmd_dashboard(args: argparse.Namespace, settings: Settings) -> int:
    """Run the dashboard as its own process (production: on the intranet only)."""
    from bot.web.app import main_dashboard

    main_dashboard(settings)
    return 0


def add_dashboard_commands(sub: argparse._SubParsersAction) -> None:
    """Register `vpt user add` and `vpt dashboard`."""
    from bot.services.accounts import ROLES

    user = sub.add_parser("user", help="dashboard users")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="create a dashboard user (asks the password)")
    add.add_argument("email")
    add.add_argument("--name", help="name shown in the dashboard")
    add.add_argument("--org", help="organisation (default: VPT_DEFAULT_ORGANISATION)")
    add.add_argument("--role", choices=ROLES, default="admin")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.set_defaults(func=cmd_user_add)
    dashboard = sub.add_parser("dashboard", help="run the dashboard as its own process")
    dashboard.set_defaults(func=cmd_dashboard)

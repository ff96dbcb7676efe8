"""Invite codes: a coordinator links a worker's channel account to their organisation.

`vpt invite --org NAME` makes a single-use code that expires; the worker opens the deep link
https://t.me/<bot>?start=<code> and the Telegram channel redeems it. Reports the account made
before it was linked ("organisatie onbekend") get the organisation at that moment.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.models import InviteCode, OrganisationUnit, Report
from bot.storage.reports import (
    ReporterRef,
    db_get_or_create_organisation,
    db_get_or_create_reporter,
)

DEFAULT_VALIDITY = timedelta(days=14)
# Telegram's start parameter allows 1-64 characters A-Z, a-z, 0-9, _ and -.
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class Invite:
    """A fresh invite: the code is shown once and never stored in plain text."""

    code: str
    organisation: str
    expires_at: datetime
    unit: str | None = None


@dataclass(frozen=True)
class Redemption:
    """The outcome of redeeming a code: linked, expired, used or unknown."""

    status: str
    organisation: str | None = None


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def invite_link(bot_username: str, code: str) -> str:
    """The Telegram deep link that opens the bot with this code."""
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


UNIT_KINDS = ("team", "location")


def db_get_or_create_unit(
    session: Session, organisation_id: int, name: str, kind: str = "team"
) -> OrganisationUnit:
    """The organisation's team or location of this name (created when new)."""
    if kind not in UNIT_KINDS:
        raise ValueError(f"unknown unit kind {kind!r}")
    name = name.strip()[:200]
    unit = session.scalar(
        select(OrganisationUnit).where(
            OrganisationUnit.organisation_id == organisation_id,
            OrganisationUnit.kind == kind,
            OrganisationUnit.name == name,
        )
    )
    if unit is None:
        unit = OrganisationUnit(organisation_id=organisation_id, kind=kind, name=name)
        session.add(unit)
        session.flush()
    return unit


def db_create_invite(
    session: Session,
    organisation: str,
    *,
    now: datetime,
    valid_for: timedelta = DEFAULT_VALIDITY,
    unit: str | None = None,
    unit_kind: str = "team",
) -> Invite:
    """A new single-use code for this organisation (created when new), optionally for one of
    its teams or locations: the worker's reports then carry that unit without asking."""
    org = db_get_or_create_organisation(session, organisation, now=now)
    unit_row = db_get_or_create_unit(session, org.id, unit, unit_kind) if unit else None
    code = secrets.token_urlsafe(18)  # 24 characters, 144 bits
    session.add(
        InviteCode(
            code_sha256=_hash(code),
            organisation_id=org.id,
            created_at=now,
            expires_at=now + valid_for,
            unit_id=unit_row.id if unit_row else None,
        )
    )
    session.flush()
    return Invite(
        code=code,
        organisation=org.name,
        expires_at=now + valid_for,
        unit=unit_row.name if unit_row else None,
    )


def db_redeem_invite(session: Session, code: str, ref: ReporterRef, *, now: datetime) -> Redemption:
    """Link the account to the code's organisation once; earlier unlinked reports follow."""
    if not CODE_PATTERN.fullmatch(code):
        return Redemption("unknown")
    invite = session.scalar(
        select(InviteCode).where(InviteCode.code_sha256 == _hash(code)).with_for_update()
    )
    if invite is None:
        return Redemption("unknown")
    if invite.used_at is not None:
        return Redemption("used")
    if invite.expires_at <= now:
        return Redemption("expired")
    reporter = db_get_or_create_reporter(session, ref, now=now)
    reporter.organisation_id = invite.organisation_id
    reporter.unit_id = invite.unit_id
    invite.used_at = now
    invite.used_by_reporter_id = reporter.id
    session.execute(
        update(Report)
        .where(Report.reporter_id == reporter.id, Report.organisation_id.is_(None))
        .values(organisation_id=invite.organisation_id, unit_id=invite.unit_id)
    )
    return Redemption("linked", invite.organisation.name)


def create_invite(
    factory: sessionmaker[Session],
    organisation: str,
    *,
    now: datetime,
    valid_for: timedelta = DEFAULT_VALIDITY,
    unit: str | None = None,
    unit_kind: str = "team",
) -> Invite:
    """Create an invite in its own transaction."""
    with factory() as session, session.begin():
        return db_create_invite(
            session, organisation, now=now, valid_for=valid_for, unit=unit, unit_kind=unit_kind
        )


def redeem_invite(
    factory: sessionmaker[Session], code: str, ref: ReporterRef, *, now: datetime
) -> Redemption:
    """Redeem a code in its own transaction."""
    with factory() as session, session.begin():
        return db_redeem_invite(session, code, ref, now=now)

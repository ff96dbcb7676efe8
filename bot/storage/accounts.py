"""Database access for dashboard users, their roles per organisation and their sessions.

Callers own the transaction. Session tokens are stored only as SHA-256.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.storage.models import DashboardMembership, DashboardSession, DashboardUser


def token_digest(token: str) -> str:
    """The SHA-256 hex digest a session token is stored under."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_email(email: str) -> str:
    """E-mail addresses compare without case and surrounding spaces."""
    return email.strip().lower()


def db_get_user_by_email(session: Session, email: str) -> DashboardUser | None:
    """The user with this e-mail address, if any."""
    return session.scalar(
        select(DashboardUser)
        .where(DashboardUser.email == normalise_email(email))
        .options(selectinload(DashboardUser.memberships))
    )


def db_get_user_by_enrolment_token(session: Session, token: str) -> DashboardUser | None:
    """The user an enrolment link token belongs to, if any (expiry is the caller's check)."""
    return session.scalar(
        select(DashboardUser).where(DashboardUser.enrol_token_sha256 == token_digest(token))
    )


def db_add_user(
    session: Session, email: str, name: str, password_hash: str, *, now: datetime
) -> DashboardUser:
    """Insert a new active user without a second factor yet."""
    user = DashboardUser(
        email=normalise_email(email),
        name=name,
        password_hash=password_hash,
        recovery_codes=[],
        failed_logins=0,
        active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def db_list_users(session: Session) -> list[DashboardUser]:
    """Every user with memberships, by e-mail."""
    return list(
        session.scalars(
            select(DashboardUser)
            .options(selectinload(DashboardUser.memberships))
            .order_by(DashboardUser.email)
        )
    )


def db_add_membership(
    session: Session, user: DashboardUser, organisation_id: int, role: str
) -> DashboardMembership:
    """Give the user a role in an organisation (no-op when it exists)."""
    existing = session.scalar(
        select(DashboardMembership).where(
            DashboardMembership.user_id == user.id,
            DashboardMembership.organisation_id == organisation_id,
            DashboardMembership.role == role,
        )
    )
    if existing is not None:
        return existing
    membership = DashboardMembership(user=user, organisation_id=organisation_id, role=role)
    session.add(membership)
    session.flush()
    return membership


def db_add_session(
    session: Session,
    user: DashboardUser,
    token: str,
    csrf_token: str,
    *,
    mfa: bool,
    now: datetime,
    expires_at: datetime,
) -> DashboardSession:
    """Record a new browser session for the user."""
    row = DashboardSession(
        token_sha256=token_digest(token),
        user_id=user.id,
        csrf_token=csrf_token,
        mfa=mfa,
        created_at=now,
        last_seen_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row


def db_find_session(session: Session, token: str) -> DashboardSession | None:
    """The session row for a cookie token (revoked or expired ones too: the caller decides)."""
    return session.scalar(
        select(DashboardSession)
        .where(DashboardSession.token_sha256 == token_digest(token))
        .options(selectinload(DashboardSession.user).selectinload(DashboardUser.memberships))
    )


def db_revoke_sessions(session: Session, user_id: int, *, now: datetime) -> int:
    """Revoke every open session of a user; returns how many."""
    rows = session.scalars(
        select(DashboardSession).where(
            DashboardSession.user_id == user_id, DashboardSession.revoked_at.is_(None)
        )
    ).all()
    for row in rows:
        row.revoked_at = now
    return len(rows)

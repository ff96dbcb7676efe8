"""The audit log: append-only, content-free, each row chained to the one before by its hash.

There is deliberately no function here that changes or deletes a row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.storage.models import UTC, AuditEvent

GENESIS = "0" * 64


def event_hash(
    prev_hash: str,
    at: datetime,
    user_id: int | None,
    organisation_id: int | None,
    action: str,
    object_type: str | None,
    object_id: str | None,
) -> str:
    """SHA-256 over the previous hash and every field of the row."""
    fields = [
        prev_hash,
        at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "" if user_id is None else str(user_id),
        "" if organisation_id is None else str(organisation_id),
        action,
        object_type or "",
        object_id or "",
    ]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def db_append_audit(
    session: Session,
    action: str,
    *,
    at: datetime,
    user_id: int | None = None,
    organisation_id: int | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
) -> AuditEvent:
    """Add one row after the current last one (in the caller's transaction)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # One writer at a time extends the chain; released at the end of the transaction.
        session.execute(text("SELECT pg_advisory_xact_lock(7264001)"))
    last = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    prev = last or GENESIS
    object_id = None if object_id is None else str(object_id)
    # Microseconds are what every database keeps, so the stored row hashes the same.
    at = at.astimezone(UTC)
    row = AuditEvent(
        at=at,
        user_id=user_id,
        organisation_id=organisation_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        prev_hash=prev,
        hash=event_hash(prev, at, user_id, organisation_id, action, object_type, object_id),
    )
    session.add(row)
    session.flush()
    return row


def db_list_audit(session: Session, *, limit: int = 200, offset: int = 0) -> list[AuditEvent]:
    """The newest rows first."""
    return list(
        session.scalars(
            select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
        )
    )


def db_audit_for_object(session: Session, object_type: str, object_id: str) -> list[AuditEvent]:
    """Rows about one object, oldest first (the case timeline)."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
            .order_by(AuditEvent.id)
        )
    )


def chain_breaks(rows: Iterable[AuditEvent]) -> list[int]:
    """Ids of rows (oldest first) whose hash or link to the row before does not match."""
    broken = []
    prev = GENESIS
    for row in rows:
        expected = event_hash(
            prev,
            row.at,
            row.user_id,
            row.organisation_id,
            row.action,
            row.object_type,
            row.object_id,
        )
        if row.prev_hash != prev or row.hash != expected:
            broken.append(row.id)
        prev = row.hash
    return broken


def db_verify_chain(session: Session) -> list[int]:
    """Ids of rows that break the chain; empty when the log is whole."""
    return chain_breaks(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))

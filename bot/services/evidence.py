"""Evidence files sent during or after a report: stored on disk under the data directory, one
row each.

A file is rewritten without metadata by a tool made for its type, or refused when its type is
not accepted (bot/services/image_metadata.py); hashed (SHA-256 of the stored bytes) and written
with owner-only permissions under a name of our own with the extension of what it now is. A file
sent within ATTACH_WINDOW after a report goes to that report (the worker is told which); any
other waits under the worker's channel account until the report being told is stored
(bot/services/reporting.py), and is deleted after 30 days if none comes (bot/services/privacy.py).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.image_metadata import Refused, strip_metadata
from bot.storage.models import Evidence, Report, Reporter

KINDS = ("photo", "document", "voice", "video")
EVIDENCE_DIR = "evidence"
# A file this soon after a report belongs to it: the worker sends the photo after the receipt.
ATTACH_WINDOW = timedelta(hours=24)

__all__ = ["ATTACH_WINDOW", "EVIDENCE_DIR", "KINDS", "IncomingFile", "Refused", "StoredEvidence"]


@dataclass(frozen=True)
class IncomingFile:
    """A file as a channel received it."""

    channel: str
    channel_user_id: str
    kind: str
    data: bytes
    mime_type: str | None = None
    original_name: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class StoredEvidence:
    """What the worker is told about a stored file."""

    evidence_id: int
    kind: str
    size_bytes: int
    sha256: str
    metadata_stripped: bool
    receipt: str | None = None  # the report it was attached to at once, if any


def write_evidence_file(data_dir: Path, incoming: IncomingFile) -> tuple[str, bytes, bool]:
    """Clean, write and return (path relative to data_dir, stored bytes, stripped?); raises
    Refused for a type that is not accepted (nothing is written then)."""
    cleaned = strip_metadata(incoming.data)
    data, stripped = cleaned.data, cleaned.stripped
    folder = data_dir / EVIDENCE_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    relative = f"{EVIDENCE_DIR}/{uuid.uuid4().hex}{cleaned.extension}"
    target = data_dir / relative
    # O_EXCL: never overwrite; 0600: evidence holds personal data.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return relative, data, stripped


def db_add_evidence(
    session: Session,
    incoming: IncomingFile,
    *,
    path: str,
    data: bytes,
    stripped: bool,
    now: datetime,
) -> Evidence:
    """Insert the row of a written evidence file (not yet attached to a report)."""
    row = Evidence(
        channel=incoming.channel,
        channel_user_id=incoming.channel_user_id,
        kind=incoming.kind,
        mime_type=(incoming.mime_type or None),
        original_name=(incoming.original_name or None),
        caption=(incoming.caption or None),
        path=path,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        metadata_stripped=stripped,
        received_at=now,
    )
    session.add(row)
    session.flush()
    return row


def db_attach_pending_evidence(
    session: Session, channel: str, channel_user_id: str, report_id: int
) -> int:
    """Attach every file this account sent since its last report; returns how many."""
    rows = session.scalars(
        select(Evidence).where(
            Evidence.channel == channel,
            Evidence.channel_user_id == channel_user_id,
            Evidence.report_id.is_(None),
        )
    ).all()
    for row in rows:
        row.report_id = report_id
    return len(rows)


def db_recent_report(
    session: Session, channel: str, channel_user_id: str, *, since: datetime
) -> Report | None:
    """This account's latest report, if it was made after `since`."""
    return session.scalar(
        select(Report)
        .join(Reporter, Report.reporter_id == Reporter.id)
        .where(
            Reporter.channel == channel,
            Reporter.channel_user_id == channel_user_id,
            Report.created_at >= since,
        )
        .order_by(Report.created_at.desc(), Report.id.desc())
        .limit(1)
    )


def store_evidence(
    factory: sessionmaker[Session], data_dir: Path, incoming: IncomingFile, *, now: datetime
) -> StoredEvidence:
    """Write the file and its row; the file is removed again when the row cannot be stored."""
    if incoming.kind not in KINDS:
        raise ValueError(f"unknown evidence kind {incoming.kind!r}")
    path, data, stripped = write_evidence_file(data_dir, incoming)
    try:
        with factory() as session, session.begin():
            row = db_add_evidence(
                session, incoming, path=path, data=data, stripped=stripped, now=now
            )
            recent = db_recent_report(
                session, incoming.channel, incoming.channel_user_id, since=now - ATTACH_WINDOW
            )
            if recent is not None:
                row.report_id = recent.id
            return StoredEvidence(
                row.id,
                row.kind,
                row.size_bytes,
                row.sha256,
                stripped,
                receipt=recent.receipt if recent is not None else None,
            )
    except BaseException:
        (data_dir / path).unlink(missing_ok=True)
        raise

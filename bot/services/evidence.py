"""Evidence files sent during a report: stored on disk under the data directory, one row each.

A file is stripped of metadata where its format allows (bot/services/image_metadata.py), hashed
(SHA-256 of the stored bytes) and written with owner-only permissions. It waits under the
worker's channel account until the report is stored, which attaches it (bot/services/reporting.py).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.image_metadata import strip_metadata
from bot.storage.models import Evidence

KINDS = ("photo", "document", "voice", "video")
EVIDENCE_DIR = "evidence"
_SAFE_EXT = re.compile(r"\.[a-z0-9]{1,8}")
_DEFAULT_EXT = {"photo": ".jpg", "voice": ".ogg", "video": ".mp4", "document": ".bin"}


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


def _extension(incoming: IncomingFile) -> str:
    """A harmless file extension: from the name, else the MIME type, else the kind."""
    if incoming.original_name:
        ext = Path(incoming.original_name).suffix.lower()
        if _SAFE_EXT.fullmatch(ext):
            return ext
    if incoming.mime_type:
        guessed = mimetypes.guess_extension(incoming.mime_type.split(";")[0].strip())
        if guessed and _SAFE_EXT.fullmatch(guessed):
            return guessed
    return _DEFAULT_EXT[incoming.kind]


def write_evidence_file(data_dir: Path, incoming: IncomingFile) -> tuple[str, bytes, bool]:
    """Strip, write and return (path relative to data_dir, stored bytes, stripped?)."""
    data, stripped = strip_metadata(incoming.data)
    folder = data_dir / EVIDENCE_DIR
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    relative = f"{EVIDENCE_DIR}/{uuid.uuid4().hex}{_extension(incoming)}"
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
            return StoredEvidence(row.id, row.kind, row.size_bytes, row.sha256, stripped)
    except BaseException:
        (data_dir / path).unlink(missing_ok=True)
        raise

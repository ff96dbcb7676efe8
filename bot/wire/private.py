"""Files only the service account can read: 0600 files in 0700 folders. Standard library only
(the Rasa launcher uses it too).

Every entry point calls private_umask() first, so every file a process or library creates
(SQLite databases and their WAL, Rasa's tracker.db, evidence, PDFs, logs) is owner-only without
a chmod afterwards (which would leave a moment in which it is readable).
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """Files and folders made from now on by this process are owner-only."""
    os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """Create the folder (and parents) owner-only; tighten it when it exists already."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_uid == os.getuid():
        path.chmod(0o700)
    return path


def write_private(path: Path, content: str) -> None:
    """Write a file that is 0600 from its first byte (never world-readable for a moment)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode under O_CREAT
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)

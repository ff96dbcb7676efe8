"""The custom bot message that names a document to deliver (domain response utter_aangifte_document).

Standard library only: the Telegram channel reads it inside the Rasa process (.venv-rasa) and the
web chat in the app server. The message names the report; the channel fetches the PDF itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_FILENAME = re.compile(r"[A-Za-z0-9._-]{1,80}")


@dataclass(frozen=True)
class DocumentRequest:
    """A document the dialogue wants delivered."""

    kind: str
    report_id: int
    filename: str
    title: str


def document_request(custom: Any) -> DocumentRequest | None:
    """The document named by a custom bot message, or None when it names none (or badly)."""
    document = custom.get("document") if isinstance(custom, Mapping) else None
    if not isinstance(document, Mapping) or document.get("kind") != "aangifte":
        return None
    report_id = str(document.get("report_id") or "")
    filename = str(document.get("filename") or "")
    if not report_id.isdigit() or not _FILENAME.fullmatch(filename):
        return None
    return DocumentRequest("aangifte", int(report_id), filename, str(document.get("title") or ""))

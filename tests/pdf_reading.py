"""Reading the project's PDFs back as a reader does (pypdf), for assertions on their text."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The text of every page, with runs of white space (line and page breaks) as one space."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))

"""HTML documents to PDF with WeasyPrint: tagged for screen readers, PDF/A-3a for the archive.

The templates are Jinja2 with autoescape (as the dashboard pages), in templates/ next to this
file; the stylesheet is inlined and fonts come from fontconfig (Debian's DejaVu), so rendering
reads no file and makes no network call: the URL fetcher allows data: URIs only (the logo).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

TEMPLATES_DIR = Path(__file__).with_name("templates")
# PDF/A-3 level A: archival and tagged (logical structure, Unicode text, document language).
PDF_VARIANT = "pdf/a-3a"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["page_counter"] = page_counter
    return env


def render_template(name: str, **context: Any) -> str:
    """A document template filled in; every value is escaped."""
    return _environment().get_template(name).render(**context)


def css_string(text: str) -> str:
    """Text as a quoted CSS string that cannot end the string or the <style> element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;-" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def page_counter(template: str) -> Markup:
    """'Pagina {page} van {pages}' as CSS generated content for a page margin box."""
    parts = re.split(r"(\{pages?\})", template)
    css = [
        f"counter({p[1:-1]})" if p in ("{page}", "{pages}") else css_string(p) for p in parts if p
    ]
    return Markup(" ".join(css))


def html_to_pdf(html: str) -> bytes:
    """The HTML page as a tagged PDF/A document (title and language from the page)."""
    # Imported here: WeasyPrint loads pango through cffi, which only the document paths need.
    from weasyprint import HTML, URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=False
    )

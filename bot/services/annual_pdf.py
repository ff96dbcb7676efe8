"""The annual overview for the board and the works council, as a PDF: the figures, the VPT
scorecard and the coordinator's own text, from the same data as the figures page.

The page is an HTML template (bot/web/beheer/templates/annual_overview.html); `render_pdf`
turns any such HTML into a PDF with WeasyPrint. It is the one place that knows the PDF engine.
"""

from __future__ import annotations

MAX_TEXT_CHARS = 8000


def render_pdf(html: str) -> bytes:
    """The HTML document as a PDF (A4). No network: a URL in the HTML is never fetched."""
    from weasyprint import HTML

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"the annual overview loads nothing from outside ({url[:40]})")

    return HTML(string=html, url_fetcher=no_fetch).write_pdf()

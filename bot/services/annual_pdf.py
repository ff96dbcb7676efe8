"""The annual overview for the board and the works council, as a PDF: the figures, the VPT
scorecard and the coordinator's own text, from the same data as the figures page.

The page is an HTML template (bot/web/beheer/templates/annual_overview.html); `render_pdf`
turns any such HTML into a PDF with WeasyPrint. It is the one place that knows the PDF engine.
"""

from __future__ import annotations

MAX_TEXT_CHARS = 8000


def render_pdf(html: str) -> bytes:
    """The HTML document as a PDF (A4). Nothing is fetched: a URL in the HTML (image,
    stylesheet) is refused and left out, so a document never calls out of the network."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            raise PermissionError(f"the annual overview loads nothing ({url[:60]})")

    return HTML(string=html, url_fetcher=NoFetch()).write_pdf()

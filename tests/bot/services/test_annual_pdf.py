"""The annual overview's PDF writer: a PDF comes out, and nothing is fetched from a URL."""

from __future__ import annotations

import http.server
import threading

from bot.services.annual_pdf import render_pdf


def test_render_pdf_makes_a_pdf_and_fetches_nothing():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server name
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        pdf = render_pdf(
            f'<html><head><link rel="stylesheet" href="{base}/a.css"></head>'
            f'<body><h1>Jaaroverzicht</h1><img src="{base}/x.png"></body></html>'
        )
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF")
    assert hits == []

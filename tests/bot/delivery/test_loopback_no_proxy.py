"""Loopback calls never go through http_proxy (tokens and check-in texts would reach the proxy);
calls elsewhere still do."""

from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from bot.delivery.loopback import call_json, is_loopback
from connectors.app_client import AppClient


class _Counting(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self):  # noqa: N802 - the http.server name
        self.hits.append(self.path)
        body = json.dumps({"offset": 7}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args):
        pass


def _serve() -> tuple[HTTPServer, list[str]]:
    hits: list[str] = []
    handler = type("Handler", (_Counting,), {"hits": hits})
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, hits


@pytest.fixture
def proxy(monkeypatch):
    """A stand-in proxy that counts what reaches it, set in every proxy variable."""
    server, hits = _serve()
    url = f"http://127.0.0.1:{server.server_port}"
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, url)
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    yield hits
    server.shutdown()


@pytest.fixture
def target():
    server, hits = _serve()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def test_the_workers_loopback_calls_bypass_the_proxy(proxy, target):
    url, hits = target
    assert urllib.request.getproxies()["http"]  # the proxy is really configured
    assert call_json(f"{url}/internal/telegram/offset", timeout=5) == {"offset": 7}
    assert proxy == []
    assert hits == ["/internal/telegram/offset"]


def test_calls_to_other_hosts_still_use_the_proxy(proxy):
    # The "proxy" answers the request itself: it was asked for the outside URL.
    assert call_json("http://api.example.invalid/x", timeout=5) == {"offset": 7}
    assert proxy == ["http://api.example.invalid/x"]


def test_loopback_addresses_are_recognised():
    for url in ("http://127.0.0.1:5005/", "http://localhost/", "http://[::1]:8080/"):
        assert is_loopback(url)
    assert not is_loopback("https://api.telegram.org/bot/getMe")


async def test_the_telegram_channels_app_client_bypasses_the_proxy(proxy, target):
    url, hits = target
    client = AppClient(url, "token")
    await client.start()
    try:
        assert await client.get_offset() == 7
    finally:
        await client.close()
    assert proxy == []
    assert hits == ["/internal/telegram/offset"]


def test_the_supervisors_health_checks_bypass_the_proxy(proxy, target):
    from bot.runtime.supervisor import _is_healthy

    url, hits = target
    assert _is_healthy(f"{url}/health")
    assert proxy == []
    assert hits == ["/health"]

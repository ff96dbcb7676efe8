"""Readiness and liveness of the app server, and SIGTERM finishing the messages in flight."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.web.app import create_app
from bot.web.health import STOPPING

ROOT = Path(__file__).resolve().parents[3]


async def test_ready_and_live_with_a_reachable_database(internal_client):
    client = await internal_client()
    live = await client.get("/health/live")
    assert live.status == 200
    ready = await client.get("/health/ready")
    assert ready.status == 200
    assert (await ready.json())["checks"] == {"database": "ok"}


async def test_not_ready_while_the_database_is_down(aiohttp_client, unused_loopback_port):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{unused_loopback_port}/test"
    client = await aiohttp_client(create_app(Settings(database_url=url)))
    ready = await client.get("/health/ready")
    assert ready.status == 503
    assert (await ready.json())["checks"]["database"].startswith("unavailable")
    # Alive all the same: restarting the app server would not bring the database back.
    assert (await client.get("/health/live")).status == 200


async def test_not_ready_while_redis_is_down(internal_client, unused_loopback_port):
    client = await internal_client(redis_url=f"redis://127.0.0.1:{unused_loopback_port}/0")
    ready = await client.get("/health/ready")
    assert ready.status == 503
    assert (await ready.json())["checks"]["redis"] != "ok"


async def test_not_ready_once_shutdown_began(internal_client):
    client = await internal_client()
    client.app[STOPPING].set()
    ready = await client.get("/health/ready")
    assert ready.status == 503
    assert (await ready.json())["checks"]["server"] == "shutting down"


@pytest.fixture
def slow_rasa(unused_loopback_port):
    """A fake Rasa (its own process-free HTTP server) that answers after 2 seconds."""
    import json
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(2)
            data = json.dumps([{"recipient_id": body["sender"], "text": "Dank je."}]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_sigterm_lets_a_message_in_flight_finish(slow_rasa, tmp_path):
    from bot.settings import Settings
    from bot.storage.db import make_engine
    from bot.storage.migrate import upgrade

    engine = make_engine(Settings(data_dir=tmp_path).effective_database_url)
    upgrade(engine)  # the chat's sessions live in the database
    engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "VPT_DATA_DIR": str(tmp_path),
        "VPT_APP_PORT": str(port),
        "VPT_RASA_URL": slow_rasa,
        "VPT_DASHBOARD": "off",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.web"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/health/live", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        result: dict = {}

        def send() -> None:
            request = urllib.request.Request(
                f"{base}/chat/api/message",
                data=b'{"message": "hallo"}',
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=20) as response:
                result["status"] = response.status
                result["body"] = response.read().decode()

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(0.7)  # the message is now waiting for Rasa's answer
        process.send_signal(signal.SIGTERM)
        sender.join(timeout=20)
        assert result.get("status") == 200
        assert "Dank je." in result["body"]
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

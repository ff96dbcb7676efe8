"""The exec probes of the action server, the worker and Rasa."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.cli import probe
from bot.delivery import worker as worker_module
from bot.settings import Settings
from bot.storage.db import make_engine
from bot.storage.migrate import upgrade
from connectors.probe import model_loaded


class Server:
    """A tiny HTTP server answering GET with a fixed status and JSON body; records the paths."""

    def __init__(self, status: int = 200, body: dict | None = None) -> None:
        self.status, self.body, self.paths = status, body or {"status": "ok"}, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.paths.append(self.path)
                data = json.dumps(outer.body).encode()
                self.send_response(outer.status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # noqa: ANN002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def server():
    made = []

    def make(**kwargs):
        made.append(Server(**kwargs))
        return made[-1]

    yield make
    for s in made:
        s.httpd.shutdown()


def test_action_probe_needs_the_health_route_and_the_database(server, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    upgrade(make_engine(url))
    monkeypatch.setenv("DATABASE_URL", url)
    up = server()
    assert probe.main(["action", "--url", f"{up.url}/health"]) == 0
    down = server(status=503)
    assert probe.main(["action", "--url", f"{down.url}/health"]) == 1
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    assert probe.main(["action", "--url", f"{up.url}/health"]) == 1


def test_worker_is_alive_while_its_heartbeat_is_fresh(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert "no heartbeat" in probe.worker_alive(settings, 600)
    worker_module.beat(worker_module.heartbeat_path(settings))
    assert probe.worker_alive(settings, 600) is None
    assert "more than 600" in probe.worker_alive(settings, 600, now=time.time() + 601)


def test_the_worker_loop_beats_every_round(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'vpt.db'}"
    upgrade(make_engine(url))
    settings = Settings(data_dir=tmp_path, database_url=url, worker_poll_seconds=1)
    stop = threading.Event()
    thread = threading.Thread(target=worker_module.run_forever, args=(settings, stop))
    thread.start()
    try:
        path = worker_module.heartbeat_path(settings)
        for _ in range(100):
            if path.exists():
                break
            time.sleep(0.05)
        first = path.stat().st_mtime
        os.utime(path, (first - 100, first - 100))  # as if the last round were long ago
        time.sleep(1.5)
        assert path.stat().st_mtime > first - 1  # a new round touched it again
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()  # SIGTERM's stop event ends the loop


def test_rasa_is_ready_only_with_a_model(server):
    loaded = server(body={"model_loaded": True})
    assert model_loaded(loaded.url) is None
    assert loaded.paths == ["/webhooks/web/ready"]
    empty = server(status=503, body={"model_loaded": False})
    assert model_loaded(empty.url) == "Rasa has no model loaded"
    missing = server(status=404)
    assert "404" in model_loaded(missing.url)

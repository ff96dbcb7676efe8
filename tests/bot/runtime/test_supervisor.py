"""Starting the processes: a port that is already taken stops start-up with a clear message."""

from __future__ import annotations

import socket
import sys

import pytest

from bot.runtime.supervisor import ServiceSpec, Stack, StartupError, port_taken
from bot.settings import Settings


@pytest.fixture
def listening_port():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_a_port_with_a_listener_is_taken_and_a_closed_one_is_not(listening_port):
    assert port_taken(f"http://127.0.0.1:{listening_port}/health")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert not port_taken(f"http://127.0.0.1:{free}/health")


def test_a_service_whose_port_is_taken_is_not_started(listening_port, tmp_path):
    marker = tmp_path / "started"
    spec = ServiceSpec(
        name="app",
        command=[sys.executable, "-c", f"open({str(marker)!r}, 'w').close()"],
        health_url=f"http://127.0.0.1:{listening_port}/health",
    )
    stack = Stack(Settings(data_dir=tmp_path), root=tmp_path, output=None)
    with pytest.raises(StartupError, match=f"port {listening_port} for app is already in use"):
        stack._start_one(spec, {})
    assert not marker.exists()
    assert stack.services == []


def test_stopping_goes_on_when_the_terminal_is_gone(tmp_path):
    def broken_pipe(line: str) -> None:
        raise BrokenPipeError

    stack = Stack(Settings(data_dir=tmp_path), root=tmp_path, output=broken_pipe)
    spec = ServiceSpec(
        name="sleeper",
        command=[sys.executable, "-c", "import time; time.sleep(60)"],
        health_url=None,
    )
    stack._start_one(spec, {})
    (service,) = stack.services
    stack.stop(timeout=5)
    assert service.process.poll() is not None
    assert stack.services == []

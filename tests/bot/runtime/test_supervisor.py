"""Starting the processes: a port that is already taken stops start-up with a clear message."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from bot.runtime.supervisor import (
    RestartBudgetSpent,
    RunningService,
    ServiceSpec,
    Stack,
    StartupError,
    Watchdog,
    child_environment,
    port_taken,
    service_specs,
)
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


def _sleeper(name: str, **extra) -> ServiceSpec:
    return ServiceSpec(
        name=name,
        command=[sys.executable, "-c", "import time; time.sleep(60)"],
        health_url=None,
        **extra,
    )


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_watchdog_restarts_a_process_that_died(tmp_path):
    stack = Stack(Settings(data_dir=tmp_path), root=tmp_path, output=None)
    stack._start_one(_sleeper("worker"), {})
    first = stack.services[0].process
    first.kill()
    first.wait()
    try:
        lines = Watchdog(stack).check()
        assert lines == ["==> worker stopped unexpectedly (exit code -9); starting it again"]
        (again,) = stack.services
        assert again.process.pid != first.pid and again.process.poll() is None
    finally:
        stack.stop(timeout=5)


def test_the_watchdog_restarts_a_process_whose_background_task_is_unhealthy(tmp_path):
    stack = Stack(Settings(data_dir=tmp_path), root=tmp_path, output=None)
    spec = _sleeper("rasa", watch_urls=["http://127.0.0.1:9/webhooks/telegram/"])
    stack._start_one(spec, {})
    first = stack.services[0].process.pid
    clock = _Clock()
    asked: list[str] = []

    def probe(url: str) -> bool:
        asked.append(url)
        return False  # the polling loop is stuck

    dog = Watchdog(stack, clock=clock, probe=probe, health_every=10, unhealthy_after=3)
    try:
        for _ in range(2):
            clock.now += 10
            assert dog.check() == []
        clock.now += 10
        assert dog.check() == ["==> rasa failed 3 health checks in a row; starting it again"]
        assert asked == ["http://127.0.0.1:9/webhooks/telegram/"] * 3
        assert stack.services[0].process.pid != first
    finally:
        stack.stop(timeout=5)


def test_the_watchdog_gives_up_after_too_many_restarts(tmp_path):
    stack = Stack(Settings(data_dir=tmp_path), root=tmp_path, output=None)
    dying = ServiceSpec(name="app", command=[sys.executable, "-c", "pass"], health_url=None)
    stack.services.append(
        RunningService(dying, subprocess.Popen(dying.command))  # exits at once
    )
    stack.services[0].process.wait()
    restarted: list[str] = []
    stack.restart_service = lambda service: restarted.append(service.spec.name)
    dog = Watchdog(stack, max_restarts=2, window=600)
    dog.check()
    dog.check()
    with pytest.raises(RestartBudgetSpent, match="app stopped unexpectedly"):
        dog.check()
    assert restarted == ["app", "app"]


def _environments(tmp_path, monkeypatch, **settings):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "999:FROM-THE-SHELL")
    stack = Stack(
        Settings(data_dir=tmp_path, telegram_bot_token="123:BOT", **settings),
        root=tmp_path,
        output=None,
    )
    base = child_environment(stack.settings)
    return {s.name: {**base, **s.env} for s in service_specs(stack.settings, tmp_path)}, stack


def test_each_process_gets_only_the_secrets_it_uses(tmp_path, monkeypatch):
    env, stack = _environments(tmp_path, monkeypatch)
    internal, action = stack.settings.internal_token, stack.settings.action_token
    assert "TELEGRAM_BOT_TOKEN" not in env["actions"] and "TELEGRAM_BOT_TOKEN" not in env["app"]
    assert "TELEGRAM_BOT_TOKEN" not in env["worker"]
    assert env["rasa"]["TELEGRAM_BOT_TOKEN"] == "123:BOT"
    assert "VPT_INTERNAL_TOKEN" not in env["actions"]
    assert env["actions"]["VPT_ACTION_TOKEN"] == action
    assert "VPT_ACTION_TOKEN" not in env["app"] and "VPT_ACTION_TOKEN" not in env["worker"]
    assert env["app"]["VPT_INTERNAL_TOKEN"] == internal == env["worker"]["VPT_INTERNAL_TOKEN"]
    assert "DATABASE_URL" not in env["rasa"]
    assert env["worker"]["VPT_TELEGRAM_CHANNEL"] == "1"  # knows Telegram is on, without the token
    for process in env.values():
        assert "VPT_RASA_API_TOKEN" not in process


def test_rasa_and_the_actions_listen_on_the_internal_host_only(tmp_path, monkeypatch):
    env, stack = _environments(tmp_path, monkeypatch, bind_host="0.0.0.0")
    specs = {s.name: s for s in service_specs(stack.settings, tmp_path)}
    rasa = specs["rasa"].command
    assert rasa[rasa.index("--interface") + 1] == "127.0.0.1"
    assert env["actions"]["SANIC_HOST"] == "127.0.0.1"
    assert env["app"]["VPT_BIND_HOST"] == "0.0.0.0"
    assert env["app"]["VPT_INTERNAL_HOST"] == "127.0.0.1"


def test_the_processes_create_owner_only_files_in_owner_only_folders(tmp_path):
    data = tmp_path / "data"
    script = (
        "import pathlib, sqlite3; d = pathlib.Path('data'); (d / 'documents').mkdir();"
        "sqlite3.connect(d / 'vpt.db').execute('create table t (x)');"
        "(d / 'documents' / 'aangifte.pdf').write_text('x');"
        "(d / 'done').touch(); import time; time.sleep(30)"
    )
    stack = Stack(Settings(data_dir=data), root=tmp_path, output=None)
    stack.start(only=())  # writes the run files only
    spec = ServiceSpec(name="writer", command=[sys.executable, "-c", script], health_url=None)
    stack._start_one(spec, {})
    assert (data / "run" / "tokens.json").exists()
    for _ in range(100):
        if (data / "done").exists():
            break
        time.sleep(0.1)
    stack.stop()
    assert not (data / "run" / "tokens.json").exists()  # the tokens go with the stack
    for path in [data, *data.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_the_rendered_rasa_files_are_never_readable_by_others(tmp_path):
    from bot.runtime.rasa_config import write_rasa_config

    for path in write_rasa_config(Settings(data_dir=tmp_path / "data")):
        assert path.stat().st_mode & 0o077 == 0
    assert (tmp_path / "data" / "run").stat().st_mode & 0o777 == 0o700

"""Starts the whole bot: action server, Rasa server, app server and follow-up worker, each as its
own process.

Rasa runs from .venv-rasa (Python 3.10, its own pinned libraries); the action and app servers run
from .venv. Each process is started, then polled on its health endpoint before the next one, so a
failure is reported with the name of the process that failed. Ctrl-C stops all of them.

While running, a Watchdog restarts a process that died or whose health checks (its own and
those of its background tasks, such as Telegram polling) keep failing, at most five times in ten
minutes per process; after that the whole bot stops with the reason.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.runtime.rasa_config import write_rasa_config
from bot.runtime.tokens import remove_runtime_tokens, write_runtime_tokens
from bot.settings import Settings
from bot.wire import budgets
from bot.wire.private import PRIVATE_UMASK, private_dir

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# Request bodies the Sanic servers read at most (Sanic's default is 100 MB, read before any check).
RASA_REQUEST_MAX_BYTES = 1024 * 1024
ACTION_REQUEST_MAX_BYTES = 16 * 1024 * 1024


class StartupError(RuntimeError):
    """A process did not come up."""


class RestartBudgetSpent(RuntimeError):
    """A process died or failed its health check too often in a short time."""


@dataclass
class ServiceSpec:
    """How to start one process and how to know it is ready."""

    name: str
    command: list[str]
    health_url: str | None  # None: no HTTP server; ready when it is still running after a second
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 60.0
    # More health URLs the watchdog polls once the process is up (a background task's own
    # check, such as the Telegram polling loop inside Rasa).
    watch_urls: list[str] = field(default_factory=list)


@dataclass
class RunningService:
    """A started process."""

    spec: ServiceSpec
    process: subprocess.Popen
    log_thread: threading.Thread | None = None


# Every secret a child could be handed; each process gets back only those it uses (F18).
SECRET_VARIABLES = frozenset(
    {
        "VPT_INTERNAL_TOKEN",
        "VPT_ACTION_TOKEN",
        "VPT_RASA_API_TOKEN",  # the Rasa HTTP API is off; never pass an old one on
        "VPT_DASHBOARD_KEY",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_WEBHOOK_SECRET",
        "DATABASE_URL",
        "TRACKER_STORE_URL",
        "REDIS_URL",
    }
)


def child_environment(settings: Settings) -> dict[str, str]:
    """Environment shared by all children: the settings without secrets, offline Rasa, the path."""
    env = {k: v for k, v in os.environ.items() if k not in SECRET_VARIABLES}
    env.update(
        {
            "VPT_DATA_DIR": str(settings.data_dir),
            "VPT_APP_PORT": str(settings.app_port),
            "VPT_INTERNAL_PORT": str(settings.internal_port),
            "VPT_RASA_PORT": str(settings.rasa_port),
            "VPT_ACTION_PORT": str(settings.action_port),
            "VPT_BIND_HOST": settings.bind_host,
            "VPT_INTERNAL_HOST": settings.internal_host,
            "VPT_RASA_URL": settings.effective_rasa_url,
            "VPT_TIMEZONE": settings.timezone,
            "VPT_DEFAULT_ORGANISATION": settings.default_organisation,
            "VPT_COORDINATOR_TELEGRAM_CHAT_ID": settings.coordinator_telegram_chat_id,
            "VPT_WORKER_POLL_SECONDS": str(settings.worker_poll_seconds),
            "VPT_AFTERCARE_RETENTION_DAYS": str(settings.aftercare_retention_days),
            "VPT_REPORT_RETENTION_DAYS": str(settings.report_retention_days),
            "VPT_EVIDENCE_RETENTION_DAYS": str(settings.evidence_retention_days),
            "VPT_DOCUMENT_RETENTION_DAYS": str(settings.document_retention_days),
            "VPT_CONVERSATION_RETENTION_DAYS": str(settings.conversation_retention_days),
            "VPT_TELEGRAM_CHANNEL": "1" if settings.telegram_enabled else "",
            "TELEGRAM_MAX_FILE_BYTES": str(settings.telegram_max_file_bytes),
            # The app server links a Teams tenant's workers to their organisation.
            "TEAMS_TENANT_ID": settings.teams_tenant_id,
            "TEAMS_ORGANISATION": settings.teams_organisation,
            # Rasa's tracker store pool (Rasa's default 50 + 100 alone exceeds PostgreSQL's
            # default max_connections=100); see bot/wire/budgets.py.
            "SQL_POOL_SIZE": str(budgets.TRACKER_POOL_SIZE),
            "SQL_MAX_OVERFLOW": str(budgets.TRACKER_MAX_OVERFLOW),
            # Loopback calls never go through a proxy (tokens and check-in texts would reach
            # it); outward calls (Telegram) still honour HTTPS_PROXY.
            "NO_PROXY": _no_proxy(env.get("NO_PROXY") or env.get("no_proxy")),
            "no_proxy": _no_proxy(env.get("NO_PROXY") or env.get("no_proxy")),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONPATH": str(PROJECT_ROOT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _no_proxy(existing: str | None) -> str:
    """The operator's NO_PROXY list with the loopback addresses added."""
    hosts = [h.strip() for h in (existing or "").split(",") if h.strip()]
    return ",".join([*hosts, *(h for h in LOOPBACK_HOSTS if h not in hosts)])


def process_secrets(settings: Settings, name: str) -> dict[str, str]:
    """The secrets one process uses, and no others."""
    database = {"DATABASE_URL": settings.effective_database_url}
    if name == "actions":
        return {"VPT_ACTION_TOKEN": settings.action_token, **database}
    if name == "rasa":
        # Rasa reads these into its endpoints and credentials (${...} in the rendered files).
        secrets_ = {
            "VPT_ACTION_TOKEN": settings.action_token,
            "VPT_INTERNAL_TOKEN": settings.internal_token,
        }
        if settings.telegram_bot_token:
            secrets_["TELEGRAM_BOT_TOKEN"] = settings.telegram_bot_token
            secrets_["TELEGRAM_WEBHOOK_SECRET"] = settings.telegram_webhook_secret
        if settings.teams_enabled:
            secrets_["TEAMS_APP_PASSWORD"] = settings.teams_app_password
        return secrets_
    if name == "app":
        extra = {"VPT_DASHBOARD_KEY": settings.dashboard_key} if settings.dashboard_key else {}
        return {"VPT_INTERNAL_TOKEN": settings.internal_token, **database, **extra}
    if name == "worker":
        # The purge also deletes old events from Rasa's tracker store.
        tracker = (
            {"TRACKER_STORE_URL": settings.tracker_store_url} if settings.tracker_store_url else {}
        )
        return {"VPT_INTERNAL_TOKEN": settings.internal_token, **database, **tracker}
    return {}


def service_specs(settings: Settings, root: Path = PROJECT_ROOT) -> list[ServiceSpec]:
    """The processes in start order (Rasa needs the action server, the web chat and worker Rasa)."""
    endpoints, credentials = write_rasa_config(settings)
    host = settings.internal_host  # Rasa and the actions: never on the public interface
    probe_host = settings.loopback_host
    app_python = root / ".venv" / "bin" / "python"
    rasa_python = root / ".venv-rasa" / "bin" / "python"
    return [
        ServiceSpec(
            name="actions",
            command=[
                str(app_python),
                "-m",
                "actions.server",  # rasa_sdk, with the models loaded before it listens
                "--actions",
                "actions",
                "--port",
                str(settings.action_port),
            ],
            health_url=f"http://{probe_host}:{settings.action_port}/health",
            env={
                "SANIC_HOST": host,
                "ACTION_SERVER_SANIC_WORKERS": "1",
                # Sanic reads a body of up to 100 MB before any handler; a tracker is far less.
                "SANIC_REQUEST_MAX_SIZE": str(ACTION_REQUEST_MAX_BYTES),
                **process_secrets(settings, "actions"),
            },
        ),
        ServiceSpec(
            name="rasa",
            command=[
                # `rasa run` without its HTTP API: the web chat and the worker use our own
                # authenticated channel (connectors/web_channel.py).
                str(rasa_python),
                "-m",
                "connectors.rasa_run",
                "--model",
                str(settings.rasa_model),
                "--endpoints",
                str(endpoints),
                "--credentials",
                str(credentials),
                "--interface",
                host,
                "--port",
                str(settings.rasa_port),
            ],
            health_url=f"http://{probe_host}:{settings.rasa_port}/",
            timeout=240.0,  # loading TensorFlow and the model takes a while on 2 cores
            env={
                **process_secrets(settings, "rasa"),
                # The Telegram webhook streams its body itself (secret first, 1 MiB at most).
                "SANIC_REQUEST_MAX_SIZE": str(RASA_REQUEST_MAX_BYTES),
            },
            watch_urls=(
                [f"http://{probe_host}:{settings.rasa_port}/webhooks/telegram/"]
                if settings.telegram_enabled
                else []
            ),
        ),
        ServiceSpec(
            name="app",
            command=[str(app_python), "-m", "bot.web"],
            health_url=f"http://{settings.public_probe_host}:{settings.app_port}/health",
            env=process_secrets(settings, "app"),
        ),
        ServiceSpec(
            name="worker",
            command=[str(app_python), "-m", "bot.delivery.worker"],
            health_url=None,
            env=process_secrets(settings, "worker"),
        ),
    ]


def _forward_output(name: str, stream, sink: Callable[[str], None]) -> None:
    for raw in iter(stream.readline, b""):
        sink(f"[{name}] {raw.decode('utf-8', 'replace').rstrip()}")
    stream.close()


# Health checks go to this machine: never through http_proxy (it would answer for itself).
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _is_healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with _DIRECT.open(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError):
        return False


def port_taken(url: str) -> bool:
    """Whether something already listens on the host and port of this URL."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return True
    except OSError:
        return False


class Stack:
    """The running processes of one bot installation."""

    def __init__(
        self,
        settings: Settings,
        *,
        root: Path = PROJECT_ROOT,
        output: Callable[[str], None] | None = print,
    ) -> None:
        if not settings.internal_token:
            # The app server and Rasa's channels share it; a fresh one per run when none is set.
            settings = settings.with_overrides(internal_token=secrets.token_urlsafe(32))
        if not settings.action_token:
            # The action server answers only Rasa, which sends this token with every call.
            settings = settings.with_overrides(action_token=secrets.token_urlsafe(32))
        self.settings = settings
        self.root = root
        self.output = output
        self.services: list[RunningService] = []

    def _say(self, line: str) -> None:
        if self.output:
            try:
                self.output(line)
            except OSError:
                # The terminal or pipe is gone (Ctrl-C also ended `| tee`): stopping the
                # children matters more than telling about it.
                self.output = None

    def start(self, only: tuple[str, ...] | None = None) -> None:
        """Start every process (or those named) and wait until each answers its health check."""
        env = child_environment(self.settings)
        private_dir(self.settings.data_dir)
        write_runtime_tokens(self.settings)
        try:
            for spec in service_specs(self.settings, self.root):
                if only is None or spec.name in only:
                    self._start_one(spec, env)
        except BaseException:
            self.stop()
            raise

    def _start_one(self, spec: ServiceSpec, base_env: dict[str, str]) -> None:
        # Otherwise the health check would be answered by the old process (a `make run` whose
        # terminal was closed, say) and the new one would die unseen on "address in use".
        if spec.health_url is not None and port_taken(spec.health_url):
            port = urlsplit(spec.health_url).port
            raise StartupError(
                f"port {port} for {spec.name} is already in use: is the bot still running from an"
                " earlier `make run`? Stop that first, or choose other ports (VPT_*_PORT)."
            )
        self._say(f"==> starting {spec.name} ...")
        started = time.monotonic()
        process = subprocess.Popen(  # fixed command lines built above
            spec.command,
            cwd=self.root,
            env={**base_env, **spec.env},
            stdout=subprocess.PIPE if self.output else subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop the children in order
            umask=PRIVATE_UMASK,  # databases, evidence, PDFs: owner-only from the start
        )
        thread = None
        if self.output:
            thread = threading.Thread(
                target=_forward_output, args=(spec.name, process.stdout, self.output), daemon=True
            )
            thread.start()
        service = RunningService(spec, process, thread)
        self.services.append(service)
        if spec.health_url is None:
            time.sleep(1.0)
            if process.poll() is not None:
                raise StartupError(
                    f"{spec.name} stopped during start-up (exit code {process.returncode})"
                )
            self._say(f"==> {spec.name} is up (pid {process.pid})")
            return
        while not _is_healthy(spec.health_url):
            if process.poll() is not None:
                raise StartupError(
                    f"{spec.name} stopped during start-up (exit code {process.returncode})"
                )
            if time.monotonic() - started > spec.timeout:
                raise StartupError(
                    f"{spec.name} did not answer {spec.health_url} within {spec.timeout:.0f} s"
                )
            time.sleep(0.5)
        self._say(f"==> {spec.name} is up ({time.monotonic() - started:.1f} s, pid {process.pid})")

    def stop_service(self, name: str, timeout: float = 15.0) -> None:
        """Stop one process (tests use this to take the action server away)."""
        for service in list(self.services):
            if service.spec.name == name:
                service.process.terminate()
                try:
                    service.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    service.process.kill()
                    service.process.wait()
                self.services.remove(service)

    def start_service(self, name: str, extra_env: dict[str, str] | None = None) -> None:
        """Start one process again, optionally with changed environment."""
        spec = next(s for s in service_specs(self.settings, self.root) if s.name == name)
        spec.env = {**spec.env, **(extra_env or {})}
        self._start_one(spec, child_environment(self.settings))

    def restart_service(self, service: RunningService) -> None:
        """Stop one process (when it still runs) and start it again with the same command."""
        self.stop_service(service.spec.name)
        self._start_one(service.spec, child_environment(self.settings))

    def failed_service(self) -> RunningService | None:
        """A process that has exited, if any."""
        return next((s for s in self.services if s.process.poll() is not None), None)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop all processes, the last started first; kill what does not stop in time."""
        for service in reversed(self.services):
            if service.process.poll() is None:
                service.process.terminate()
        deadline = time.monotonic() + timeout
        for service in reversed(self.services):
            remaining = max(0.1, deadline - time.monotonic())
            try:
                service.process.wait(remaining)
            except subprocess.TimeoutExpired:
                self._say(f"==> {service.spec.name} did not stop in time; killing it")
                service.process.kill()
                service.process.wait()
        for service in self.services:
            if service.log_thread:
                service.log_thread.join(timeout=2)
        if self.services:
            remove_runtime_tokens(self.settings)
        self.services.clear()

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Watchdog:
    """Restarts a process that died or whose health checks keep failing, within a budget.

    `check()` is called about once a second: an exited process is restarted at once; the health
    URLs (`health_url` and `watch_urls`) are polled every `health_every` seconds and a process
    failing `unhealthy_after` polls in a row is restarted. More than `max_restarts` restarts of
    one process within `window` seconds raise RestartBudgetSpent: something is wrong for good.
    """

    def __init__(
        self,
        stack: Stack,
        *,
        max_restarts: int = 5,
        window: float = 600.0,
        health_every: float = 10.0,
        # A minute of failed checks: a Rasa busy with a long turn on two cores must not be
        # restarted (that would cut off every conversation in flight).
        unhealthy_after: int = 6,
        clock: Callable[[], float] = time.monotonic,
        probe: Callable[[str], bool] | None = None,
    ) -> None:
        self.stack = stack
        self.max_restarts = max_restarts
        self.window = window
        self.health_every = health_every
        self.unhealthy_after = unhealthy_after
        self.clock = clock
        self.probe = probe or (lambda url: _is_healthy(url, timeout=5.0))
        self.restarts: dict[str, list[float]] = {}
        self._failures: dict[str, int] = {}
        self._last_health = clock()

    def check(self) -> list[str]:
        """Restart what needs it; returns a line per restart for the operator."""
        now = self.clock()
        poll_health = now - self._last_health >= self.health_every
        if poll_health:
            self._last_health = now
        lines = []
        for service in list(self.stack.services):
            reason = self._reason(service, poll_health)
            if reason is None:
                continue
            name = service.spec.name
            recent = [t for t in self.restarts.get(name, []) if now - t < self.window]
            if len(recent) >= self.max_restarts:
                raise RestartBudgetSpent(
                    f"{name} {reason}; restarted {len(recent)} times in {self.window:.0f} s"
                )
            self.restarts[name] = [*recent, now]
            self._failures.pop(name, None)
            lines.append(f"==> {name} {reason}; starting it again")
            self.stack.restart_service(service)
        return lines

    def _reason(self, service: RunningService, poll_health: bool) -> str | None:
        if service.process.poll() is not None:
            return f"stopped unexpectedly (exit code {service.process.returncode})"
        urls = [u for u in (service.spec.health_url, *service.spec.watch_urls) if u]
        if not poll_health or not urls:
            return None
        name = service.spec.name
        if all(self.probe(url) for url in urls):
            self._failures.pop(name, None)
            return None
        self._failures[name] = self._failures.get(name, 0) + 1
        if self._failures[name] >= self.unhealthy_after:
            return f"failed {self._failures[name]} health checks in a row"
        return None


def serve(settings: Settings) -> int:
    """Run the stack in the foreground until Ctrl-C or until a process dies."""
    stop_requested = threading.Event()

    def _on_signal(signum, _frame):
        stop_requested.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)  # the terminal closed: still stop the children
    stack = Stack(settings)
    try:
        stack.start()
    except StartupError as exc:
        print(f"==> start-up failed: {exc}", file=sys.stderr)
        return 1
    host = "localhost" if settings.bind_host in ("127.0.0.1", "0.0.0.0") else settings.bind_host
    print()
    print(f"==> The bot is running. Open the web chat: http://{host}:{settings.app_port}/chat")
    if settings.dashboard == "app":
        print(f"==> Coordinator dashboard: http://{host}:{settings.app_port}/beheer/")
        print(
            "    First sign-in: create an account with `.venv/bin/vpt user add YOU@EXAMPLE.NL "
            "--role admin` (and --role coordinator for casework), then scan the QR code with an "
            "authenticator app (see docs/dashboard.md)."
        )
        if settings.oidc_issuer:
            base = settings.dashboard_public_url or f"http://{host}:{settings.app_port}"
            print(
                f"    Sign-in through {settings.oidc_issuer} is on: register the redirect URI "
                f"{base.rstrip('/')}/beheer/oidc/terug at the provider."
            )
    elif settings.dashboard == "own":
        print("==> Coordinator dashboard: run `.venv/bin/vpt dashboard` (VPT_DASHBOARD=own)")
    if settings.telegram_enabled:
        if settings.telegram_mode == "webhook":
            print(f"==> Telegram: webhook {settings.telegram_webhook_url}")
        else:
            print("==> Telegram: polling getUpdates (no TELEGRAM_WEBHOOK_URL set)")
    if settings.teams_enabled:
        print("==> Teams: messaging endpoint https://<your host>/webhooks/teams/webhook")
    print("==> Press Ctrl-C to stop.")
    code = 0
    watchdog = Watchdog(stack)
    try:
        while not stop_requested.wait(1.0):
            try:
                for line in watchdog.check():
                    print(line, file=sys.stderr)
            except (RestartBudgetSpent, StartupError) as exc:
                print(f"==> giving up: {exc}", file=sys.stderr)
                code = 1
                break
    finally:
        stack._say("==> stopping ...")
        stack.stop()
        stack._say("==> stopped")
    return code


def shell(settings: Settings) -> int:
    """Talk to the bot in the terminal: the action server in the background, `rasa shell` in front."""
    stack = Stack(settings, output=None)
    try:
        stack.start(only=("actions",))
    except StartupError as exc:
        print(f"==> start-up failed: {exc}", file=sys.stderr)
        return 1
    endpoints, _ = write_rasa_config(settings)
    command = [
        str(PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"),
        "shell",
        "--model",
        str(settings.rasa_model),
        "--endpoints",
        str(endpoints),
    ]
    try:
        env = {**child_environment(settings), **process_secrets(stack.settings, "rasa")}
        return subprocess.call(command, cwd=PROJECT_ROOT, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        stack.stop()

"""Start the whole bot on temporary ports, report once, and print start-up time, reply times and
the memory of each process. Run with the .venv interpreter after `make model`:

    .venv/bin/python scripts/bench_stack.py
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.delivery.rasa_api import send_web_message  # noqa: E402
from bot.runtime.supervisor import Stack  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage.db import make_engine  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402

CONVERSATION = [
    "ik werd net bespuugd en uitgescholden door een klant aan de balie",
    "ja",
    "nee",
    "nee",
    "ja, mijn collega",
    "nee",
    "weet ik nog niet",
    "ja",
    "ja graag",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def send(settings: Settings, sender: str, text: str) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    body = send_web_message(settings, sender, text, timeout=60)
    return time.perf_counter() - started, body


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp),
            rasa_model=ROOT / "models" / "vpt.tar.gz",
            app_port=free_port(),
            internal_port=free_port(),
            rasa_port=free_port(),
            action_port=free_port(),
        )
        engine = make_engine(settings.effective_database_url)
        upgrade(engine)
        engine.dispose()
        stack = Stack(settings, output=None)
        started = time.perf_counter()
        stack.start()
        print(f"start-up (actions, rasa, app until healthy): {time.perf_counter() - started:.1f} s")
        try:
            times, transcript = [], []
            for text in CONVERSATION:
                seconds, replies = send(stack.settings, "bench", text)
                times.append(seconds)
                transcript += [r.get("text") or "" for r in replies]
            stored = any("VPT-" in line for line in transcript)
            print(f"report stored: {stored}")
            print(
                f"replies: {len(times)}, median {statistics.median(times) * 1000:.0f} ms, "
                f"first {times[0] * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
            )
            for service in stack.services:
                print(f"memory {service.spec.name:<8} {rss_mb(service.process.pid):7.0f} MB (RSS)")
        finally:
            stack.stop()
    model = ROOT / "models" / "vpt.tar.gz"
    print(f"model size: {model.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

"""Concurrent full reports through the real processes (part `reporters` of scripts/soak.py).

N workers report at the same time through the web chat (the app server, each with its own
cookie) and N through the Telegram webhook (python-telegram-bot against the fake Bot API of
tests/telegram_fake.py); then 2N through Rasa's bare rest channel as the baseline at the same
concurrency. Printed: reports
expected and stored (lost, duplicated), 5xx answers, and p50/p95 reply times per channel.
"""

from __future__ import annotations

import http.cookiejar
import json
import queue
import re
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bot.runtime.supervisor import Stack
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.reports import db_list_reports
from tests.e2e.test_report_end_to_end import OPENING, answer_for
from tests.telegram_fake import FakeTelegram
from tests.telegram_updates import press_update, text_update

TOKEN = "7000000001:AAE-fake-token-for-soak_0123456789"
SECRET = "soak-webhook-secret"
RECEIPT = re.compile(r"VPT-\d{4}-\d{6}")
DONE = "Dank je wel dat je dit hebt gemeld"
MAX_TURNS = 16
RASA_WAIT = 180  # seconds a reporter waits for a late answer
_NO_PROXY = urllib.request.ProxyHandler({})
_update_ids = iter(range(int(time.time()) * 100, 10**13))
_lock = threading.Lock()


def _next_update_id() -> int:
    with _lock:
        return next(_update_ids)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Outcome:
    """What one reporter saw."""

    channel: str
    receipts: set[str] = field(default_factory=set)
    times: list[float] = field(default_factory=list)
    server_errors: int = 0
    limited: int = 0  # 429 answers (tried again)
    late: int = 0  # 202 answers whose reply came through the event stream
    failed_turns: int = 0  # an apology instead of an answer (tried again)
    finished: bool = False
    error: str | None = None


def _post(opener, url: str, body: dict, headers: dict | None = None) -> tuple[int, bytes, float]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=180) as response:
            return response.status, response.read(), time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.perf_counter() - started


class _EventStream(threading.Thread):
    """The page's event stream (GET /chat/api/events) with the reporter's cookie: late answers
    arrive here, as in chat.js, and are confirmed."""

    def __init__(self, opener, app_url: str) -> None:
        super().__init__(daemon=True)
        self.opener, self.app_url = opener, app_url
        self.events: queue.Queue[dict] = queue.Queue()
        self.response = None

    def run(self) -> None:
        try:
            self.response = self.opener.open(f"{self.app_url}/chat/api/events", timeout=300)
            for raw in self.response:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                if line.startswith("data: "):
                    event = json.loads(line[6:])
                    _post(self.opener, f"{self.app_url}/chat/api/events/ack", {"id": event["id"]})
                    self.events.put(event)
        except (OSError, ValueError, AttributeError):
            pass  # the stream ends with the reporter (http.client: closed while reading)

    def close(self) -> None:
        if self.response is not None:
            self.response.close()


def web_reporter(app_url: str) -> Outcome:
    """One full report through the web chat API, as the page does it: a 202 answer comes later
    through the event stream; 429 and 5xx are tried again after a pause."""
    out = Outcome("web")
    opener = urllib.request.build_opener(
        _NO_PROXY, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    stream: _EventStream | None = None
    text = OPENING
    try:
        for _ in range(3 * MAX_TURNS):
            asked = time.perf_counter()
            status, body, _ = _post(opener, f"{app_url}/chat/api/message", {"message": text})
            if stream is None and status in (200, 202):
                stream = _EventStream(opener, app_url)
                stream.start()
            if status == 202:
                out.late += 1
                event = stream.events.get(timeout=RASA_WAIT)
                if event.get("error"):
                    out.failed_turns += 1
                    continue
                messages = event["messages"]
            elif status == 429:
                out.limited += 1
                time.sleep(5)
                continue
            elif status >= 500:
                out.server_errors += 1
                time.sleep(2)
                continue
            else:
                messages = json.loads(body).get("messages", [])
            out.times.append(time.perf_counter() - asked)  # a late answer: until it is shown
            said = "\n".join(m.get("text") or "" for m in messages)
            out.receipts |= set(RECEIPT.findall(said))
            if DONE in said:
                out.finished = True
                break
            text = answer_for(said)
    except Exception as exc:  # noqa: BLE001 - counted per reporter
        out.error = f"{type(exc).__name__}: {exc}"
    finally:
        if stream is not None:
            stream.close()
    return out


def rest_reporter(rasa_url: str) -> Outcome:
    """The same report straight to Rasa's rest channel: the baseline."""
    out = Outcome("rasa")
    opener = urllib.request.build_opener(_NO_PROXY)
    sender, text = f"soak-{uuid.uuid4().hex[:12]}", OPENING
    try:
        for _ in range(MAX_TURNS):
            status, body, seconds = _post(
                opener, f"{rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": text}
            )
            out.times.append(seconds)
            if status >= 500:
                out.server_errors += 1
                continue
            said = "\n".join(m.get("text") or "" for m in json.loads(body))
            out.receipts |= set(RECEIPT.findall(said))
            if DONE in said:
                out.finished = True
                break
            text = answer_for(said)
    except Exception as exc:  # noqa: BLE001
        out.error = f"{type(exc).__name__}: {exc}"
    return out


def telegram_reporter(rasa_url: str, fake: FakeTelegram) -> Outcome:
    """One full report through the Telegram webhook, pressing buttons where there are."""
    out = Outcome("telegram")
    opener = urllib.request.build_opener(_NO_PROXY)
    chat = 300_000_000 + uuid.uuid4().int % 100_000_000
    seen = 0
    update = text_update(_next_update_id(), chat, OPENING)
    try:
        for _ in range(MAX_TURNS):
            status, _, seconds = _post(
                opener,
                f"{rasa_url}/webhooks/telegram/webhook",
                update,
                {"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            out.times.append(seconds)
            if status >= 500:
                out.server_errors += 1
                update = {**update, "update_id": _next_update_id()}  # Telegram sends it again
                continue
            sent = fake.sent_to(chat)
            new, seen = sent[seen:], len(sent)
            said = "\n".join(m.get("text") or "" for m in new)
            out.receipts |= set(RECEIPT.findall(said))
            if DONE in said:
                out.finished = True
                break
            if not said:
                out.error = f"no answer to turn {len(out.times)} (HTTP {status}, {seconds:.1f} s)"
                break
            reply = answer_for(said)
            update = text_update(_next_update_id(), chat, reply)
            last = new[-1] if new else {}
            for row in (last.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"].lower().startswith(reply.split(",")[0].lower()):
                        update = press_update(_next_update_id(), chat, last, button["text"])
    except Exception as exc:  # noqa: BLE001
        out.error = f"{type(exc).__name__}: {exc}"
    return out


def _summary(name: str, outcomes: list[Outcome]) -> list[str]:
    times = sorted(t for o in outcomes for t in o.times)
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000 if times else 0.0  # noqa: E731
    errors = Counter(o.error for o in outcomes if o.error)
    line = (
        f"{name:<9} reporters {len(outcomes):>3}  finished {sum(o.finished for o in outcomes):>3}"
        f"  receipts {sum(len(o.receipts) for o in outcomes):>3}"
        f"  5xx {sum(o.server_errors for o in outcomes):>3}  429 {sum(o.limited for o in outcomes):>3}"
        f"  late {sum(o.late for o in outcomes):>3}  apologies {sum(o.failed_turns for o in outcomes):>3}"
        f"  replies {len(times):>4}"
        f"  p50 {p(0.5):6.0f} ms  p95 {p(0.95):6.0f} ms"
    )
    return [line, *(f"          error x{n}: {e}" for e, n in errors.items())]


def run_reporters(count: int, model: Path) -> bool:
    """Start the bot, run `count` reporters per channel at once, print and check the figures."""
    if not model.exists():
        print(f"== reporters: skipped, no trained model at {model} (run `make model`)")
        return True
    fake = FakeTelegram(TOKEN)
    fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp),
            rasa_model=model,
            app_port=_free_port(),
            rasa_port=_free_port(),
            action_port=_free_port(),
            telegram_bot_token=TOKEN,
            telegram_webhook_secret=SECRET,
            telegram_webhook_url="https://vpt.example.invalid/webhooks/telegram/webhook",
            telegram_api_url=fake.url,
            telegram_bot_username="vpt_soak_bot",
        )
        engine = make_engine(settings.effective_database_url)
        upgrade(engine)
        log: list[str] = []
        stack = Stack(settings, output=log.append)
        print(f"== reporters: {count} through the web chat and {count} through Telegram at once")
        started = time.perf_counter()
        stack.start()
        print(f"stack up in {time.perf_counter() - started:.0f} s")
        try:
            with ThreadPoolExecutor(max_workers=2 * count) as pool:
                web = [pool.submit(web_reporter, settings.effective_app_url) for _ in range(count)]
                tg = [
                    pool.submit(telegram_reporter, settings.effective_rasa_url, fake)
                    for _ in range(count)
                ]
                web_out, tg_out = [f.result() for f in web], [f.result() for f in tg]
            # The baseline at the same concurrency: 2N reporters straight to Rasa.
            with ThreadPoolExecutor(max_workers=2 * count) as pool:
                bare = [
                    f.result()
                    for f in [
                        pool.submit(rest_reporter, settings.effective_rasa_url)
                        for _ in range(2 * count)
                    ]
                ]
            with make_session_factory(engine)() as session:
                reports = db_list_reports(session)
        finally:
            stack.stop()
            engine.dispose()
            fake.stop()
    told = {r for o in (*web_out, *tg_out, *bare) for r in o.receipts}
    stored = Counter(r.receipt for r in reports)
    per_sender = Counter(r.reporter_id for r in reports)
    lost = sorted(told - set(stored))
    duplicated = sum(n - 1 for n in per_sender.values() if n > 1)
    server_errors = sum(o.server_errors for o in (*web_out, *tg_out))
    for line in (
        *_summary("web chat", web_out),
        *_summary("telegram", tg_out),
        *_summary("bare rasa", bare),
    ):
        print(line)
    print(
        f"reports stored {len(reports)} (expected {4 * count}), receipts told {len(told)},"
        f" lost {len(lost)}, duplicated {duplicated}, 5xx {server_errors}"
    )
    finished = all(o.finished for o in (*web_out, *tg_out, *bare))
    if not finished:
        # What the processes said when something went wrong (no message texts at INFO).
        trouble = [line for line in log if "WARNING" in line or "ERROR" in line or "Error" in line]
        print("\n".join(["-- warnings and errors of the processes:", *trouble[-40:]]))
    return (
        finished and not lost and not duplicated and not server_errors and len(reports) == 4 * count
    )

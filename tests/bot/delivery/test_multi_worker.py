"""Several follow-up workers on one PostgreSQL: each row claimed once, each message sent once,
the hourly purge run by one worker only, and a stopping worker hands back what it did not start."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest

from bot.clock import FixedClock
from bot.delivery.worker import FollowUpWorker
from bot.services.followups import db_list_followups
from bot.services.reporting import record_aftercare_choice, submit_report
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import TelegramChat
from bot.storage.reports import ReporterRef
from bot.wire.delivery import Delivery
from tests.bot.delivery.test_worker import COORDINATOR, MADE
from tests.bot.services.test_reporting import full_draft

REPORTS = 15  # three rows each are due 41 hours later: two reminders and the day-1 check-in


class CountingChannel:
    """Counts every send per dedupe key, without deduping: a second send shows as a 2."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sends: Counter[str] = Counter()
        self.senders: dict[str, str] = {}

    def send(self, settings, chat_id, text, *, buttons=None, dedupe_key=None):  # noqa: ANN001
        time.sleep(0.005)  # a network call: lets the other worker run meanwhile
        with self.lock:
            self.sends[dedupe_key] += 1
            self.senders[dedupe_key] = threading.current_thread().name
        return Delivery("sent")

    def trigger(self, settings, sender_id, intent, channel):  # noqa: ANN001
        return [{"text": f"[{intent}]"}]


@pytest.fixture
def pg_factory(postgres_url):
    engine = make_engine(postgres_url)
    upgrade(engine)
    yield make_session_factory(engine)
    engine.dispose()


def _reports(factory, count: int) -> None:
    for number in range(count):
        chat = 500000 + number
        worker = ReporterRef("telegram", str(chat), f"Medewerker {number}")
        stored = submit_report(
            factory,
            full_draft(MADE, draft_id=f"d{number}"),
            worker,
            default_organisation="G",
            now=MADE,
        )
        record_aftercare_choice(factory, stored.report_id, True, now=MADE)
        with factory() as s, s.begin():
            s.add(TelegramChat(chat_id=chat, first_seen_at=MADE, last_seen_at=MADE))


def _worker(factory, clock, channel) -> FollowUpWorker:
    settings = Settings(
        telegram_bot_token="1:x",
        coordinator_telegram_chat_id=str(COORDINATOR),
        internal_token="t",
    )
    return FollowUpWorker(
        settings,
        factory,
        clock,
        trigger=channel.trigger,
        send=channel.send,
        busy=lambda settings, sender: False,
    )


def test_two_workers_deliver_every_due_row_exactly_once(pg_factory):
    _reports(pg_factory, REPORTS)
    clock = FixedClock(MADE + timedelta(hours=41))
    channel = CountingChannel()
    workers = [_worker(pg_factory, clock, channel) for _ in range(2)]
    start = threading.Barrier(2)

    def run(worker: FollowUpWorker) -> None:
        start.wait()
        while worker.run_once():
            pass

    threads = [
        threading.Thread(target=run, args=(w,), name=f"worker-{i}") for i, w in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    due = REPORTS * 3
    assert len(channel.sends) == due
    assert set(channel.sends.values()) == {1}, "a message went out twice"
    with pg_factory() as s:
        statuses = Counter(row.status for row in db_list_followups(s) if row.due_at <= clock.now())
    assert statuses == {"sent": due}
    # Both workers did part of the work (the rows were shared, not run twice by one).
    assert set(channel.senders.values()) == {"worker-0", "worker-1"}


def test_the_hourly_purge_runs_once_over_all_workers(pg_factory):
    clock = FixedClock(MADE)
    channel = CountingChannel()
    workers = [_worker(pg_factory, clock, channel) for _ in range(3)]
    results: list[int | None] = []
    start = threading.Barrier(3)

    def purge(worker: FollowUpWorker) -> None:
        start.wait()
        results.append(worker.purge_if_due())

    threads = [threading.Thread(target=purge, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=lambda r: r is None) == [0, None, None]
    # Within the hour nobody purges again, not even the worker that did.
    clock.advance(timedelta(minutes=59))
    assert [w.purge_if_due() for w in workers] == [None, None, None]
    # After the hour exactly one worker does.
    clock.advance(timedelta(minutes=2))
    assert [w.purge_if_due() is not None for w in workers].count(True) == 1


def test_a_stopping_worker_finishes_its_row_and_hands_back_the_rest(pg_factory):
    _reports(pg_factory, 2)
    clock = FixedClock(MADE + timedelta(hours=41))
    channel = CountingChannel()
    stop = threading.Event()
    worker = _worker(pg_factory, clock, channel)
    original = channel.send

    def send_then_stop(*args, **kwargs):  # noqa: ANN002, ANN003
        stop.set()  # SIGTERM arrives while the first row is being sent
        return original(*args, **kwargs)

    worker.send = send_then_stop
    outcomes = worker.run_once(stop)
    assert [o.status for o in outcomes] == ["sent"]
    with pg_factory() as s:
        rows = [row for row in db_list_followups(s) if row.due_at <= clock.now()]
    assert Counter(row.status for row in rows) == {"sent": 1, "pending": 5}
    assert all(row.attempts == 0 for row in rows if row.status == "pending")
    # Another worker takes them at once.
    assert len(_worker(pg_factory, clock, channel).run_once()) == 5
    assert set(channel.sends.values()) == {1}

"""The follow-up worker (`vpt worker`): delivers due follow-up rows, at least once, deduped.

For a worker's check-in it triggers the row's external intent in Rasa over the HTTP API on
loopback (token-protected); Rasa answers into a CollectingOutputChannel and returns the
messages, which this worker sends through the worker's channel (the Telegram channel's /send
route, or the app server's /internal/web/push for an open web chat page) under the row's dedupe
key, so it learns whether a failure is permanent or retryable.
A web chat check-in waits while the worker's page is closed: the row is asked again every
minute (no attempt counted) and is cancelled when no page opened within WEB_CHECKIN_EXPIRY of
the time it was planned for.
Coordinator reminders are filled from texts_nl.yml and go to the configured Telegram chat.
The coordinator's feedback to the worker (feedback_* rows, written by the dashboard) is a fixed
text from texts_nl.yml, sent through the worker's channel like a check-in but without Rasa.

Order per row: claim (status sending, committed) -> trigger -> send -> mark sent. A crash
after sending leaves the row "sending"; it is claimed again after CLAIM_TIMEOUT and the channel
answers "duplicate" for keys it already sent, so the worker marks it sent without a second
message.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.delivery.rasa_api import conversation_busy, trigger_intent
from bot.delivery.telegram import send_proactive
from bot.delivery.web_chat import CLOSED_PAGE, page_open, push_to_page
from bot.services import followups, privacy
from bot.settings import Settings
from bot.storage.models import FollowUp, Report
from bot.wire.delivery import Delivery
from bot.wire.senders import is_web_sender

log = logging.getLogger(__name__)

TEXTS_FILE = Path(__file__).with_name("texts_nl.yml")
TYPE_LABELS_FILE = Path(__file__).parent.parent / "labels_nl.yml"


@dataclass(frozen=True)
class Outcome:
    """What happened to one row."""

    followup_id: int
    kind: str
    status: str  # sent, permanent, retryable, cancelled, waiting
    reason: str = ""


def load_texts(path: Path = TEXTS_FILE) -> dict[str, str]:
    """The Dutch texts sent outside a conversation."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


BUSY_WAIT = timedelta(minutes=30)
# Channels that can send a message the worker did not start at any time (Teams is not built
# yet). The web chat can too, but only while its page is open (bot/delivery/web_chat.py).
PROACTIVE_CHANNELS = frozenset({"telegram"})
# Expired check-in answers are deleted at start-up and then once an hour.
PURGE_EVERY_SECONDS = 3600
# A web chat check-in whose page stayed closed this long after its planned time is cancelled:
# the day-1 check-in speaks of "yesterday" and the support talk belongs within 72 hours;
# the next check-in of the schedule comes anyway.
WEB_CHECKIN_EXPIRY = timedelta(days=3)


class FollowUpWorker:
    """Claims due rows and delivers them; `run_once` is what the loop and the tests call."""

    def __init__(
        self,
        settings: Settings,
        factory: sessionmaker[Session],
        clock: Clock,
        *,
        trigger: Callable[[Settings, str, str, str], list[dict[str, Any]]] = trigger_intent,
        send: Callable[..., Delivery] = send_proactive,
        busy: Callable[[Settings, str], bool] = conversation_busy,
        web_open: Callable[[Settings, str], bool] = page_open,
        web_push: Callable[..., Delivery] = push_to_page,
    ) -> None:
        self.settings = settings
        self.factory = factory
        self.clock = clock
        self.trigger = trigger
        self.send = send
        self.busy = busy
        self.web_open = web_open
        self.web_push = web_push
        self.texts = load_texts()
        self.type_labels = _type_labels()

    def run_once(self) -> list[Outcome]:
        """Deliver every row that is due now."""
        now = self.clock.now()
        with self.factory() as session, session.begin():
            ids = [row.id for row in followups.db_claim_due(session, now=now)]
        return [self.deliver(followup_id) for followup_id in ids]

    def purge_expired(self) -> int:
        """Apply every retention period (bot/services/privacy.py); returns the check-in answers
        deleted."""
        tracker = privacy.tracker_engine(self.settings)
        try:
            outcome = privacy.purge(
                self.factory,
                tracker,
                self.settings.data_dir,
                privacy.defaults_from(self.settings),
                now=self.clock.now(),
                tz=self.settings.tz,
            )
        finally:
            if tracker is not None:
                tracker.dispose()
        if outcome.counts:
            log.info("retention: deleted %s", outcome.summary())
        return outcome.counts.get("check-in answers", 0)

    def send_now(self, report_id: int, kind: str) -> Outcome:
        """Deliver one follow-up at once, whatever its due time (support staff, demos, tests)."""
        if kind not in followups.ALL_KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        now = self.clock.now()
        with self.factory() as session, session.begin():
            row = followups.db_find_followup(session, report_id, kind)
            if row is None:
                report = session.get(Report, report_id)
                if report is None:
                    raise LookupError(f"no report with id {report_id}")
                recipient = "worker" if kind in followups.WORKER_KINDS else "coordinator"
                planned = followups.Planned(kind, recipient, now)
                row = followups.db_add_followups(
                    session, report, [planned], tz=self.settings.tz, now=now
                )[0]
            row.status = followups.SENDING
            row.claimed_at = now
            row.due_at = now
            row.attempts += 1
            followup_id = row.id
        return self.deliver(followup_id, at_night=True)

    def deliver(self, followup_id: int, *, at_night: bool = False) -> Outcome:
        """Deliver one claimed row and record the outcome."""
        now = self.clock.now()
        with self.factory() as session, session.begin():
            row = session.get(FollowUp, followup_id)
            skip = self._skip_reason(row, now=now, forced=at_night)
            if skip:
                followups.db_cancel(session, row.id, skip)
                return Outcome(row.id, row.kind, "cancelled", skip)
            if row.recipient == "worker" and not at_night:
                last = followups.db_last_sent_to_worker(session, row.reporter_id)
                if last is not None and now - last < followups.WORKER_SPACING:
                    # Several check-ins due at once (after downtime): one at a time.
                    row.status = followups.PENDING
                    row.attempts -= 1
                    row.due_at = followups.outside_quiet_hours(
                        last + followups.WORKER_SPACING, self.settings.tz
                    )
                    return Outcome(row.id, row.kind, "waiting", "spacing")
            quiet = followups.in_quiet_hours(now, self.settings.tz)
            if row.recipient == "worker" and quiet and not at_night:
                # Due while the night began (or everything was down): wait for 08:00.
                row.status = followups.PENDING
                row.attempts -= 1
                row.due_at = followups.outside_quiet_hours(now, self.settings.tz)
                return Outcome(row.id, row.kind, "waiting", "quiet hours")
            job = _Job(
                id=row.id,
                kind=row.kind,
                key=row.dedupe_key,
                recipient=row.recipient,
                channel=row.channel,
                sender_id=row.reporter.channel_user_id if row.reporter else "",
                context=self._context(row),
            )
        delivery = self._send(job)
        with self.factory() as session, session.begin():
            if delivery.status == "waiting":
                # The worker is telling a report, or their chat page is closed: try again
                # later, without counting an attempt.
                wait = (
                    timedelta(seconds=delivery.retry_after) if delivery.retry_after else BUSY_WAIT
                )
                row = session.get(FollowUp, job.id)
                row.status = followups.PENDING
                row.attempts -= 1
                row.due_at = followups.outside_quiet_hours(
                    self.clock.now() + wait, self.settings.tz
                )
                return Outcome(job.id, job.kind, "waiting", delivery.reason)
            if delivery.status == "sent":
                followups.db_mark_sent(session, job.id, now=self.clock.now())
            else:
                followups.db_mark_failed(
                    session,
                    job.id,
                    permanent=delivery.status == "permanent",
                    reason=delivery.reason or delivery.status,
                    now=self.clock.now(),
                    tz=self.settings.tz,
                )
        log.info("follow-up %d (%s): %s", job.id, job.kind, delivery.status)
        return Outcome(job.id, job.kind, delivery.status, delivery.reason)

    def _skip_reason(self, row: FollowUp, *, now: datetime, forced: bool) -> str | None:
        # A channel that was never set up, or that cannot reach a worker unasked, is not a
        # delivery problem of this report: the row is cancelled with the reason, unflagged.
        # `forced` (send-now) skips the web expiry: support staff asked for this one.
        if row.recipient == "coordinator":
            if row.report.response_done_at is not None:
                return "response done"
            if not (self.settings.coordinator_telegram_chat_id and self.settings.telegram_enabled):
                return "no coordinator Telegram chat configured"
        if row.recipient == "worker":
            if row.reporter.followups_stopped_at is not None:
                return "worker stopped check-ins"
            if is_web_sender(row.channel, row.reporter.channel_user_id):
                late = now - followups.planned_at(row)
                if not forced and late > WEB_CHECKIN_EXPIRY:
                    return f"web chat page not opened within {WEB_CHECKIN_EXPIRY.days} days"
            elif row.channel not in PROACTIVE_CHANNELS:
                return f"channel {row.channel} cannot send a message the worker did not start"
        return None

    def _context(self, row: FollowUp) -> dict[str, str]:
        if row.recipient == "coordinator":
            return self._coordinator_context(row)
        if row.kind in followups.FEEDBACK_KINDS:
            return {"receipt": row.report.receipt}
        return {}

    def _coordinator_context(self, row: FollowUp) -> dict[str, str]:
        report = row.report
        due = report.response_due_at.astimezone(self.settings.tz)
        types = ", ".join(self.type_labels.get(t, t) for t in report.types or []) or "onbekend"
        return {
            "receipt": report.receipt,
            "report_id": str(report.id),
            "types": types,
            "due": f"{due:%d-%m-%Y %H:%M}",
        }

    def _send(self, job: _Job) -> Delivery:
        if job.recipient == "coordinator":
            chat = self.settings.coordinator_telegram_chat_id  # checked in _skip_reason
            text = self.texts[job.kind].format(**job.context)
            return self.send(self.settings, int(chat), text, dedupe_key=job.key)
        web = is_web_sender(job.channel, job.sender_id)
        if job.kind in followups.FEEDBACK_KINDS:
            return self._send_feedback(job, web=web)
        try:
            # Ask before triggering: a check-in triggered in Rasa but never shown would leave
            # the conversation waiting for an answer to a question the worker did not see.
            if web and not self.web_open(self.settings, job.sender_id):
                return CLOSED_PAGE
            if self.busy(self.settings, job.sender_id):
                return Delivery("waiting", "worker is telling a report")
            messages = self.trigger(
                self.settings, job.sender_id, followups.external_intent(job.kind), job.channel
            )
        except urllib.error.HTTPError as exc:
            return Delivery("retryable", f"Rasa answered HTTP {exc.code}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return Delivery("retryable", f"Rasa or app server not reachable ({type(exc).__name__})")
        if not messages:
            return Delivery("retryable", "Rasa gave no message for the intent")
        if web:
            # One push for all messages: the page shows them together or not at all.
            return self.web_push(self.settings, job.sender_id, messages, dedupe_key=job.key)
        for index, message in enumerate(messages):
            delivery = self.send(
                self.settings,
                int(job.sender_id),
                message.get("text") or "",
                buttons=message.get("buttons") or None,
                dedupe_key=f"{job.key}#{index}",
            )
            if delivery.status != "sent":
                return delivery
        return Delivery("sent")

    def _send_feedback(self, job: _Job, *, web: bool) -> Delivery:
        """A coordinator's feedback: a fixed text, no Rasa turn (the worker need not answer)."""
        text = self.texts[job.kind].format(**job.context)
        if not web:
            return self.send(self.settings, int(job.sender_id), text, dedupe_key=job.key)
        try:
            if not self.web_open(self.settings, job.sender_id):
                return CLOSED_PAGE
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return Delivery("retryable", f"app server not reachable ({type(exc).__name__})")
        return self.web_push(self.settings, job.sender_id, [{"text": text}], dedupe_key=job.key)


@dataclass(frozen=True)
class _Job:
    id: int
    kind: str
    key: str
    recipient: str
    channel: str
    sender_id: str
    context: dict[str, str]


def _type_labels() -> dict[str, str]:
    data = yaml.safe_load(TYPE_LABELS_FILE.read_text(encoding="utf-8")) or {}
    labels = data.get("types") if isinstance(data, dict) else None
    return {k: str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def run_forever(settings: Settings, stop: threading.Event | None = None) -> None:
    """Deliver due rows every VPT_WORKER_POLL_SECONDS until stopped; rows due while down go first."""
    from bot.storage.db import make_engine, make_session_factory

    stop = stop or threading.Event()
    engine = make_engine(settings.effective_database_url)
    worker = FollowUpWorker(settings, make_session_factory(engine), Clock(settings.tz))
    log.info("follow-up worker started (every %d s)", settings.worker_poll_seconds)
    purged_at: float | None = None
    try:
        while not stop.is_set():
            try:
                worker.run_once()
                if purged_at is None or time.monotonic() - purged_at >= PURGE_EVERY_SECONDS:
                    worker.purge_expired()
                    purged_at = time.monotonic()
            except Exception:  # one bad round must not end the worker
                log.exception("follow-up round failed; trying again next round")
            stop.wait(settings.worker_poll_seconds)
    finally:
        engine.dispose()
        log.info("follow-up worker stopped")


def main() -> int:
    """Entry point of `python -m bot.delivery.worker` (the supervisor starts it)."""
    from bot.settings import load_settings
    from bot.wire.privacy_log import configure_logging

    settings = load_settings()
    configure_logging(settings.log_level)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    run_forever(settings, stop)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

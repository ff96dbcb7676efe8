"""The follow-up worker (`vpt worker`): delivers due follow-up rows, at least once, deduped.

For a worker's check-in it triggers the row's external intent in Rasa over the HTTP API on
loopback (token-protected); Rasa answers into a CollectingOutputChannel and returns the
messages, which this worker sends through the worker's channel (the Telegram or Teams channel's
/send route, or the app server's /internal/web/push for an open web chat page) under the row's dedupe
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
import os
import signal
import socket
import threading
import urllib.error
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.delivery import teams
from bot.delivery.rasa_api import conversation_busy, trigger_intent
from bot.delivery.telegram import send_proactive
from bot.delivery.web_chat import CLOSED_PAGE, page_open, push_to_page
from bot.services import followups, privacy
from bot.settings import Settings
from bot.storage.leases import take_lease
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
# Channels that can send a message the worker did not start at any time. The web chat can
# too, but only while its page is open (bot/delivery/web_chat.py).
PROACTIVE_CHANNELS = frozenset({"telegram", "teams"})
# Expired check-in answers are deleted once an hour, by one of the running workers: the one
# that takes the lease PURGE_LEASE, which then stays taken for the hour.
PURGE_EVERY_SECONDS = 3600
PURGE_LEASE = "worker.purge"
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
        teams_send: Callable[..., Delivery] = teams.send_proactive,
    ) -> None:
        self.settings = settings
        self.factory = factory
        self.clock = clock
        self.trigger = trigger
        self.send = send
        self.busy = busy
        self.web_open = web_open
        self.web_push = web_push
        self.teams_send = teams_send
        self.texts = load_texts()
        self.type_labels = _type_labels()
        # Names this process in leases (several workers may run at once).
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def run_once(self, stop: threading.Event | None = None) -> list[Outcome]:
        """Deliver every row that is due now; on `stop`, finish the current row and hand back the rest.

        Several workers may run at once: db_claim_due marks the rows it takes in one committed
        transaction (SKIP LOCKED on PostgreSQL), so every row is claimed by one worker only.
        """
        now = self.clock.now()
        with self.factory() as session, session.begin():
            ids = [row.id for row in followups.db_claim_due(session, now=now)]
        outcomes = []
        for index, followup_id in enumerate(ids):
            if stop is not None and stop.is_set():
                self._unclaim(ids[index:])
                break
            outcomes.append(self.deliver(followup_id))
        return outcomes

    def _unclaim(self, ids: list[int]) -> None:
        """Rows claimed but not started (shutdown): due again at once for any worker."""
        with self.factory() as session, session.begin():
            followups.db_unclaim(session, ids)
        log.info("stopping: %d claimed follow-ups handed back", len(ids))

    def purge_if_due(self) -> int | None:
        """Purge once per PURGE_EVERY_SECONDS over all workers; None when another worker's turn."""
        if not take_lease(
            self.factory,
            PURGE_LEASE,
            self.worker_id,
            ttl=timedelta(seconds=PURGE_EVERY_SECONDS),
            now=self.clock.now(),
            renew=False,
        ):
            return None
        return self.purge_expired()

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

    def case_url(self, context: dict[str, str]) -> str:
        """The dashboard's page of the report (VPT_DASHBOARD_PUBLIC_URL + /beheer/meldingen/N)."""
        base = self.settings.dashboard_public_url.rstrip("/")
        return f"{base}/beheer/meldingen/{context['report_id']}"

    def _send(self, job: _Job) -> Delivery:
        if job.recipient == "coordinator":
            chat = self.settings.coordinator_telegram_chat_id  # checked in _skip_reason
            text = self.texts[job.kind].format(**job.context)
            if self.settings.dashboard_public_url:
                # Where the notification leads: the case page (its id only, no content).
                text += "\n\n" + self.texts["case_link"].format(url=self.case_url(job.context))
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
            delivery = self._send_to_worker(
                job,
                message.get("text") or "",
                buttons=message.get("buttons") or None,
                dedupe_key=f"{job.key}#{index}",
            )
            if delivery.status != "sent":
                return delivery
        return Delivery("sent")

    def _send_to_worker(self, job: _Job, text: str, **kwargs: Any) -> Delivery:
        """Send through the worker's own channel: Teams by their user id, Telegram by chat id."""
        if job.channel == "teams":
            return self.teams_send(self.settings, job.sender_id, text, **kwargs)
        return self.send(self.settings, int(job.sender_id), text, **kwargs)

    def _send_feedback(self, job: _Job, *, web: bool) -> Delivery:
        """A coordinator's feedback: a fixed text, no Rasa turn (the worker need not answer)."""
        text = self.texts[job.kind].format(**job.context)
        if not web:
            return self._send_to_worker(job, text, dedupe_key=job.key)
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


def heartbeat_path(settings: Settings) -> Path:
    """The file the worker touches every round; its age is the worker's liveness probe."""
    return settings.data_dir / "worker.alive"


def beat(path: Path) -> None:
    """Touch the heartbeat file (bot/cli/probe.py worker-live reads its age)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError as exc:
        log.warning("heartbeat file %s not written (%s)", path, type(exc).__name__)


def run_forever(settings: Settings, stop: threading.Event | None = None) -> None:
    """Deliver due rows every VPT_WORKER_POLL_SECONDS until stopped; rows due while down go first."""
    from bot.storage.db import make_engine, make_session_factory

    stop = stop or threading.Event()
    engine = make_engine(settings.effective_database_url)
    worker = FollowUpWorker(settings, make_session_factory(engine), Clock(settings.tz))
    log.info("follow-up worker started (every %d s)", settings.worker_poll_seconds)
    alive = heartbeat_path(settings)
    try:
        while not stop.is_set():
            beat(alive)
            try:
                worker.run_once(stop)
                worker.purge_if_due()
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

"""The follow-up worker with a controllable clock and a channel that dedupes like Telegram's."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.delivery.worker import FollowUpWorker
from bot.services import followups
from bot.services.followups import db_list_followups
from bot.services.reporting import record_aftercare_choice, record_response, submit_report
from bot.settings import Settings
from bot.storage.models import FollowUp, Report, TelegramChat
from bot.storage.reports import ReporterRef
from bot.wire.delivery import Delivery
from tests.bot.services.test_reporting import full_draft
from tests.conftest import AMS

CHAT = 424242
COORDINATOR = 900900
WORKER = ReporterRef(channel="telegram", channel_user_id=str(CHAT), display_name="Sanne")
# Monday 23 November 2026, 15:00: the report is made.
MADE = datetime(2026, 11, 23, 15, 0, tzinfo=AMS)


class FakeChannel:
    """Records what reaches each chat; a repeated dedupe key is answered 'sent' and not sent."""

    def __init__(self) -> None:
        self.delivered: list[tuple[int, str, str | None]] = []
        self.keys: set[str] = set()
        self.blocked: set[int] = set()
        self.triggered: list[tuple[str, str]] = []
        self.busy: set[str] = set()  # conversations in the middle of a report

    def trigger(self, settings, sender_id, intent, channel):  # noqa: ANN001
        assert channel in ("telegram", "teams", "web", "rest"), (
            channel
        )  # the report's channel goes along
        self.triggered.append((sender_id, intent))
        return [{"text": f"[{intent}]", "buttons": [{"title": "Ja", "payload": "/affirm"}]}]

    def send(self, settings, chat_id, text, *, buttons=None, dedupe_key=None):  # noqa: ANN001
        if chat_id in self.blocked:
            return Delivery("permanent", "Forbidden: bot was blocked by the user")
        if dedupe_key in self.keys:
            return Delivery("sent", "duplicate")
        self.keys.add(dedupe_key)
        self.delivered.append((chat_id, text, dedupe_key))
        return Delivery("sent")

    def texts_to(self, chat_id: int) -> list[str]:
        return [text for chat, text, _ in self.delivered if chat == chat_id]


@pytest.fixture
def setup(session_factory):
    clock = FixedClock(MADE)
    channel = FakeChannel()
    settings = Settings(
        telegram_bot_token="1:x",
        coordinator_telegram_chat_id=str(COORDINATOR),
        action_token="t",
    )
    stored = submit_report(
        session_factory,
        full_draft(MADE, types=("bedreiging",), wants_aangifte=True),
        WORKER,
        default_organisation="G",
        now=MADE,
    )
    record_aftercare_choice(session_factory, stored.report_id, True, now=MADE)
    with session_factory() as s, s.begin():
        s.add(TelegramChat(chat_id=CHAT, first_seen_at=MADE, last_seen_at=MADE))

    def make_worker():
        return FollowUpWorker(
            settings,
            session_factory,
            clock,
            trigger=channel.trigger,
            send=channel.send,
            busy=lambda settings, sender: sender in channel.busy,
        )

    return clock, channel, make_worker, stored.report_id


def _status(factory) -> dict[str, str]:
    with factory() as s:
        return {r.kind: r.status for r in db_list_followups(s)}


def _run_until(clock, worker, until: datetime, step=timedelta(minutes=30)) -> None:
    while clock.now() < until:
        clock.advance(step)
        worker.run_once()


def test_each_check_in_goes_out_on_its_day_and_never_at_night(setup, session_factory):
    clock, channel, make_worker, _ = setup
    worker = make_worker()
    sent_at: dict[str, datetime] = {}
    while clock.now() < MADE + timedelta(days=45):
        clock.advance(timedelta(minutes=30))
        for outcome in worker.run_once():
            if outcome.status == "sent":
                sent_at[outcome.kind] = clock.now()
    assert set(sent_at) == {
        "response_reminder_24h",
        "response_reminder_40h",
        "aangifte_check",
        "aftercare_day1",
        "aftercare_week2",
        "aftercare_tsq",
        "aftercare_closing",
    }
    assert sent_at["aftercare_day1"] == MADE + timedelta(hours=24)
    assert sent_at["aangifte_check"].date() == (MADE + timedelta(days=7)).date()
    assert sent_at["aftercare_week2"].date() == (MADE + timedelta(days=14)).date()
    assert sent_at["aftercare_tsq"].date() == (MADE + timedelta(days=28)).date()
    assert sent_at["aftercare_closing"].date() == (MADE + timedelta(days=42)).date()
    for kind in ("aftercare_day1", "aftercare_week2", "aftercare_tsq", "aftercare_closing"):
        assert 8 <= sent_at[kind].astimezone(AMS).hour < 21, kind
    # Each check-in reached the worker once, through the external intent.
    assert [i for _, i in channel.triggered] == [
        "EXTERNAL_aftercare_day1",
        "EXTERNAL_aangifte_check",
        "EXTERNAL_aftercare_week2",
        "EXTERNAL_aftercare_tsq",
        "EXTERNAL_aftercare_closing",
    ]
    assert len(channel.texts_to(CHAT)) == 5


def test_a_check_in_due_while_everything_was_down_waits_for_the_morning(setup, session_factory):
    clock, channel, make_worker, _ = setup
    # Down from Monday 15:00 until Tuesday 22:00: day 1 (due Tuesday 15:00) is late and it is night.
    clock.advance(timedelta(hours=31))
    outcomes = {o.kind: o.status for o in make_worker().run_once()}
    assert outcomes["aftercare_day1"] == "waiting"
    assert channel.texts_to(CHAT) == []
    # The coordinator's 24-hour reminder does not wait: it keeps the deadline's clock.
    assert outcomes["response_reminder_24h"] == "sent"
    clock.at = datetime(2026, 11, 25, 7, 59, tzinfo=AMS)
    assert "aftercare_day1" not in {o.kind for o in make_worker().run_once()}
    clock.at = datetime(2026, 11, 25, 8, 0, tzinfo=AMS)
    assert {o.kind: o.status for o in make_worker().run_once()}["aftercare_day1"] == "sent"
    assert channel.texts_to(CHAT) == ["[EXTERNAL_aftercare_day1]"]


def test_a_crash_between_sending_and_marking_neither_loses_nor_repeats(
    setup, session_factory, monkeypatch
):
    clock, channel, make_worker, _ = setup
    clock.advance(timedelta(hours=24))

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("worker killed after sending")

    with monkeypatch.context() as patched:
        patched.setattr(followups, "db_mark_sent", crash)
        with pytest.raises(KeyboardInterrupt):
            make_worker().run_once()
    assert _status(session_factory)["response_reminder_24h"] == "sending"
    assert len(channel.delivered) == 1
    # A new worker takes the stale claim again; the channel knows the key: no second message.
    clock.advance(followups.CLAIM_TIMEOUT + timedelta(minutes=1))
    make_worker().run_once()
    status = _status(session_factory)
    assert status["response_reminder_24h"] == "sent"
    assert status["aftercare_day1"] == "sent"
    assert len(channel.texts_to(COORDINATOR)) == 1
    assert len(channel.texts_to(CHAT)) == 1


def test_a_blocked_user_stops_the_row_and_flags_the_report(setup, session_factory):
    clock, channel, make_worker, report_id = setup
    channel.blocked.add(CHAT)
    clock.advance(timedelta(hours=24))
    outcomes = {o.kind: o.status for o in make_worker().run_once()}
    assert outcomes["aftercare_day1"] == "permanent"
    assert _status(session_factory)["aftercare_day1"] == "failed"
    with session_factory() as s:
        assert s.get(Report, report_id).delivery_problem is True
    clock.advance(timedelta(days=1))
    assert "aftercare_day1" not in {o.kind for o in make_worker().run_once()}


def test_a_temporary_failure_is_retried_with_back_off(setup, session_factory):
    clock, channel, make_worker, _ = setup
    calls = []

    def flaky(settings, chat_id, text, **kwargs):  # noqa: ANN001
        calls.append(clock.now())
        if len(calls) == 1:
            return Delivery("retryable", "rate limited")
        return channel.send(settings, chat_id, text, **kwargs)

    worker = make_worker()
    worker.send = flaky
    clock.advance(timedelta(hours=24))
    worker.run_once()
    assert _status(session_factory)["response_reminder_24h"] == "pending"
    _run_until(clock, worker, clock.now() + timedelta(minutes=2), step=timedelta(seconds=30))
    assert _status(session_factory)["response_reminder_24h"] == "sent"


def test_coordinator_is_reminded_at_24_and_40_hours(setup, session_factory):
    clock, channel, make_worker, _ = setup
    worker = make_worker()
    _run_until(clock, worker, MADE + timedelta(hours=23, minutes=30))
    assert channel.texts_to(COORDINATOR) == []
    _run_until(clock, worker, MADE + timedelta(hours=24))
    assert len(channel.texts_to(COORDINATOR)) == 1
    assert "24 uur" in channel.texts_to(COORDINATOR)[0]
    _run_until(clock, worker, MADE + timedelta(hours=39, minutes=30))
    assert len(channel.texts_to(COORDINATOR)) == 1
    _run_until(clock, worker, MADE + timedelta(hours=40))
    assert len(channel.texts_to(COORDINATOR)) == 2
    assert "Nog 8 uur" in channel.texts_to(COORDINATOR)[1]
    assert "25-11-2026 15:00" in channel.texts_to(COORDINATOR)[1]


def test_no_reminder_after_the_response_is_done(setup, session_factory):
    clock, channel, make_worker, report_id = setup
    worker = make_worker()
    _run_until(clock, worker, MADE + timedelta(hours=24))
    assert len(channel.texts_to(COORDINATOR)) == 1
    record_response(session_factory, report_id, "waarschuwingsbrief", now=clock.now())
    _run_until(clock, worker, MADE + timedelta(hours=48))
    assert len(channel.texts_to(COORDINATOR)) == 1
    assert _status(session_factory)["response_reminder_40h"] == "cancelled"


def test_a_stopped_worker_gets_nothing_more(setup, session_factory):
    from bot.services.checkins import stop_for_account

    clock, channel, make_worker, _ = setup
    assert stop_for_account(session_factory, "telegram", str(CHAT), now=MADE) is True
    assert stop_for_account(session_factory, "telegram", str(CHAT), now=MADE) is False
    _run_until(clock, make_worker(), MADE + timedelta(days=45), step=timedelta(hours=6))
    assert channel.texts_to(CHAT) == []
    assert len(channel.texts_to(COORDINATOR)) == 2


def test_send_now_delivers_one_check_in_at_once_even_at_night(setup, session_factory):
    clock, channel, make_worker, report_id = setup
    clock.at = datetime(2026, 11, 23, 23, 0, tzinfo=AMS)
    outcome = make_worker().send_now(report_id, "aftercare_tsq")
    assert outcome.status == "sent"
    assert channel.texts_to(CHAT) == ["[EXTERNAL_aftercare_tsq]"]
    assert _status(session_factory)["aftercare_tsq"] == "sent"
    with pytest.raises(LookupError):
        make_worker().send_now(999_999, "aftercare_tsq")


def test_check_ins_that_fell_due_together_go_out_an_hour_apart(setup, session_factory):
    clock, channel, make_worker, _ = setup
    # Everything was down for three weeks: day 1, the aangifte check and week 2 are all late.
    clock.at = datetime(2026, 12, 14, 10, 0, tzinfo=AMS)
    worker = make_worker()
    sent: list[tuple[str, datetime]] = []
    while clock.now() < datetime(2026, 12, 14, 14, 0, tzinfo=AMS):
        sent += [(o.kind, clock.now()) for o in worker.run_once() if o.status == "sent"]
        clock.advance(timedelta(minutes=10))
    to_worker = [(k, t) for k, t in sent if not k.startswith("response_")]
    assert [k for k, _ in to_worker] == ["aftercare_day1", "aangifte_check", "aftercare_week2"]
    times = [t for _, t in to_worker]
    assert all(b - a >= timedelta(hours=1) for a, b in zip(times, times[1:], strict=False))


def test_a_check_in_waits_while_the_worker_is_telling_a_report(setup, session_factory):
    clock, channel, make_worker, _ = setup
    channel.busy.add(str(CHAT))
    clock.advance(timedelta(hours=24))
    outcomes = {o.kind: o for o in make_worker().run_once()}
    assert outcomes["aftercare_day1"].status == "waiting"
    assert channel.texts_to(CHAT) == [] and channel.triggered == []
    with session_factory() as s:
        row = followups.db_find_followup(s, 1, "aftercare_day1")
        assert row.attempts == 0 and row.due_at == clock.now() + timedelta(minutes=30)
    channel.busy.clear()
    clock.advance(timedelta(minutes=30))
    assert {o.kind: o.status for o in make_worker().run_once()}["aftercare_day1"] == "sent"


def test_channels_that_cannot_be_reached_cancel_their_rows_without_flagging_the_report(
    session_factory,
):
    # The embedded default: a report over Rasa's rest channel by another client than the chat
    # page, with consent, and no coordinator chat configured.
    clock = FixedClock(MADE)
    channel = FakeChannel()
    web = ReporterRef(channel="rest", channel_user_id="api-client-1", display_name=None)
    stored = submit_report(
        session_factory, full_draft(MADE), web, default_organisation="G", now=MADE
    )
    record_aftercare_choice(session_factory, stored.report_id, True, now=MADE)
    worker = FollowUpWorker(
        Settings(action_token="t"),
        session_factory,
        clock,
        trigger=channel.trigger,
        send=channel.send,
        busy=lambda settings, sender: False,
    )
    _run_until(clock, worker, MADE + timedelta(days=45), step=timedelta(hours=6))
    assert channel.delivered == [] and channel.triggered == []
    assert set(_status(session_factory).values()) == {"cancelled"}
    with session_factory() as s:
        assert s.get(Report, stored.report_id).delivery_problem is False
        reasons = {r.kind: r.last_error for r in db_list_followups(s)}
    assert "coordinator" in reasons["response_reminder_24h"]
    assert "channel rest" in reasons["aftercare_day1"]


def _answer(factory, report_id: int, question: str, at: datetime) -> None:
    from bot.dialogue.turn import Effect
    from bot.services.checkins import apply_effects

    effect = Effect("answer", {"kind": "aftercare_day1", "question": question, "answer": "slecht"})
    apply_effects(factory, report_id, (effect,), now=at)


def test_check_in_answers_are_deleted_after_the_retention_period(setup, session_factory):
    from bot.services.checkins import db_answers

    clock, _, make_worker, report_id = setup
    _answer(session_factory, report_id, "feeling", MADE + timedelta(days=1))
    _answer(session_factory, report_id, "sleep", MADE + timedelta(days=14))
    worker = make_worker()  # retention: the default 365 days
    clock.advance(timedelta(days=365))
    assert worker.purge_expired() == 0
    clock.advance(timedelta(days=2))  # the first answer is now 366 days old, the second 353
    assert worker.purge_expired() == 1
    with session_factory() as s:
        assert [a.question for a in db_answers(s, report_id)] == ["sleep"]
        assert s.get(Report, report_id) is not None  # the report itself stays


WEB_SENDER = "web-" + "s" * 43


class FakeWebChat:
    """The app server's open pages: a push reaches an open page once per dedupe key."""

    def __init__(self) -> None:
        self.open: set[str] = set()
        self.shown: list[tuple[str, str]] = []
        self.keys: set[str] = set()

    def page_open(self, settings, sender_id):  # noqa: ANN001
        return sender_id in self.open

    def push(self, settings, sender_id, messages, *, dedupe_key):  # noqa: ANN001
        if sender_id not in self.open:
            return Delivery("waiting", "web chat page not open", retry_after=60)
        if dedupe_key in self.keys:
            return Delivery("sent", "duplicate")
        self.keys.add(dedupe_key)
        self.shown += [(sender_id, m["text"]) for m in messages]
        return Delivery("sent")


@pytest.fixture
def web_setup(session_factory):
    """A web chat report with aftercare consent; the chat page starts closed."""
    clock = FixedClock(MADE)
    channel, page = FakeChannel(), FakeWebChat()
    stored = submit_report(
        session_factory,
        full_draft(MADE),
        ReporterRef(channel="rest", channel_user_id=WEB_SENDER, display_name=None),
        default_organisation="G",
        now=MADE,
    )
    record_aftercare_choice(session_factory, stored.report_id, True, now=MADE)

    def make_worker():
        return FollowUpWorker(
            Settings(action_token="t"),
            session_factory,
            clock,
            trigger=channel.trigger,
            send=channel.send,
            busy=lambda settings, sender: False,
            web_open=page.page_open,
            web_push=page.push,
        )

    return clock, channel, page, make_worker, stored.report_id


def _row(factory, report_id: int, kind: str) -> tuple[str, int, datetime, str | None]:
    with factory() as s:
        row = followups.db_find_followup(s, report_id, kind)
        return row.status, row.attempts, row.due_at, row.last_error


def test_a_web_check_in_waits_while_the_page_is_closed_and_comes_within_a_minute_of_opening(
    web_setup, session_factory
):
    clock, channel, page, make_worker, report_id = web_setup
    clock.advance(timedelta(hours=24))
    outcomes = {o.kind: o for o in make_worker().run_once()}
    assert (outcomes["aftercare_day1"].status, outcomes["aftercare_day1"].reason) == (
        "waiting",
        "web chat page not open",
    )
    # Not triggered in Rasa (the conversation would wait for an unseen answer), not counted.
    assert channel.triggered == [] and page.shown == []
    status, attempts, due, _ = _row(session_factory, report_id, "aftercare_day1")
    assert (status, attempts, due) == ("pending", 0, clock.now() + timedelta(minutes=1))
    # An hour later the page is still closed: still waiting, still no attempt counted.
    _run_until(clock, make_worker(), clock.now() + timedelta(hours=1), step=timedelta(minutes=1))
    assert _row(session_factory, report_id, "aftercare_day1")[:2] == ("pending", 0)
    page.open.add(WEB_SENDER)
    clock.advance(timedelta(minutes=1))
    assert {o.kind: o.status for o in make_worker().run_once()}["aftercare_day1"] == "sent"
    assert page.shown == [(WEB_SENDER, "[EXTERNAL_aftercare_day1]")]
    assert channel.delivered == []  # nothing went to Telegram


def test_a_web_check_in_is_shown_once_when_the_worker_sends_it_again(web_setup, session_factory):
    clock, channel, page, make_worker, report_id = web_setup
    page.open.add(WEB_SENDER)
    clock.advance(timedelta(hours=24))
    assert make_worker().send_now(report_id, "aftercare_day1").status == "sent"
    again = make_worker().send_now(report_id, "aftercare_day1")
    assert (again.status, again.reason) == ("sent", "duplicate")
    assert page.shown == [(WEB_SENDER, "[EXTERNAL_aftercare_day1]")]


def test_a_closed_page_at_nine_in_the_evening_waits_for_the_morning(web_setup, session_factory):
    clock, channel, page, make_worker, report_id = web_setup
    clock.at = datetime(2026, 11, 24, 20, 59, 30, tzinfo=AMS)
    assert {o.kind: o.status for o in make_worker().run_once()}["aftercare_day1"] == "waiting"
    assert _row(session_factory, report_id, "aftercare_day1")[2] == datetime(
        2026, 11, 25, 8, 0, tzinfo=AMS
    )


def test_a_web_check_in_whose_page_stays_closed_for_three_days_is_cancelled_unflagged(
    web_setup, session_factory
):
    clock, channel, page, make_worker, report_id = web_setup
    worker = make_worker()
    _run_until(clock, worker, MADE + timedelta(days=4, hours=1), step=timedelta(minutes=30))
    status, _, _, reason = _row(session_factory, report_id, "aftercare_day1")
    assert (status, reason) == ("cancelled", "web chat page not opened within 3 days")
    with session_factory() as s:
        assert s.get(Report, report_id).delivery_problem is False
    # The next check-in of the schedule still reaches the page once it is open.
    page.open.add(WEB_SENDER)
    _run_until(clock, worker, MADE + timedelta(days=15), step=timedelta(hours=1))
    assert page.shown == [(WEB_SENDER, "[EXTERNAL_aftercare_week2]")]


def _coordinator_messages(channel) -> list[str]:
    return channel.texts_to(COORDINATOR)


def test_coordinator_messages_link_to_the_case_page_and_carry_nothing_more(setup, session_factory):
    clock, channel, _, report_id = setup
    settings = Settings(
        telegram_bot_token="1:x", coordinator_telegram_chat_id=str(COORDINATOR),
        internal_token="t", dashboard_public_url="https://vpt.gemeente.nl/",
    )  # fmt: skip
    worker = FollowUpWorker(
        settings, session_factory, clock, trigger=channel.trigger, send=channel.send,
        busy=lambda settings, sender: False,
    )  # fmt: skip
    plain = FollowUpWorker(
        Settings(telegram_bot_token="1:x", coordinator_telegram_chat_id=str(COORDINATOR),
                 internal_token="t"),
        session_factory, clock, trigger=channel.trigger, send=channel.send,
        busy=lambda settings, sender: False,
    )  # fmt: skip
    with session_factory() as s:
        receipt = s.get(Report, report_id).receipt
    clock.advance(timedelta(hours=24))
    worker.run_once()
    [message] = _coordinator_messages(channel)
    link = f"https://vpt.gemeente.nl/beheer/meldingen/{report_id}"
    assert message.endswith(f"\n\nOpen de melding in het dashboard: {link}")
    # Without the link the message is exactly today's: the link adds only the report's id.
    with session_factory() as s:
        row = s.query(FollowUp).filter_by(report_id=report_id, kind="response_reminder_24h").one()
        text = plain.texts["response_reminder_24h"].format(**plain._coordinator_context(row))
    assert message == f"{text}\n\nOpen de melding in het dashboard: {link}"
    assert receipt in message and "Sanne" not in message


def test_coordinator_messages_have_no_link_without_a_public_url(setup, session_factory):
    clock, channel, make_worker, _ = setup
    clock.advance(timedelta(hours=24))
    make_worker().run_once()
    [message] = _coordinator_messages(channel)
    assert "beheer" not in message and "http" not in message

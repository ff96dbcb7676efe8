"""Check-ins end to end: the real processes, the fake Bot API, and the worker on a fixed clock.

The stack runs its own worker process on the real clock (nothing is due for it during the
test); the test drives a second worker in-process with a controllable clock, through the same
loopback APIs: our web channel's token-protected trigger and the Telegram channel's /send route.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.clock import FixedClock
from bot.delivery.telegram import send_proactive
from bot.delivery.worker import FollowUpWorker
from bot.services.checkins import db_answers
from bot.services.followups import db_find_followup
from bot.services.reporting import record_aftercare_choice, submit_report
from bot.storage import deliveries
from bot.storage.db import make_engine, make_session_factory
from bot.storage.models import MessageDelivery, Report, TelegramChat
from bot.storage.reports import ReporterRef
from tests.bot.services.test_reporting import full_draft
from tests.conftest import AMS
from tests.e2e.conftest import RunningBot, _start
from tests.e2e.test_telegram_end_to_end import (
    Worker,
    fake,  # noqa: F401 - the module's fake Bot API fixture
    joined,
    new_chat,
    telegram_settings,
)
from tests.telegram_fake import FakeTelegram

pytestmark = pytest.mark.e2e

COORDINATOR = 777_000_001


@pytest.fixture(scope="module")
def bot(fake: FakeTelegram, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:  # noqa: F811
    settings = telegram_settings(
        fake,
        tmp_path_factory.mktemp("vpt-followups"),
        coordinator_telegram_chat_id=str(COORDINATOR),
    )
    yield from _start(settings)


def factory(bot: RunningBot):
    return make_session_factory(make_engine(bot.settings.effective_database_url))


def reported(bot: RunningBot, chat: int, made: datetime, *, consent: bool = True) -> int:
    """A stored Telegram report with aftercare consent; both chats may get messages."""
    f = factory(bot)
    stored = submit_report(
        f,
        full_draft(made, draft_id=f"d-{chat}", types=("bedreiging",)),
        ReporterRef("telegram", str(chat), "Sanne"),
        default_organisation="G",
        now=made,
    )
    record_aftercare_choice(f, stored.report_id, consent, now=made)
    with f() as s, s.begin():
        for chat_id in (chat, COORDINATOR):
            if s.get(TelegramChat, chat_id) is None:
                s.add(TelegramChat(chat_id=chat_id, first_seen_at=made, last_seen_at=made))
    return stored.report_id


def worker_at(bot: RunningBot, at: datetime) -> tuple[FollowUpWorker, FixedClock]:
    clock = FixedClock(at)
    return FollowUpWorker(bot.stack.settings, factory(bot), clock), clock


def made_at() -> datetime:
    """A report made this morning at 10:00, so every due time falls in the day."""
    return datetime.now(AMS).replace(hour=10, minute=0, second=0, microsecond=0)


def test_the_worker_process_runs_next_to_the_others(bot: RunningBot):
    names = {s.spec.name: s.process.poll() for s in bot.stack.services}
    assert names == {"actions": None, "rasa": None, "app": None, "worker": None}


def test_rasas_http_api_is_off_and_our_trigger_refuses_calls_without_the_token(bot: RunningBot):
    base = bot.settings.effective_rasa_url
    for method, path in (("POST", "/conversations/1/trigger_intent"), ("PUT", "/model")):
        request = urllib.request.Request(f"{base}{path}", data=b"{}", method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)  # noqa: S310 - loopback
        assert refused.value.code in (404, 405), path
    request = urllib.request.Request(
        f"{base}/webhooks/web/trigger",
        data=json.dumps({"sender": "1", "intent": "EXTERNAL_aftercare_day1"}).encode(),
        headers={"Authorization": "Bearer wrong"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310 - loopback
    assert refused.value.code == 401


def test_tsq_with_six_yes_advises_a_doctor_and_alerts_the_coordinator_with_consent(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    made = made_at()
    report_id = reported(bot, chat, made)
    worker, _ = worker_at(bot, made + timedelta(days=28))
    assert worker.send_now(report_id, "aftercare_tsq").status == "sent"
    person = Worker(bot, fake, chat)
    first = person._new_messages()
    assert "geen diagnose" in joined(first)
    assert first[-1]["text"].startswith("1 van 10")
    # Six yes, four no: by button and by typing.
    replies = person.press(first[-1], "Ja")
    for answer in ["ja", "ja hoor", "Ja", "ja", "ja", "nee", "nee", "nee"]:
        assert replies, "every answer gets the next question"
        replies = (
            person.press(replies[-1], answer) if answer in ("Ja", "Nee") else person.say(answer)
        )
    replies = person.press(replies[-1], "Nee")
    text = joined(replies)
    assert "6 keer of vaker" in text and "bedrijfsarts" in text and "geen diagnose" in text
    assert "coördinator" in replies[-1]["text"]
    before = len(fake.sent_to(COORDINATOR))
    person.say("ja dat is goed")
    worker.run_once()
    alerts = [m for m in fake.sent_to(COORDINATOR)[before:] if "TSQ" in m["text"]]
    assert len(alerts) == 1 and "bedrijfsarts" in alerts[0]["text"]
    with factory(bot)() as s:
        answers = {a.question: a.answer for a in db_answers(s, report_id)}
    assert answers["tsq_score"] == "6" and len([q for q in answers if q.startswith("tsq_")]) == 11


def test_day1_goes_out_on_its_day_and_distress_words_get_the_helplines_at_once(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    made = made_at()
    report_id = reported(bot, chat, made)
    worker, clock = worker_at(bot, made + timedelta(hours=23, minutes=59))
    assert "aftercare_day1" not in {o.kind for o in worker.run_once()}
    assert fake.sent_to(chat) == []
    clock.advance(timedelta(minutes=1))
    assert {o.kind: o.status for o in worker.run_once()}["aftercare_day1"] == "sent"
    person = Worker(bot, fake, chat)
    question = person._new_messages()[-1]
    assert {b["text"] for row in question["reply_markup"]["inline_keyboard"] for b in row} == {
        "Goed",
        "Gaat wel",
        "Niet goed",
    }
    replies = person.say("ik slaap niet meer en ik durf niet meer naar mijn werk")
    assert "0900-0101" in replies[0]["text"] and "113" in replies[0]["text"]
    assert "coördinator" in replies[-1]["text"]
    # Stop met berichten: everything stops, and the bot says so once.
    stopped = person.say("stop met berichten")
    assert "geen berichten meer" in joined(stopped)
    clock.advance(timedelta(days=45))
    worker.run_once()
    assert person._new_messages() == []
    with factory(bot)() as s:
        row = db_find_followup(s, report_id, "aftercare_closing")
        assert row.status == "cancelled"
        answers = [a.question for a in db_answers(s, report_id)]
    assert answers[0] == "feeling"


def test_stop_after_a_report_asks_first_and_the_stop_command_stops_every_check_in(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    report_id = reported(bot, chat, made_at())
    person = Worker(bot, fake, chat)
    asked = person.say("ik stop ermee")
    assert "geen berichten meer" in joined(asked)
    titles = {b["text"] for row in asked[-1]["reply_markup"]["inline_keyboard"] for b in row}
    assert titles == {"Ja, stuur me geen berichten meer", "Nee, blijf ze sturen"}
    kept = person.say("nee")
    assert "verandert er niets" in joined(kept)
    with factory(bot)() as s:
        assert db_find_followup(s, report_id, "aftercare_day1").status == "pending"
    stopped = person.say("/stop")
    assert "ik stuur je geen berichten meer" in joined(stopped)
    with factory(bot)() as s:
        assert db_find_followup(s, report_id, "aftercare_day1").status == "cancelled"
        assert db_find_followup(s, report_id, "aftercare_closing").status == "cancelled"


def test_a_blocked_user_stops_the_row_and_flags_the_report(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    report_id = reported(bot, chat, made_at())
    fake.blocked.add(chat)
    worker, _ = worker_at(bot, made_at() + timedelta(hours=24))
    assert worker.send_now(report_id, "aftercare_day1").status == "permanent"
    with factory(bot)() as s:
        assert s.get(Report, report_id).delivery_problem is True
        assert db_find_followup(s, report_id, "aftercare_day1").status == "failed"


def test_the_coordinator_is_reminded_after_24_hours_through_telegram(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    report_id = reported(bot, chat, made_at(), consent=False)
    before = len(fake.sent_to(COORDINATOR))
    worker, _ = worker_at(bot, made_at() + timedelta(hours=24))
    worker.run_once()
    with factory(bot)() as s:
        receipt = s.scalar(select(Report.receipt).where(Report.id == report_id))
    texts = [m["text"] for m in fake.sent_to(COORDINATOR)[before:]]
    assert any(receipt in t and "24 uur" in t for t in texts)


def test_a_repeated_dedupe_key_is_sent_once(bot: RunningBot, fake: FakeTelegram):  # noqa: F811
    chat = new_chat()
    reported(bot, chat, made_at())
    settings = bot.stack.settings
    first = send_proactive(settings, chat, "Hoe gaat het?", dedupe_key=f"test:{chat}")
    again = send_proactive(settings, chat, "Hoe gaat het?", dedupe_key=f"test:{chat}")
    assert (first.status, again.status, again.reason) == ("sent", "sent", "duplicate")
    assert len(fake.sent_to(chat)) == 1


def test_a_send_that_died_before_telegram_took_it_is_sent_again_after_the_lease(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    reported(bot, chat, made_at())
    key = f"died:{chat}"
    # A sender claimed the key and died before Telegram had the message: nothing was sent.
    claimed = datetime.now(AMS) - deliveries.DELIVERY_LEASE - timedelta(seconds=5)
    with factory(bot)() as s, s.begin():
        s.add(MessageDelivery(dedupe_key=key, claimed_at=claimed))
    delivery = send_proactive(bot.stack.settings, chat, "Hoe gaat het nu?", dedupe_key=key)
    assert delivery.status == "sent" and delivery.reason != "duplicate"
    assert [m["text"] for m in fake.sent_to(chat)] == ["Hoe gaat het nu?"]
    # Confirmed now: the next retry is a duplicate, not a second message.
    again = send_proactive(bot.stack.settings, chat, "Hoe gaat het nu?", dedupe_key=key)
    assert (again.status, again.reason) == ("sent", "duplicate")
    assert len(fake.sent_to(chat)) == 1


def test_the_aangifte_command_sends_the_preparation_sheet_without_the_home_address(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    reported(bot, chat, made_at())
    with factory(bot)() as s, s.begin():
        report = s.scalar(select(Report).where(Report.submission_key == f"d-{chat}"))
        report.narrative = "hij riep dat hij weet dat ik in de Molenstraat 8 woon"
        receipt = report.receipt
    replies = Worker(bot, fake, chat).say("/aangifte")
    text = joined(replies)
    assert receipt in text and "0900-8844" in text and "adres van je werk" in text
    assert "Molenstraat 8" not in text


def test_send_now_from_the_command_line_uses_the_running_stacks_tokens(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    from bot.cli.main import main

    chat = new_chat()
    report_id = reported(bot, chat, made_at())
    monkeypatch.setenv("DATABASE_URL", bot.settings.effective_database_url)
    monkeypatch.setenv("VPT_DATA_DIR", str(bot.settings.data_dir))
    monkeypatch.setenv("VPT_RASA_PORT", str(bot.settings.rasa_port))
    for name in ("VPT_ACTION_TOKEN", "VPT_INTERNAL_TOKEN", "VPT_RASA_URL"):
        monkeypatch.delenv(name, raising=False)
    assert main(["followups", "send-now", str(report_id), "aftercare_week2"]) == 0
    assert "sent" in capsys.readouterr().out
    assert "twee weken" in joined(fake.sent_to(chat))


def test_demo_sends_the_whole_schedule_in_order(bot: RunningBot, fake: FakeTelegram):  # noqa: F811
    from bot.delivery.demo import DEMO_KINDS, demo_schedule

    chat = new_chat()
    report_id = reported(bot, chat, made_at())
    pauses: list[int] = []
    lines: list[str] = []
    code = demo_schedule(
        bot.stack.settings,
        factory(bot),
        report_id,
        pause=lambda: pauses.append(len(fake.sent_to(chat))),
        output=lines.append,
    )
    assert code == 0 and len(pauses) == len(DEMO_KINDS) - 1
    # Every check-in arrived before the next one started: intro and first question each time.
    assert pauses == sorted(pauses) and len(set(pauses)) == len(pauses)
    texts = joined(fake.sent_to(chat))
    for part in ("gisteren", "aangifte", "twee weken", "1 van 10", "zes weken"):
        assert part in texts, part


def test_a_check_in_waits_while_the_worker_is_telling_a_report(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    report_id = reported(bot, chat, made_at())
    person = Worker(bot, fake, chat)
    person.say("ik wil iets melden")  # the report form is now asking its questions
    person._new_messages()
    worker, _ = worker_at(bot, made_at() + timedelta(hours=24))
    outcome = worker.send_now(report_id, "aftercare_day1")
    assert (outcome.status, outcome.reason) == ("waiting", "worker is telling a report")
    assert person._new_messages() == []


def test_asking_to_report_during_a_check_in_starts_the_report_and_stores_no_answer(
    bot: RunningBot,
    fake: FakeTelegram,  # noqa: F811
):
    chat = new_chat()
    made = made_at()
    report_id = reported(bot, chat, made)
    worker, _ = worker_at(bot, made + timedelta(hours=24))
    assert {o.kind: o.status for o in worker.run_once()}["aftercare_day1"] == "sent"
    person = Worker(bot, fake, chat)
    person._new_messages()  # the check-in's question, left unanswered
    replies = person.say("/melden")
    assert "ben je nu veilig" in joined(replies)  # the new report asks about safety first
    with factory(bot)() as s:
        assert db_answers(s, report_id) == []

"""A worker reports over HTTP to the real processes; the stored row is checked afterwards."""

from __future__ import annotations

import re
import threading
import uuid
from datetime import datetime, timedelta

import pytest
import redis
from sqlalchemy import text

from bot.storage.db import make_engine
from tests.conftest import AMS, REDIS_HOST, REDIS_PORT
from tests.e2e.conftest import RunningBot

pytestmark = pytest.mark.e2e

OPENING = "ik werd net bespuugd en uitgescholden door een klant aan de balie"

# How a worker answers each question the bot may ask (matched on the bot's words).
ANSWERS = [
    ("ben je nu veilig", "ja"),
    ("ben je nu op een veilige plek", "ja"),
    ("klopt dat?", "ja"),
    ("kende je deze persoon", "nee"),
    ("ben je gewond geraakt", "nee"),
    ("waren er getuigen", "ja, mijn collega"),
    ("was de politie erbij", "nee"),
    ("wil je aangifte doen", "weet ik nog niet"),
    ("klopt dit?", "ja"),
    ("contact met je opneemt", "ja graag"),
]


class RedisMonitor:
    """Records the commands Redis receives while the block runs (Redis MONITOR)."""

    def __init__(self) -> None:
        self.commands: list[str] = []
        self._ready = threading.Event()
        self._stop = threading.Event()

    def __enter__(self) -> RedisMonitor:
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()
        assert self._ready.wait(5), "Redis MONITOR did not start"
        return self

    def _listen(self) -> None:
        with redis.Redis(host=REDIS_HOST, port=REDIS_PORT).monitor() as monitor:
            self._ready.set()
            while not self._stop.is_set():
                try:
                    self.commands.append(monitor.next_command()["command"])
                except redis.TimeoutError:
                    continue  # a quiet spell on the connection, not the end of the block

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        # One more command wakes the listener so the thread can end.
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT).ping()
        self._thread.join(timeout=5)


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def answer_for(bot_text: str) -> str:
    lowered = bot_text.lower()
    # The last question in the bot's turn decides the answer.
    best = max(ANSWERS, key=lambda qa: lowered.rfind(qa[0]))
    if lowered.rfind(best[0]) < 0:
        raise AssertionError(f"unexpected question: {bot_text!r}")
    return best[1]


def report_conversation(
    bot: RunningBot, sender: str, opening: str = OPENING, limit: int = 12
) -> tuple[int, list[str]]:
    """Tell the opening story, answer what is asked; returns (answers given, bot turns)."""
    turns = [texts(bot.send(sender, opening))]
    answers = 0
    while "ontvangstnummer" not in turns[-1] or "contact" in turns[-1]:
        if "Dank je wel dat je dit hebt gemeld" in turns[-1]:
            break
        answers += 1
        assert answers <= limit, "\n---\n".join(turns)
        turns.append(texts(bot.send(sender, answer_for(turns[-1]))))
    return answers, turns


def run_done_when_scenario(bot: RunningBot) -> str:
    sender = f"web-e2e-{uuid.uuid4().hex[:8]}"  # the Rasa sender id, as the web chat makes it
    started = datetime.now(AMS)
    answers, turns = report_conversation(bot, sender)
    transcript = "\n---\n".join(turns)
    assert answers <= 8, transcript
    receipt = re.search(r"VPT-\d{4}-\d{6}", transcript)
    assert receipt, transcript
    (row,) = [r for r in bot.reports() if r["receipt"] == receipt.group(0)]
    assert set(row["types"]) == {"verbale_agressie", "fysieke_agressie"}
    assert row["location_type"] == "balie_publieksruimte"
    assert row["perpetrator_relation"] == "klant_burger"
    assert row["perpetrator"] == "onbekend"
    assert row["injury"] is False
    assert row["witnesses"] is True
    assert row["police_present"] is False
    assert row["wants_aangifte"] is None, transcript
    assert row["wants_aftercare_contact"] is True
    assert row["narrative"] == OPENING
    occurred = datetime.fromisoformat(row["occurred_at"])
    assert started - timedelta(minutes=5) <= occurred <= datetime.now(AMS)
    assert row["occurred_at_text"] == "net"
    return sender


def test_report_told_in_one_message_is_stored_with_its_facts(embedded_bot: RunningBot):
    run_done_when_scenario(embedded_bot)
    # The conversation itself is in Rasa's SQL tracker store (a SQLite file by default).
    assert (embedded_bot.settings.data_dir / "tracker.db").stat().st_size > 0


def test_report_on_postgresql_and_redis(production_bot: RunningBot):
    with RedisMonitor() as monitor:
        sender = run_done_when_scenario(production_bot)
    # Rasa locked the conversation in Redis ...
    assert any(f"lock:{sender}" in command for command in monitor.commands)
    # ... and kept it in the PostgreSQL tracker store.
    tracker_db = production_bot.settings.tracker_store_url
    engine = make_engine(tracker_db)
    with engine.connect() as conn:
        events = conn.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}
        ).scalar()
    engine.dispose()
    assert events > 20


def _to_summary(bot: RunningBot, sender: str) -> None:
    turns = [texts(bot.send(sender, OPENING))]
    while "klopt dit" not in turns[-1].lower():
        assert len(turns) < 12, "\n---\n".join(turns)
        turns.append(texts(bot.send(sender, answer_for(turns[-1]))))


def test_repeated_confirmation_stores_one_report(embedded_bot: RunningBot):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    _to_summary(embedded_bot, sender)
    before = len(embedded_bot.reports())
    first = texts(embedded_bot.send(sender, "ja"))
    again = texts(embedded_bot.send(sender, "ja"))
    assert "ontvangstnummer" in first
    assert "VPT-" not in again
    assert len(embedded_bot.reports()) == before + 1


def test_action_server_down_at_confirmation_keeps_the_draft(embedded_bot: RunningBot):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    _to_summary(embedded_bot, sender)
    before = len(embedded_bot.reports())
    embedded_bot.stack.stop_service("actions")
    try:
        reply = texts(embedded_bot.send(sender, "ja"))
    finally:
        embedded_bot.stack.start_service("actions")
    assert "NIET opgeslagen" in reply
    assert len(embedded_bot.reports()) == before
    retry = texts(embedded_bot.send(sender, "opslaan"))
    assert "ontvangstnummer" in retry
    assert len(embedded_bot.reports()) == before + 1
    texts(embedded_bot.send(sender, "opslaan"))
    assert len(embedded_bot.reports()) == before + 1


def test_database_down_at_confirmation_keeps_the_draft(embedded_bot: RunningBot):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    _to_summary(embedded_bot, sender)
    before = len(embedded_bot.reports())
    # The action server comes back with a database nobody answers on (connection refused).
    embedded_bot.stack.stop_service("actions")
    embedded_bot.stack.start_service(
        "actions", {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"}
    )
    try:
        reply = texts(embedded_bot.send(sender, "ja"))
    finally:
        embedded_bot.stack.stop_service("actions")
        embedded_bot.stack.start_service("actions")
    assert "NIET opgeslagen" in reply
    assert len(embedded_bot.reports()) == before
    assert "ontvangstnummer" in texts(embedded_bot.send(sender, "ja"))
    assert len(embedded_bot.reports()) == before + 1


@pytest.mark.parametrize(
    "message",
    [
        "",
        "x" * 10_000,
        "😡😡😡🤬",
        "?!?!...",
        "<script>alert('x')</script>",
        "'; DROP TABLE reports; --",
        '/affirm{"anonymous": true, "types": ["bedreiging"]}',
        "/hack_the_bot",
        "/restart",
    ],
    ids=[
        "empty",
        "10k",
        "emoji",
        "punctuation",
        "html",
        "sql",
        "payload-typed",
        "unknown-intent",
        "restart",
    ],
)
def test_bad_input_gets_a_dutch_answer_and_stores_nothing(embedded_bot: RunningBot, message: str):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    before = len(embedded_bot.reports())
    reply = texts(embedded_bot.send(sender, message))
    assert reply.strip(), f"no answer to {message[:40]!r}"
    assert re.search(r"\b(je|jij|ik|wat|melden|veilig)\b", reply, re.I), reply
    # The same conversation still works afterwards.
    follow = texts(embedded_bot.send(sender, OPENING))
    assert follow.strip()
    assert len(embedded_bot.reports()) == before


def test_bad_input_in_the_middle_of_a_report_keeps_the_question(embedded_bot: RunningBot):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    first = texts(embedded_bot.send(sender, OPENING))
    assert "veilig" in first.lower()
    for message in ("", "😡😡", "x" * 10_000, "<b>vet</b>"):
        reply = texts(embedded_bot.send(sender, message))
        assert reply.strip()
    assert "veilig" in texts(embedded_bot.send(sender, "?")).lower()


LONG_OPENING = (
    "gisteravond rond 7 uur heeft een klant aan de balie mij uitgescholden voor kankerwijf en hij "
    "gooide een stoel naar me, die raakte mijn been, mijn collega heeft het gezien"
)


def test_a_long_first_message_leaves_only_what_it_does_not_say(embedded_bot: RunningBot):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    turns = [texts(embedded_bot.send(sender, LONG_OPENING))]
    while "klopt dit?" not in turns[-1].lower():
        assert len(turns) < 10, "\n---\n".join(turns)
        turns.append(texts(embedded_bot.send(sender, answer_for(turns[-1]))))
    questions = "\n".join(turns[:-1]).lower()
    # Asked: safety, whether the worker knew him, police, aangifte. Never what the story told.
    for told in (
        "wanneer gebeurde",
        "waar gebeurde",
        "wie deed het",
        "gewond geraakt",
        "getuigen",
        "wat voor agressie",
    ):
        assert told not in questions, questions
    assert len(turns) - 1 <= 4, "\n---\n".join(turns)
    summary = turns[-1]
    assert "gisteren rond 19:00" in summary
    assert "verbale agressie" in summary and "fysiek geweld" in summary
    assert "raakte mijn been" in summary

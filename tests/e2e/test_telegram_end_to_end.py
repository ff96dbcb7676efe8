"""Reporting through Telegram: the real processes, python-telegram-bot against a fake Bot API."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.delivery.telegram import send_proactive
from bot.services.image_metadata import strip_metadata
from bot.services.invites import create_invite
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.models import TelegramUpdate
from tests.e2e.conftest import MODEL, RunningBot, _ports, _start
from tests.e2e.test_report_end_to_end import OPENING, answer_for
from tests.pdf_reading import pdf_text
from tests.telegram_fake import FakeTelegram
from tests.telegram_updates import (
    GPS_MARK,
    fixture,
    jpeg_with_location,
    photo_update,
    press_update,
    text_update,
)

pytestmark = pytest.mark.e2e

TOKEN = "7000000001:AAE-fake-token-for-tests_0123456789"
SECRET = "s3cret-webhook-token_for-tests"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
_ids = iter(range(int(time.time()) % 1_000_000 * 100, 10**12))


def next_update_id() -> int:
    return next(_ids)


def new_chat() -> int:
    return 200_000_000 + uuid.uuid4().int % 100_000_000


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTelegram]:
    server = FakeTelegram(TOKEN)
    server.start()
    yield server
    server.stop()


def telegram_settings(fake: FakeTelegram, data_dir, **extra) -> Settings:  # noqa: ANN001
    """A stack in webhook mode against the fake Bot API, on free loopback ports."""
    return Settings(
        data_dir=data_dir,
        rasa_model=MODEL,
        telegram_bot_token=TOKEN,
        telegram_webhook_secret=SECRET,
        telegram_webhook_url="https://vpt.example.invalid/webhooks/telegram/webhook",
        telegram_api_url=fake.url,
        telegram_bot_username="vpt_meld_bot",
        **_ports(),
        **extra,
    )


@pytest.fixture(scope="module")
def tg_bot(fake: FakeTelegram, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """The stack in webhook mode against the fake Bot API (the polling test switches it)."""
    settings = telegram_settings(
        fake, tmp_path_factory.mktemp("vpt-telegram"), telegram_max_file_bytes=1_000_000
    )
    yield from _start(settings)


def post_update(bot: RunningBot, update: dict, *, secret: str | None = SECRET) -> int:
    """POST an update to Rasa's Telegram webhook as Telegram does; returns the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[HEADER] = secret
    request = urllib.request.Request(
        f"{bot.stack.settings.effective_rasa_url}/webhooks/telegram/webhook",
        data=json.dumps(update).encode(),
        headers=headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=90) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def session_factory(bot: RunningBot):
    return make_session_factory(make_engine(bot.settings.effective_database_url))


def recorded_update_ids(bot: RunningBot) -> set[int]:
    with session_factory(bot)() as session:
        return set(session.scalars(select(TelegramUpdate.update_id)))


def tracker_user_events(bot: RunningBot, sender: int) -> list[str]:
    """The user messages Rasa's tracker store holds for this chat."""
    with sqlite3.connect(bot.settings.data_dir / "tracker.db") as conn:
        rows = conn.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (str(sender),)
        ).fetchall()
    return [json.loads(r[0]).get("message_id") for r in rows]


class Worker:
    """One worker in a private chat with the bot, talking through the webhook."""

    def __init__(self, bot: RunningBot, fake: FakeTelegram, chat_id: int | None = None) -> None:
        self.bot, self.fake, self.chat_id = bot, fake, chat_id or new_chat()
        self.seen = 0

    def _new_messages(self) -> list[dict]:
        sent = self.fake.sent_to(self.chat_id)
        new, self.seen = sent[self.seen :], len(sent)
        return new

    def post(self, update: dict) -> list[dict]:
        assert post_update(self.bot, update) == 200
        return self._new_messages()

    def say(self, text: str) -> list[dict]:
        return self.post(text_update(next_update_id(), self.chat_id, text))

    def press(self, message: dict, title: str) -> list[dict]:
        return self.post(press_update(next_update_id(), self.chat_id, message, title))


def joined(messages: list[dict]) -> str:
    return "\n".join(m["text"] for m in messages)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z ]", "", text.lower()).strip()


def answer(worker: Worker, messages: list[dict]) -> list[dict]:
    """Answer the last question: press the matching button when there is one, else type."""
    reply = answer_for(joined(messages))
    last = messages[-1]
    markup = last.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if _letters(button["text"]).startswith(_letters(reply)):
                return worker.press(last, button["text"])
    return worker.say(reply)


def test_report_through_the_webhook_with_buttons_and_a_photo(
    tg_bot: RunningBot, fake: FakeTelegram
):
    worker = Worker(tg_bot, fake)
    invite = create_invite(
        session_factory(tg_bot), "Gemeente Teststad", now=datetime.now(timezone.utc)
    )
    start = text_update(next_update_id(), worker.chat_id, f"/start {invite.code}")
    turn = worker.post(start)
    assert "gekoppeld aan Gemeente Teststad" in joined(turn)
    assert "veilig" in joined(turn).lower()
    assert turn[-1]["reply_markup"]["inline_keyboard"], "the safety question has buttons"
    turn = worker.press(turn[-1], "Ja, ik ben veilig")
    assert "eigen woorden" in joined(turn)

    photo = jpeg_with_location()
    fake.add_file("photo-e2e-1", "photos/file_1.jpg", photo)
    update = photo_update(next_update_id(), worker.chat_id, "photo-e2e-1", len(photo))
    assert "Ontvangen: je foto" in joined(worker.post(update))

    turn = worker.say(OPENING)
    presses_before = len(fake.calls_of("answerCallbackQuery"))
    for _ in range(14):
        if "Dank je wel dat je dit hebt gemeld" in joined(turn):
            break
        turn = answer(worker, turn)
    else:
        pytest.fail("the report did not finish")
    assert len(fake.calls_of("answerCallbackQuery")) - presses_before >= 3
    edits = [c.params for c in fake.calls_of("editMessageText")]
    assert any("Jouw keuze: Ja, ik ben veilig" in e["text"] for e in edits)
    assert all("reply_markup" not in e for e in edits), "the keyboard is removed"

    everything = fake.sent_to(worker.chat_id)
    assert all("parse_mode" not in m for m in everything), "plain text only"
    receipt = re.search(r"VPT-\d{4}-\d{6}", joined(everything)).group(0)
    (row,) = [r for r in tg_bot.reports() if r["receipt"] == receipt]
    assert row["channel"] == "telegram"
    assert row["organisation"] == "Gemeente Teststad"
    assert set(row["types"]) == {"verbale_agressie", "fysieke_agressie"}
    assert row["wants_aftercare_contact"] is True
    (evidence,) = row["evidence"]
    stored = (tg_bot.settings.data_dir / evidence["path"]).read_bytes()
    assert evidence["kind"] == "photo" and evidence["metadata_stripped"] is True
    assert GPS_MARK not in stored
    assert stored == strip_metadata(photo).data
    assert evidence["sha256"] == hashlib.sha256(stored).hexdigest()
    assert evidence["size_bytes"] == len(stored)
    # The worker's Telegram name is kept with the chat, not in every message of the tracker.
    tracker = b"".join(p.read_bytes() for p in tg_bot.settings.data_dir.glob("tracker.db*"))
    assert OPENING.split()[-1].encode() in tracker  # the scan sees the conversation
    assert b"de Vries" not in tracker


def test_unlinked_account_reports_with_organisation_unknown_and_oversized_file(
    tg_bot: RunningBot, fake: FakeTelegram
):
    worker = Worker(tg_bot, fake)
    big = fixture("message_video")
    big["update_id"] = next_update_id()
    big["message"]["chat"]["id"] = big["message"]["from"]["id"] = worker.chat_id
    assert "te groot" in joined(worker.post(big))
    assert not fake.calls_of("getFile") or all(
        c.params.get("file_id") != big["message"]["video"]["file_id"]
        for c in fake.calls_of("getFile")
    )
    turn = worker.say(OPENING)
    for _ in range(14):
        if "Dank je wel dat je dit hebt gemeld" in joined(turn):
            break
        turn = answer(worker, turn)
    receipt = re.search(r"VPT-\d{4}-\d{6}", joined(fake.sent_to(worker.chat_id))).group(0)
    (row,) = [r for r in tg_bot.reports() if r["receipt"] == receipt]
    assert row["organisation"] is None and row["organisation_known"] is False
    assert row["evidence"] == []


def test_the_same_update_sent_three_times_gives_one_reply_and_one_report(
    tg_bot: RunningBot, fake: FakeTelegram
):
    worker = Worker(tg_bot, fake)
    turn = worker.say(OPENING)
    for _ in range(12):
        if "klopt dit?" in joined(turn).lower():
            break
        turn = answer(worker, turn)
    summary = turn[-1]
    before = len(tg_bot.reports())
    confirm = press_update(next_update_id(), worker.chat_id, summary, "Ja, opslaan")
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(post_update(tg_bot, confirm)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200, 200]
    replies = worker._new_messages()
    assert joined(replies).count("ontvangstnummer") == 1, joined(replies)
    assert len(tg_bot.reports()) == before + 1
    assert (
        tracker_user_events(tg_bot, worker.chat_id).count(f"telegram-{confirm['update_id']}") == 1
    )


@pytest.mark.parametrize(
    "secret",
    [None, "", "wrong", SECRET[:-1] + ("x" if SECRET[-1] != "x" else "y")],
    ids=["missing", "empty", "wrong", "same-length"],
)
def test_a_wrong_secret_is_refused_and_nothing_is_stored(
    tg_bot: RunningBot, fake: FakeTelegram, secret: str | None
):
    chat = new_chat()
    update = text_update(next_update_id(), chat, OPENING)
    calls = len(fake.calls)
    status = post_update(tg_bot, update, secret=secret)
    assert status in (401, 403)
    assert len(fake.calls) == calls, "nothing was sent to Telegram"
    assert update["update_id"] not in recorded_update_ids(tg_bot)
    assert tracker_user_events(tg_bot, chat) == []


def _post_raw(bot: RunningBot, body: bytes, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[HEADER] = secret
    request = urllib.request.Request(
        f"{bot.stack.settings.effective_rasa_url}/webhooks/telegram/webhook",
        data=body,
        headers=headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (ConnectionError, urllib.error.URLError):
        return 413  # the server closed the connection after refusing the body


def test_a_large_body_is_refused_with_or_without_the_secret(tg_bot: RunningBot):
    big = b'{"update_id": 1, "x": "' + b"a" * (3 * 1024 * 1024) + b'"}'
    assert _post_raw(tg_bot, big, None) == 401  # the secret first, the body never read
    assert _post_raw(tg_bot, big, SECRET) == 413
    assert tg_bot.stack.failed_service() is None


def test_a_malformed_update_does_not_stop_the_next_one(tg_bot: RunningBot, fake: FakeTelegram):
    worker = Worker(tg_bot, fake)
    odd = {
        "update_id": next_update_id(),
        "my_chat_member": {"chat": {"id": -1, "type": "group"}, "new_chat_member": "x"},
    }
    assert post_update(tg_bot, odd) == 200
    assert "veilig" in joined(worker.say("hoi")).lower()


def test_group_chat_is_refused_once_and_nothing_is_stored(tg_bot: RunningBot, fake: FakeTelegram):
    group = -1_000_000_000_000 - new_chat()
    reports = len(tg_bot.reports())
    updates = []
    for name in ("my_chat_member_group", "message_group", "message_group"):
        update = fixture(name)
        update["update_id"] = next_update_id()
        (update.get("message") or update.get("my_chat_member"))["chat"]["id"] = group
        updates.append(update)
        assert post_update(tg_bot, update) == 200
    (refusal,) = fake.sent_to(group)
    assert "privégesprek" in refusal["text"]
    assert not {u["update_id"] for u in updates} & recorded_update_ids(tg_bot)
    assert tracker_user_events(tg_bot, group) == []
    assert len(tg_bot.reports()) == reports


def test_proactive_messages_report_blocked_and_rate_limited_users(
    tg_bot: RunningBot, fake: FakeTelegram
):
    worker = Worker(tg_bot, fake)
    worker.say("hoi")
    settings = tg_bot.stack.settings
    sent = send_proactive(settings, worker.chat_id, "Hoe gaat het nu met je?")
    assert sent.status == "sent"
    assert fake.sent_to(worker.chat_id)[-1]["text"] == "Hoe gaat het nu met je?"

    fake.rate_limited[worker.chat_id] = 60
    limited = send_proactive(settings, worker.chat_id, "Hoe gaat het nu met je?")
    assert (limited.status, limited.retry_after) == ("retryable", 60)
    del fake.rate_limited[worker.chat_id]

    fake.blocked.add(worker.chat_id)
    blocked = send_proactive(settings, worker.chat_id, "Hoe gaat het nu met je?")
    assert blocked.status == "permanent" and "blocked" in blocked.reason
    never = send_proactive(settings, new_chat(), "Hallo")
    assert never.status == "permanent"
    wrong_token = send_proactive(
        settings.with_overrides(internal_token="not-it"), worker.chat_id, "x"
    )
    assert wrong_token.status == "permanent" and "401" in wrong_token.reason


def test_an_error_is_answered_with_an_apology_and_the_update_is_retried(
    tg_bot: RunningBot, fake: FakeTelegram
):
    worker = Worker(tg_bot, fake)
    update = text_update(next_update_id(), worker.chat_id, "hoi")
    tg_bot.stack.stop_service("app")  # where update ids are recorded
    try:
        assert post_update(tg_bot, update) == 500  # Telegram will send it again
    finally:
        tg_bot.stack.start_service("app")
    assert "Sorry, er ging bij mij iets mis" in joined(worker._new_messages())
    assert "veilig" in joined(worker.post(update)).lower()
    assert worker.post(update) == []


def _wait_for(condition, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_polling_starts_offline_and_survives_a_restart_without_loss_or_repeats(
    tg_bot: RunningBot, fake: FakeTelegram
):
    # Runs last: it switches the stack to polling mode.
    stack = tg_bot.stack
    stack.stop_service("rasa")
    stack.settings = stack.settings.with_overrides(telegram_webhook_url="")
    chat = new_chat()
    first, second, third = (next_update_id() for _ in range(3))
    fake.queue_update(text_update(first, chat, "hoi"))
    fake.offline = True
    polls_before = len(fake.calls_of("getUpdates"))
    stack.start_service("rasa")  # comes up although Telegram cannot be reached
    _wait_for(lambda: len(fake.calls_of("getUpdates")) - polls_before >= 2, 30, "retries")
    fake.offline = False
    _wait_for(lambda: len(fake.sent_to(chat)) >= 2, 60, "the answer to the first update")
    assert "veilig" in joined(fake.sent_to(chat)).lower()
    count = len(fake.sent_to(chat))
    fake.queue_update(text_update(second, chat, "ja"))
    _wait_for(lambda: len(fake.sent_to(chat)) > count, 30, "the answer to the second update")
    time.sleep(1.5)  # let the offset be saved and no stray answer arrive
    answered = len(fake.sent_to(chat))

    stack.stop_service("rasa")
    fake.queue_update(text_update(third, chat, OPENING))  # arrives while the bot is down
    restart_index = len(fake.calls)
    stack.start_service("rasa")
    _wait_for(lambda: len(fake.sent_to(chat)) > answered, 60, "the answer to the third update")
    time.sleep(2.0)
    polls = [c for c in fake.calls[restart_index:] if c.method == "getUpdates" and not c.offline]
    assert polls[0].params.get("offset") == second + 1, "the offset survived the restart"
    after = joined(fake.sent_to(chat)[answered:])
    assert "Hoi!" not in after and "Hallo!" not in after, "no update was answered twice"
    assert tracker_user_events(tg_bot, chat) == [
        f"telegram-{first}",
        f"telegram-{second}",
        f"telegram-{third}",
    ]


def test_aangifte_choice_by_button_and_the_sheet_as_a_pdf_document(
    tg_bot: RunningBot, fake: FakeTelegram
):
    from bot.storage.db import transaction
    from bot.storage.reports import db_get_or_create_organisation

    factory = session_factory(tg_bot)
    now = datetime.now(timezone.utc)
    with transaction(factory) as session:
        org = db_get_or_create_organisation(session, "Gemeente Pdfstad", now=now)
        org.address = "Stadhuisplein 1, 9999 ZZ Pdfstad"
    invite = create_invite(factory, "Gemeente Pdfstad", now=now)
    worker = Worker(tg_bot, fake)
    turn = worker.post(text_update(next_update_id(), worker.chat_id, f"/start {invite.code}"))
    worker.press(turn[-1], "Ja, ik ben veilig")
    turn = worker.say(OPENING + ". Hij riep dat hij weet dat ik op de Kerkstraat 4 woon")
    for _ in range(16):
        if "Wat wil je doen met aangifte?" in joined(turn):
            break
        turn = answer(worker, turn)
    else:
        pytest.fail("the aangifte choice was not offered")
    titles = [b["text"] for row in turn[-1]["reply_markup"]["inline_keyboard"] for b in row]
    assert "Zelf, onder nummer" in titles and "Geen aangifte" in titles
    turn = worker.press(turn[-1], "Zelf, met het adres van mijn werk")
    assert "0900-8844" in joined(turn) and "niet online" in joined(turn)
    receipt = re.search(r"VPT-\d{4}-\d{6}", joined(fake.sent_to(worker.chat_id))).group(0)
    (row,) = [r for r in tg_bot.reports() if r["receipt"] == receipt]
    assert row["aangifte_decision"] == "zelf" and row["aangifte_status"] == "gepland"

    turn = worker.say("/aangifte")
    assert "Voorbereiding aangifte".upper() in joined(turn)
    (document,) = fake.documents_to(worker.chat_id)
    pdf = document["document"]["data"]
    assert document["document"]["filename"] == f"aangifte-{receipt}.pdf"
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-10:]
    assert "Stadhuisplein 1, 9999 ZZ Pdfstad" in pdf_text(pdf)
    assert "Kerkstraat 4" not in pdf_text(pdf)
    assert receipt in document.get("caption", "")

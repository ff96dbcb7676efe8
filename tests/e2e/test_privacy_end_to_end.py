"""Privacy with the real processes: one public face, nobody can pose as a worker, no story in any
log, and erasure reaches Rasa's tracker store.

The stack binds its public listener to every interface (VPT_BIND_HOST=0.0.0.0), as a
deployment behind a proxy would; Rasa and the action server must still be on loopback only.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.services import privacy
from bot.services.reporting import submit_report
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.reports import ReporterRef
from tests.bot.services.test_reporting import full_draft
from tests.conftest import AMS
from tests.e2e.conftest import MODEL, RunningBot, _ports, _start
from tests.e2e.test_report_end_to_end import OPENING, answer_for, texts

# Words of a story that must never reach a log line, however the request ends.
SEED = ("Zwartekoolmees", "Ganzenmarkt", "Paraplustok")
# The opening of the report scenario (its questions are known), with the seed words in it.
STORY = f"{OPENING} en hij schreeuwde steeds {SEED[0]} {SEED[1]} {SEED[2]}"


@pytest.fixture(scope="module")
def public_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    data_dir: Path = tmp_path_factory.mktemp("vpt-privacy")
    settings = Settings(data_dir=data_dir, rasa_model=MODEL, bind_host="0.0.0.0", **_ports())
    yield from _start(settings)


def _post(url: str, body: dict, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _listening(port: int) -> set[str]:
    """The local addresses a TCP port listens on (from /proc/net/tcp and tcp6)."""
    found = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(name).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_rasa_and_the_action_server_listen_on_loopback_only(public_bot: RunningBot):
    settings = public_bot.settings
    loopback = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it
    assert _listening(settings.rasa_port) == {loopback}
    assert _listening(settings.action_port) == {loopback}
    assert _listening(settings.internal_port) == {loopback}
    assert _listening(settings.app_port) == {"00000000"}  # the public face, on every interface


def test_nobody_can_pose_as_a_worker_without_the_secrets(public_bot: RunningBot):
    stack_settings = public_bot.stack.settings
    rasa = stack_settings.effective_rasa_url
    # Rasa's open rest channel is gone.
    status, body = _post(
        f"{rasa}/webhooks/rest/webhook", {"sender": "424242", "message": "/request_aangifte_draft"}
    )
    assert status == 404
    # Our channel wants the internal token.
    status, body = _post(
        f"{rasa}/webhooks/web/message", {"sender": "web-x", "message": "/request_aangifte_draft"}
    )
    assert status == 401
    # The action server wants Rasa's secret.
    tracker = {"sender_id": "424242", "slots": {}, "latest_message": {}, "events": []}
    status, body = _post(
        f"http://127.0.0.1:{stack_settings.action_port}/webhook",
        {"next_action": "action_send_aangifte_draft", "sender_id": "424242", "tracker": tracker,
         "domain": {}, "version": "3.6.2"},
    )  # fmt: skip
    assert status == 401 and "424242" not in body


def test_a_message_claiming_another_workers_id_reaches_nothing_of_theirs(public_bot: RunningBot):
    settings = public_bot.stack.settings
    engine = make_engine(settings.effective_database_url)

    now = datetime.now(AMS)
    submit_report(
        make_session_factory(engine),
        full_draft(now, draft_id=uuid.uuid4().hex, narrative="SEED-F1 verhaal"),
        ReporterRef("telegram", "424242", "Jan Tester"),
        default_organisation="G",
        now=now,
    )
    engine.dispose()
    # Whoever holds the internal token still talks as a web chat sender only.
    answers = texts(public_bot.send("424242", "/request_aangifte_draft"))
    assert "SEED-F1" not in answers
    status, _ = _post(
        f"{settings.effective_rasa_url}/webhooks/web/message",
        {"sender": "424242", "message": "/request_aangifte_draft"},
        {"Authorization": f"Bearer {settings.internal_token}"},
    )
    assert status == 400  # not a web chat sender: refused


def _tell(bot: RunningBot, sender: str, opening: str) -> str:
    try:
        turns = [texts(bot.send(sender, opening))]
    except urllib.error.HTTPError as refused:
        return f"HTTP {refused.code}"  # the web chat then says "niet verstuurd"
    for _ in range(12):
        if "ontvangstnummer" in turns[-1] or "NIET" in turns[-1]:
            break
        try:
            answer = answer_for(turns[-1])
        except AssertionError:
            break
        turns.append(texts(bot.send(sender, answer)))
    return "\n---\n".join(turns)


def test_a_seeded_story_leaves_none_of_its_words_in_any_log(public_bot: RunningBot):
    # Once stored, once failing in the action server (a lone surrogate cannot be stored).
    stored = _tell(public_bot, f"e2e-{uuid.uuid4().hex[:8]}", STORY)
    assert "ontvangstnummer" in stored, stored
    # Rasa cannot process it; the channel answers 503 and the app tells the worker "not sent".
    assert _tell(public_bot, f"e2e-{uuid.uuid4().hex[:8]}", STORY + " \ud800") == "HTTP 503"
    log = "\n".join(public_bot.log)
    assert log, "the processes' output was captured"
    for word in SEED:
        assert word not in log, word
    for path in public_bot.settings.data_dir.rglob("*.log"):
        content = path.read_text(errors="replace")
        assert not any(word in content for word in SEED), path


def test_erasure_reaches_rasas_tracker_store(public_bot: RunningBot):
    sender = f"e2e-{uuid.uuid4().hex[:8]}"
    _tell(public_bot, sender, STORY)
    settings = public_bot.stack.settings
    engine = make_engine(settings.effective_database_url)
    tracker = privacy.tracker_engine(settings)
    try:
        factory = make_session_factory(engine)
        worker = privacy.Worker("web", f"web-{sender}")
        exported = privacy.export_worker(factory, tracker, worker, tz=AMS, now=datetime.now(AMS))
        assert any(SEED[0] in e["text"] for e in exported["conversation"])
        outcome = privacy.erase_worker(
            factory, tracker, settings.data_dir, worker, now=datetime.now(AMS), tz=AMS
        )
        assert outcome.counts["tracker events"] > 5
        again = privacy.export_worker(factory, tracker, worker, tz=AMS, now=datetime.now(AMS))
        assert again["conversation"] == []
    finally:
        engine.dispose()
        if tracker is not None:
            tracker.dispose()

"""Reporting through Microsoft Teams: the real processes, the channel's real token checks and
Bot Connector client, against tests/teams_fake.py (Microsoft's side on loopback)."""

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
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.clock import FixedClock
from bot.delivery.worker import FollowUpWorker
from bot.services.image_metadata import strip_metadata
from bot.services.reporting import record_aftercare_choice, submit_report
from bot.settings import Settings
from bot.storage.db import make_engine, make_session_factory
from bot.storage.models import Report, TeamsActivity, TeamsConversation
from bot.storage.reports import ReporterRef
from tests.bot.services.test_reporting import full_draft
from tests.conftest import AMS
from tests.e2e.conftest import MODEL, RunningBot, _ports, _start
from tests.e2e.test_report_end_to_end import OPENING, answer_for
from tests.teams_fake import OTHER_TENANT, FakeTeams, _new_key
from tests.telegram_updates import GPS_MARK, jpeg_with_location

pytestmark = pytest.mark.e2e

ORGANISATION = "Gemeente Teamsstad"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTeams]:
    server = FakeTeams()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def teams_bot(fake: FakeTeams, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("vpt-teams"),
        rasa_model=MODEL,
        teams_organisation=ORGANISATION,
        telegram_max_file_bytes=1_000_000,
        **fake.settings(),
        **_ports(),
    )
    yield from _start(settings)


def post_activity(bot: RunningBot, activity: dict, token: str | None) -> int:
    """POST an activity to Rasa's Teams webhook as the Bot Connector does; the HTTP status."""
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"{bot.stack.settings.effective_rasa_url}/webhooks/teams/webhook",
        data=json.dumps(activity).encode(),
        headers=headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=90) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def factory(bot: RunningBot):
    return make_session_factory(make_engine(bot.settings.effective_database_url))


def tracker_user_events(bot: RunningBot, sender: str) -> list[str]:
    with sqlite3.connect(bot.settings.data_dir / "tracker.db") as conn:
        rows = conn.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)
        ).fetchall()
    return [json.loads(r[0]).get("message_id") for r in rows]


class Person:
    """One worker in a personal Teams chat with the bot."""

    def __init__(self, bot: RunningBot, fake: FakeTeams) -> None:
        self.bot, self.fake, self.user = bot, fake, str(uuid.uuid4())
        self.seen = 0

    def new_messages(self) -> list[dict]:
        sent = self.fake.sent_to(self.user)
        new, self.seen = sent[self.seen :], len(sent)
        return new

    def post(self, activity: dict) -> list[dict]:
        assert post_activity(self.bot, activity, self.fake.sign()) == 200
        return self.new_messages()

    def say(self, text: str) -> list[dict]:
        return self.post(self.fake.activity(self.user, text=text))

    def press(self, message: dict, title: str) -> list[dict]:
        return self.post(self.fake.press(self.user, message, title))


def joined(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def titles(message: dict) -> list[str]:
    return [
        action["title"]
        for attachment in message.get("attachments") or []
        for action in attachment.get("content", {}).get("actions", [])
    ]


def _letters(text: str) -> str:
    return re.sub(r"[^a-z ]", "", text.lower()).strip()


def answer(person: Person, messages: list[dict]) -> list[dict]:
    """Answer the last question: press the matching card button when there is one, else type."""
    reply = answer_for(joined(messages))
    last = messages[-1]
    for title in titles(last):
        if _letters(title).startswith(_letters(reply)):
            return person.press(last, title)
    return person.say(reply)


def tell_until(person: Person, turn: list[dict], marker: str, limit: int = 16) -> list[dict]:
    for _ in range(limit):
        if marker.lower() in joined(turn).lower():
            return turn
        turn = answer(person, turn)
    pytest.fail(f"never reached {marker!r}:\n{joined(person.fake.sent_to(person.user))}")


def test_a_whole_report_in_teams_with_a_card_button_a_file_and_the_aangifte_pdf(
    teams_bot: RunningBot, fake: FakeTeams
):
    person = Person(teams_bot, fake)
    turn = person.post(fake.install(person.user))
    assert "veilig" in joined(turn).lower()
    assert titles(turn[-1]), "the safety question comes as a card with buttons"
    turn = person.press(turn[-1], "Ja, ik ben veilig")
    assert "eigen woorden" in joined(turn)
    (update,) = fake.updates_to(person.user)
    assert "Jouw keuze: Ja, ik ben veilig" in update["text"] and "attachments" not in update

    photo = jpeg_with_location()
    turn = person.post(fake.file_activity(person.user, "IMG_0001.jpg", photo, "jpg"))
    assert "Ontvangen: je foto" in joined(turn)

    turn = tell_until(person, person.say(OPENING), "Dank je wel dat je dit hebt gemeld")
    everything = fake.sent_to(person.user)
    assert all(m.get("textFormat") == "plain" for m in everything if m.get("text"))
    receipt = re.search(r"VPT-\d{4}-\d{6}", joined(everything)).group(0)
    (row,) = [r for r in teams_bot.reports() if r["receipt"] == receipt]
    assert row["channel"] == "teams"
    assert row["organisation"] == ORGANISATION, "the tenant links the worker, no invite"
    assert set(row["types"]) == {"verbale_agressie", "fysieke_agressie"}
    (evidence,) = row["evidence"]
    stored = (teams_bot.settings.data_dir / evidence["path"]).read_bytes()
    assert evidence["kind"] == "photo" and evidence["metadata_stripped"] is True
    assert GPS_MARK not in stored and stored == strip_metadata(photo).data
    assert evidence["sha256"] == hashlib.sha256(stored).hexdigest()

    turn = person.say("/aangifte")
    assert "Voorbereiding aangifte".upper() in joined(turn)
    (card,) = [
        a for m in turn for a in m.get("attachments") or [] if "file.consent" in a["contentType"]
    ]
    assert card["name"] == f"aangifte-{receipt}.pdf"
    turn = person.post(fake.consent(person.user, card, "accept"))
    pdf = fake.uploads[card["name"]]
    assert pdf.startswith(b"%PDF-") and card["content"]["sizeInBytes"] == len(pdf)
    (info,) = [a for m in turn for a in m.get("attachments") or []]
    assert info["contentType"] == "application/vnd.microsoft.teams.card.file.info"
    turn = person.say("/aangifte")
    (card,) = [
        a for m in turn for a in m.get("attachments") or [] if "file.consent" in a["contentType"]
    ]
    turn = person.post(fake.consent(person.user, card, "decline"))
    assert "De tekst hierboven kun je ook gebruiken" in joined(turn)


def _bad_tokens(fake: FakeTeams) -> dict[str, tuple[str | None, dict]]:
    now = int(time.time())
    other = fake.service_url.replace("/teams/", "/elders/")
    return {
        "none": (None, {}),
        "issuer": (fake.sign(iss="https://evil.example"), {}),
        "audience": (fake.sign(aud="22222222-2222-3333-4444-555555555555"), {}),
        "signature": (fake.sign(key=_new_key()), {}),
        "unknown-key": (fake.sign(key=_new_key(), kid="nobody"), {}),
        "expired": (fake.sign(exp=now - 900, nbf=now - 4000), {}),
        "serviceurl": (fake.sign(other), {}),
        "unendorsed": (fake.sign(key=fake.unendorsed_key, kid=fake.unendorsed_kid), {}),
        "tenant": (fake.sign(), {"tenant": OTHER_TENANT}),
    }


@pytest.mark.parametrize(
    "case",
    [
        "none",
        "issuer",
        "audience",
        "signature",
        "unknown-key",
        "expired",
        "serviceurl",
        "unendorsed",
        "tenant",
    ],
)
def test_a_bad_token_is_refused_and_nothing_is_stored(
    teams_bot: RunningBot, fake: FakeTeams, case: str
):
    token, extra = _bad_tokens(fake)[case]
    user = str(uuid.uuid4())
    activity = fake.activity(user, text=OPENING, **extra)
    calls = len(fake.calls)
    assert post_activity(teams_bot, activity, token) in (401, 403)
    assert len(fake.calls) == calls, "nothing was sent to Teams"
    with factory(teams_bot)() as session:
        assert session.get(TeamsActivity, activity["id"]) is None
        assert session.get(TeamsConversation, user) is None
    assert tracker_user_events(teams_bot, user) == []


def test_the_same_activity_three_times_gives_one_reply_and_one_report(
    teams_bot: RunningBot, fake: FakeTeams
):
    person = Person(teams_bot, fake)
    turn = tell_until(person, person.say(OPENING), "klopt dit?")
    before = len(teams_bot.reports())
    confirm = fake.press(person.user, turn[-1], "Ja, opslaan")
    token = fake.sign()
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(post_activity(teams_bot, confirm, token)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200, 200]
    assert joined(person.new_messages()).count("ontvangstnummer") == 1
    assert len(teams_bot.reports()) == before + 1


def test_a_group_chat_is_refused_once_and_nothing_is_stored(teams_bot: RunningBot, fake: FakeTeams):
    user = str(uuid.uuid4())
    reports = len(teams_bot.reports())
    for _ in range(2):
        activity = fake.activity(user, text=OPENING, conversation_type="groupChat")
        assert post_activity(teams_bot, activity, fake.sign()) == 200
    group_path = f"/teams/v3/conversations/19:{user}@thread/activities"
    (refusal,) = [c.body for c in fake.calls if c.path == group_path]
    assert "niet in een groep" in refusal["text"]
    with factory(teams_bot)() as session:
        assert session.get(TeamsConversation, user) is None
    assert tracker_user_events(teams_bot, user) == []
    assert len(teams_bot.reports()) == reports


def _reported(bot: RunningBot, fake: FakeTeams) -> tuple[Person, int, datetime]:
    """A Teams worker who installed the app, with a stored report and aftercare consent."""
    person = Person(bot, fake)
    # The installationUpdate stores the reference without a greeting, so no report form is
    # open (a check-in waits while the worker is telling a report).
    assert person.post(fake.activity(person.user, kind="installationUpdate", action="add")) == []
    made = datetime.now(AMS).replace(hour=10, minute=0, second=0, microsecond=0)
    f = factory(bot)
    stored = submit_report(
        f,
        full_draft(made, draft_id=f"d-{person.user}", types=("bedreiging",)),
        ReporterRef("teams", person.user, "Sam"),
        default_organisation="G",
        now=made,
    )
    record_aftercare_choice(f, stored.report_id, True, now=made)
    return person, stored.report_id, made


def _worker(bot: RunningBot, at: datetime) -> FollowUpWorker:
    return FollowUpWorker(bot.stack.settings, factory(bot), FixedClock(at))


def test_a_check_in_reaches_teams_after_every_process_restarted_and_the_web_chat_works_offline(
    teams_bot: RunningBot, fake: FakeTeams
):
    person, report_id, made = _reported(teams_bot, fake)
    port = fake.port
    fake.stop()
    stack = teams_bot.stack
    stack.stop()
    stack.start()  # Microsoft unreachable: every process still starts
    web = teams_bot.send(f"web-{uuid.uuid4().hex}", "hallo")
    assert web, "the web chat answers while Microsoft is unreachable"
    fake.start(port)
    person.new_messages()
    outcome = _worker(teams_bot, made + timedelta(hours=24)).send_now(report_id, "aftercare_day1")
    assert outcome.status == "sent", outcome
    checkin = person.new_messages()
    assert checkin and titles(checkin[-1]), "the check-in comes with its buttons"
    # Its buttons work: the worker answers by pressing one.
    answered = person.press(checkin[-1], titles(checkin[-1])[0])
    assert answered and "Deze knop werkt niet meer" not in joined(answered)


def test_an_uninstalled_app_flags_the_report(teams_bot: RunningBot, fake: FakeTeams):
    person, report_id, made = _reported(teams_bot, fake)
    fake.blocked.add(f"a:{person.user}")
    outcome = _worker(teams_bot, made + timedelta(hours=24)).send_now(report_id, "aftercare_day1")
    assert outcome.status == "permanent"
    with factory(teams_bot)() as session:
        assert session.get(Report, report_id).delivery_problem is True
        assert session.get(TeamsConversation, person.user).installed is False
        assert session.scalar(select(TeamsConversation.installed)) is not None

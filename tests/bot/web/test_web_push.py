"""Check-ins for open web chat pages: the event stream, the worker's push route, confirmation."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone

import pytest

from bot.web import pages
from bot.web.appkeys import OPEN_PAGES, SESSION_FACTORY
from bot.web.sessions import SESSION_COOKIE, issue_session
from tests.bot.web.conftest import INTERNAL_TOKEN

TOKEN = INTERNAL_TOKEN
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHECK_IN = [
    {
        "recipient_id": "x",
        "text": "Hoe gaat het nu met je?",
        "buttons": [{"title": "Goed", "payload": "/feeling_good"}],
    }
]


@pytest.fixture
async def client(internal_client):
    return await internal_client()


def new_session(client) -> str:
    """A session the app server issued (only those are accepted)."""
    return issue_session(client.app[SESSION_FACTORY], now=datetime.now(timezone.utc))


def cookie(session_id: str) -> dict[str, str]:
    return {"Cookie": f"{SESSION_COOKIE}={session_id}"}


class Page:
    """An open chat page: its event stream, read line by line as EventSource would."""

    def __init__(self, client, session_id: str) -> None:
        self.client = client
        self.session_id = session_id
        self.response = None

    async def open(self) -> Page:
        self.response = await self.client.get("/chat/api/events", headers=cookie(self.session_id))
        assert self.response.status == 200
        assert self.response.headers["Content-Type"].startswith("text/event-stream")
        while not self.client.app[OPEN_PAGES].is_open(self.session_id):
            await asyncio.sleep(0.01)
        return self

    async def next_event(self, timeout: float = 5) -> dict:
        """The next `messages` event's data (comments and the retry line are skipped)."""
        name = None
        while True:
            line = (await asyncio.wait_for(self.response.content.readline(), timeout)).decode()
            if line.startswith("event: "):
                name = line.removeprefix("event: ").strip()
            elif line.startswith("data: ") and name == "messages":
                return json.loads(line.removeprefix("data: "))

    async def confirm(self, event_id: str, session_id: str | None = None) -> int:
        response = await self.client.post(
            "/chat/api/events/ack",
            json={"id": event_id},
            headers=cookie(session_id or self.session_id),
        )
        return response.status

    def close(self) -> None:
        self.response.close()


async def push(client, session_id: str, key: str = "7:aftercare_day1") -> dict:
    response = await client.post(
        "/internal/web/push",
        json={"sender": f"web-{session_id}", "key": key, "messages": CHECK_IN},
        headers=AUTH,
    )
    assert response.status == 200
    return await response.json()


async def test_a_push_while_no_page_is_open_answers_no_page_and_keeps_the_key_free(client):
    session_id = new_session(client)
    assert (await push(client, session_id))["status"] == "no_page"
    # Once the page is open the same key is delivered: the first try did not use it up.
    page = await Page(client, session_id).open()
    pushing = asyncio.create_task(push(client, session_id))
    event = await page.next_event()
    assert await page.confirm(event["id"]) == 200
    assert (await pushing)["status"] == "sent"
    page.close()


async def test_a_push_to_an_open_page_is_shown_there_and_sent_once_the_page_confirms(client):
    session_id = new_session(client)
    page = await Page(client, session_id).open()
    pushing = asyncio.create_task(push(client, session_id))
    event = await page.next_event()
    assert event == {
        "id": "7:aftercare_day1",
        "messages": [
            {
                "text": "Hoe gaat het nu met je?",
                "buttons": [{"title": "Goed", "payload": "/feeling_good"}],
            }
        ],
    }
    assert not pushing.done(), "sent only after the page confirmed it"
    await page.confirm(event["id"])
    assert await pushing == {"status": "sent"}
    page.close()


async def test_a_repeated_key_is_answered_sent_without_showing_it_again(client):
    session_id = new_session(client)
    page = await Page(client, session_id).open()
    pushing = asyncio.create_task(push(client, session_id))
    await page.confirm((await page.next_event())["id"])
    await pushing
    assert await push(client, session_id) == {"status": "sent", "reason": "duplicate"}
    with pytest.raises(asyncio.TimeoutError):
        await page.next_event(timeout=0.5)
    page.close()


async def test_an_unconfirmed_push_is_not_sent_and_can_be_tried_again(client, monkeypatch):
    monkeypatch.setattr(pages, "ACK_TIMEOUT", 0.3)
    session_id = new_session(client)
    page = await Page(client, session_id).open()
    assert (await push(client, session_id))["status"] == "no_page"
    await page.next_event()  # it reached the stream, but nobody said it was shown
    pushing = asyncio.create_task(push(client, session_id))
    await page.confirm((await page.next_event())["id"])
    assert (await pushing)["status"] == "sent"
    page.close()


async def test_another_session_cannot_confirm_or_receive_a_push(client, monkeypatch):
    monkeypatch.setattr(pages, "ACK_TIMEOUT", 0.5)
    mine, other = new_session(client), new_session(client)
    other_page = await Page(client, other).open()
    assert (await push(client, mine))["status"] == "no_page"
    my_page = await Page(client, mine).open()
    pushing = asyncio.create_task(push(client, mine))
    event = await my_page.next_event()
    await my_page.confirm(event["id"], session_id=other)
    assert (await pushing)["status"] == "no_page"
    with pytest.raises(asyncio.TimeoutError):
        await other_page.next_event(timeout=0.3)
    my_page.close()
    other_page.close()


async def test_the_registry_forgets_a_page_that_was_closed(client):
    session_id = new_session(client)
    page = await Page(client, session_id).open()
    state = await client.get(f"/internal/web/pages/web-{session_id}", headers=AUTH)
    assert (await state.json())["open"] is True
    page.close()
    # The stream looks every second whether its page is still there.
    for _ in range(30):
        if not client.app[OPEN_PAGES].is_open(session_id):
            break
        await asyncio.sleep(0.1)
    state = await client.get(f"/internal/web/pages/web-{session_id}", headers=AUTH)
    assert (await state.json())["open"] is False


async def test_the_event_stream_needs_a_chat_session(client):
    response = await client.get("/chat/api/events")
    assert response.status == 204
    response = await client.post("/chat/api/events/ack", json={"id": "1:x"})
    assert response.status == 403


async def test_the_push_route_needs_the_token_and_a_web_sender(client):
    body = {"sender": f"web-{new_session(client)}", "key": "1:x", "messages": CHECK_IN}
    assert (await client.post("/internal/web/push", json=body)).status == 401
    for sender in ("424242", "web-short", "rest-" + new_session(client)):
        response = await client.post(
            "/internal/web/push", json={**body, "sender": sender}, headers=AUTH
        )
        assert response.status == 400, sender
    empty = await client.post("/internal/web/push", json={**body, "messages": []}, headers=AUTH)
    assert empty.status == 400

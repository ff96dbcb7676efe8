"""Two app servers on one Redis: a check-in handed to server B reaches the page connected to
server A, the page's ack through B completes it, and a PDF link made on A downloads from B."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import redis

from bot.web.appkeys import OPEN_PAGES
from bot.web.chat_documents import DOCUMENTS, MAX_PER_SESSION
from bot.web.pages import OpenPages
from bot.web.shared import RedisDocumentStore, RedisPages
from tests.bot.web.test_web_push import AUTH, Page, cookie, new_session, push
from tests.conftest import require_service

pytestmark = pytest.mark.redis
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def prefix():
    require_service("Redis", "127.0.0.1", 6379)
    name = f"vpt-test-{uuid.uuid4().hex[:10]}:"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{name}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
async def two_servers(internal_client, prefix):
    a = await internal_client(redis_url=REDIS_URL, redis_prefix=prefix)
    b = await internal_client(redis_url=REDIS_URL, redis_prefix=prefix)
    for _ in range(200):  # both listen on the shared channel before the test publishes
        if a.app[OPEN_PAGES].subscribed and b.app[OPEN_PAGES].subscribed:
            break
        await asyncio.sleep(0.01)
    ready = await b.get("/health/ready")
    assert ready.status == 200 and (await ready.json())["checks"]["redis"] == "ok"
    return a, b


async def _wait_open(server, session_id: str, expected: bool) -> None:
    sender = f"web-{session_id}"
    for _ in range(200):
        response = await server.get(f"/internal/web/pages/{sender}", headers=AUTH)
        if (await response.json())["open"] is expected:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"page open never became {expected}")


async def test_a_check_in_sent_through_server_b_reaches_the_page_on_server_a(two_servers):
    a, b = two_servers
    assert isinstance(a.app[OPEN_PAGES], RedisPages)
    session_id = new_session(a)
    page = await Page(a, session_id).open()
    await _wait_open(b, session_id, True)  # B sees the page A holds

    pushing = asyncio.create_task(push(b, session_id, key="41:aftercare_day1"))
    event = await page.next_event()
    assert event["messages"][0]["text"] == "Hoe gaat het nu met je?"
    # The page's ack goes through B here (the load balancer may pick any server).
    assert await Page(b, session_id).confirm(event["id"]) == 200
    assert (await pushing)["status"] == "sent"
    # Sent once: the same key again is a duplicate and shows nothing.
    assert await push(b, session_id, key="41:aftercare_day1") == {
        "status": "sent",
        "reason": "duplicate",
    }
    page.close()
    await _wait_open(b, session_id, False)
    assert (await push(b, session_id, key="41:aftercare_week2"))["status"] == "no_page"


async def test_an_unconfirmed_push_through_b_stays_unsent(two_servers, monkeypatch):
    a, b = two_servers
    session_id = new_session(a)
    page = await Page(a, session_id).open()
    await _wait_open(b, session_id, True)
    from bot.web import pages

    monkeypatch.setattr(pages, "ACK_TIMEOUT", 0.5)
    result = await push(b, session_id, key="42:aftercare_day1")
    assert (await page.next_event())["id"] == "42:aftercare_day1"  # shown but never confirmed
    assert result["status"] == "no_page"
    page.close()


async def test_a_pdf_link_made_on_one_server_downloads_from_the_other(two_servers):
    a, b = two_servers
    session_id = new_session(a)
    store = a.app[DOCUMENTS]
    assert isinstance(store, RedisDocumentStore)
    token = await store.put(session_id, "aangifte-X.pdf", b"%PDF-1.7 test")
    response = await b.get(f"/chat/api/documents/{token}", headers=cookie(session_id))
    assert response.status == 200
    assert await response.read() == b"%PDF-1.7 test"
    assert 'filename="aangifte-X.pdf"' in response.headers["Content-Disposition"]
    # Another session's cookie gets nothing.
    other = await b.get(f"/chat/api/documents/{token}", headers=cookie(new_session(a)))
    assert other.status == 404


async def test_a_session_keeps_only_its_latest_links_in_redis(two_servers):
    a, b = two_servers
    session_id = new_session(a)
    store = a.app[DOCUMENTS]
    tokens = [await store.put(session_id, "a.pdf", b"%PDF") for _ in range(MAX_PER_SESSION + 2)]
    assert await store.get(tokens[0], session_id) is None
    assert await store.get(tokens[1], session_id) is None
    assert (await b.app[DOCUMENTS].get(tokens[-1], session_id)).data == b"%PDF"


async def test_without_redis_the_app_keeps_pages_in_its_own_memory(internal_client):
    client = await internal_client()
    assert type(client.app[OPEN_PAGES]) is OpenPages
    assert not isinstance(client.app[DOCUMENTS], RedisDocumentStore)


async def test_the_workers_own_client_through_b_reaches_the_page_on_a(two_servers):
    """bot/delivery/web_chat.py as the worker calls it, with VPT_APP_URL naming server B."""
    from bot.delivery.web_chat import page_open, push_to_page
    from bot.settings import Settings
    from tests.bot.web.conftest import INTERNAL_TOKEN

    a, b = two_servers
    settings = Settings(app_url=str(b.make_url("")).rstrip("/"), internal_token=INTERNAL_TOKEN)
    session_id = new_session(a)
    sender = f"web-{session_id}"
    assert await asyncio.to_thread(page_open, settings, sender) is False
    page = await Page(a, session_id).open()
    await _wait_open(b, session_id, True)
    assert await asyncio.to_thread(page_open, settings, sender) is True

    messages = [{"text": "Hoe gaat het nu met je?"}]
    delivering = asyncio.create_task(
        asyncio.to_thread(push_to_page, settings, sender, messages, dedupe_key="43:aftercare_day1")
    )
    event = await page.next_event()
    assert await page.confirm(event["id"]) == 200  # the ack reaches A this time
    delivery = await delivering
    assert delivery.status == "sent"
    page.close()


async def test_with_redis_gone_a_push_answers_no_page_instead_of_failing(internal_client):
    """Redis down: the worker is told "no page" (try again later), the key is not held."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    b = await internal_client(redis_url=f"redis://127.0.0.1:{port}/0", redis_prefix="x:")
    assert (await push(b, new_session(b), key="44:aftercare_day1"))["status"] == "no_page"

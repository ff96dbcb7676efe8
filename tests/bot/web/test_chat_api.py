"""The app server's chat API, page and health check, against a fake Rasa."""

from __future__ import annotations

import asyncio
import logging
import re

from bot.settings import Settings
from bot.web.app import HTTP_CLIENT, create_app
from bot.web.sessions import SESSION_COOKIE
from tests.bot.web.conftest import INTERNAL_TOKEN, migrated_sqlite

API = "/chat/api/message"


async def post(client, message, **extra):
    """POST a message and return (status, json)."""
    response = await client.post(API, json={"message": message, **extra})
    return response.status, await response.json()


async def test_health_answers_ok(client):
    response = await client.get("/health")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_root_redirects_to_chat(client):
    response = await client.get("/", allow_redirects=False)
    assert response.status in (301, 302, 303, 307, 308)
    assert response.headers["Location"] == "/chat"


async def test_chat_page_is_html_with_security_headers(client):
    response = await client.get("/chat")
    assert response.status == 200
    assert response.content_type == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    html = await response.text()
    assert "<title>Incident melden</title>" in html
    assert 'Bel <a href="tel:112">112</a>' in html


async def test_chat_page_has_no_inline_script_or_external_resources(client):
    html = await (await client.get("/chat")).text()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts, "the page loads chat.js"
    assert all('src="/chat/static/' in attrs and body.strip() == "" for attrs, body in scripts)
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    for name in ("chat.html", "chat.js", "chat.css"):
        text = await (await client.get(f"/chat/static/{name}")).text()
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), name


async def test_static_files_are_served_with_nosniff(client):
    for name, content_type in (("chat.js", "javascript"), ("chat.css", "text/css")):
        response = await client.get(f"/chat/static/{name}")
        assert response.status == 200
        assert content_type in response.headers["Content-Type"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_static_directory_is_not_listed(client):
    response = await client.get("/chat/static/")
    assert response.status in (403, 404)


async def test_message_is_forwarded_and_answer_returned(client, fake_rasa):
    status, body = await post(client, "hoi")
    assert status == 200
    assert body == {"messages": [{"text": "Je zei: hoi", "buttons": []}]}
    assert fake_rasa.messages == ["hoi"]
    assert re.fullmatch(r"web-[A-Za-z0-9_-]{43}", fake_rasa.received[0]["sender"])


async def test_rasa_is_called_with_the_internal_token_in_a_header_only(client, fake_rasa):
    await post(client, "hoi")
    assert fake_rasa.authorizations == [f"Bearer {INTERNAL_TOKEN}"]
    assert set(fake_rasa.received[0]) == {"sender", "message"}  # no channel, no metadata


async def test_message_is_trimmed_before_forwarding(client, fake_rasa):
    await post(client, "  Er werd naar me gespuugd.\n")
    assert fake_rasa.messages == ["Er werd naar me gespuugd."]


async def test_sender_is_stable_across_requests_with_the_same_cookie(client, fake_rasa):
    await post(client, "hoi")
    await post(client, "Een klant schold me uit.")
    first, second = (item["sender"] for item in fake_rasa.received)
    assert first == second


async def test_sender_differs_between_sessions(client, fake_rasa):
    await post(client, "hoi")
    client.session.cookie_jar.clear()
    await post(client, "hoi")
    first, second = (item["sender"] for item in fake_rasa.received)
    assert first != second


async def test_client_supplied_sender_is_ignored(client, fake_rasa):
    await post(client, "hoi", sender="telegram-12345")
    await post(client, "hoi", sender="web-iemand-anders")
    senders = [item["sender"] for item in fake_rasa.received]
    assert "telegram-12345" not in senders and "web-iemand-anders" not in senders
    assert senders[0] == senders[1]


async def test_malformed_session_cookie_is_replaced_by_a_random_one(client, fake_rasa):
    response = await client.post(API, json={"message": "hoi"}, cookies={SESSION_COOKIE: "admin"})
    assert response.status == 200
    sender = fake_rasa.received[0]["sender"]
    assert sender != "web-admin"
    assert response.cookies[SESSION_COOKIE].value == sender.removeprefix("web-")


async def test_session_cookie_is_httponly_strict_and_scoped_to_chat(client):
    response = await client.post(API, json={"message": "hoi"})
    cookie = response.cookies[SESSION_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/chat"
    assert int(cookie["max-age"]) == 72 * 3600  # the idle expiry
    # Known session: the same id, its Max-Age renewed.
    again = await client.post(API, json={"message": "hoi"})
    assert again.cookies[SESSION_COOKIE].value == cookie.value


async def test_empty_message_is_rejected_without_calling_rasa(client, fake_rasa):
    for message in ("", "   \n "):
        status, body = await post(client, message)
        assert (status, body) == (400, {"error": "empty_message"})
    assert fake_rasa.received == []


async def test_message_of_4000_characters_is_accepted(client, fake_rasa):
    status, _ = await post(client, "a" * 4000)
    assert status == 200
    assert len(fake_rasa.messages[0]) == 4000


async def test_message_over_4000_characters_is_too_long(client, fake_rasa):
    status, body = await post(client, "a" * 4001)
    assert (status, body) == (413, {"error": "message_too_long"})
    assert fake_rasa.received == []


async def test_characters_are_counted_not_bytes(client, fake_rasa):
    status, _ = await post(client, "é" * 4000)
    assert status == 200


async def test_huge_body_is_too_long(client, fake_rasa):
    response = await client.post(
        API, data=b"x" * 200_000, headers={"Content-Type": "application/json"}
    )
    assert response.status == 413
    assert await response.json() == {"error": "message_too_long"}


async def test_malformed_requests_are_bad_requests(client, fake_rasa):
    bodies = [
        b"dit is geen json",
        b"\xff\xfe",
        b'["hoi"]',
        b"{}",
        b'{"text": "hoi"}',
        b'{"message": 42}',
        b'{"message": null}',
    ]
    for data in bodies:
        response = await client.post(API, data=data, headers={"Content-Type": "application/json"})
        assert response.status == 400, data
        assert await response.json() == {"error": "bad_request"}, data
    assert fake_rasa.received == []


async def test_get_on_message_api_is_not_allowed(client):
    response = await client.get(API)
    assert response.status == 405


async def test_rasa_down_gives_bot_unavailable(aiohttp_client, unused_loopback_port, tmp_path):
    settings = Settings(
        rasa_url=f"http://127.0.0.1:{unused_loopback_port}", database_url=migrated_sqlite(tmp_path)
    )
    client = await aiohttp_client(create_app(settings))
    status, body = await post(client, "hoi")
    assert (status, body) == (503, {"error": "bot_unavailable"})


async def test_rasa_server_error_gives_bot_unavailable(client, fake_rasa):
    fake_rasa.status = 500
    status, body = await post(client, "hoi")
    assert (status, body) == (503, {"error": "bot_unavailable"})


async def test_rasa_answer_that_is_not_json_gives_bot_unavailable(client, fake_rasa):
    fake_rasa.raw_body = "<html>Bad Gateway</html>"
    status, body = await post(client, "hoi")
    assert (status, body) == (503, {"error": "bot_unavailable"})


async def test_rasa_answer_that_is_not_a_list_gives_bot_unavailable(client, fake_rasa):
    fake_rasa.raw_body = '{"text": "hoi"}'
    status, body = await post(client, "hoi")
    assert (status, body) == (503, {"error": "bot_unavailable"})


async def test_slow_rasa_gives_bot_unavailable(aiohttp_client, rasa_server, fake_rasa, tmp_path):
    fake_rasa.delay = 2.0
    settings = Settings(
        rasa_url=str(rasa_server.make_url("/")), database_url=migrated_sqlite(tmp_path)
    )
    client = await aiohttp_client(create_app(settings, rasa_timeout=0.2, page_wait=5))
    started = asyncio.get_running_loop().time()
    status, body = await post(client, "hoi")
    assert (status, body) == (503, {"error": "bot_unavailable"})
    assert asyncio.get_running_loop().time() - started < 1.5


async def test_buttons_are_passed_through(client, fake_rasa):
    fake_rasa.answer_next(
        {"text": "Klopt dit?"},
        {
            "text": "Kies een antwoord.",
            "buttons": [
                {"title": "Ja, klopt", "payload": "/affirm"},
                {"title": "Nee", "payload": "/deny"},
            ],
        },
    )
    status, body = await post(client, "hoi")
    assert status == 200
    assert body["messages"] == [
        {"text": "Klopt dit?", "buttons": []},
        {
            "text": "Kies een antwoord.",
            "buttons": [
                {"title": "Ja, klopt", "payload": "/affirm"},
                {"title": "Nee", "payload": "/deny"},
            ],
        },
    ]


async def test_buttons_without_text_are_kept_and_parts_without_either_are_dropped(
    client, fake_rasa
):
    fake_rasa.answer_next(
        {"image": "https://example.org/plaatje.png"},
        {"custom": {"iets": 1}},
        {"buttons": [{"title": "Stoppen", "payload": "/stop"}, {"payload": "/zonder_titel"}]},
        {"text": "Tot ziens"},
    )
    _, body = await post(client, "hoi")
    assert body["messages"] == [
        {"text": None, "buttons": [{"title": "Stoppen", "payload": "/stop"}]},
        {"text": "Tot ziens", "buttons": []},
    ]


async def test_bot_text_is_returned_unchanged(client, fake_rasa):
    fake_rasa.answer_next({"text": "<script>alert(1)</script>\nRegel twee"})
    _, body = await post(client, "hoi")
    assert body["messages"][0]["text"] == "<script>alert(1)</script>\nRegel twee"


async def test_message_text_is_never_logged(client, fake_rasa, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "Jan de Vries sloeg me"
    await post(client, secret)
    fake_rasa.status = 500
    await post(client, secret)
    assert len(fake_rasa.received) == 2
    assert secret not in caplog.text


async def test_one_http_client_per_app_lives_from_startup_to_cleanup(
    aiohttp_client, rasa_server, tmp_path
):
    app = create_app(
        Settings(rasa_url=str(rasa_server.make_url("/")), database_url=migrated_sqlite(tmp_path))
    )
    assert HTTP_CLIENT not in app  # nothing is opened before start-up
    client = await aiohttp_client(app)
    session = app[HTTP_CLIENT]
    await post(client, "hoi")
    await post(client, "nog een")
    assert app[HTTP_CLIENT] is session
    await client.close()
    assert session.closed


# -- the session: server-issued ids, idle expiry, ending it, and where a POST may come from -------

NEVER_ISSUED = "A" * 43


async def test_a_well_formed_id_the_server_never_issued_is_not_used(client, fake_rasa):
    response = await client.post(
        API, json={"message": "hoi"}, cookies={SESSION_COOKIE: NEVER_ISSUED}
    )
    assert response.status == 200
    assert fake_rasa.received[0]["sender"] != f"web-{NEVER_ISSUED}"
    assert response.cookies[SESSION_COOKIE].value != NEVER_ISSUED


async def test_an_idle_session_is_forgotten(client, fake_rasa):
    from datetime import timedelta

    from bot.storage.models import WebSession
    from bot.web.appkeys import SESSION_FACTORY

    await post(client, "hoi")
    with client.app[SESSION_FACTORY]() as s, s.begin():
        row = s.query(WebSession).one()
        row.last_seen_at = row.last_seen_at - timedelta(hours=73)
    await post(client, "nog een")
    first, second = (item["sender"] for item in fake_rasa.received)
    assert first != second


async def test_ending_the_conversation_forgets_the_session(client, fake_rasa):
    await post(client, "hoi")
    ended = await client.post("/chat/api/end", json={})
    assert ended.status == 200
    assert ended.cookies[SESSION_COOKIE].value == ""  # the browser is told to drop it
    first = fake_rasa.received[0]["sender"].removeprefix("web-")
    # Even a copy of the old cookie no longer works.
    client.session.cookie_jar.clear()
    again = await client.post(API, json={"message": "/aangifte"}, cookies={SESSION_COOKIE: first})
    assert again.status == 200
    assert fake_rasa.received[1]["sender"] != f"web-{first}"


async def test_a_post_from_another_origin_is_refused(client, fake_rasa):
    for headers in (
        {"Origin": "https://evil.gemeente.nl"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "null"},
    ):
        response = await client.post(API, json={"message": "hoi"}, headers=headers)
        assert response.status == 403, headers
    assert fake_rasa.received == []


async def test_a_post_that_is_not_json_is_refused(client, fake_rasa):
    response = await client.post(
        API, data='{"message": "hoi"}', headers={"Content-Type": "text/plain"}
    )
    assert response.status == 403
    assert fake_rasa.received == []


async def test_a_post_from_the_page_itself_is_accepted(client, fake_rasa):
    origin = str(client.make_url("/")).rstrip("/")
    response = await client.post(
        API, json={"message": "hoi"}, headers={"Origin": origin, "Sec-Fetch-Site": "same-origin"}
    )
    assert response.status == 200


async def test_the_cookie_is_secure_behind_a_tls_proxy_when_configured(
    aiohttp_client, rasa_server, tmp_path
):
    settings = Settings(
        rasa_url=str(rasa_server.make_url("/")),
        database_url=migrated_sqlite(tmp_path),
        web_cookie_secure="always",
    )
    client = await aiohttp_client(create_app(settings))
    response = await client.post(API, json={"message": "hoi"})
    assert response.cookies[SESSION_COOKIE]["secure"] is True

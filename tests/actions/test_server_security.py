"""The action server answers only Rasa (the shared secret) and never echoes a tracker."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from sanic import Sanic, response

from actions.server import TOKEN_HEADER, secure

TOKEN = "t" * 43
TRACKER = {
    "next_action": "action_send_aangifte_draft",
    "sender_id": "424242",
    "tracker": {"sender_id": "424242", "slots": {}, "latest_message": {"text": "SEED-F3"}},
}


# Sanic rewrites its own methods on every start unless in test mode (several apps, one process).
Sanic.test_mode = True


def _app(name: str) -> Sanic:
    app = Sanic(name)

    @app.get("/health")
    async def health(_):
        return response.json({"status": "ok"})

    @app.post("/webhook")
    async def webhook(request):
        if request.json.get("next_action") == "boom":
            raise RuntimeError(f"failed on {request.json}")
        return response.json({"events": []})

    @app.exception(Exception)
    async def echoing_handler(request, exception):
        # What rasa_sdk's create_app registers: the whole tracker back in the error.
        return response.json({"error": str(exception), "request_body": request.json}, status=500)

    return secure(app, TOKEN)


async def _post(app: Sanic, headers: dict[str, str], body: dict) -> httpx.Response:
    """Serve the app on a free loopback port and POST to it as Rasa (or an intruder) would."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    await server.startup()
    await server.start_serving()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            return await client.post("/webhook", json=body, headers=headers)
    finally:
        server.close()
        await server.wait_closed()


def test_a_call_without_the_secret_is_refused():
    answer = asyncio.run(_post(_app("a1"), {}, TRACKER))
    assert answer.status_code == 401
    assert "SEED-F3" not in answer.text


def test_a_call_with_a_wrong_secret_is_refused():
    answer = asyncio.run(_post(_app("a2"), {TOKEN_HEADER: "x" * 43}, TRACKER))
    assert answer.status_code == 401


def test_rasa_with_the_secret_is_served():
    answer = asyncio.run(_post(_app("a3"), {TOKEN_HEADER: TOKEN}, TRACKER))
    assert answer.status_code == 200


def test_a_failing_action_is_answered_without_the_request_body():
    body = {**TRACKER, "next_action": "boom"}
    answer = asyncio.run(_post(_app("a4"), {TOKEN_HEADER: TOKEN}, body))
    assert answer.status_code == 500
    assert "SEED-F3" not in answer.text and "request_body" not in answer.text


def test_the_server_does_not_start_without_a_secret():
    with pytest.raises(SystemExit, match="VPT_ACTION_TOKEN is empty"):
        secure(Sanic("a5"), "")

"""The channels' webhooks on the public listener: passed on to Rasa (internal only) with their
credential header, refused before anything is read when the credential or the length is wrong."""

from __future__ import annotations

from aiohttp import web

from bot.settings import Settings
from bot.web.app import create_app
from tests.bot.web.conftest import migrated_sqlite

TEAMS = "/webhooks/teams/webhook"


async def _rasa(aiohttp_server, seen: list):
    async def teams(request: web.Request) -> web.Response:
        seen.append((request.headers.get("Authorization"), await request.read()))
        return web.json_response(
            {}, status=401 if "bad" in request.headers["Authorization"] else 200
        )

    app = web.Application()
    app.router.add_post(TEAMS, teams)
    return await aiohttp_server(app)


def _settings(rasa, tmp_path, **extra) -> Settings:
    return Settings(
        rasa_url=str(rasa.make_url("/")), database_url=migrated_sqlite(tmp_path), **extra
    )


TEAMS_ON = {"teams_app_id": "app", "teams_app_password": "secret", "teams_tenant_id": "tenant"}


async def test_a_teams_activity_reaches_rasa_with_its_token_and_rasas_verdict_comes_back(
    aiohttp_server, aiohttp_client, tmp_path
):
    seen: list = []
    rasa = await _rasa(aiohttp_server, seen)
    client = await aiohttp_client(create_app(_settings(rasa, tmp_path, **TEAMS_ON)))
    ok = await client.post(
        TEAMS, data=b'{"type": "message"}', headers={"Authorization": "Bearer good"}
    )
    refused = await client.post(TEAMS, data=b"{}", headers={"Authorization": "Bearer bad"})
    assert (ok.status, refused.status) == (200, 401)
    assert seen == [("Bearer good", b'{"type": "message"}'), ("Bearer bad", b"{}")]


async def test_a_teams_call_without_a_token_or_too_big_never_reaches_rasa(
    aiohttp_server, aiohttp_client, tmp_path
):
    seen: list = []
    rasa = await _rasa(aiohttp_server, seen)
    client = await aiohttp_client(create_app(_settings(rasa, tmp_path, **TEAMS_ON)))
    no_token = await client.post(TEAMS, data=b"{}")
    too_big = await client.post(
        TEAMS, data=b"x" * (1024 * 1024 + 1), headers={"Authorization": "Bearer good"}
    )
    assert (no_token.status, too_big.status) == (401, 413)
    assert seen == []


async def test_without_teams_the_public_listener_has_no_teams_webhook(
    aiohttp_server, aiohttp_client, tmp_path
):
    seen: list = []
    rasa = await _rasa(aiohttp_server, seen)
    client = await aiohttp_client(create_app(_settings(rasa, tmp_path)))
    response = await client.post(TEAMS, data=b"{}", headers={"Authorization": "Bearer good"})
    assert response.status in (404, 405) and seen == []

"""The loopback routes of the Teams channel: activity ids, conversation references, the tenant."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.db import make_engine, make_session_factory
from bot.storage.models import Reporter
from tests.bot.web.conftest import INTERNAL_TOKEN

AUTH = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
TENANT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
USER = "6f0c2b9e-1d2a-4c59-9a51-0a9d0d6a1f11"


@pytest.fixture
async def client(internal_client):
    return await internal_client(
        teams_app_id="11111111-2222-3333-4444-555555555555",
        teams_app_password="x",
        teams_tenant_id=TENANT,
        teams_organisation="Gemeente Voorbeeld",
    )


def reference(**changes):
    body = {
        "channel_user_id": USER,
        "display_name": "Sam",
        "service_url": "https://smba.trafficmanager.net/emea/",
        "conversation_id": f"a:{USER}",
        "tenant_id": TENANT,
        "user_id": f"29:{USER}",
        "bot_id": "28:app",
    }
    body.update(changes)
    return body


async def test_an_activity_is_claimed_once_and_a_released_one_again(client):
    path = "/internal/teams/activities"
    first = await client.post(f"{path}/claim", json={"activity_id": "f:1"}, headers=AUTH)
    again = await client.post(f"{path}/claim", json={"activity_id": "f:1"}, headers=AUTH)
    assert (await first.json())["claimed"] is True
    assert (await again.json())["claimed"] is False
    await client.post(f"{path}/claim", json={"activity_id": "f:2"}, headers=AUTH)
    await client.post(f"{path}/release", json={"activity_id": "f:2"}, headers=AUTH)
    retry = await client.post(f"{path}/claim", json={"activity_id": "f:2"}, headers=AUTH)
    assert (await retry.json())["claimed"] is True


async def test_teams_routes_need_the_internal_token(client):
    response = await client.put("/internal/teams/conversations", json=reference())
    assert response.status == 401
    response = await client.get(f"/internal/teams/conversations/{USER}")
    assert response.status == 401


async def test_the_newest_reference_is_stored_and_links_the_tenant_organisation(client, tmp_path):
    assert (await client.get(f"/internal/teams/conversations/{USER}", headers=AUTH)).status == 404
    saved = await client.put("/internal/teams/conversations", json=reference(), headers=AUTH)
    assert (await saved.json())["organisation"] == "Gemeente Voorbeeld"
    moved = reference(service_url="https://smba.trafficmanager.net/emea/new/")
    await client.put("/internal/teams/conversations", json=moved, headers=AUTH)
    found = await (await client.get(f"/internal/teams/conversations/{USER}", headers=AUTH)).json()
    assert found["service_url"] == "https://smba.trafficmanager.net/emea/new/"
    assert found["installed"] is True
    factory = make_session_factory(make_engine(f"sqlite:///{tmp_path / 'vpt.db'}"))
    with factory() as session:
        reporter = session.scalar(select(Reporter).where(Reporter.channel_user_id == USER))
        assert reporter.channel == "teams"
        assert reporter.organisation.name == "Gemeente Voorbeeld"


async def test_a_user_of_another_tenant_is_not_linked(client):
    other = reference(tenant_id="99999999-8888-7777-6666-555555555555")
    saved = await client.put("/internal/teams/conversations", json=other, headers=AUTH)
    assert (await saved.json())["organisation"] is None


async def test_an_uninstall_is_remembered_until_the_next_activity(client):
    await client.put("/internal/teams/conversations", json=reference(), headers=AUTH)
    await client.put(
        f"/internal/teams/conversations/{USER}/installed", json={"installed": False}, headers=AUTH
    )
    found = await (await client.get(f"/internal/teams/conversations/{USER}", headers=AUTH)).json()
    assert found["installed"] is False
    await client.put("/internal/teams/conversations", json=reference(), headers=AUTH)
    found = await (await client.get(f"/internal/teams/conversations/{USER}", headers=AUTH)).json()
    assert found["installed"] is True

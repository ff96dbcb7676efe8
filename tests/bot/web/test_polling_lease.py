"""Telegram polling runs on one Rasa instance only: the second refuses, says so, and takes over
when the first stops or dies. The lease goes through the app server's real internal routes."""

from __future__ import annotations

import asyncio
import logging

from connectors.app_client import AppClient
from connectors.telegram.lease import POLLING, STANDBY, PollingLease
from tests.bot.web.conftest import INTERNAL_TOKEN


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _apps(internal_client, count: int) -> list[AppClient]:
    server = await internal_client()
    base = str(server.make_url("")).rstrip("/")
    apps = [AppClient(base, INTERNAL_TOKEN) for _ in range(count)]
    for app in apps:
        await app.start()
    return apps


async def test_a_second_poller_refuses_and_says_so(internal_client, caplog):
    first_app, second_app = await _apps(internal_client, 2)
    first = PollingLease(first_app, holder="rasa-a", seconds=90)
    second = PollingLease(second_app, holder="rasa-b", seconds=90)
    with caplog.at_level(logging.INFO, logger="connectors.telegram.lease"):
        assert await first.hold() is True
        assert await second.hold() is False
        assert await second.hold() is False
    assert (first.state, second.state) == (POLLING, STANDBY)
    assert second.other == "rasa-a"
    refusals = [r for r in caplog.records if "polling refused" in r.getMessage()]
    assert len(refusals) == 1  # said once, not on every retry
    assert "rasa-a" in refusals[0].getMessage()
    await first_app.close()
    await second_app.close()


async def test_a_clean_stop_hands_polling_over_at_once(internal_client):
    first_app, second_app = await _apps(internal_client, 2)
    first = PollingLease(first_app, holder="rasa-a")
    second = PollingLease(second_app, holder="rasa-b")
    assert await first.hold()
    assert not await second.hold()
    await first.release()
    assert await second.hold()
    assert not await first.hold()
    await first_app.close()
    await second_app.close()


async def test_a_dead_pollers_lease_expires_and_the_other_takes_over(internal_client):
    first_app, second_app = await _apps(internal_client, 2)
    clock = Clock()
    # A one-second lease: the first instance "dies" (stops renewing) and it runs out.
    first = PollingLease(first_app, holder="rasa-a", seconds=1, clock=clock)
    second = PollingLease(second_app, holder="rasa-b", seconds=1, clock=clock)
    assert await first.hold()
    assert not await second.hold()
    await asyncio.sleep(1.1)
    assert await second.hold()
    assert second.state == POLLING
    await first_app.close()
    await second_app.close()


async def test_a_live_poller_keeps_its_lease_by_renewing(internal_client):
    first_app, second_app = await _apps(internal_client, 2)
    clock = Clock()
    first = PollingLease(first_app, holder="rasa-a", seconds=90, clock=clock)
    second = PollingLease(second_app, holder="rasa-b", seconds=90, clock=clock)
    assert await first.hold()
    for _ in range(5):  # 5 x 40 s: far past one lease, renewed all along
        clock.now += 40
        assert await first.hold()
        assert not await second.hold()
    await first_app.close()
    await second_app.close()


async def test_lease_routes_refuse_bad_input(internal_client):
    client = await internal_client()
    auth = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
    bad = [
        ("/internal/leases/Bad Name/take", {"holder": "x", "seconds": 5}),
        ("/internal/leases/telegram.polling/take", {"holder": "", "seconds": 5}),
        ("/internal/leases/telegram.polling/take", {"holder": "x", "seconds": 0}),
        ("/internal/leases/telegram.polling/take", {"holder": "x", "seconds": True}),
    ]
    for path, body in bad:
        response = await client.post(path, json=body, headers=auth)
        assert response.status == 400, path
    response = await client.post(
        "/internal/leases/telegram.polling/take", json={"holder": "x", "seconds": 5}
    )
    assert response.status == 401

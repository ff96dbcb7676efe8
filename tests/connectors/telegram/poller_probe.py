"""Runs the polling loop against stand-ins, in the Rasa environment (python-telegram-bot lives
there); test_polling.py starts it and reads the JSON it prints. Not collected by pytest."""

from __future__ import annotations

import asyncio
import json
import sys

import connectors.telegram.polling as polling
from connectors.telegram.updates import ProcessingFailed


class NoWait:
    async def wait(self) -> None:
        await asyncio.sleep(0)

    def reset(self) -> None:
        pass


class FakeBot:
    def __init__(self, rounds):
        self.rounds = rounds
        self.offsets = []

    async def do_api_request(self, method, api_kwargs, read_timeout):
        self.offsets.append(api_kwargs["offset"])
        if not self.rounds:
            await asyncio.sleep(3600)
        return self.rounds.pop(0)


class FakeApp:
    def __init__(self):
        self.saved = []

    async def get_offset(self):
        return None

    async def save_offset(self, offset):
        self.saved.append(offset)

    async def take_lease(self, name, holder, seconds):
        return True, holder  # the only instance: the polling lease is always ours

    async def release_lease(self, name, holder):
        pass


async def scenario(name: str) -> dict:
    polling.Backoff = NoWait
    handled, given_up = [], []
    if name == "give_up":
        bad = {"update_id": 7, "message": {"chat": {"id": 5, "type": "private"}, "text": "x"}}
        good = {"update_id": 8, "message": {"chat": {"id": 5, "type": "private"}, "text": "y"}}
        rounds = [[bad, good]] * polling.MAX_POLL_ATTEMPTS + [[good]]

        async def handle(update):
            if update["update_id"] == 7:
                raise ProcessingFailed("down")
            handled.append(update["update_id"])

    else:  # "crash": a bug (not ProcessingFailed) with one update, then getUpdates itself breaks
        odd = {"update_id": 7, "my_chat_member": {"chat": {"id": -1}, "new_chat_member": "x"}}
        good = {"update_id": 8, "message": {"chat": {"id": 5, "type": "private"}, "text": "y"}}
        rounds = [[odd, good]] * polling.MAX_POLL_ATTEMPTS + [5, [good]]

        async def handle(update):
            if update["update_id"] == 7:
                raise AttributeError("'str' object has no attribute 'get'")
            handled.append(update["update_id"])

    async def give_up(update):
        given_up.append(update["update_id"])

    bot, app = FakeBot(rounds), FakeApp()
    poller = polling.Poller(bot, app, handle, 25, give_up)
    task = asyncio.create_task(poller.run_supervised())
    for _ in range(200):
        await asyncio.sleep(0.01)
        if not bot.rounds:
            break
    await asyncio.sleep(0.05)
    task.cancel()
    return {
        "handled": handled,
        "given_up": given_up,
        "saved": app.saved,
        "restarts": poller.restarts,
        "healthy": poller.healthy(),
        "stale_healthy": poller.healthy(poller.last_cycle + 3 * 35 + 1),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(scenario(sys.argv[1]))))

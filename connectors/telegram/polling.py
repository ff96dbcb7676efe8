"""Polling mode: getUpdates in a loop, the offset saved (through the app server) past each
handled update, so a restart neither loses nor repeats updates.

An update that fails MAX_POLL_ATTEMPTS times is skipped, so one bad update cannot stop every
chat; the worker is then told that the message was not processed (`on_give_up`), which is what
the apology after each failure announces. Any exception of one update counts as a failure of
that update, never as the end of the loop; `run_supervised` restarts the loop should it end all
the same, and `last_cycle` lets the health check see a loop that is stuck.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot
from telegram.error import TelegramError
from telegram.warnings import PTBUserWarning

from bot.wire.delivery import ALLOWED_UPDATES
from connectors.app_client import AppClient, AppUnavailable
from connectors.telegram.lease import PollingLease
from connectors.telegram.send import Backoff
from connectors.telegram.updates import ProcessingFailed

logger = logging.getLogger(__name__)

MAX_POLL_ATTEMPTS = 5  # a poll update failing this often is skipped, and the worker told so


class Poller:
    """Fetches updates and hands each to `handle_update` (which raises ProcessingFailed to retry)."""

    def __init__(
        self,
        bot: Bot,
        app: AppClient,
        handle_update: Callable[[dict[str, Any]], Awaitable[None]],
        poll_timeout: int,
        on_give_up: Callable[[dict[str, Any]], Awaitable[None]] | None = None,
        lease: PollingLease | None = None,
    ) -> None:
        self.bot = bot
        self.app = app
        self.handle_update = handle_update
        self.poll_timeout = poll_timeout
        self.lease = lease or PollingLease(app)
        self.on_give_up = on_give_up
        self.last_cycle = time.monotonic()  # the health check's sign of life
        self.restarts = 0

    def healthy(self, now: float | None = None) -> bool:
        """False when no getUpdates round finished for three long-poll periods."""
        now = time.monotonic() if now is None else now
        return now - self.last_cycle < 3 * (self.poll_timeout + 10)

    async def run_supervised(self) -> None:
        """run_forever, started again (after a pause) whenever it ends by an exception."""
        backoff = Backoff()
        while True:
            try:
                await self.run_forever()
            except asyncio.CancelledError:
                raise
            except Exception:
                self.restarts += 1
                logger.exception("Telegram polling stopped; starting it again")
                await backoff.wait()

    async def run_forever(self) -> None:
        """getUpdates in a loop; the offset moves (and is saved) only past handled updates."""
        backoff = Backoff()
        offset: int | None = None
        offset_loaded = False  # the saved offset is None until the first update is handled
        attempts: dict[int, int] = {}
        while True:
            self.last_cycle = time.monotonic()
            if not await self.lease.hold():
                # Another instance polls; the offset it saves is read again on taking over.
                offset_loaded = False
                await asyncio.sleep(self.lease.retry_seconds)
                continue
            try:
                if not offset_loaded:
                    offset = await self.app.get_offset()
                    offset_loaded = True
                with warnings.catch_warnings():
                    # Raw dicts on purpose: polled updates take the webhook's parsing path.
                    warnings.simplefilter("ignore", PTBUserWarning)
                    updates = await self.bot.do_api_request(
                        "getUpdates",
                        api_kwargs={
                            "offset": offset,
                            "timeout": self.poll_timeout,
                            "allowed_updates": ALLOWED_UPDATES,
                        },
                        read_timeout=self.poll_timeout + 10,
                    )
            except (TelegramError, AppUnavailable) as exc:
                logger.warning("Polling Telegram failed (%s); retrying", type(exc).__name__)
                await backoff.wait()
                continue
            backoff.reset()
            for update in updates or []:
                update_id = update.get("update_id") if isinstance(update, dict) else None
                if not isinstance(update_id, int):
                    continue
                try:
                    await self.handle_update(update)
                except Exception as exc:  # ProcessingFailed, or a bug with this one update
                    if not isinstance(exc, ProcessingFailed):
                        logger.exception("Telegram update %d could not be handled", update_id)
                    attempts[update_id] = attempts.get(update_id, 0) + 1
                    if attempts[update_id] < MAX_POLL_ATTEMPTS:
                        await backoff.wait()
                        break  # fetch again from this update
                    logger.error(
                        "Telegram update %d failed %d times; skipped", update_id, MAX_POLL_ATTEMPTS
                    )
                    await self._give_up(update)
                attempts.pop(update_id, None)
                offset = update_id + 1
                try:
                    await self.app.save_offset(offset)
                except AppUnavailable:
                    # Kept in memory; a restart before it is saved only re-reads updates,
                    # which their recorded update_ids then skip.
                    logger.warning("Polling offset not saved yet")

    async def _give_up(self, update: dict[str, Any]) -> None:
        if self.on_give_up is None:
            return
        try:
            await self.on_give_up(update)
        except Exception:  # the skip goes on: one update must not stop the loop
            logger.exception("Telling the worker about a skipped update failed")

"""Only one Rasa instance may poll Telegram: getUpdates from two would hand each update to
whichever asked first and fight over the offset. The poller holds a lease in the reports
database (through the app server, bot/storage/leases.py), renews it while it runs and gives it
up on stop. A second instance does not poll: it says so in its log and on its health route and
stands by, taking the lease over once the first one stopped or died (the lease expired).
Behind a load balancer, use webhook mode instead (docs/operations.md).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable

from connectors.app_client import AppClient, AppUnavailable

logger = logging.getLogger(__name__)

LEASE_NAME = "telegram.polling"
# A dead poller's lease runs out after this; a live one renews it every third of it, which is
# more often than one getUpdates long poll (25 s) lasts.
LEASE_SECONDS = 90.0
STANDBY, POLLING = "standby", "polling"


class PollingLease:
    """The right to poll Telegram, held by one Rasa instance at a time."""

    def __init__(
        self,
        app: AppClient,
        *,
        holder: str | None = None,
        seconds: float = LEASE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self.seconds = seconds
        self.clock = clock
        self.state = "starting"
        self.other: str | None = None  # who polls while this instance stands by
        self._renewed_at: float | None = None

    @property
    def retry_seconds(self) -> float:
        """How long a standing-by instance waits before it asks again."""
        return self.seconds / 3

    async def hold(self) -> bool:
        """True when this instance may poll now (the lease is taken or still fresh)."""
        now = self.clock()
        if (
            self.state == POLLING
            and self._renewed_at is not None
            and now - self._renewed_at < self.seconds / 3
        ):
            return True
        try:
            taken, holder = await self.app.take_lease(LEASE_NAME, self.holder, self.seconds)
        except AppUnavailable as exc:
            # Still ours while the last renewal is young enough; else stop polling for now.
            fresh = self._renewed_at is not None and now - self._renewed_at < self.seconds * 2 / 3
            logger.warning("Polling lease not renewed (%s)", exc)
            return self.state == POLLING and fresh
        if taken:
            if self.state != POLLING:
                logger.info("Telegram polling: this instance polls (lease %s taken)", LEASE_NAME)
            self.state, self.other, self._renewed_at = POLLING, None, now
            return True
        if self.state != STANDBY or holder != self.other:
            logger.warning(
                "Telegram polling refused: another instance (%s) polls already. This one "
                "stands by and takes over when that one stops; several Rasa instances need "
                "webhook mode (TELEGRAM_WEBHOOK_URL).",
                holder,
            )
        self.state, self.other, self._renewed_at = STANDBY, holder, None
        return False

    async def release(self) -> None:
        """Give the lease up on a clean stop, so a standing-by instance takes over at once."""
        if self.state != POLLING:
            return
        try:
            await self.app.release_lease(LEASE_NAME, self.holder)
        except AppUnavailable as exc:
            logger.warning("Polling lease not released (%s); it expires by itself", exc)
        self.state = STANDBY

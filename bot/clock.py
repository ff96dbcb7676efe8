"""The application's clock, so tests and demos can move time."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo


class Clock:
    """Wall-clock time in the organisation's zone, optionally shifted by a fixed offset."""

    def __init__(self, tz: tzinfo, offset: timedelta = timedelta(0)) -> None:
        self.tz = tz
        self.offset = offset

    def now(self) -> datetime:
        """The current time, aware, in the organisation's zone."""
        return datetime.now(self.tz) + self.offset


class FixedClock(Clock):
    """A clock that stands still until moved (tests)."""

    def __init__(self, at: datetime) -> None:
        super().__init__(at.tzinfo)  # type: ignore[arg-type]
        self.at = at

    def now(self) -> datetime:
        """The fixed time."""
        return self.at

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.at = self.at + delta

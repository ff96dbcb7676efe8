"""The in-process limiter: fixed windows, counts that do not pass the limit, open slots."""

from __future__ import annotations

from bot.wire.limits import MINUTE, Limit, MemoryLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_limit_lets_the_allowed_number_through_and_refuses_the_next():
    limiter = MemoryLimiter(Clock())
    limit = Limit("t", 3, MINUTE)
    assert [limiter.hit(limit, "a") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit(limit, "b")  # another key has its own count


def test_a_new_window_starts_from_zero():
    clock = Clock()
    limiter = MemoryLimiter(clock)
    limit = Limit("t", 1, MINUTE)
    assert limiter.hit(limit, "a") and not limiter.hit(limit, "a")
    clock.now += MINUTE
    assert limiter.hit(limit, "a")


def test_an_amount_that_does_not_fit_is_not_counted():
    limiter = MemoryLimiter(Clock())
    limit = Limit("bytes", 100)
    assert limiter.hit(limit, "a", 60)
    assert not limiter.hit(limit, "a", 50)  # refused, and not counted
    assert limiter.hit(limit, "a", 40)


def test_open_slots_are_given_back():
    limiter = MemoryLimiter(Clock())
    limit = Limit("streams", 2)
    assert limiter.open(limit, "s") and limiter.open(limit, "s")
    assert not limiter.open(limit, "s")
    limiter.close(limit, "s")
    assert limiter.open(limit, "s")


def test_old_windows_are_forgotten_when_many_keys_were_seen():
    clock = Clock()
    limiter = MemoryLimiter(clock)
    limiter.PRUNE_AT = 10
    limit = Limit("t", 1, MINUTE)
    for i in range(10):
        limiter.hit(limit, f"k{i}")
    clock.now += MINUTE
    limiter.hit(limit, "new")
    assert len(limiter._counts) == 1

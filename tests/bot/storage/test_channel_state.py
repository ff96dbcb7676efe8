"""Processed Telegram updates, known chats and the polling offset, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import channel_state as telegram_state
from bot.storage import deliveries


def test_an_update_is_claimed_once(session_factory, now):
    assert telegram_state.claim_update(session_factory, 501, 42, now=now)
    assert not telegram_state.claim_update(session_factory, 501, 42, now=now)
    telegram_state.finish_update(session_factory, 501)
    assert not telegram_state.claim_update(session_factory, 501, 42, now=now + timedelta(hours=1))


def test_a_released_claim_can_be_retried(session_factory, now):
    assert telegram_state.claim_update(session_factory, 502, 42, now=now)
    telegram_state.release_update(session_factory, 502)
    assert telegram_state.claim_update(session_factory, 502, 42, now=now)


def test_an_abandoned_claim_is_taken_over_after_the_lease(session_factory, now):
    assert telegram_state.claim_update(session_factory, 503, 42, now=now)
    assert not telegram_state.claim_update(session_factory, 503, 42, now=now + timedelta(minutes=1))
    later = now + telegram_state.CLAIM_LEASE + timedelta(seconds=1)
    assert telegram_state.claim_update(session_factory, 503, 42, now=later)


def test_a_done_update_is_never_taken_over(session_factory, now):
    telegram_state.claim_update(session_factory, 504, 42, now=now)
    telegram_state.finish_update(session_factory, 504)
    assert not telegram_state.claim_update(session_factory, 504, 42, now=now + timedelta(hours=3))


def test_a_chat_is_known_after_its_first_update(session_factory, now):
    assert not telegram_state.chat_known(session_factory, 77)
    telegram_state.claim_update(session_factory, 505, 77, now=now)
    assert telegram_state.chat_known(session_factory, 77)


def test_the_offset_survives_and_only_moves_forward(session_factory, now):
    assert telegram_state.get_offset(session_factory) is None
    telegram_state.save_offset(session_factory, 1000, now=now)
    telegram_state.save_offset(session_factory, 990, now=now)
    assert telegram_state.get_offset(session_factory) == 1000
    telegram_state.save_offset(session_factory, 1001, now=now)
    assert telegram_state.get_offset(session_factory) == 1001


def test_a_confirmed_delivery_is_never_sent_again(session_factory, now):
    assert deliveries.claim_delivery(session_factory, "r1:day1#0", now=now) == "claimed"
    deliveries.confirm_delivery(session_factory, "r1:day1#0", now=now)
    much_later = now + timedelta(days=3)
    assert deliveries.claim_delivery(session_factory, "r1:day1#0", now=much_later) == "sent"


def test_an_unconfirmed_delivery_is_in_progress_until_its_lease_ends(session_factory, now):
    # The sender claimed the key and died before Telegram took the message: after the lease
    # the key is claimed again, so the message is not lost.
    assert deliveries.claim_delivery(session_factory, "r2:day1#0", now=now) == "claimed"
    soon = now + timedelta(seconds=30)
    assert deliveries.claim_delivery(session_factory, "r2:day1#0", now=soon) == "in_progress"
    later = now + deliveries.DELIVERY_LEASE + timedelta(seconds=1)
    assert deliveries.claim_delivery(session_factory, "r2:day1#0", now=later) == "claimed"
    assert deliveries.claim_delivery(session_factory, "r2:day1#0", now=later) == "in_progress"


def test_a_released_delivery_is_claimed_at_once(session_factory, now):
    assert deliveries.claim_delivery(session_factory, "r3:day1#0", now=now) == "claimed"
    deliveries.release_delivery(session_factory, "r3:day1#0")
    assert deliveries.claim_delivery(session_factory, "r3:day1#0", now=now) == "claimed"


def test_the_lease_ends_before_the_worker_takes_a_row_back():
    from bot.services.followups import CLAIM_TIMEOUT

    assert deliveries.DELIVERY_LEASE < CLAIM_TIMEOUT

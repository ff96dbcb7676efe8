"""The send-once record of messages the worker did not start (Telegram and the web chat): a
dedupe key is claimed before sending, confirmed after, released when the send failed.

bot.wire.delivery.deliver_once runs the protocol; the channels reach these through the app
server's loopback routes (bot/web/internal.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.models import MessageDelivery

# A delivery claimed but not confirmed after this long was abandoned by its sender: a Telegram
# send with its flood-control waits is over well within it, and the follow-up worker takes a
# row back only after followups.CLAIM_TIMEOUT (longer), so the retry finds the claim stale.
DELIVERY_LEASE = timedelta(minutes=3)


def claim_delivery(factory: sessionmaker[Session], key: str, *, now: datetime) -> str:
    """Claim a proactive message's dedupe key before sending it.

    "claimed": send it now, then confirm_delivery. "sent": it went out before, do not send.
    "in_progress": another sender holds the key and may still be sending; try again later. A
    claim never confirmed within DELIVERY_LEASE is taken to be abandoned (its sender died
    before or while sending) and is claimed again, so a crash loses no message.
    """
    try:
        with factory() as session, session.begin():
            row = session.get(MessageDelivery, key)
            if row is None:
                session.add(MessageDelivery(dedupe_key=key, claimed_at=now))
                return "claimed"
            if row.sent_at is not None:
                return "sent"
            if now - row.claimed_at < DELIVERY_LEASE:
                return "in_progress"
            taken = session.execute(
                update(MessageDelivery)
                .where(
                    MessageDelivery.dedupe_key == key,
                    MessageDelivery.claimed_at == row.claimed_at,
                    MessageDelivery.sent_at.is_(None),
                )
                .values(claimed_at=now)
            )
            return "claimed" if taken.rowcount == 1 else "in_progress"
    except IntegrityError:
        return "in_progress"  # the same key at once: the other call sends it


def confirm_delivery(factory: sessionmaker[Session], key: str, *, now: datetime) -> None:
    """The channel accepted the message: the key is sent for good."""
    with factory() as session, session.begin():
        session.execute(
            update(MessageDelivery).where(MessageDelivery.dedupe_key == key).values(sent_at=now)
        )


def release_delivery(factory: sessionmaker[Session], key: str) -> None:
    """Forget a claim whose message was not delivered, so a retry sends it."""
    with factory() as session, session.begin():
        session.execute(delete(MessageDelivery).where(MessageDelivery.dedupe_key == key))

"""What the channels must remember across restarts: processed Telegram updates and Teams
activities, Telegram chats and the polling offset, Teams conversation references.

The channel runs inside the Rasa process and reaches these through the app server's loopback
routes (bot/web/internal.py), so several Rasa processes share one record in the reports database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.models import (
    ChannelState,
    TeamsActivity,
    TeamsConversation,
    TelegramChat,
    TelegramUpdate,
)

# An update still "processing" after this long is taken to be abandoned (its process died)
# and may be claimed again.
CLAIM_LEASE = timedelta(minutes=10)
# Telegram keeps an unconfirmed update for at most 24 hours; older ids can never come back.
KEEP_UPDATES = timedelta(days=2)
OFFSET_KEY = "telegram_offset"


def db_claim_update(session: Session, update_id: int, *, now: datetime) -> bool:
    """Record the update as being processed; False when it was seen before (skip it)."""
    return _db_claim(session, TelegramUpdate, update_id, now=now)


def _db_claim(session: Session, model: type, key: object, *, now: datetime) -> bool:
    """Claim one processed-message row (any channel's); False when it was seen before."""
    row = session.get(model, key)
    if row is None:
        pk = model.__mapper__.primary_key[0].name
        session.add(model(**{pk: key}, status="processing", claimed_at=now))
        session.flush()
        return True
    if row.status == "processing" and row.claimed_at < now - CLAIM_LEASE:
        row.claimed_at = now
        return True
    return False


def db_finish_update(session: Session, update_id: int) -> None:
    """Mark a claimed update as answered."""
    row = session.get(TelegramUpdate, update_id)
    if row is not None:
        row.status = "done"


def db_release_update(session: Session, update_id: int) -> None:
    """Forget a claim whose processing failed, so Telegram's retry is processed."""
    session.execute(
        delete(TelegramUpdate).where(
            TelegramUpdate.update_id == update_id, TelegramUpdate.status == "processing"
        )
    )


def db_prune_updates(session: Session, *, now: datetime) -> None:
    """Drop answered update ids older than Telegram could ever re-send."""
    session.execute(
        delete(TelegramUpdate).where(
            TelegramUpdate.status == "done", TelegramUpdate.claimed_at < now - KEEP_UPDATES
        )
    )


def db_touch_chat(
    session: Session, chat_id: int, *, now: datetime, display_name: str | None = None
) -> None:
    """Remember that this private chat talked to the bot (and the name Telegram shows)."""
    chat = session.get(TelegramChat, chat_id)
    if chat is None:
        chat = TelegramChat(chat_id=chat_id, first_seen_at=now, last_seen_at=now)
        session.add(chat)
    else:
        chat.last_seen_at = now
    if display_name:
        chat.display_name = display_name[:200]


def db_chat_known(session: Session, chat_id: int) -> bool:
    """True when this chat talked to the bot before."""
    return session.get(TelegramChat, chat_id) is not None


def db_get_state(session: Session, key: str) -> str | None:
    """A channel's remembered value, if any."""
    row = session.get(ChannelState, key)
    return row.value if row else None


def db_set_state(session: Session, key: str, value: str, *, now: datetime) -> None:
    """Remember a channel value."""
    row = session.get(ChannelState, key)
    if row is None:
        session.add(ChannelState(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now


def claim_update(
    factory: sessionmaker[Session],
    update_id: int,
    chat_id: int | None,
    *,
    now: datetime,
    display_name: str | None = None,
) -> bool:
    """Claim an update before answering it (one transaction); False for a duplicate."""
    try:
        with factory() as session, session.begin():
            claimed = db_claim_update(session, update_id, now=now)
            if claimed and chat_id is not None:
                db_touch_chat(session, chat_id, now=now, display_name=display_name)
            if claimed and update_id % 100 == 0:
                db_prune_updates(session, now=now)
            return claimed
    except IntegrityError:
        return False  # the same update arrived twice at once; the other one answers it


def finish_update(factory: sessionmaker[Session], update_id: int) -> None:
    """Mark an update as answered."""
    with factory() as session, session.begin():
        db_finish_update(session, update_id)


def release_update(factory: sessionmaker[Session], update_id: int) -> None:
    """Give up a claim so the update can be retried."""
    with factory() as session, session.begin():
        db_release_update(session, update_id)


def chat_known(factory: sessionmaker[Session], chat_id: int) -> bool:
    """True when this chat talked to the bot before."""
    with factory() as session:
        return db_chat_known(session, chat_id)


def get_offset(factory: sessionmaker[Session]) -> int | None:
    """The getUpdates offset saved by the polling loop."""
    with factory() as session:
        value = db_get_state(session, OFFSET_KEY)
    return int(value) if value is not None else None


def save_offset(factory: sessionmaker[Session], offset: int, *, now: datetime) -> None:
    """Save the getUpdates offset; it only ever moves forward."""
    with factory() as session, session.begin():
        current = db_get_state(session, OFFSET_KEY)
        if current is None or int(current) < offset:
            db_set_state(session, OFFSET_KEY, str(offset), now=now)


def select_update_ids(session: Session) -> list[int]:
    """Every recorded update id (tests)."""
    return list(
        session.scalars(select(TelegramUpdate.update_id).order_by(TelegramUpdate.update_id))
    )


# --- Teams ------------------------------------------------------------------------------------
# Teams re-sends an activity within minutes; answered ids older than this are forgotten.
KEEP_ACTIVITIES = timedelta(days=2)


def claim_activity(factory: sessionmaker[Session], activity_id: str, *, now: datetime) -> bool:
    """Claim a Teams activity before answering it (one transaction); False for a duplicate."""
    try:
        with factory() as session, session.begin():
            claimed = _db_claim(session, TeamsActivity, activity_id, now=now)
            if claimed and now.second == 0:
                session.execute(
                    delete(TeamsActivity).where(
                        TeamsActivity.status == "done",
                        TeamsActivity.claimed_at < now - KEEP_ACTIVITIES,
                    )
                )
            return claimed
    except IntegrityError:
        return False  # the same activity arrived twice at once; the other one answers it


def finish_activity(factory: sessionmaker[Session], activity_id: str) -> None:
    """Mark a Teams activity as answered."""
    with factory() as session, session.begin():
        row = session.get(TeamsActivity, activity_id)
        if row is not None:
            row.status = "done"


def release_activity(factory: sessionmaker[Session], activity_id: str) -> None:
    """Forget a failed claim, so Teams' retry of the activity is processed."""
    with factory() as session, session.begin():
        session.execute(
            delete(TeamsActivity).where(
                TeamsActivity.activity_id == activity_id, TeamsActivity.status == "processing"
            )
        )


REFERENCE_FIELDS = ("service_url", "conversation_id", "tenant_id", "user_id", "bot_id")


def db_save_conversation(
    session: Session, channel_user_id: str, reference: dict[str, str | None], *, now: datetime
) -> TeamsConversation:
    """Store or refresh a user's conversation reference (the newest service URL wins)."""
    row = session.get(TeamsConversation, channel_user_id)
    values = {name: reference.get(name) for name in REFERENCE_FIELDS}
    if row is None:
        row = TeamsConversation(
            channel_user_id=channel_user_id, first_seen_at=now, last_seen_at=now, **values
        )
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.last_seen_at = now
    row.installed = True
    session.flush()
    return row


def db_get_conversation(session: Session, channel_user_id: str) -> TeamsConversation | None:
    """The stored conversation reference of a Teams user, if any."""
    return session.get(TeamsConversation, channel_user_id)


def db_set_installed(session: Session, channel_user_id: str, installed: bool) -> None:
    """Record that the app was installed again, or removed or blocked (Teams answered 403/404)."""
    session.execute(
        update(TeamsConversation)
        .where(TeamsConversation.channel_user_id == channel_user_id)
        .values(installed=installed)
    )


def conversation_to_json(row: TeamsConversation) -> dict[str, object]:
    """A stored reference as the app server's loopback route returns it."""
    reference: dict[str, object] = {name: getattr(row, name) for name in REFERENCE_FIELDS}
    reference["channel_user_id"] = row.channel_user_id
    reference["installed"] = row.installed
    return reference

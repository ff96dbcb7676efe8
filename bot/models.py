"""Database tables: organisations, reporters and reports."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

UTC = timezone.utc


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always returns them aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    """Declarative base of all tables."""


class Organisation(Base):
    """A public employer whose workers report through the bot."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Reporter(Base):
    """A worker as known to one channel. The display name never goes into a report row."""

    __tablename__ = "reporters"
    __table_args__ = (
        UniqueConstraint("channel", "channel_user_id", name="uq_reporter_channel_user"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    channel_user_id: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    display_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()


class Report(Base):
    """A confirmed incident report (melding)."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt: Mapped[str] = mapped_column(String(20), unique=True)
    # The draft's id: a repeated or re-sent confirmation finds the existing row by it.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("reporters.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    channel: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    types: Mapped[list[str]] = mapped_column(JSONType, default=list)
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    occurred_at_precision: Mapped[str | None] = mapped_column(String(10))
    occurred_at_text: Mapped[str | None] = mapped_column(Text)
    location_type: Mapped[str | None] = mapped_column(String(40))
    location_text: Mapped[str | None] = mapped_column(Text)
    perpetrator: Mapped[str | None] = mapped_column(String(20))
    perpetrator_relation: Mapped[str | None] = mapped_column(String(40))
    perpetrator_description: Mapped[str | None] = mapped_column(Text)
    injury: Mapped[bool | None] = mapped_column(Boolean)
    injury_text: Mapped[str | None] = mapped_column(Text)
    weapon: Mapped[str | None] = mapped_column(String(100))
    repeated: Mapped[bool | None] = mapped_column(Boolean)
    witnesses: Mapped[bool | None] = mapped_column(Boolean)
    police_present: Mapped[bool | None] = mapped_column(Boolean)
    damage_text: Mapped[str | None] = mapped_column(Text)
    wants_aangifte: Mapped[bool | None] = mapped_column(Boolean)
    wants_aftercare_contact: Mapped[bool | None] = mapped_column(Boolean)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    narrative: Mapped[str | None] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(20))

    reporter: Mapped[Reporter] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

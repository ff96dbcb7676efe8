"""Database tables: organisations, reporters, reports, evidence, invites, channel state, follow-ups,
and the dashboard's users, memberships, sessions, audit log and notes."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.storage.text_guard import install_text_guard

UTC = timezone.utc


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always returns them aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    """Declarative base of all tables."""


install_text_guard(Base)


class Organisation(Base):
    """A public employer whose workers report through the bot."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Postal address used instead of the worker's home address (aangifte, letters).
    address: Mapped[str | None] = mapped_column(Text)
    # The letterhead of documents (bot.services.documents): who the reader can contact, and an
    # optional logo (PNG or JPEG, checked and size-limited when it is set).
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_mime: Mapped[str | None] = mapped_column(String(40))
    # One of bot.vocab.SECTORS (the VPT sectors), for figures per sector.
    sector: Mapped[str | None] = mapped_column(String(40))
    # Retention in days (bot/services/privacy.py); empty: the installation's default.
    report_retention_days: Mapped[int | None] = mapped_column(Integer)  # after closing
    evidence_retention_days: Mapped[int | None] = mapped_column(Integer)
    aftercare_retention_days: Mapped[int | None] = mapped_column(Integer)
    document_retention_days: Mapped[int | None] = mapped_column(Integer)
    conversation_retention_days: Mapped[int | None] = mapped_column(Integer)


class OrganisationUnit(Base):
    """A team or location of an organisation; an invite can carry one, so reports know it."""

    __tablename__ = "organisation_units"
    __table_args__ = (UniqueConstraint("organisation_id", "kind", "name", name="uq_unit_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(String(20))  # team, location
    name: Mapped[str] = mapped_column(String(200))


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
    # Set when the worker asked to stop all check-ins ("stop met berichten").
    followups_stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The team or location of the invite the worker used (copied onto each new report).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organisation_units.id"))

    organisation: Mapped[Organisation | None] = relationship()


class Report(Base):
    """A confirmed incident report (melding)."""

    __tablename__ = "reports"
    # The figures page reads one organisation's reports by period.
    __table_args__ = (Index("ix_reports_org_created", "organisation_id", "created_at"),)

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
    # The 48-hour response to the perpetrator (VPT measure 5).
    response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_measure: Mapped[str | None] = mapped_column(String(40))
    # Aangifte (VPT measure 6): the worker's choice and what became of it.
    aangifte_decision: Mapped[str | None] = mapped_column(String(40))
    aangifte_status: Mapped[str | None] = mapped_column(String(40))
    # Damage amount in euro cents (VPT measure 7).
    damage_amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    # A follow-up could not be delivered for good (blocked bot, unknown chat).
    delivery_problem: Mapped[bool] = mapped_column(Boolean, default=False)
    # "label: words" lines behind the classifier's proposal (empty when the worker chose).
    types_evidence: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Casework in the dashboard: status new / in_progress / closed, its owner, why it closed.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("dashboard_users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(Text)
    # Measure 5: until when the measure holds (yellow card one year, red card its duration).
    response_measure_until: Mapped[date | None] = mapped_column(Date)
    # Measure 6: the aangifte pipeline after the decision.
    aangifte_filed_on: Mapped[date | None] = mapped_column(Date)
    police_reference: Mapped[str | None] = mapped_column(String(60))
    om_outcome: Mapped[str | None] = mapped_column(String(40))
    # Measure 7: recovering the damage. The judgment date starts the CJIB advance clock.
    damage_route: Mapped[str | None] = mapped_column(String(40))
    damage_status: Mapped[str | None] = mapped_column(String(40))
    damage_paid_cents: Mapped[int | None] = mapped_column(BigInteger)
    damage_judgment_on: Mapped[date | None] = mapped_column(Date)
    # "Melden namens": how a report registered by a coordinator reached them (phone, paper ...).
    on_behalf_source: Mapped[str | None] = mapped_column(String(40))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organisation_units.id"))
    # Arbowet art. 9: hospital admission or lasting harm must be reported to the Nederlandse
    # Arbeidsinspectie; the flag stays on the worklist until arbo_reported_at is set.
    arbo_notifiable: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    arbo_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Days of absence after the incident (the accident register lists more than three).
    days_absent: Mapped[int | None] = mapped_column(Integer)

    reporter: Mapped[Reporter] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(back_populates="report", order_by="Evidence.id")
    owner: Mapped[DashboardUser | None] = relationship(foreign_keys=[owner_id])


class Evidence(Base):
    """A file the worker sent (photo, document, voice message, video), kept with the report.

    Until the report is stored, the row waits with report_id NULL under the worker's channel
    account; storing the report attaches every waiting file of that account.
    """

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    channel_user_id: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # photo, document, voice, video
    mime_type: Mapped[str | None] = mapped_column(String(100))
    original_name: Mapped[str | None] = mapped_column(String(255))
    caption: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str] = mapped_column(String(255))  # relative to the data directory
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    metadata_stripped: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)

    report: Mapped[Report | None] = relationship(back_populates="evidence")


class InviteCode(Base):
    """A single-use, expiring code that links a worker's channel account to an organisation.

    Only the SHA-256 of the code is kept: the database alone cannot be used to link accounts.
    """

    __tablename__ = "invite_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_reporter_id: Mapped[int | None] = mapped_column(ForeignKey("reporters.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organisation_units.id"))

    organisation: Mapped[Organisation] = relationship()


class TelegramUpdate(Base):
    """An update_id seen from Telegram: recorded before answering, so a re-sent one is skipped."""

    __tablename__ = "telegram_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(20))  # processing, done
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class TelegramChat(Base):
    """A private chat that talked to the bot: only these may get a message the user did not start."""

    __tablename__ = "telegram_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The chat's name as Telegram shows it; kept here, not in Rasa's tracker (every message's
    # metadata there), so an anonymous report's conversation does not carry it.
    display_name: Mapped[str | None] = mapped_column(String(200))


class TeamsActivity(Base):
    """An activity id seen from Teams: recorded before answering, so a re-sent one is skipped."""

    __tablename__ = "teams_activities"

    activity_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))  # processing, done
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class TeamsConversation(Base):
    """How to reach a Teams user the bot did not hear from just now (a conversation reference).

    Stored when the app is installed and refreshed from every activity: Microsoft may move a
    user to another service URL. `installed` turns false on uninstall or a 403/404 from Teams.
    """

    __tablename__ = "teams_conversations"

    # The Rasa sender id: the user's Entra object id (aadObjectId), else their 29: id.
    channel_user_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    service_url: Mapped[str] = mapped_column(String(500))
    conversation_id: Mapped[str] = mapped_column(String(500))
    tenant_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(200))  # 29:...
    bot_id: Mapped[str | None] = mapped_column(String(200))  # 28:<app id>
    installed: Mapped[bool] = mapped_column(Boolean, default=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ChannelState(Base):
    """Small named values a channel keeps across restarts (the polling offset)."""

    __tablename__ = "channel_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FollowUp(Base):
    """A message due later (check-in or coordinator reminder), delivered by the worker process."""

    __tablename__ = "followups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "<report id>:<kind>": one row per report and kind, and the key the channel dedupes on.
    dedupe_key: Mapped[str] = mapped_column(String(100), unique=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("reporters.id"))
    recipient: Mapped[str] = mapped_column(String(20))  # worker, coordinator
    channel: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)  # pending, sending, sent, ...
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    report: Mapped[Report] = relationship()
    reporter: Mapped[Reporter | None] = relationship()


class MessageDelivery(Base):
    """A dedupe key a channel is sending (sent_at empty) or has sent: never delivered twice."""

    __tablename__ = "message_deliveries"

    dedupe_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Lease(Base):
    """A named job one process of several holds until expires_at (bot/storage/leases.py)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AftercareAnswer(Base):
    """One answer the worker gave in a check-in (how are you, sleep, a TSQ item ...)."""

    __tablename__ = "aftercare_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # the check-in it belongs to
    question: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DashboardUser(Base):
    """A person who signs in to the coordinator dashboard (/beheer/)."""

    __tablename__ = "dashboard_users"
    __table_args__ = (Index("uq_dashboard_users_oidc", "oidc_issuer", "oidc_sub", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Base32 TOTP secret, encrypted with the dashboard key (Fernet); empty until enrolled.
    totp_secret_enc: Mapped[str | None] = mapped_column(Text)
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last accepted 30-second time step: a code of this step or an earlier one is refused.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # argon2 hashes of the one-time recovery codes still unused.
    recovery_codes: Mapped[list[str]] = mapped_column(JSONType, default=list)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Users who sign in through OIDC: the provider's issuer and subject (no password, no TOTP
    # here; the provider does the second factor). Unique together.
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_sub: Mapped[str | None] = mapped_column(String(255))
    # A one-time enrolment link the admin handed out (its token's SHA-256) and until when it works.
    enrol_token_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrol_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[DashboardMembership]] = relationship(
        back_populates="user", order_by="DashboardMembership.id"
    )


class DashboardMembership(Base):
    """A user's role in one organisation (coordinator, aftercare, manager, admin)."""

    __tablename__ = "dashboard_memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id", "role", name="uq_membership_role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("dashboard_users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(20))

    user: Mapped[DashboardUser] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()


class DashboardSession(Base):
    """A signed-in browser (or one half-way: password given, code not yet). Only the token's
    SHA-256 is kept, so the table alone cannot be used to take over a session."""

    __tablename__ = "dashboard_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("dashboard_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    mfa: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[DashboardUser] = relationship()


class AuditEvent(Base):
    """One line of the audit log: who did what to which object, never the content.

    Rows are only ever inserted; each carries the hash of the one before (a chain that shows a
    change or a deletion).
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: the log outlives users
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class CaseNote(Base):
    """An internal note of a coordinator on a report; never shown to the worker."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("dashboard_users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author: Mapped[DashboardUser | None] = relationship()


class AftercareAction(Base):
    """Something done for the worker's aftercare (measure 8): a support talk on a date, a referral."""

    __tablename__ = "aftercare_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # bot.vocab.AFTERCARE_ACTIONS
    done_on: Mapped[date] = mapped_column(Date)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("dashboard_users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    author: Mapped[DashboardUser | None] = relationship()


class StatsMonthly(Base):
    """Counts of reports that were deleted under the retention period, per month and the
    dimensions of the figures page, so trend charts keep their history. No content, no ids."""

    __tablename__ = "stats_monthly"
    __table_args__ = (Index("ix_stats_monthly_org_month", "organisation_id", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(Integer)
    month: Mapped[str] = mapped_column(String(7))  # "2026-11", local time
    unit_id: Mapped[int | None] = mapped_column(Integer)
    location_type: Mapped[str | None] = mapped_column(String(40))
    severity: Mapped[str | None] = mapped_column(String(20))
    injury: Mapped[bool | None] = mapped_column(Boolean)
    types_key: Mapped[str] = mapped_column(String(300))  # sorted types joined with ","
    count: Mapped[int] = mapped_column(Integer)


class MonthlyCount(Base):
    """What a purged or erased report still counts for: per organisation, month and category
    (an aggression type, "_total" or "_response_in_time"). No report, no person."""

    __tablename__ = "monthly_counts"

    organisation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM, local time
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class WebSession(Base):
    """A web chat session the server issued; only its hash is kept (the id is the credential)."""

    __tablename__ = "web_sessions"

    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

"""Teams users: their conversation reference, and the tenant that links them to an organisation.

The Teams channel (inside Rasa) reports every activity's reference through the app server; the
follow-up worker's messages are sent to the stored one. A single-tenant bot serves one Entra
tenant, which the settings map to one organisation (TEAMS_ORGANISATION): a worker of that tenant
is linked on first contact and needs no invite.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.storage import channel_state
from bot.storage.models import Report
from bot.storage.reports import (
    ReporterRef,
    db_get_or_create_organisation,
    db_get_or_create_reporter,
)

CHANNEL = "teams"


def record_conversation(
    factory: sessionmaker[Session],
    channel_user_id: str,
    reference: dict[str, str | None],
    *,
    display_name: str | None,
    tenant_organisations: dict[str, str],
    now: datetime,
) -> str | None:
    """Store the reference and link the user to their tenant's organisation; returns its name."""
    with factory() as session, session.begin():
        channel_state.db_save_conversation(session, channel_user_id, reference, now=now)
        organisation = tenant_organisations.get(str(reference.get("tenant_id") or ""))
        if organisation is None:
            return None
        reporter = db_get_or_create_reporter(
            session, ReporterRef(CHANNEL, channel_user_id, display_name), now=now
        )
        if reporter.organisation_id is None:
            org = db_get_or_create_organisation(session, organisation, now=now)
            reporter.organisation_id = org.id
            # Reports told before the link (none in practice: the link comes with the first
            # activity) get the organisation too, as after an invite.
            session.execute(
                update(Report)
                .where(Report.reporter_id == reporter.id, Report.organisation_id.is_(None))
                .values(organisation_id=org.id)
            )
        return organisation


def get_conversation(factory: sessionmaker[Session], channel_user_id: str) -> dict | None:
    """The stored reference of a Teams user, or None when they never talked to the bot."""
    with factory() as session:
        row = channel_state.db_get_conversation(session, channel_user_id)
        return channel_state.conversation_to_json(row) if row is not None else None


def set_installed(factory: sessionmaker[Session], channel_user_id: str, installed: bool) -> None:
    """Record an install, or an uninstall or block (then Teams refuses every message)."""
    with factory() as session, session.begin():
        channel_state.db_set_installed(session, channel_user_id, installed)

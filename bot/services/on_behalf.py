"""Melden namens (on behalf of a worker): a coordinator registers an incident reported by phone,
on paper or in person.

The story is read as the chat reads it (bot.dialogue.report_reading.absorb_narrative: the same
classifier, time parser and fact extraction), what the coordinator chose in the form overrides
that, and the report is stored by the same service as a chat report (submit_report) with
channel "dashboard": one receipt, the 48-hour clock, the reminders. The worker has no chat
here, so no message goes to them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.draft import Draft
from bot.dialogue.report_reading import absorb_narrative
from bot.services.accounts import Principal
from bot.services.case_actions import InvalidInput
from bot.services.cases import CaseForbidden
from bot.services.reporting import StoredReport, submit_report
from bot.storage.audit import db_append_audit
from bot.storage.models import Organisation, Report
from bot.storage.reports import ReporterRef
from bot.understanding.classifier import Classifier
from bot.vocab import AGGRESSION_TYPES, LOCATION_TYPES, ON_BEHALF_SOURCES

CHANNEL = "dashboard"
MIN_STORY_CHARS = 10
MAX_STORY_CHARS = 8000


@dataclass(frozen=True)
class OnBehalf:
    """A checked "melden namens" form."""

    organisation_id: int
    source: str
    narrative: str
    occurred_on: date | None
    occurred_time: time | None
    location_type: str | None
    types: tuple[str, ...]
    injury: bool | None
    worker_name: str | None
    anonymous: bool


def organisation_names(factory: sessionmaker[Session], ids: list[int]) -> list[tuple[int, str]]:
    """(id, name) of these organisations, by name: the form's choice of organisation."""
    with factory() as session:
        rows = session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
        ).all()
    return sorted(((i, n) for i, n in rows), key=lambda row: row[1])


def on_behalf_form(
    form: dict[str, str], types: list[str], principal: Principal, *, today: date
) -> OnBehalf:
    """Check the form; InvalidInput names the first field that is wrong."""
    try:
        organisation_id = int(form.get("organisatie", ""))
    except ValueError as exc:
        raise InvalidInput("organisation") from exc
    if organisation_id not in principal.orgs("coordinator"):
        raise InvalidInput("organisation")
    source = form.get("bron", "")
    if source not in ON_BEHALF_SOURCES:
        raise InvalidInput("source")
    narrative = form.get("verhaal", "").strip()
    if not MIN_STORY_CHARS <= len(narrative) <= MAX_STORY_CHARS:
        raise InvalidInput("story")
    occurred_on = occurred_time = None
    if form.get("datum", "").strip():
        try:
            occurred_on = date.fromisoformat(form["datum"].strip())
        except ValueError as exc:
            raise InvalidInput("occurred_on") from exc
        if occurred_on > today or occurred_on.year < 2000:
            raise InvalidInput("occurred_on")
    if form.get("tijd", "").strip():
        if occurred_on is None:
            raise InvalidInput("occurred_time")
        try:
            occurred_time = time.fromisoformat(form["tijd"].strip())
        except ValueError as exc:
            raise InvalidInput("occurred_time") from exc
    location = form.get("plek", "") or None
    if location is not None and location not in LOCATION_TYPES:
        raise InvalidInput("location")
    if any(t not in AGGRESSION_TYPES for t in types):
        raise InvalidInput("types")
    injury = {"ja": True, "nee": False, "": None}.get(form.get("letsel", ""), "bad")
    if injury == "bad":
        raise InvalidInput("injury")
    name = form.get("naam", "").strip()[:200] or None
    return OnBehalf(
        organisation_id=organisation_id,
        source=source,
        narrative=narrative,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        location_type=location,
        types=tuple(t for t in AGGRESSION_TYPES if t in types),
        injury=injury,
        worker_name=name,
        anonymous=form.get("anoniem") == "1",
    )


def draft_from_form(form: OnBehalf, classifier: Classifier, *, now: datetime, tz: tzinfo) -> Draft:
    """The draft the chat would have made of the story, with the coordinator's choices on top."""
    draft = absorb_narrative(Draft(draft_id=uuid.uuid4().hex, started_at=now), form.narrative,
                             now, classifier)  # fmt: skip
    values: dict = {"safe_now": True, "danger": False, "anonymous": form.anonymous}
    if form.occurred_on is not None:
        at = datetime.combine(form.occurred_on, form.occurred_time or time(12, 0), tzinfo=tz)
        values.update(
            occurred_at=min(at, now),
            occurred_at_precision="minute" if form.occurred_time else "day",
            occurred_at_text=None,
        )
    if form.location_type is not None:
        values["location_type"] = form.location_type
    if form.types:
        # The coordinator chose: no classifier evidence (as when the worker chooses in the chat).
        values.update(types=form.types, types_evidence=())
    if form.injury is not None:
        values["injury"] = form.injury
    return replace(draft, **values)


def register_on_behalf(
    factory: sessionmaker[Session],
    principal: Principal,
    form: OnBehalf,
    classifier: Classifier,
    *,
    now: datetime,
    tz: tzinfo,
) -> StoredReport:
    """Store the report as a chat report is stored, then note how it came in (audited)."""
    if form.organisation_id not in principal.orgs("coordinator"):
        raise CaseForbidden("on_behalf")
    with factory() as session:
        organisation = session.get(Organisation, form.organisation_id)
        if organisation is None:
            raise InvalidInput("organisation")
        organisation_name = organisation.name
    draft = draft_from_form(form, classifier, now=now, tz=tz)
    reporter = ReporterRef(CHANNEL, f"{CHANNEL}-{draft.draft_id}", display_name=form.worker_name)
    stored = submit_report(
        factory, draft, reporter, default_organisation=organisation_name, now=now
    )
    with factory() as session, session.begin():
        report = session.get(Report, stored.report_id)
        report.on_behalf_source = form.source
        # No chat to write to: nothing is ever sent to this "reporter".
        report.reporter.followups_stopped_at = now
        db_append_audit(
            session, "report_registered", at=now, user_id=principal.user_id,
            organisation_id=report.organisation_id, object_type="report", object_id=report.id,
        )  # fmt: skip
    return stored

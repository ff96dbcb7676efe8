"""Documents made from a stored report: the aangifte preparation sheet and the response letter.

The templates are in letters_nl.yml. The worker's home address never appears: the employer's
address stands in for it, and addresses in the worker's own words are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.summary import type_labels
from bot.labels import label
from bot.services.pdf import render_pdf
from bot.storage.models import Report
from bot.storage.reports import db_latest_report

TEMPLATES_FILE = Path(__file__).with_name("letters_nl.yml")
MEASURES = ("gesprek", "waarschuwingsbrief", "locatieverbod", "opschorten_dienstverlening")

# Dutch postcodes ("1234 AB") and street names with a house number ("Dorpsstraat 12a").
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
_STREET = re.compile(
    r"\b[A-Z][\w'-]*(?:straat|weg|laan|plein|gracht|kade|dijk|singel|hof|dreef|steeg|pad|park"
    r"|markt|plantsoen)\s+\d+\s?[a-zA-Z]?\b"
)


@cache
def templates() -> dict[str, Any]:
    """The Dutch templates."""
    return yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))


def without_addresses(text: str) -> str:
    """The text with postal addresses replaced by a note."""
    note = templates()["address_removed"]
    return _POSTCODE.sub(note, _STREET.sub(note, text))


def _yes_no(value: bool | None) -> str:
    t = templates()
    return t["unknown"] if value is None else (t["yes"] if value else t["no"])


def _when(value: datetime | None, tz: tzinfo) -> str:
    return f"{value.astimezone(tz):%d-%m-%Y %H:%M}" if value else templates()["unknown"]


def _employer(report: Report) -> tuple[str, str]:
    t = templates()
    if report.organisation is None:
        return t["unknown"], t["address_missing"]
    return report.organisation.name, report.organisation.address or t["address_missing"]


def _euro(cents: int | None) -> str:
    return f"EUR {cents / 100:.2f}".replace(".", ",") if cents is not None else ""


def aangifte_draft(report: Report, tz: tzinfo) -> str:
    """The preparation sheet for filing a police report, as plain text."""
    t = templates()
    employer, address = _employer(report)
    where = label("locations", report.location_type) or t["unknown"]
    if report.location_text:
        where += f" ({without_addresses(report.location_text)})"
    who = label("relations", report.perpetrator_relation) or t["unknown"]
    if report.perpetrator_description:
        who += f", {without_addresses(report.perpetrator_description)}"
    injury = t["none"] if report.injury is False else t["unknown"]
    if report.injury:
        injury = without_addresses(report.injury_text or t["yes"])
    damage_parts = [without_addresses(report.damage_text or ""), _euro(report.damage_amount_cents)]
    damage = ", ".join(p for p in damage_parts if p) or t["none"]
    witnesses = {True: t["witnesses_yes"], False: t["witnesses_no"]}.get(
        report.witnesses, t["unknown"]
    )
    return t["aangifte_draft"].format(
        receipt=report.receipt,
        employer=employer,
        employer_address=address,
        occurred=report.occurred_at_text
        and f"{_when(report.occurred_at, tz)} ({report.occurred_at_text})"
        or _when(report.occurred_at, tz),
        reported=_when(report.created_at, tz),
        types=type_labels(list(report.types or [])) or t["unknown"],
        location=where,
        perpetrator=who,
        weapon=report.weapon or t["none"],
        narrative=without_addresses(report.narrative or t["unknown"]),
        injury=injury,
        damage=damage,
        witnesses=witnesses,
        police=_yes_no(report.police_present),
        evidence=len(report.evidence) or t["none"],
    )


def response_letter(
    report: Report,
    measure: str,
    tz: tzinfo,
    *,
    today: datetime,
    duration: str | None = None,
    rule: str | None = None,
) -> str:
    """The letter to the perpetrator for one measure, filled from the report."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    t = templates()
    m = t["measures"][measure]
    employer, address = _employer(report)
    place = label("locations", report.location_type)
    location_plain = place or t["all_locations"]
    location = f"{place}" if place else ""
    if report.location_text:
        location = f"{location} ({without_addresses(report.location_text)})".strip()
    occurred = report.occurred_at or report.created_at
    return t["response_letter"].format(
        employer=employer,
        employer_address=address,
        today=f"{today.astimezone(tz):%d-%m-%Y}",
        subject=m["subject"],
        occurred=t["date_time"].format(
            date=f"{occurred.astimezone(tz):%d-%m-%Y}", time=f"{occurred.astimezone(tz):%H:%M}"
        ),
        location=t["at_us_place"].format(location=location) if location else t["at_us"],
        types=type_labels(list(report.types or [])) or t["unknown"],
        rule=rule or t["default_rule"],
        measure_text=m["text"].format(
            duration=duration or m.get("duration", ""), location_plain=location_plain
        ),
        repeat_text=m["repeat"],
        receipt=report.receipt,
    )


@dataclass(frozen=True)
class AangifteSheet:
    """The preparation sheet of one report, as text; channels fetch its PDF by report id."""

    report_id: int
    receipt: str
    text: str


def latest_aangifte_draft(
    factory: sessionmaker[Session], channel: str, channel_user_id: str, tz: tzinfo
) -> AangifteSheet | None:
    """The aangifte preparation sheet of this conversation's latest report, or None."""
    with factory() as session:
        report = db_latest_report(session, channel, channel_user_id)
        if report is None:
            return None
        return AangifteSheet(report.id, report.receipt, aangifte_draft(report, tz))


def aangifte_pdf(
    factory: sessionmaker[Session], channel: str, channel_user_id: str, report_id: int, tz: tzinfo
) -> tuple[str, bytes] | None:
    """(receipt, PDF) of the sheet, only for a report this account told; None otherwise."""
    with factory() as session:
        report = session.get(Report, report_id)
        if report is None or report.reporter is None:
            return None
        if (report.reporter.channel, report.reporter.channel_user_id) != (
            channel,
            channel_user_id,
        ):
            return None
        text = aangifte_draft(report, tz)
        return report.receipt, render_pdf(text, f"Voorbereiding aangifte {report.receipt}")

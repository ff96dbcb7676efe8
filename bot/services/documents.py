"""Documents made from a stored report: the aangifte preparation sheet and the response letter.

A document is built once as data (`Document`: letterhead, heading, blocks of text) from the
Dutch words in letters_nl.yml, then given as plain text (the chat, the CLI, the dashboard
preview) or as a PDF (bot.services.pdf: HTML template, WeasyPrint, tagged PDF/A).
The worker's home address never appears: the employer's address stands in for it, and addresses
in the worker's own words are left out.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.summary import type_labels
from bot.labels import label, labels
from bot.services.pdf import html_to_pdf, render_template
from bot.storage.models import Organisation, Report
from bot.storage.reports import db_get_or_create_organisation, db_latest_report

TEMPLATES_FILE = Path(__file__).with_name("letters_nl.yml")
MEASURES = ("gesprek", "waarschuwingsbrief", "locatieverbod", "opschorten_dienstverlening")
# A logo is printed at most 2 cm high; a few hundred kilobytes is plenty for that.
MAX_LOGO_BYTES = 256 * 1024
_LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

# Dutch postcodes ("1234 AB") and street names with a house number ("Dorpsstraat 12a").
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
_STREET = re.compile(
    r"\b[A-Z][\w'-]*(?:straat|weg|laan|plein|gracht|kade|dijk|singel|hof|dreef|steeg|pad|park"
    r"|markt|plantsoen)\s+\d+\s?[a-zA-Z]?\b"
)


@cache
def templates() -> dict[str, Any]:
    """The Dutch words of the documents."""
    return yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))


def without_addresses(text: str) -> str:
    """The text with postal addresses replaced by a note."""
    note = templates()["address_removed"]
    return _POSTCODE.sub(note, _STREET.sub(note, text))


def logo_mime(data: bytes) -> str:
    """The MIME type of a letterhead logo (PNG or JPEG); ValueError for anything else."""
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(f"logo larger than {MAX_LOGO_BYTES // 1024} KB")
    for magic, mime in _LOGO_TYPES.items():
        if data.startswith(magic):
            return mime
    raise ValueError("logo is not a PNG or JPEG file")


LETTERHEAD_FIELDS = ("address", "contact_name", "contact_phone", "contact_email")


def set_letterhead(
    factory: sessionmaker[Session],
    organisation: str,
    *,
    now: datetime,
    logo: bytes | None = None,
    remove_logo: bool = False,
    **fields: str | None,
) -> None:
    """Set the letterhead of an organisation (created when new); None leaves a field as it is,
    "" clears it. A logo must be a PNG or JPEG of at most MAX_LOGO_BYTES (ValueError)."""
    unknown = set(fields) - set(LETTERHEAD_FIELDS)
    if unknown:
        raise TypeError(f"unknown letterhead fields {sorted(unknown)}")
    mime = logo_mime(logo) if logo is not None else None
    with factory() as session, session.begin():
        org = db_get_or_create_organisation(session, organisation, now=now)
        for name, value in fields.items():
            if value is not None:
                setattr(org, name, value.strip() or None)
        if logo is not None:
            org.logo, org.logo_mime = logo, mime
        elif remove_logo:
            org.logo, org.logo_mime = None, None


@dataclass(frozen=True)
class Letterhead:
    """The employer as printed at the top of every document."""

    name: str
    address: tuple[str, ...]
    contact: tuple[str, ...] = ()
    logo_uri: str | None = None
    logo_alt: str = ""


@dataclass(frozen=True)
class Block:
    """A part of a document: a heading with paragraphs, label/value rows, a quote, a list."""

    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    quote_label: str = ""
    quote: str = ""
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """One document, ready to be given as text or as PDF."""

    kind: str  # "letter" or "sheet": the layout of the PDF
    title: str  # the PDF's title metadata and file title
    receipt: str
    letterhead: Letterhead
    heading: str
    subheading: str = ""
    date: str = ""
    blocks: tuple[Block, ...] = ()
    closing: tuple[str, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """The document as plain text (chat message, terminal, preview)."""
        lines: list[str] = []
        if self.kind == "letter":
            lines += [self.letterhead.name, *self.letterhead.address, "", self.date, ""]
            lines += [self.heading, ""]
        else:
            lines += [f"{self.heading.upper()} - {self.subheading}"]
        for block in self.blocks:
            if block.heading:
                lines += ["", block.heading.upper()]
            for paragraph in block.paragraphs:
                lines += [paragraph, ""] if self.kind == "letter" else [paragraph]
            lines += [f"- {name}: {value}" for name, value in block.facts]
            if block.quote_label:
                lines += [f"- {block.quote_label}", block.quote]
            lines += [f"- {item}" for item in block.bullets]
        if self.closing:
            lines += [*self.closing]
        return "\n".join(lines).strip() + "\n"

    def html(self) -> str:
        """The document as an HTML page (the PDF's source; every value escaped)."""
        t = templates()["letterhead"]
        return render_template(
            "document.html",
            doc=self,
            page_label=t["page"],
            date_label=t["date"].format(date=self.date),
            receipt_label=t["receipt"].format(receipt=self.receipt),
        )

    def pdf(self) -> bytes:
        """The document as a tagged PDF/A file."""
        return html_to_pdf(self.html())


def _split_address(address: str) -> tuple[str, ...]:
    parts = re.split(r"\s*(?:\n|,)\s*", address.strip())
    return tuple(p for p in parts if p)


def letterhead(organisation: Organisation | None) -> Letterhead:
    """The letterhead of an organisation (a placeholder when the report has none)."""
    t = templates()
    if organisation is None:
        return Letterhead(t["unknown"], (t["address_missing"],))
    words = t["letterhead"]
    contact = []
    if organisation.contact_name:
        contact.append(words["contact"].format(name=organisation.contact_name))
    if organisation.contact_phone:
        contact.append(words["phone"].format(phone=organisation.contact_phone))
    if organisation.contact_email:
        contact.append(words["email"].format(email=organisation.contact_email))
    logo_uri = None
    if organisation.logo and organisation.logo_mime in _LOGO_TYPES.values():
        logo_uri = (
            f"data:{organisation.logo_mime};base64,{base64.b64encode(organisation.logo).decode()}"
        )
    return Letterhead(
        name=organisation.name,
        address=_split_address(organisation.address or "") or (t["address_missing"],),
        contact=tuple(contact),
        logo_uri=logo_uri,
        logo_alt=words["logo_alt"].format(employer=organisation.name),
    )


def _yes_no(value: bool | None) -> str:
    t = templates()
    return t["unknown"] if value is None else (t["yes"] if value else t["no"])


def _date(value: datetime, tz: tzinfo) -> str:
    """'23 november 2026'."""
    local = value.astimezone(tz)
    return f"{local.day} {labels()['months'][local.month - 1]} {local.year}"


def _when(value: datetime | None, tz: tzinfo) -> str:
    """'23 november 2026 om 14:30'."""
    if value is None:
        return templates()["unknown"]
    return templates()["date_time"].format(
        date=_date(value, tz), time=f"{value.astimezone(tz):%H:%M}"
    )


def _euro(cents: int | None) -> str:
    return f"EUR {cents / 100:.2f}".replace(".", ",") if cents is not None else ""


def aangifte_sheet(report: Report, tz: tzinfo) -> Document:
    """The preparation sheet for filing a police report."""
    t = templates()
    a = t["aangifte"]
    head = letterhead(report.organisation)
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
    occurred = _when(report.occurred_at, tz)
    if report.occurred_at_text:
        occurred += f" ({report.occurred_at_text})"
    evidence = str(len(report.evidence)) if report.evidence else t["none"]
    employer_address = head.address if report.organisation else ()
    blocks = (
        Block(paragraphs=tuple(a["intro"])),
        Block(
            heading=a["address_heading"],
            paragraphs=(", ".join((head.name, *employer_address)), *a["address_notes"]),
        )
        if report.organisation
        else Block(heading=a["address_heading"], paragraphs=(t["address_missing"],)),
        Block(
            heading=a["timeline_heading"],
            facts=(
                (a["occurred"], occurred),
                (
                    a["reported"],
                    a["reported_value"].format(
                        reported=_when(report.created_at, tz), receipt=report.receipt
                    ),
                ),
            ),
        ),
        Block(
            heading=a["what_heading"],
            facts=(
                (a["types"], type_labels(list(report.types or [])) or t["unknown"]),
                (a["location"], where),
                (a["perpetrator"], who),
                (a["weapon"], report.weapon or t["none"]),
            ),
            quote_label=a["narrative"],
            quote=without_addresses(report.narrative or t["unknown"]),
        ),
        Block(heading=a["injury_heading"], paragraphs=(injury,)),
        Block(heading=a["damage_heading"], paragraphs=(damage,)),
        Block(
            heading=a["witnesses_heading"],
            facts=((a["witnesses"], witnesses), (a["police"], _yes_no(report.police_present))),
        ),
        Block(
            heading=a["bring_heading"],
            bullets=tuple(item.format(evidence=evidence) for item in a["bring"]),
        ),
        Block(heading=a["recover_heading"], bullets=tuple(a["recover"])),
    )
    return Document(
        kind="sheet",
        title=a["title"].format(receipt=report.receipt),
        receipt=report.receipt,
        letterhead=head,
        heading=a["heading"],
        subheading=a["receipt"].format(receipt=report.receipt),
        blocks=blocks,
    )


def aangifte_draft(report: Report, tz: tzinfo) -> str:
    """The preparation sheet as plain text (the chat message and `vpt aangifte-draft`)."""
    return aangifte_sheet(report, tz).text()


def response_document(
    report: Report,
    measure: str,
    tz: tzinfo,
    *,
    today: datetime,
    duration: str | None = None,
    rule: str | None = None,
) -> Document:
    """The letter to the perpetrator for one measure, filled from the report."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    t = templates()
    words = t["letter"]
    m = t["measures"][measure]
    head = letterhead(report.organisation)
    place = label("locations", report.location_type)
    location_plain = place or t["all_locations"]
    # The worker's own words say the place best ("aan de balie van het Stadskantoor").
    location = without_addresses(report.location_text) if report.location_text else place or ""
    values = {
        "employer": head.name,
        "occurred": _when(report.occurred_at or report.created_at, tz),
        "location": t["at_us_place"].format(location=location) if location else t["at_us"],
        "types": type_labels(list(report.types or [])) or t["unknown"],
        "rule": rule or t["default_rule"],
        "measure_text": m["text"].format(
            duration=duration or m.get("duration", ""), location_plain=location_plain
        ),
        "repeat_text": m["repeat"],
        "receipt": report.receipt,
    }
    signature = [words["closing"], "", head.name]
    if report.organisation is not None and report.organisation.contact_name:
        signature.insert(2, report.organisation.contact_name)
    return Document(
        kind="letter",
        title=words["title"].format(receipt=report.receipt, subject=m["subject"]),
        receipt=report.receipt,
        letterhead=head,
        heading=words["subject"].format(subject=m["subject"]),
        date=_date(today, tz),
        blocks=(
            Block(
                paragraphs=(
                    words["salutation"],
                    *(p.format(**values) for p in words["paragraphs"]),
                )
            ),
        ),
        closing=tuple(signature),
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
    """The letter to the perpetrator as plain text."""
    return response_document(report, measure, tz, today=today, duration=duration, rule=rule).text()


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
        document = aangifte_sheet(report, tz)
    return document.receipt, document.pdf()

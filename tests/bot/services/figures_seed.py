"""A seeded database for the figures tests: two organisations with sectors, units through
invites, reports at month and year edges, hand-counted expectations next to the seed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from bot.services.accounts import Membership, Principal
from bot.services.invites import create_invite, redeem_invite
from bot.services.reporting import submit_report
from bot.storage.models import Organisation
from bot.storage.reports import ReporterRef
from tests.bot.web.beheer.conftest import draft
from tests.conftest import AMS

ORG_A, ORG_B = "Gemeente Aadorp", "Hogeschool Bedorp"
NAME = "Sanne de Vries"
STORY = "Een klant schreeuwde tegen me en spuugde in mijn gezicht, hij heet Kees Bakhuizen."


@dataclass
class Seed:
    """Ids of what was seeded."""

    orgs: dict[str, int] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=dict)
    receipts: list[str] = field(default_factory=list)


def principal(seed: Seed, *roles: tuple[str, str]) -> Principal:
    """A signed-in user with (organisation name, role) memberships."""
    return Principal(
        user_id=1, name="Test", email="t@example.nl", session_id=1, csrf_token="x", mfa=True,
        enrolled=True,
        memberships=tuple(Membership(seed.orgs[org], org, role) for org, role in roles),
    )  # fmt: skip


def _report(factory, seed: Seed, name: str, org: str, at: datetime, user: str, **overrides):
    ref = ReporterRef("telegram", user, display_name=NAME)
    stored = submit_report(
        factory, draft(at, name, narrative=STORY, **overrides), ref, default_organisation=org,
        now=at,
    )  # fmt: skip
    seed.reports[name] = stored.report_id
    seed.receipts.append(stored.receipt)


def seed_figures(factory) -> Seed:
    """Organisation A (openbaar bestuur; teams Noord and Zuid through invites) and B (onderwijs).

    A in 2026: a1 (jan, verbaal+fysiek, balie, no injury, Noord), a2 (jan, verbaal, balie,
    injury unknown, Noord), a3 (mar, bedreiging with injury, openbare ruimte, Zuid), a4 (31 Dec
    23:30 local = 22:30 UTC: december, discriminatie+verbaal, online, no injury, no unit).
    A in 2025: a0 (jan, verbaal, balie). A in 2027: a5 (1 Jan 00:30 local, still 2026 in UTC).
    B in 2026: three verbal reports in January.
    """
    seed = Seed()
    start = datetime(2025, 1, 2, 9, 0, tzinfo=AMS)
    noord = create_invite(factory, ORG_A, now=start, unit="Team Noord")
    zuid = create_invite(factory, ORG_A, now=start, unit="Team Zuid", unit_kind="team")
    plain_a = create_invite(factory, ORG_A, now=start)
    plain_b = create_invite(factory, ORG_B, now=start)
    for code, user in ((noord, "u-noord"), (zuid, "u-zuid"), (plain_a, "u-a"), (plain_b, "u-b")):
        redeem_invite(factory, code.code, ReporterRef("telegram", user, NAME), now=start)
    with factory() as session, session.begin():
        for org in session.scalars(select(Organisation)):
            org.sector = "openbaar_bestuur" if org.name == ORG_A else "onderwijs"
            seed.orgs[org.name] = org.id
    verbal = ("verbale_agressie",)
    _report(factory, seed, "a0", ORG_A, datetime(2025, 1, 15, 10, tzinfo=AMS), "u-a", types=verbal)
    _report(
        factory, seed, "a1", ORG_A, datetime(2026, 1, 10, 10, tzinfo=AMS), "u-noord",
        types=("verbale_agressie", "fysieke_agressie"), injury=False,
    )  # fmt: skip
    _report(
        factory, seed, "a2", ORG_A, datetime(2026, 1, 20, 10, tzinfo=AMS), "u-noord",
        types=verbal, injury=None,
    )  # fmt: skip
    _report(
        factory, seed, "a3", ORG_A, datetime(2026, 3, 5, 10, tzinfo=AMS), "u-zuid",
        types=("bedreiging",), injury=True, injury_text="een blauwe plek op mijn arm",
        location_type="openbare_ruimte",
    )  # fmt: skip
    _report(
        factory, seed, "a4", ORG_A, datetime(2026, 12, 31, 23, 30, tzinfo=AMS), "u-a",
        types=("discriminatie", "verbale_agressie"), injury=False, location_type="online_telefoon",
    )  # fmt: skip
    _report(
        factory, seed, "a5", ORG_A, datetime(2027, 1, 1, 0, 30, tzinfo=AMS), "u-a", types=verbal
    )
    for i in range(3):
        _report(
            factory, seed, f"b{i}", ORG_B, datetime(2026, 1, 5 + i, 10, tzinfo=AMS), "u-b",
            types=verbal,
        )  # fmt: skip
    return seed

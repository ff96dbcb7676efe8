"""The VPT scorecard against hand counts, the unit an invite carries onto reports, and the
Arbowet article 9 flag."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.services.arbo import is_notifiable
from bot.services.invites import create_invite, redeem_invite
from bot.services.reporting import submit_report
from bot.services.scorecard import db_scorecard
from bot.storage.audit import db_append_audit
from bot.storage.models import (
    DashboardMembership,
    DashboardUser,
    FollowUp,
    Organisation,
    OrganisationUnit,
    Report,
)
from bot.storage.reports import ReporterRef
from tests.bot.web.beheer.conftest import draft
from tests.conftest import AMS

ORG = "Gemeente Aadorp"
T0 = datetime(2026, 2, 2, 9, 0, tzinfo=AMS)


def _store(factory, name: str, at: datetime, user: str = "u1", **overrides) -> int:
    # Telegram reports belong to the organisation of the worker's invite (none without one).
    ref = ReporterRef("telegram", user, display_name="Sanne de Vries")
    return submit_report(
        factory, draft(at, name, **overrides), ref, default_organisation=ORG, now=at
    ).report_id


def test_an_invite_with_a_unit_gives_the_workers_reports_that_unit(session_factory):
    ref = ReporterRef("telegram", "u-unit", display_name="Sanne de Vries")
    before = _store(session_factory, "before", T0, "u-unit")  # made before the link
    invite = create_invite(session_factory, ORG, now=T0, unit="Station Noord", unit_kind="location")
    assert invite.unit == "Station Noord"
    assert redeem_invite(session_factory, invite.code, ref, now=T0).status == "linked"
    after = _store(session_factory, "after", T0 + timedelta(hours=1), "u-unit")
    other = _store(session_factory, "other", T0, "u-other")
    with session_factory() as session:
        unit = session.scalar(select(OrganisationUnit))
        assert (unit.name, unit.kind) == ("Station Noord", "location")
        assert session.get(Report, before).unit_id == unit.id
        assert session.get(Report, after).unit_id == unit.id
        assert session.get(Report, other).unit_id is None
    again = create_invite(session_factory, ORG, now=T0, unit="Station Noord", unit_kind="location")
    assert again.unit == "Station Noord"
    with session_factory() as session:
        assert len(session.scalars(select(OrganisationUnit)).all()) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik ben opgenomen in het ziekenhuis", True),
        ("mijn arm is gebroken", True),
        ("de dokter zegt dat ik er blijvend last van houd", True),
        ("ik hoefde niet naar het ziekenhuis", False),
        ("een blauwe plek", False),
        ("", False),
    ],
)
def test_hospital_admission_or_lasting_harm_is_notifiable(text, expected):
    assert is_notifiable(True, text) is expected


def test_a_denied_injury_is_never_notifiable():
    assert is_notifiable(False, "ziekenhuis") is False


def test_the_scorecard_matches_hand_counts(session_factory):
    invite = create_invite(session_factory, ORG, now=T0)
    redeem_invite(session_factory, invite.code, ReporterRef("telegram", "u1", "S"), now=T0)
    r1 = _store(session_factory, "r1", T0, types=("fysieke_agressie",))
    r2 = _store(session_factory, "r2", T0 + timedelta(days=1), types=("verbale_agressie",))
    r3 = _store(session_factory, "r3", T0 + timedelta(days=2), types=("bedreiging",))
    now = datetime(2026, 5, 1, 12, 0, tzinfo=AMS)
    r4 = _store(session_factory, "r4", now - timedelta(hours=3), types=("bedreiging",))
    with session_factory() as session, session.begin():
        org = session.scalar(select(Organisation))
        user = DashboardUser(email="c@example.nl", name="C", recovery_codes=[], failed_logins=0, active=True, created_at=T0)  # fmt: skip
        viewer = DashboardUser(email="m@example.nl", name="M", recovery_codes=[], failed_logins=0, active=True, created_at=T0)  # fmt: skip
        session.add_all([user, viewer])
        session.flush()
        session.add(
            DashboardMembership(user_id=user.id, organisation_id=org.id, role="coordinator")
        )
        session.add(
            DashboardMembership(user_id=viewer.id, organisation_id=org.id, role="aftercare")
        )
        one, two, three = (session.get(Report, i) for i in (r1, r2, r3))
        one.response_done_at = one.created_at + timedelta(hours=20)
        two.response_done_at = two.created_at + timedelta(hours=50)
        one.aangifte_decision, three.aangifte_decision = "zelf", "nog_niet"
        one.wants_aftercare_contact, two.wants_aftercare_contact = True, False
        session.add(
            FollowUp(
                dedupe_key=f"{r1}:feedback_bekeken",
                report_id=r1,
                recipient="worker",
                channel="telegram",
                kind="feedback_bekeken",
                due_at=T0,
                status="sent",
                attempts=1,
                created_at=T0,
            )  # fmt: skip
        )
        for report, hours, who in ((one, 2, user), (two, 4, user), (three, 1, viewer)):
            db_append_audit(
                session, "case_viewed", at=report.created_at + timedelta(hours=hours),
                user_id=who.id, organisation_id=org.id, object_type="report", object_id=report.id,
            )  # fmt: skip
        org_id = org.id
    with session_factory() as session:
        scores = db_scorecard(session, [org_id], 2026, AMS, now=now, k=1)
    q1, q2 = scores
    assert (q1.quarter, q1.reports, q2.quarter, q2.reports) == (1, 3, 2, 1)
    counts = {m: (s.n, s.d) for m, s in q1.shares.items()}
    assert counts == {
        "response": (1, 3),  # r1 in time, r2 late, r3 overdue
        "aangifte": (1, 2),  # r1 and r3 are criminal; only r1 decided
        "aftercare_offered": (2, 3),
        "aftercare_accepted": (1, 2),
        "feedback": (1, 3),
    }
    assert q1.shares["response"].shown == "33% (1 van 3)"
    # Only coordinators' first views count (r3 was opened by the aftercare role): 2 h and 4 h.
    assert q1.first_view == "3 uur"
    assert q2.shares["response"].d == 0  # r4's 48 hours are not over yet
    with session_factory() as session:
        small = db_scorecard(session, [org_id], 2026, AMS, now=now)
    assert small[0].shares["response"].shown == "te weinig meldingen"
    assert r4
    with session_factory() as session:
        hidden = db_scorecard(session, [org_id], 2026, AMS, now=now, k=2, suppressed=True)
    # 1 of 3 in time: one report on one side is below 2, so a manager sees no share at all;
    # 2 of 3 offered aftercare: one on the other side, hidden as well.
    assert hidden[0].shares["response"].shown == "te weinig meldingen"
    assert hidden[0].shares["aftercare_offered"].shown == "te weinig meldingen"
    with session_factory() as session:
        shown = db_scorecard(session, [org_id], 2026, AMS, now=now, k=1, suppressed=True)
    assert shown[0].shares["response"].shown == "33%"  # never the counts for a manager

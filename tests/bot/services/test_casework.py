"""Storing the aangifte choice (with its one-week check-in) and the damage amount."""

from __future__ import annotations

from datetime import timedelta

from bot.dialogue.turn import Effect
from bot.services.casework import apply_effects, plan_after_report, plan_on_request
from bot.services.followups import db_list_followups
from bot.services.reporting import submit_report, update_report
from bot.storage.models import Report
from bot.storage.reports import ReporterRef
from tests.bot.services.test_reporting import full_draft

REPORTER = ReporterRef("telegram", "4711", "Sanne")


def _store(session_factory, now, **overrides):
    return submit_report(
        session_factory,
        full_draft(now, **overrides),
        REPORTER,
        default_organisation="Gemeente",
        now=now,
    )


def _check_rows(session_factory, report_id):
    with session_factory() as s:
        return [
            (r.status, r.due_at)
            for r in db_list_followups(s)
            if r.report_id == report_id and r.kind == "aangifte_check"
        ]


def _report(session_factory, report_id):
    with session_factory() as s:
        r = s.get(Report, report_id)
        return r.aangifte_decision, r.aangifte_status, r.damage_amount_cents


def test_choosing_to_file_records_the_decision_and_plans_the_week_check(session_factory, now):
    stored = _store(session_factory, now)
    assert _check_rows(session_factory, stored.report_id) == []
    later = now + timedelta(hours=1)
    effects = (Effect("aangifte_decision", {"decision": "zelf_onder_nummer"}),)
    assert apply_effects(session_factory, stored.report_id, effects, now=later)
    assert _report(session_factory, stored.report_id)[:2] == ("zelf_onder_nummer", "gepland")
    [(status, due)] = _check_rows(session_factory, stored.report_id)
    assert status == "pending"
    assert due.replace(tzinfo=None) >= (later + timedelta(days=7)).replace(tzinfo=None) - timedelta(
        hours=1
    )


def test_letting_the_employer_file_cancels_the_check_and_changing_back_reopens_it(
    session_factory, now
):
    stored = _store(session_factory, now, wants_aangifte=True)
    assert [s for s, _ in _check_rows(session_factory, stored.report_id)] == ["pending"]
    apply_effects(
        session_factory,
        stored.report_id,
        (Effect("aangifte_decision", {"decision": "werkgever"}),),
        now=now,
    )
    assert [s for s, _ in _check_rows(session_factory, stored.report_id)] == ["cancelled"]
    apply_effects(
        session_factory,
        stored.report_id,
        (Effect("aangifte_decision", {"decision": "zelf"}),),
        now=now,
    )
    assert [s for s, _ in _check_rows(session_factory, stored.report_id)] == ["pending"]


def test_the_cli_update_plans_the_check_like_the_chat(session_factory, now):
    stored = _store(session_factory, now)
    assert update_report(session_factory, stored.report_id, aangifte_decision="zelf", now=now)
    assert [s for s, _ in _check_rows(session_factory, stored.report_id)] == ["pending"]
    update_report(session_factory, stored.report_id, aangifte_decision="geen", now=now)
    assert [s for s, _ in _check_rows(session_factory, stored.report_id)] == ["cancelled"]


def test_the_damage_amount_is_stored_in_cents(session_factory, now):
    stored = _store(session_factory, now, injury=True, injury_text="gebroken bril en blauwe plek")
    effects = (Effect("damage_amount", {"cents": 125_050}),)
    apply_effects(session_factory, stored.report_id, effects, now=now)
    assert _report(session_factory, stored.report_id)[2] == 125_050


def test_after_an_injury_both_questions_apply_and_on_request_only_the_choice(session_factory, now):
    stored = _store(session_factory, now, injury=True, injury_text="blauwe plek")
    found = plan_after_report(session_factory, stored.report_id)
    assert found.steps == ["aangifte_choice", "damage_amount"] and not found.damage_info_now
    assert plan_on_request(session_factory, "telegram", "4711").steps == ["aangifte_choice"]
    assert plan_on_request(session_factory, "telegram", "someone-else") is None
    # The same id in another channel is another person: nothing of theirs.
    assert plan_on_request(session_factory, "web", "4711") is None


def test_a_question_about_aangifte_after_a_choice_does_not_ask_the_choice_again(
    session_factory, now
):
    stored = _store(session_factory, now)
    for decision, offered in (
        ("wil_aangifte", True),
        ("nog_niet", True),
        ("zelf_onder_nummer", False),
        ("werkgever", False),
    ):
        with session_factory() as s, s.begin():
            s.get(Report, stored.report_id).aangifte_decision = decision
        assert (plan_on_request(session_factory, "telegram", "4711") is not None) is offered


def test_verbal_aggression_alone_gets_no_questions(session_factory, now):
    stored = _store(session_factory, now, types=("verbale_agressie",))
    assert plan_after_report(session_factory, stored.report_id).steps == []

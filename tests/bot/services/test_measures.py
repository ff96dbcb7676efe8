"""Measures 6 and 7 as steps with dates: the aangifte pipeline's open task, the CJIB advance
(8 months after the final judgment), the Schadefonds deadline (10 years after the incident),
and the checks on the coordinator's forms."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.services.case_actions import InvalidInput
from bot.services.measure_actions import aangifte_update, damage_update, parse_cents
from bot.services.measures import (
    aangifte_step,
    add_months,
    cjib_advance_on,
    damage_step,
    default_measure_until,
    schadefonds_deadline,
)
from bot.storage.models import Report
from tests.conftest import AMS

TODAY = date(2026, 11, 23)


def _report(**values) -> Report:
    base = dict(
        types=["fysieke_agressie"],
        created_at=datetime(2026, 11, 23, 15, 0, tzinfo=AMS),
        occurred_at=datetime(2026, 11, 22, 23, 30, tzinfo=AMS),
    )
    base.update(values)
    return Report(**base)


def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_short_month():
    assert add_months(date(2026, 3, 10), 8) == date(2026, 11, 10)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2026, 6, 30), 8) == date(2027, 2, 28)


def test_cjib_advances_eight_months_after_the_final_judgment():
    assert cjib_advance_on(date(2026, 3, 10)) == date(2026, 11, 10)


def test_schadefonds_deadline_is_ten_years_after_the_incident_day_in_local_time():
    # 23:30 in Amsterdam is the 22nd, even though it is the 22nd 22:30 UTC.
    assert schadefonds_deadline(_report(), AMS) == date(2036, 11, 22)
    assert schadefonds_deadline(_report(occurred_at=None), AMS) == date(2036, 11, 23)


def test_yellow_card_holds_one_year_and_other_measures_have_no_default_end():
    assert default_measure_until("waarschuwingsbrief", TODAY) == date(2027, 11, 23)
    assert default_measure_until("locatieverbod", TODAY) is None


@pytest.mark.parametrize(
    ("values", "step"),
    [
        ({}, "decide"),
        ({"aangifte_decision": "wil_aangifte"}, "decide"),
        ({"aangifte_status": "besproken"}, "plan_filing"),
        ({"aangifte_status": "gepland"}, "check_filed"),
        ({"aangifte_decision": "werkgever"}, "employer_files"),
        ({"aangifte_decision": "werkgever", "aangifte_status": "gedaan"}, None),
        ({"aangifte_status": "niet_gedaan"}, None),
        ({"aangifte_decision": "geen_aangifte"}, None),
        ({"types": ["verbale_agressie"]}, None),
    ],
)
def test_aangifte_pipeline_has_one_open_step(values, step):
    assert aangifte_step(_report(**values)) == step


def test_damage_steps_carry_their_legal_dates():
    cjib = damage_step(
        _report(damage_route="benadeelde_partij", damage_status="toegewezen",
                damage_judgment_on=date(2026, 3, 10)), AMS,
    )  # fmt: skip
    assert (cjib.detail, cjib.due_on) == ("cjib_advance", date(2026, 11, 10))
    fund = damage_step(_report(damage_route="schadefonds"), AMS)
    assert (fund.detail, fund.due_on) == ("schadefonds_deadline", date(2036, 11, 22))
    assert damage_step(
        _report(damage_route="schadefonds", damage_status="ingediend"), AMS
    ).detail == ("follow_claim")
    assert damage_step(_report(damage_route="civiel", damage_status="betaald"), AMS) is None
    assert damage_step(_report(damage_amount_cents=5000), AMS).detail == "recover"
    assert damage_step(_report(types=["materiele_schade"]), AMS).detail == "amount_unknown"
    assert damage_step(_report(types=["verbale_agressie"]), AMS) is None


def test_aangifte_form_takes_a_filed_aangifte_with_its_details():
    update = aangifte_update(
        {"besluit": "werkgever", "status": "gedaan", "gedaan_op": "2026-11-20",
         "proces_verbaal": "PL0900-2026123456", "om": "dagvaarding"}, today=TODAY,
    )  # fmt: skip
    assert update.filed_on == date(2026, 11, 20) and update.om_outcome == "dagvaarding"


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"status": "gepland", "gedaan_op": "2026-11-20"}, "aangifte_not_filed"),
        ({"status": "gedaan", "gedaan_op": "2026-11-24"}, "aangifte_date"),
        ({"status": "gedaan", "gedaan_op": "20-11-2026"}, "aangifte_date"),
        ({"status": "gedaan", "proces_verbaal": "=HYPERLINK(1)"}, "police_reference"),
        ({"status": "klaar"}, "aangifte_status"),
        ({"besluit": "misschien"}, "aangifte_decision"),
        ({"status": "gedaan", "om": "levenslang"}, "om_outcome"),
    ],
)
def test_aangifte_form_refuses_bad_input(form, error):
    with pytest.raises(InvalidInput) as refused:
        aangifte_update(form, today=TODAY)
    assert str(refused.value) == error


def test_damage_form_reads_dutch_amounts():
    assert parse_cents("1.250,50", "x") == 125050
    assert parse_cents("€ 80", "x") == 8000
    assert parse_cents("250", "x") == 25000
    update = damage_update({"bedrag": "250", "route": "directe_claim", "status": "ingediend"},
                           today=TODAY)  # fmt: skip
    assert (update.amount_cents, update.route, update.status) == (
        25000,
        "directe_claim",
        "ingediend",
    )


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"bedrag": "veel"}, "damage_amount"),
        ({"bedrag": "-5"}, "damage_amount"),
        ({"route": "civiel", "vonnis_op": "2026-03-01"}, "judgment_route"),
        ({"route": "benadeelde_partij", "vonnis_op": "2027-01-01"}, "judgment_date"),
        ({"status": "betaald"}, "damage_route_needed"),
        ({"route": "rechtszaak"}, "damage_route"),
    ],
)
def test_damage_form_refuses_bad_input(form, error):
    with pytest.raises(InvalidInput) as refused:
        damage_update(form, today=TODAY)
    assert str(refused.value) == error

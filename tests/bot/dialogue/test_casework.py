"""The questions after a report: reading the aangifte choice and the damage amount."""

from __future__ import annotations

import pytest

from bot.dialogue.casework import (
    AANGIFTE_CHOICE,
    DAMAGE_AMOUNT,
    answer,
    euro_text,
    plan,
    read_choice,
    start,
)
from bot.dialogue.turn import Turn


def turn(text, now, intent=None, confidence=0.0):
    return Turn(text=text, now=now, intent=intent, confidence=confidence)


def responses(step):
    return [s.response for s in step.say]


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("zelf aangifte met het adres van mijn werk", "zelf"),
        ("ik ga zelf naar de politie", "zelf"),
        ("aangifte onder nummer", "zelf_onder_nummer"),
        ("liever anoniem", "zelf_onder_nummer"),
        ("mijn werkgever doet aangifte", "werkgever"),
        ("laat mijn leidinggevende het maar doen", "werkgever"),
        ("nog niet", "nog_niet"),
        ("weet ik nog niet", "nog_niet"),
        ("geen aangifte", "geen"),
        ("nee", "geen"),
    ],
)
def test_the_aangifte_choice_is_read_from_buttons_and_free_text(text, choice):
    assert read_choice(text) == choice


def test_after_a_criminal_report_with_damage_both_questions_are_asked():
    steps = plan(
        criminal=True, decision=None, has_damage=True, amount_known=False, after_report=True
    )
    assert steps == [AANGIFTE_CHOICE, DAMAGE_AMOUNT]


def test_no_choice_after_verbal_aggression_or_a_no_and_no_amount_when_known():
    assert (
        plan(criminal=False, decision=None, has_damage=True, amount_known=True, after_report=True)
        == []
    )
    assert (
        plan(
            criminal=True,
            decision="geen_aangifte",
            has_damage=False,
            amount_known=False,
            after_report=True,
        )
        == []
    )


def test_asking_about_aangifte_offers_the_choice_again():
    assert plan(
        criminal=True, decision="geen", has_damage=True, amount_known=False, after_report=False
    ) == [AANGIFTE_CHOICE]


def test_a_choice_is_recorded_and_answered_with_its_next_step(now):
    state = start(7, [AANGIFTE_CHOICE, DAMAGE_AMOUNT], "VPT-2026-000001")
    step = answer(state, turn("aangifte onder nummer", now, "ask_aangifte", 0.95))
    assert not step.rejected and not step.done
    assert step.effects[0].values == {"decision": "zelf_onder_nummer"}
    assert responses(step) == ["utter_aangifte_next_zelf_onder_nummer"]
    assert step.state["steps"] == [DAMAGE_AMOUNT]


def test_an_amount_is_stored_in_cents_and_the_routes_are_explained(now):
    state = start(7, [DAMAGE_AMOUNT], "VPT-2026-000001")
    step = answer(state, turn("€ 1.250,50", now))
    assert step.done and step.effects[0].values == {"cents": 125_050}
    assert responses(step) == ["utter_damage_amount_saved", "utter_damage_info"]
    assert step.say[0].variables["amount"] == "€ 1.250,50"


def test_weet_ik_nog_niet_skips_the_amount_without_storing(now):
    step = answer(start(7, [DAMAGE_AMOUNT], "R"), turn("weet ik nog niet", now))
    assert step.done and not step.effects
    assert responses(step) == ["utter_damage_amount_open", "utter_damage_info"]


def test_bad_input_is_asked_again_once_then_left_open(now):
    first = answer(start(7, [DAMAGE_AMOUNT], "R"), turn("een hoop", now))
    assert responses(first) == ["utter_reask_damage_amount"] and not first.done
    second = answer(first.state, turn("heel veel", now))
    assert second.done and not second.effects
    assert responses(second) == ["utter_casework_left_open", "utter_damage_info"]


def test_an_absurd_amount_is_asked_again(now):
    step = answer(start(7, [DAMAGE_AMOUNT], "R"), turn("250000000 euro", now))
    assert responses(step) == ["utter_reask_damage_too_large"] and not step.effects


def test_a_question_in_between_is_not_an_answer(now):
    step = answer(
        start(7, [AANGIFTE_CHOICE], "R"),
        turn("wat doen jullie met mijn gegevens", now, "ask_privacy", 0.9),
    )
    assert step.rejected


def test_euro_text_is_dutch():
    assert euro_text(25_000) == "€ 250,00" and euro_text(125_050) == "€ 1.250,50"


def test_letting_work_do_it_is_the_employers_aangifte():
    assert read_choice("laat mijn werk het maar doen") == "werkgever"
    assert read_choice("zelf, met het adres van mijn werk") == "zelf"

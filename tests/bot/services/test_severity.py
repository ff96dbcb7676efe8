"""Severity follows the documented rule, one step at a time."""

from __future__ import annotations

import pytest

from bot.services.severity import SEVERITY_RULES, derive_severity, is_serious_injury
from bot.vocab import SEVERITIES


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        ([], "laag"),
        (["verbale_agressie"], "laag"),
        (["materiele_schade"], "laag"),
        (["discriminatie"], "middel"),
        (["seksuele_intimidatie"], "middel"),
        (["bedreiging"], "middel"),
        (["fysieke_agressie"], "hoog"),
    ],
)
def test_each_type_has_its_starting_level(types, expected):
    assert derive_severity(types, injury=None, weapon=None) == expected


def test_the_heaviest_type_decides_the_start():
    assert derive_severity(["verbale_agressie", "bedreiging"], injury=None, weapon=None) == "middel"
    assert (
        derive_severity(["verbale_agressie", "fysieke_agressie"], injury=False, weapon=None)
        == "hoog"
    )


def test_a_weapon_adds_one_step():
    assert derive_severity(["bedreiging"], injury=False, weapon="mes") == "hoog"
    assert derive_severity(["verbale_agressie"], injury=False, weapon="stoel gegooid") == "middel"


def test_a_blank_weapon_adds_nothing():
    assert derive_severity(["bedreiging"], injury=False, weapon="  ") == "middel"


def test_an_injury_adds_one_step():
    assert derive_severity(["verbale_agressie"], injury=True, weapon=None) == "middel"
    assert (
        derive_severity(["fysieke_agressie"], injury=True, weapon=None, injury_text="blauwe plek")
        == "zeer_hoog"
    )


@pytest.mark.parametrize(
    "injury_text",
    [
        "gebroken neus",
        "hersenschudding",
        "naar het ziekenhuis gebracht",
        "was even bewusteloos",
        "wond gehecht",
    ],
)
def test_a_serious_injury_adds_two_steps(injury_text):
    assert (
        derive_severity(["bedreiging"], injury=True, weapon=None, injury_text=injury_text)
        == "zeer_hoog"
    )
    assert (
        derive_severity(["verbale_agressie"], injury=True, weapon=None, injury_text=injury_text)
        == "hoog"
    )


def test_a_negated_serious_word_is_a_normal_injury():
    assert not is_serious_injury("blauwe plek, gelukkig niets gebroken")
    assert (
        derive_severity(
            ["verbale_agressie"], injury=True, weapon=None, injury_text="niets gebroken"
        )
        == "middel"
    )


def test_an_unconfirmed_injury_counts_only_when_serious():
    assert (
        derive_severity(["verbale_agressie"], injury=None, weapon=None, injury_text="schrammetje")
        == "laag"
    )
    assert (
        derive_severity(["verbale_agressie"], injury=None, weapon=None, injury_text="arm gebroken")
        == "hoog"
    )


def test_no_injury_ignores_the_injury_text():
    assert (
        derive_severity(["verbale_agressie"], injury=False, weapon=None, injury_text="ziekenhuis")
        == "laag"
    )


def test_a_repeated_perpetrator_adds_one_step():
    assert (
        derive_severity(["verbale_agressie"], injury=None, weapon=None, repeated=True) == "middel"
    )


def test_all_steps_add_up_and_cap_at_zeer_hoog():
    assert (
        derive_severity(["verbale_agressie"], injury=True, weapon="mes", repeated=True)
        == "zeer_hoog"
    )
    assert (
        derive_severity(
            ["fysieke_agressie"],
            injury=True,
            weapon="knuppel",
            repeated=True,
            injury_text="gehecht",
        )
        == "zeer_hoog"
    )


def test_no_types_is_laag_whatever_else():
    assert (
        derive_severity([], injury=True, weapon="mes", repeated=True, injury_text="ziekenhuis")
        == "laag"
    )


def test_types_may_be_any_iterable():
    assert derive_severity(iter(["bedreiging"]), injury=False, weapon="mes") == "hoog"
    assert derive_severity("bedreiging", injury=False, weapon=None) == "middel"


def test_an_unknown_type_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        derive_severity(["schelden"], injury=False, weapon=None)


def test_the_rules_text_names_every_level():
    assert all(level in SEVERITY_RULES for level in SEVERITIES)

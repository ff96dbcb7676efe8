"""Witnesses said in the many ways workers put it: bystanders, helpers, the writer, a crowd."""

from __future__ import annotations

import pytest

from bot.understanding.extraction.facts import extract_facts


@pytest.mark.parametrize(
    "text",
    [
        "de klant schold me uit, mijn stagiair stond ernaast",
        "een vrouw trok aan mijn mouw. Haar man was erbij",
        "mijn collega kreeg een duw van een jongen, ik stond naast haar",
        "hij schopte tegen mijn been, de conciërge stond 3 meter verderop",
        "mijn begeleider kwam erbij toen hij begon te schreeuwen",
    ],
)
def test_anyone_but_the_perpetrator_standing_by_is_a_witness(text):
    assert extract_facts(text).witnesses is True


def test_the_perpetrator_standing_by_is_no_witness():
    assert extract_facts("hij stond naast me en bleef schelden").witnesses is None


@pytest.mark.parametrize(
    "text",
    [
        "een ouder sloeg mijn collega, ik zag het gebeuren vanaf de gang",
        "mijn collega werd bespuugd. Ik heb het van dichtbij gezien",
        "er zaten drie mensen in de wachtkamer die het zagen",
    ],
)
def test_the_writer_or_people_who_saw_it(text):
    assert extract_facts(text).witnesses is True


@pytest.mark.parametrize(
    "text",
    [
        "gisteren werden wij bij de bushalte uitgescholden",
        "wij (3 boa's) werden door jongeren uitgelachen",
        "we stonden met z'n vieren bij de ingang toen hij dreigde",
        "we hebben hem met 3 agenten in bedwang gehouden",
        "hij riep 'kankerlijers' naar mij en mijn collega",
    ],
)
def test_several_workers_together_are_witnesses_to_each_other(text):
    assert extract_facts(text).witnesses is True


@pytest.mark.parametrize(
    "text",
    [
        "een klant sloeg me, een bezoeker heeft hem van me af getrokken",
        "een omstander heeft 112 gebeld toen hij me schopte",
        "met de hulp van twee reizigers kreeg ik hem de bus uit",
        "mijn collega nam het gesprek over nadat hij me bedreigde",
    ],
)
def test_helpers_during_the_incident_are_witnesses(text):
    assert extract_facts(text).witnesses is True


@pytest.mark.parametrize(
    "text",
    [
        "hij sloeg op de balie. De wachtkamer zat bomvol",
        "Er liepen wat scholieren langs toen hij me duwde",
        "veel reizigers, en niemand deed iets",
        "niemand op het perron greep in",
    ],
)
def test_a_crowd_that_did_nothing_still_saw_it(text):
    assert extract_facts(text).witnesses is True


def test_people_filming_the_worker_for_a_post_are_not_said_to_witness():
    text = "jongeren filmden me stiekem en zetten het op instagram"
    assert extract_facts(text).witnesses is None


@pytest.mark.parametrize(
    "text",
    ["Was alleen op pad toen hij me bedreigde.", "hij blokkeerde de deur, ik was er alleen"],
)
def test_alone_without_a_subject_or_with_er_means_no_witnesses(text):
    assert extract_facts(text).witnesses is False


@pytest.mark.parametrize(
    "text",
    [
        "een leerling vroeg in de les hoe vaak ik seks heb, de hele klas lag dubbel",
        "hij zong een lied over mijn borsten en de hele coupé keek",
        "ik zat met mijn collega in de auto bij de school toen een moeder op het raam bonkte",
        "ik stond samen met mijn duo bij de ingang toen hij me duwde",
    ],
)
def test_a_whole_room_reacting_or_a_colleague_with_the_worker_are_witnesses(text):
    assert extract_facts(text).witnesses is True


def test_a_whole_room_that_did_not_see_it_is_no_witness():
    assert (
        extract_facts("de hele klas was op schoolreis, ik was alleen toen hij belde").witnesses
        is not True
    )


@pytest.mark.parametrize(
    "text",
    [
        "hij schold me uit. collega's schoten te hulp",
        "hij duwde me. een collega schoot me te hulp",
        "hij sloeg me. een voorbijganger belde 112",
        "hij greep me vast. een passagier hielp me",
        "hij schopte me. twee collega's hebben hem vastgehouden",
    ],
)
def test_helpers_who_acted_are_witnesses(text):
    assert extract_facts(text).witnesses is True


@pytest.mark.parametrize(
    "text",
    [
        "hij schold me uit. ik had geen collega bij me",
        "hij schold me uit, er waren geen getuigen",
    ],
)
def test_no_colleague_or_no_witnesses_is_no(text):
    assert extract_facts(text).witnesses is False

"""Whether the perpetrator was known, said in the many ways workers put it."""

from __future__ import annotations

import pytest

from bot.understanding.extraction.facts import extract_facts


@pytest.mark.parametrize(
    "text",
    [
        "een visser op de kade duwde me, iedereen kent hem hier",
        "een leerling dreigde zijn broer te sturen. Ik ken de familie",
        "een man die ik vorige week heb bekeurd spuugde naar me",
        "een vrouw die ik al maanden begeleid schold me uit",
        "een klant op mijn spreekuur werd agressief",
        "een deelnemer aan mijn training gooide een stoel",
        "na een gesprek met een cliënt over zijn boete sloeg hij op tafel",
        "de moeder van een van mijn leerlingen duwde me",
        "een automobilist reed tegen me aan, ik heb zijn kenteken",
        "een fietser schold me uit, gegevens genoteerd",
        "de man uit bed 6 kneep in mijn arm",
        "hij werd van de bus gehaald en aangehouden",
        "de politie kwam en nam hem mee",
        "haar vriend pakte bij de cliënt thuis een mes",
        "de partner van de kraamvrouw duwde me",
        "mijn collega werd bij de uitgang opgewacht door die man van vanochtend",
        "die vader van gisteren stond weer bij de klas te schreeuwen",
        "een leerling van mij gooide een stoel door het lokaal",
        "een ex-cliënt staat elke ochtend bij de personeelsingang",
    ],
)
def test_more_ways_to_identify_the_perpetrator(text):
    assert extract_facts(text).perpetrator == "bekend"


@pytest.mark.parametrize(
    "text",
    [
        "ik werd bedreigd door een nummer dat ik niet ken",
        "een anoniem account schold me uit",
        "een demonstrant sloeg me met een stok",
        "de beller noemde me een hoer",
        "Meisjes filmden me en lachten",
        "ik werd achtervolgd door een auto",
        "een groep voetbalsupporters omsingelde me",
    ],
)
def test_more_ways_to_describe_a_stranger(text):
    assert extract_facts(text).perpetrator == "onbekend"


def test_a_deelnemer_in_day_care_is_a_client():
    text = "op de dagbesteding beet een deelnemer me"
    assert extract_facts(text).perpetrator_relation == "patient_client"


def test_a_wish_to_report_anonymously_says_nothing_about_the_perpetrator():
    from bot.understanding.extraction.facts import extract_facts

    assert (
        extract_facts("mag dit anoniem? ik wil niet dat ze weten dat ik het ben").perpetrator
        is None
    )
    assert (
        extract_facts("ik werd vanavond anoniem gebeld en uitgescholden").perpetrator == "onbekend"
    )


@pytest.mark.parametrize(
    "text",
    [
        "een vrouw uit de buurt (woont boven de bakker) scheldt me al weken uit",
        "een jongen volgt me al weken na mijn dienst",
    ],
)
def test_where_they_live_or_weeks_of_the_same_is_known(text):
    assert extract_facts(text).perpetrator == "bekend"


def test_an_anonymous_caller_for_weeks_is_not_known():
    assert (
        extract_facts("een man belt me al weken op om me uit te schelden").perpetrator != "bekend"
    )


def test_not_one_of_ours_stays_unknown():
    text = "op het schoolplein bedreigde een onbekende jongen, geen leerling van ons, me"
    assert extract_facts(text).perpetrator == "onbekend"


@pytest.mark.parametrize(
    "text",
    [
        "die man van de schuldhulp vroeg of ik bijverdien als escort",
        "bij het huisbezoek zei de man dat hij alleen opendoet voor een autochtone controleur",
        "bij de woningschouw legde de oude meneer zijn hand op mijn dij",
        "bij de aanhouding rukte de man de mouw van mijn jas los",
    ],
)
def test_the_one_dealt_with_visited_or_arrested_is_known(text):
    assert extract_facts(text).perpetrator == "bekend"


@pytest.mark.parametrize(
    "text",
    [
        "terwijl ik de bon uitschreef aaide de man over mijn haar",
        "bij het uitschrijven van een boete vroeg de man of ik zin had",
    ],
)
def test_a_person_only_described_as_de_man_is_unknown(text):
    assert extract_facts(text).perpetrator == "onbekend"


def test_a_man_who_only_saw_it_is_not_the_perpetrator():
    assert extract_facts("hij sloeg me, de man naast hem zag het").perpetrator is None

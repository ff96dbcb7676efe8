"""Places said in the many ways workers put them: public buildings, street names, phone and mail."""

from __future__ import annotations

import pytest

from bot.understanding.extraction.facts import extract_facts


@pytest.mark.parametrize(
    ("text", "location_type"),
    [
        # public buildings where visitors are served
        ("in de bibliotheek schold een man me uit", "balie_publieksruimte"),
        ("bij de kassa van het zwembad duwde een jongen me", "balie_publieksruimte"),
        ("in de sporthal kreeg ik een klap van een vader", "balie_publieksruimte"),
        # named streets, parks, districts and roads
        ("hij spuugde naar me in de Nieuwstraat", "openbare_ruimte"),
        ("bij de controle in het Zuiderpark werden we bedreigd", "openbare_ruimte"),
        ("in de Rivierenwijk gooiden ze stenen", "openbare_ruimte"),
        ("bij een controle op de A12 reed hij op me in", "openbare_ruimte"),
        ("hij duwde me op de taxistandplaats", "openbare_ruimte"),
        # phone, mail, web forms
        ("een vader heeft me vanavond om 20.10 gebeld en gescholden", "online_telefoon"),
        ("een klant belde en noemde me een hoer", "online_telefoon"),
        ("de beller dreigde mijn collega te slaan", "online_telefoon"),
        ("ik krijg al weken dreigende mails van een burger", "online_telefoon"),
        ("via Teams kreeg ik een bericht met 'ik maak je af'", "online_telefoon"),
        ("iemand schreef via het contactformulier dat hij me komt halen", "online_telefoon"),
        # schools and childcare
        ("op de kinderopvang duwde een moeder me", "school"),
        ("tijdens de ouderavond werd ik uitgescholden", "school"),
        ("juf groep 3. een kind uit groep 3 schopte me", "school"),
        # care
        ("in het revalidatiecentrum sloeg een patiënt me", "zorginstelling_afdeling"),
        ("op de IC beet een patiënt mijn collega", "zorginstelling_afdeling"),
        # homes visited
        ("het gebeurde bij hun thuis, de vader sloeg me", "woning_client"),
        ("ik was bij een huurder voor een reparatie toen hij ging schreeuwen", "woning_client"),
        ("bij de woningschouw kwam de huurder naast me zitten", "woning_client"),
        # compounds of a place noun
        ("bij de belastingbalie spuugde een vrouw me in mijn gezicht", "balie_publieksruimte"),
        ("in de drukke avondtrein legde een reiziger zijn hand op mijn dij", "ov_voertuig"),
        ("op de dialyseafdeling sloeg een patiënt me", "zorginstelling_afdeling"),
        ("in de verslavingskliniek gooide een cliënt een schaal", "zorginstelling_afdeling"),
        # the living room or own room of a ward, not of a home visited
        ("een cliënt van de kliniek smeet een schaal in de huiskamer", "zorginstelling_afdeling"),
        (
            "een bewoner betastte me toen ik hem op zijn kamer in bed hielp",
            "zorginstelling_afdeling",
        ),
        ("bij het huisbezoek sloeg de vader in de huiskamer een glas kapot", "woning_client"),
        # the crew's "wagen", the huisartsenpost and the outpatient clinic
        ("collega werd in de wagen door een patiënt met een schaar bedreigd", "dienstvoertuig"),
        ("net op de hap stond een man me tien minuten uit te schelden", "zorginstelling_afdeling"),
        ("mevrouw op de poli schold me uit voor slome trut", "zorginstelling_afdeling"),
        # fetching a child at school, rooms of a home or of a ward
        ("de vader van een van mijn kleuters duwde me bij het ophalen opzij", "school"),
        ("bij de reparatie in de badkamer greep de huurder me vast", "woning_client"),
        (
            "op de afdeling gooide een bewoner in de badkamer een fles naar me",
            "zorginstelling_afdeling",
        ),
        # outside a building is the street
        (
            "een klant bleef na sluitingstijd buiten het UWV kantoor op me wachten",
            "openbare_ruimte",
        ),
        # where the worker sits now is not where it happened
        ("de vader schreeuwde in de klas. ik zit nu trillend in de personeelskamer", "school"),
        # outdoor places of enforcement and emergency work
        ("bedreigd met een mes bij de jachthaven", "openbare_ruimte"),
        (
            "bij het uitschrijven van een boete op de camping vroeg de man of ik zin had",
            "openbare_ruimte",
        ),
    ],
)
def test_more_ways_to_say_where(text, location_type):
    assert extract_facts(text).location_type == location_type


def test_a_supermarket_is_not_a_street():
    assert extract_facts("in de supermarkt werd ik uitgescholden").location_type is None


@pytest.mark.parametrize(
    ("text", "location_type"),
    [
        ("Onderwijsassistent. in de gang duwde een leerling me", "school"),
        ("ik ben tramconducteur en werd gisteren geslagen", "ov_voertuig"),
    ],
)
def test_a_job_tied_to_one_place_implies_it(text, location_type):
    assert extract_facts(text).location_type == location_type


def test_a_teacher_alone_does_not_imply_the_school():
    assert extract_facts("ik ben docent en werd uitgescholden").location_type is None


def test_a_threat_to_wait_after_the_shift_is_not_the_place():
    text = "op de afdeling dreigde hij me op te wachten na mijn dienst"
    assert extract_facts(text).location_type == "zorginstelling_afdeling"


@pytest.mark.parametrize(
    "text",
    [
        # what the perpetrator says he knows is not where it happened
        "ze zei dat ze wist dat mijn kinderen op de basisschool om de hoek zitten",
        # a group of people is not a ward's living group
        "bij de melding stond er een groep te wachten die met flessen gooide",
    ],
)
def test_places_that_are_not_where_it_happened(text):
    assert extract_facts(text).location_type is None

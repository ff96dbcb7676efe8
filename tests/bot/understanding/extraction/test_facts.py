"""Facts from free Dutch text: realistic worker messages from every sector in the domain file."""

from __future__ import annotations

import pytest

from bot.understanding.extraction.facts import Facts, extract_facts
from bot.vocab import LOCATION_TYPES, PERPETRATOR_RELATIONS

# --- location ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "location_type", "location_text"),
    [
        # counter staff
        ("Een meneer begon aan de balie te schreeuwen", "balie_publieksruimte", "aan de balie"),
        (
            "bij het loket van de stadswinkel werd ik uitgescholden",
            "balie_publieksruimte",
            "bij het loket",
        ),
        ("in de wachtkamer gooide hij een stoel om", "balie_publieksruimte", "in de wachtkamer"),
        # benefits agency / social services
        (
            "tijdens het gesprek in de spreekkamer sloeg hij op tafel",
            "spreek_kantoorruimte",
            "in de spreekkamer",
        ),
        ("Op kantoor bij het UWV werd een klant agressief", "spreek_kantoorruimte", "Op kantoor"),
        # enforcement
        ("ik schreef een bon uit op de parkeerplaats", "openbare_ruimte", "op de parkeerplaats"),
        ("Bij controle in het park duwde een man me", "openbare_ruimte", "in het park"),
        ("hij fietste op de stoep en schold me uit", "openbare_ruimte", "op de stoep"),
        # public transport
        ("in tram 5 spuugde een reiziger naar me", "ov_voertuig", "in tram 5"),
        ("ik reed op lijn 12 toen een passagier begon te schelden", "ov_voertuig", "op lijn 12"),
        ("in de trein op het perron werd ik bedreigd", "ov_voertuig", "in de trein"),
        ("ik stond op het perron en hij kwam de trein uit", "station_halte", "op het perron"),
        ("bij de ov-poortjes op het station duwde hij me", "station_halte", "op het station"),
        ("Aan de bushalte werd ik uitgescholden", "station_halte", "Aan de bushalte"),
        # ambulance, fire, police
        ("achterin de ambulance schopte de patient me", "dienstvoertuig", "achterin de ambulance"),
        ("ze gooiden stenen naar de brandweerwagen", "dienstvoertuig", "brandweerwagen"),
        # care and mental health, youth care
        ("op de SEH werd ik door een patiënt geslagen", "zorginstelling_afdeling", "op de SEH"),
        (
            "Op de gesloten afdeling kneep een cliënt in mijn arm",
            "zorginstelling_afdeling",
            "Op de gesloten afdeling",
        ),
        ("op de groep schopte een jongere tegen de deur", "zorginstelling_afdeling", "op de groep"),
        # housing, home care
        ("Tijdens een huisbezoek werd de huurder boos", "woning_client", "Tijdens een huisbezoek"),
        ("bij de cliënt thuis werd ik bedreigd", "woning_client", "bij de cliënt thuis"),
        # teachers
        ("in de klas gooide een leerling een etui naar me", "school", "in de klas"),
        ("op het schoolplein schold een vader me uit", "school", "op het schoolplein"),
        # online / phone / private
        ("een klant schold me uit aan de telefoon", "online_telefoon", "aan de telefoon"),
        ("ik kreeg dreigberichten via whatsapp", "online_telefoon", "via whatsapp"),
        ("hij zette foto's van mij op facebook", "online_telefoon", "op facebook"),
        ("Na werktijd in de supermarkt sprak een cliënt me aan", "prive_omgeving", "Na werktijd"),
        ("hij stond bij mij thuis voor de deur", "prive_omgeving", "bij mij thuis"),
    ],
)
def test_location_is_the_most_specific_place_of_the_incident(text, location_type, location_text):
    facts = extract_facts(text)
    assert facts.location_type == location_type
    assert facts.location_text == location_text
    assert facts.location_type in LOCATION_TYPES


def test_phone_threat_content_is_not_the_location():
    facts = extract_facts(
        "Een klant dreigde in de spreekkamer dat hij me na werktijd zou opwachten"
    )
    assert facts.location_type == "spreek_kantoorruimte"


def test_owner_of_a_thing_is_not_the_location():
    facts = extract_facts("de dader is een collega van een andere afdeling")
    assert facts.location_type is None


def test_no_place_mentioned_leaves_location_empty():
    facts = extract_facts("hij schold me uit en liep weg")
    assert facts.location_type is None
    assert facts.location_text is None


def test_a_vehicle_named_as_the_sector_is_not_the_place():
    facts = extract_facts("Ambulance. Tijdens een inzet op straat schold een man me uit")
    assert facts.location_type == "openbare_ruimte"
    assert extract_facts("Ambulance. Een man schold me uit").location_type is None
    assert extract_facts("Ambulance. Een man schold me uit").perpetrator_relation == "klant_burger"


def test_the_cabin_of_a_named_service_vehicle_is_that_vehicle():
    text = "ze gooiden stenen naar de brandweerauto, een raakte me in de cabine"
    assert extract_facts(text).location_type == "dienstvoertuig"


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("trambestuurder. een man spuugde tegen mijn ruitje", "ov_voertuig"),
        ("ik ben wijkverpleegkundige, een cliënt kneep me in mijn arm", "woning_client"),
    ],
)
def test_the_job_implies_the_place_when_none_is_named(text, location):
    assert extract_facts(text).location_type == location


def test_the_door_of_a_room_places_it_when_nothing_else_does():
    assert extract_facts("hij schopte de deur van het lokaal kapot").location_type == "school"
    text = "op de afdeling schopte hij de deur van het kantoor kapot"
    assert extract_facts(text).location_type == "zorginstelling_afdeling"


def test_a_named_neighbourhood_is_public_space():
    assert (
        extract_facts("in de Schildersbuurt werd ik uitgescholden").location_type
        == "openbare_ruimte"
    )
    assert (
        extract_facts("in de Chinese buurt gooide hij een steen").location_type == "openbare_ruimte"
    )
    assert extract_facts("hij woont in de buurt van de school").location_type is None


def test_sheltered_housing_is_a_care_institution():
    text = "bij beschermd wonen trapte een cliënt tegen mijn been"
    assert extract_facts(text).location_type == "zorginstelling_afdeling"


# --- perpetrator relation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("een klant werd boos omdat zijn uitkering te laat was", "klant_burger"),
        ("een mevrouw aan de balie begon te schelden", "klant_burger"),
        ("een automobilist reed bijna over mijn voet bij de controle", "klant_burger"),
        ("een groep hangjongeren riep kankerboa", "klant_burger"),
        ("Een man op straat duwde me toen ik een bon schreef", "klant_burger"),
        ("de verdachte beet me tijdens de aanhouding", "klant_burger"),
        ("een zwartrijder sloeg me", "reiziger"),
        ("iemand zonder kaartje spuugde naar me", "reiziger"),
        ("een man in de bus schold me uit", "reiziger"),
        ("een patient op de SEH sloeg me", "patient_client"),
        ("de cliënt werd boos in het gesprek", "patient_client"),
        ("een bewoner van het verpleeghuis kneep me", "patient_client"),
        ("een jongere op de leefgroep schopte me", "patient_client"),
        ("een leerling uit 3b gooide een stoel", "leerling"),
        ("een kind uit mijn klas schopte me", "leerling"),
        ("de vader van een leerling schold me uit", "ouder"),
        ("een moeder werd boos bij het hek van de school", "ouder"),
        ("de huurder dreigde met zijn hond", "huurder"),
        ("tijdens het huisbezoek werd de bewoner agressief", "huurder"),
        ("de buurman van de huurder bedreigde me", "buurtbewoner"),
        ("familie van een patiënt schreeuwde tegen me", "anders"),
        ("de zoon van de cliënt bedreigde mijn collega", "anders"),
        ("een collega maakte steeds seksuele opmerkingen", "anders"),
        # A plain person without a place is a member of the public the worker deals with.
        ("een onbekende man schold me uit", "klant_burger"),
        ("bij de milieustraat spuugde een vrouw naar me", "klant_burger"),
        # "iemand" says nobody's relation.
        ("tijdens het blussen gooide iemand een fles naar mijn collega", None),
        # In care, "meneer" or a child is the one cared for; a visitor stays the public.
        ("meneer heeft dementie en sloeg me tijdens de ADL", "patient_client"),
        ("een jongen van 15 op de leefgroep gooide een bord naar me", "patient_client"),
        # A client of debt help or benefits is a member of the public, in care a patient.
        ("een cliënt van de schuldhulp sloeg met zijn vuist op tafel", "klant_burger"),
        ("huisbezoek bijstand, de cliënt duwde me tegen de deurpost", "klant_burger"),
        ("de cliënt van de wijkverpleging duwde me, hij heeft schulden", "patient_client"),
        # numbered classes, the neighbourhood, someone on the road
        ("een jongen uit klas 2 trok aan het bandje van mijn bh", "leerling"),
        ("een jongen uit mijn mentorklas zei dat hij mijn banden lek steekt", "leerling"),
        ("een vrouw uit de buurt scheldt me al weken uit", "buurtbewoner"),
        ("ik werd door iemand op een scooter in mijn rug geduwd", "klant_burger"),
        # in a train or at a stop, students, youngsters and a mother are travellers
        ("in de sprinter werd ik uitgescholden voor homo door een student", "reiziger"),
        ("op het station werd mijn collega door een groep jongeren uitgescholden", "reiziger"),
        ("in de stopbus sloeg een vrouw me omdat haar kind niet gratis mee mocht", "reiziger"),
    ],
)
def test_perpetrator_relation_follows_role_and_setting(text, relation):
    facts = extract_facts(text)
    assert facts.perpetrator_relation == relation
    assert relation is None or facts.perpetrator_relation in PERPETRATOR_RELATIONS


def test_bystanders_are_not_the_perpetrator():
    facts = extract_facts("Een man schold me uit in de tram. Andere reizigers keken toe")
    assert facts.perpetrator_relation == "reiziger"
    assert facts.evidence["perpetrator_relation"] == "man"


def test_colleague_as_target_is_not_the_perpetrator():
    facts = extract_facts("mijn collega werd bespuugd door een reiziger")
    assert facts.perpetrator_relation == "reiziger"
    assert facts.target == "collega"


def test_colleague_as_witness_is_not_the_perpetrator():
    facts = extract_facts("mijn collega heeft het gezien")
    assert facts.perpetrator_relation is None


# --- known / unknown ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("het was een vaste klant", "bekend"),
        ("die ken ik, hij komt hier elke week", "bekend"),
        ("hij is al jaren cliënt bij ons", "bekend"),
        ("dezelfde man als vorige week", "bekend"),
        ("een leerling uit mijn klas", "bekend"),
        ("Meneer Jansen werd boos", "bekend"),
        ("de moeder van Sem stond te schreeuwen", "bekend"),
        ("een onbekende man", "onbekend"),
        ("ik had hem nog nooit gezien", "onbekend"),
        ("een vreemde liep op me af", "onbekend"),
        ("die ken ik niet", "onbekend"),
        ("een meneer begon te schelden", "onbekend"),
    ],
)
def test_perpetrator_known_or_stranger(text, known):
    assert extract_facts(text).perpetrator == known


def test_a_strange_remark_is_not_a_stranger():
    assert extract_facts("hij maakte een vreemde opmerking").perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        "een vrouw trok aan mijn haar",
        "door een klant uitgescholden aan het loket",
        "een passagier spuugde naar me in de sprinter",
        "iemand heeft de banden van mijn dienstauto lek gestoken",
        "jongeren bekogelden ons met stenen",
        "we werden omsingeld door een groep luidruchtige jongens",
        "man duwde me opzij bij de ingang",
    ],
)
def test_a_described_but_unidentified_person_is_unknown(text):
    facts = extract_facts(text)
    assert facts.perpetrator == "onbekend"
    assert facts.perpetrator_assumed


@pytest.mark.parametrize(
    "text",
    ["hij schold me uit", "ze gooide haar tas naar me", "ik werd geduwd", "mijn fiets is gestolen"],
)
def test_no_perpetrator_named_leaves_known_unsaid(text):
    assert extract_facts(text).perpetrator is None


def test_a_person_only_visited_is_not_the_perpetrator():
    facts = extract_facts("onze ruit is ingegooid terwijl we bij een cliënt waren")
    assert facts.perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        "de jongen is door de politie aangehouden nadat hij me had geschopt",
        "een man sloeg me, de agenten hebben hem gearresteerd",
        "de vrouw die me beet zit nu in de cel",
        "tijdens het verhoor dreigde de verdachte mij te pakken",
    ],
)
def test_an_arrested_perpetrator_is_known(text):
    assert extract_facts(text).perpetrator == "bekend"


def test_a_perpetrator_not_arrested_stays_unknown():
    assert extract_facts("een man sloeg me, hij is niet aangehouden").perpetrator == "onbekend"


@pytest.mark.parametrize(
    "text",
    [
        "een leerling uit 3a gooide een stoel om",
        "een jongen uit groep 7 schopte me",
        "een meisje uit 4havo noemde me een trut",
        "de bewoner van kamer 8 kneep in mijn arm",
    ],
)
def test_a_pupil_of_a_named_class_or_a_numbered_room_is_known(text):
    assert extract_facts(text).perpetrator == "bekend"


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("een klant die ik al maanden ken dreigde me", "bekend"),
        ("een klant die ik niet ken dreigde me", "onbekend"),
        ("een leerling trapte mijn tas kapot, ik weet wie het was", "bekend"),
    ],
)
def test_knowing_the_person_says_known(text, known):
    assert extract_facts(text).perpetrator == known


@pytest.mark.parametrize(
    "text",
    [
        "de dochter van een patiënt schreeuwde tegen me op de gang",
        "de vader van een leerling duwde me tegen de muur",
        "de broer van de cliënt dreigde me in de wachtkamer",
    ],
)
def test_family_of_the_client_patient_or_pupil_is_known(text):
    assert extract_facts(text).perpetrator == "bekend"


def test_family_in_a_care_setting_is_known():
    facts = extract_facts("in het verpleeghuis schold de schoonzoon me uit")
    assert facts.perpetrator == "bekend"


def test_someone_who_came_in_with_the_patient_is_family():
    text = "op de eerste hulp sloeg een man die met zijn dochter binnenkwam me in mijn gezicht"
    assert extract_facts(text).perpetrator == "bekend"
    assert (
        extract_facts("aan de balie sloeg een man die met zijn dochter binnenkwam me").perpetrator
        == "onbekend"
    )


@pytest.mark.parametrize(
    "text",
    [
        "een bewoner van de woongroep sloeg mijn collega",
        "op de afdeling beet een bewoonster me in mijn hand",
    ],
)
def test_a_resident_is_known(text):
    assert extract_facts(text).perpetrator == "bekend"


def test_a_resident_of_the_neighbourhood_is_not_identified():
    assert extract_facts("een bewoner uit de buurt schold me uit").perpetrator == "onbekend"


@pytest.mark.parametrize(
    "text",
    [
        "tijdens een huisbezoek gooide de huurder een asbak naar me",
        "bij een woninginspectie bedreigde de moeder mij met een mes",
        "op huisbezoek deed een man open en duwde me van de galerij",
    ],
)
def test_the_occupant_at_their_own_home_is_known(text):
    assert extract_facts(text).perpetrator == "bekend"


def test_a_tenant_on_the_phone_is_not_identified():
    assert extract_facts("een huurder belde me en schold me uit").perpetrator == "onbekend"


def test_a_title_with_an_initial_names_the_person():
    assert extract_facts("Cliënt (mevr. K.) kneep me in mijn arm").perpetrator == "bekend"


def test_a_colleague_as_perpetrator_is_known():
    assert extract_facts("mijn collega schold me uit waar iedereen bij was").perpetrator == "bekend"


# --- description ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "description"),
    [
        (
            "een man van rond de 40 met een rode jas begon te schreeuwen",
            "man van rond de 40 met een rode jas",
        ),
        (
            "een jongen van een jaar of 16 met een capuchon gooide een steen",
            "jongen van een jaar of 16 met een capuchon",
        ),
        ("Een lange kale man met een baard", "lange kale man met een baard"),
        (
            "hij was ongeveer 1.90 lang en droeg een zwart trainingspak en een pet",
            "ongeveer 1.90 lang, droeg een zwart trainingspak en een pet",
        ),
        (
            "een vrouw van ongeveer 30, lang blond haar, met een zwarte hoodie",
            "vrouw van ongeveer 30, lang blond haar, met een zwarte hoodie",
        ),
        ("ws een jaar of 20, capuchon op", "een jaar of 20, capuchon op"),
    ],
)
def test_description_keeps_the_workers_words(text, description):
    assert extract_facts(text).perpetrator_description == description


def test_bare_man_is_no_description():
    assert extract_facts("een man schold me uit").perpetrator_description is None


def test_tram_number_is_not_an_age():
    assert extract_facts("een man in tram 5 schold me uit").perpetrator_description is None


# --- injury -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "injury", "injury_text", "injured_person"),
    [
        (
            "hij schopte me, ik heb een blauwe plek op mijn been",
            True,
            "blauwe plek op mijn been",
            "zelf",
        ),
        ("k heb een bloedneus", True, "bloedneus", "zelf"),
        ("mijn arm is gebroken", True, "arm is gebroken", "zelf"),
        ("pijn aan mijn schouder", True, "pijn aan mijn schouder", "zelf"),
        ("de fles raakte mijn hoofd", True, "raakte mijn hoofd", "zelf"),
        ("ik ben geraakt door een stoel", True, None, "zelf"),
        ("mijn collega heeft een snee in haar hand", True, "snee in haar hand", "collega"),
        ("een omstander heeft een hersenschudding", True, "hersenschudding", "anders"),
        (
            "ik ben niet ernstig gewond, wel een schram op mijn wang",
            True,
            "schram op mijn wang",
            "zelf",
        ),
        ("niet gewond", False, None, None),
        ("geen letsel gelukkig", False, None, None),
        ("ik heb er niks aan overgehouden", False, None, None),
        ("geen verwondingen", False, None, None),
        ("hij gooide een asbak maar die raakte me net niet", False, None, None),
        ("niemand is geraakt", False, None, None),
        ("ik ben alleen erg geschrokken", False, None, None),
    ],
)
def test_injury_yes_no_and_who(text, injury, injury_text, injured_person):
    facts = extract_facts(text)
    assert facts.injury is injury
    assert facts.injury_text == injury_text
    assert facts.injured_person == injured_person


def test_negation_does_not_reach_into_the_next_clause():
    facts = extract_facts("ik was niet bang, maar ik heb wel een blauwe plek op mijn arm")
    assert facts.injury is True
    assert facts.injury_text == "blauwe plek op mijn arm"


def test_negation_a_few_words_back_still_counts():
    assert extract_facts("ik ben gelukkig helemaal niet gewond").injury is False


def test_negation_too_far_back_does_not_count():
    facts = extract_facts(
        "ik had niet verwacht dat hij zo hard zou slaan dat ik een bloedneus kreeg"
    )
    assert facts.injury is True


def test_hit_that_did_not_happen_is_no_injury_claim():
    facts = extract_facts("hij sloeg me NIET, hij schreeuwde alleen")
    assert facts.injury is None


def test_quoted_threat_is_not_an_injury():
    facts = extract_facts("hij riep 'ik sla je een bloedneus' en liep weg")
    assert facts.injury is None


def test_unquoted_reported_threat_is_not_a_weapon():
    facts = extract_facts("hij zei ik kom terug met een mes")
    assert facts.weapon is None
    assert facts.danger_now is False


def test_injury_after_colleague_was_hit_belongs_to_the_colleague():
    facts = extract_facts("mijn collega werd geslagen, ze heeft een dikke lip")
    assert facts.injured_person == "collega"
    assert facts.target == "collega"


def test_scratches_on_a_car_are_damage_not_injury():
    facts = extract_facts("hij maakte krassen op de dienstauto met zijn sleutels")
    assert facts.injury is None


# --- weapon -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        ("hij had een mes", "mes"),
        ("hij trok een zakmes", "mes"),
        ("ze pakte een schaar van tafel en zwaaide ermee", "schaar"),
        ("hij gooide een stoel naar me", "stoel"),
        ("een client sloeg me met een kruk", "kruk"),
        ("de huurder liet zijn hond los op mij", "hond"),
        ("hij bedreigde me met een pistool", "pistool"),
        ("jongeren gooiden een blikje naar me", "blikje"),
        ("hij had geen wapen bij zich", None),
        ("ik pakte mijn pepperspray", None),
        ("hij gooide zijn tas op de grond", None),
        ("hij had een hond bij zich", None),
    ],
)
def test_weapon_or_object_used(text, weapon):
    assert extract_facts(text).weapon == weapon


# --- witnesses and police --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "witnesses"),
    [
        ("mijn collega heeft het gezien", True),
        ("er stonden mensen bij", True),
        ("er waren getuigen", True),
        ("andere reizigers keken toe", True),
        ("de hele klas zag het", True),
        ("ik was niet alleen, mijn collega stond naast me", True),
        ("niemand zag het", False),
        ("ik was alleen op de afdeling", False),
        ("geen getuigen", False),
        ("mijn collega heeft het niet gezien", False),
        ("ik had hem nog nooit gezien", None),
    ],
)
def test_witnesses(text, witnesses):
    assert extract_facts(text).witnesses is witnesses


@pytest.mark.parametrize(
    "text",
    [
        "mijn collega en ik werden uitgescholden bij de ingang",
        "ik en mijn collega stonden bij de kassa toen hij begon te schreeuwen",
        "hij gooide een fles, ik dook weg en mijn collega ook.",
    ],
)
def test_a_colleague_there_too_is_a_witness(text):
    assert extract_facts(text).witnesses is True


@pytest.mark.parametrize(
    "text",
    [
        "een man kneep me in mijn arm, mijn collega heeft meteen de politie gebeld",
        "de klant greep me vast, een collega drukte op de alarmknop",
        "hij schopte me en mijn collega trok hem weg",
    ],
)
def test_a_colleague_who_acted_during_it_is_a_witness(text):
    assert extract_facts(text).witnesses is True


@pytest.mark.parametrize(
    "text",
    [
        "we werden bij de markt door drie jongens bedreigd",
        "wij hebben een vrouw aangesproken op haar hond en ze begon te schelden",
    ],
)
def test_working_with_others_means_witnesses(text):
    assert extract_facts(text).witnesses is True


def test_being_called_out_is_not_having_witnesses():
    assert (
        extract_facts("we werden gebeld voor een ruzie, daar schold hij me uit").witnesses is None
    )


def test_security_that_stepped_in_is_a_witness():
    facts = extract_facts("een man duwde me tegen de muur, de beveiliging heeft hem vastgepakt")
    assert facts.witnesses is True


def test_security_fetched_afterwards_is_not_a_witness():
    facts = extract_facts("een man dreigde me, daarna heb ik de beveiliging gebeld")
    assert facts.witnesses is None


@pytest.mark.parametrize(
    "text",
    [
        "de klanten in de rij lachten erom",
        "hij noemde me een hoer waar de hele wachtkamer bij zat",
        "in de volle bus greep hij mijn arm",
        "hij schold me uit voor de hele klas",
    ],
)
def test_onlookers_are_witnesses(text):
    assert extract_facts(text).witnesses is True


def test_the_perpetrator_hearing_something_is_no_witness():
    assert (
        extract_facts("toen hij hoorde dat hij moest wachten schold hij me uit").witnesses is None
    )


def test_alone_meaning_only_is_not_being_alone():
    assert extract_facts("ik was alleen geschrokken").witnesses is None


@pytest.mark.parametrize(
    ("text", "police"),
    [
        ("de politie kwam binnen vijf minuten", True),
        ("agenten waren erbij", True),
        ("de politie is gebeld en kwam", True),
        ("de politie heeft hem meegenomen", True),
        ("hij is aangehouden", True),
        ("de politie was er niet", False),
        ("geen politie bij", False),
        ("ik heb de politie gebeld maar die kwam niet", False),
        ("ik heb de politie gebeld", None),
        ("ik twijfel of ik de politie moet bellen", None),
    ],
)
def test_police_present_only_when_they_came(text, police):
    assert extract_facts(text).police_present is police


# --- damage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "damage"),
    [
        ("hij sloeg mijn bril kapot", "bril kapot"),
        ("hij heeft de ruit van de bus ingegooid", "ruit van de bus ingegooid"),
        ("een jongen bekraste de dienstauto", "bekraste de dienstauto"),
        ("ze hebben mijn telefoon gestolen", "telefoon gestolen"),
        ("Hij sloeg met zijn vuist tegen de cabine. De ruit is gebarsten", "ruit is gebarsten"),
        ("de printer is kapot", None),
        ("mijn bril is niet kapot", None),
    ],
)
def test_damage_by_the_perpetrator(text, damage):
    assert extract_facts(text).damage_text == damage


# --- target -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("mijn collega werd bespuugd", "collega"),
        ("hij sloeg mijn collega in het gezicht", "collega"),
        ("ik werd uitgescholden", "zelf"),
        ("hij heeft me geduwd", "zelf"),
        ("we werden bedreigd door omstanders", "zelf"),
        ("k kreeg een klap", "zelf"),
        ("hij sloeg me niet", None),
    ],
)
def test_target_is_who_was_attacked(text, target):
    assert extract_facts(text).target == target


# --- danger now -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "hij staat nog voor de deur",
        "hij komt terug met een mes",
        "hij is nog binnen",
        "help",
        "HELP!! snel",
        "ik zit opgesloten in de spreekkamer",
        "hij staat buiten te wachten",
        "mijn collega bloedt heel erg",
        "ze ligt bewusteloos op de gang",
        "hij ademt niet",
        "er is veel bloed",
        "ik word nu bedreigd",
        "hij heeft een mes en loopt rond op de afdeling",
        "de man zit nog steeds in de bus",
        "hij staat met een mes bij de ingang",
        "mijn collega ligt op de grond",
        "hij is weg maar komt zo terug met zijn vrienden",
        "Mn collega werd bedreigd, hij is nu nog op de afdeling!!",
    ],
)
def test_danger_now(text):
    facts = extract_facts(text)
    assert facts.danger_now is True
    assert facts.evidence["danger_now"]


@pytest.mark.parametrize(
    "text",
    [
        "hij had een mes",
        "hij stond voor de deur maar is weg",
        "hij dreigde de vorige keer, nu was hij rustig",
        "hij staat niet meer voor de deur",
        "ik zit nu in de bus naar huis",
        "ik word vaak uitgescholden aan de balie",
        "hij riep 'help mij dan'",
        "hij schold me uit, ik ben nu thuis en veilig",
        "is er nog iets dat ik moet invullen?",
        "hij heeft een bloedneus gehad",
        "mijn collega is nu bij me en we drinken koffie",
        "mijn collega staat nog bij de balie",
        "hij zit nu in de cel",
        "hij komt morgen terug voor zijn afspraak",
        "hij heeft een mes gehad",
        "mijn telefoon ligt op de grond",
    ],
)
def test_past_or_harmless_text_is_no_danger(text):
    assert extract_facts(text).danger_now is False


# --- whole stories per sector ----------------------------------------------------------------


def test_counter_story():
    facts = extract_facts(
        "Vanmiddag aan de balie van de stadswinkel werd een man van rond de 40 met een rode jas "
        "boos omdat zijn paspoort niet klaar was. Hij schold me uit en gooide een pen naar me. "
        "Ik had hem nog nooit gezien. Mijn collega heeft het gezien. Niet gewond."
    )
    assert facts.found() == {
        "location_type": "balie_publieksruimte",
        "location_text": "aan de balie",
        "perpetrator": "onbekend",
        "perpetrator_relation": "klant_burger",
        "perpetrator_description": "man van rond de 40 met een rode jas",
        "injury": False,
        "witnesses": True,
        "target": "zelf",
    }


def test_enforcement_story():
    facts = extract_facts(
        "ik was aan het handhaven in het park. groep hangjongeren riep kankerboa en gooide een "
        "blikje naar me, raakte mijn hoofd. politie kwam erbij"
    )
    assert facts.location_type == "openbare_ruimte"
    assert facts.perpetrator_relation == "klant_burger"
    assert facts.weapon == "blikje"
    assert facts.injury is True
    assert facts.police_present is True


def test_conductor_story():
    facts = extract_facts(
        "Als conducteur in de intercity vroeg ik om zijn kaartje, hij spuugde me in het gezicht. "
        "De politie stond op het perron te wachten en heeft hem aangehouden."
    )
    assert facts.location_type == "ov_voertuig"
    assert facts.location_text == "in de intercity"
    assert facts.target == "zelf"
    assert facts.police_present is True
    assert facts.danger_now is False


def test_bus_driver_story():
    facts = extract_facts(
        "chauffeur lijn 12, passagier wilde niet betalen en sloeg met zijn vuist tegen de deur "
        "van de cabine. Ruit van de cabine gebarsten. ik was alleen in de bus"
    )
    assert facts.perpetrator_relation == "reiziger"
    assert facts.damage_text == "Ruit van de cabine gebarsten"
    assert facts.witnesses is False


def test_ambulance_story():
    facts = extract_facts(
        "in de ambulance trapte de patiënt mijn collega in haar buik, ze heeft veel pijn. "
        "Zijn familie stond buiten te schreeuwen."
    )
    assert facts.location_type == "dienstvoertuig"
    assert facts.perpetrator_relation == "patient_client"
    assert facts.target == "collega"
    assert facts.injury is True
    assert facts.injured_person == "collega"


def test_fire_brigade_story():
    facts = extract_facts(
        "Bij een brand op straat werden we door omstanders belemmerd en een man gooide een fles "
        "naar de brandweerwagen, die heeft nu een deuk"
    )
    assert facts.location_type == "openbare_ruimte"
    assert facts.perpetrator_relation == "klant_burger"
    assert facts.weapon == "fles"
    assert facts.damage_text == "brandweerwagen, die heeft nu een deuk"


def test_police_story():
    facts = extract_facts(
        "Tijdens een aanhouding beet de verdachte mij in mijn hand, ik heb een bijtwond"
    )
    assert facts.perpetrator_relation == "klant_burger"
    assert facts.injury_text == "bijtwond"
    assert facts.target == "zelf"


def test_teacher_story():
    facts = extract_facts(
        "de moeder van Sem stond na schooltijd op het schoolplein te schreeuwen en dreigde me "
        "te slaan. de hele klas zag het"
    )
    assert facts.location_type == "school"
    assert facts.perpetrator_relation == "ouder"
    assert facts.perpetrator == "bekend"
    assert facts.witnesses is True


def test_mental_health_story():
    facts = extract_facts(
        "Op de gesloten afdeling sloeg een cliënt me met een kruk. Ik heb een hersenschudding. "
        "Hij is al jaren client bij ons."
    )
    assert facts.location_type == "zorginstelling_afdeling"
    assert facts.perpetrator_relation == "patient_client"
    assert facts.perpetrator == "bekend"
    assert facts.weapon == "kruk"
    assert facts.injury_text == "hersenschudding"


def test_youth_care_story():
    facts = extract_facts(
        "Jongere op de leefgroep schopte de deur in en bedreigde mijn collega met een schaar"
    )
    assert facts.perpetrator_relation == "patient_client"
    assert facts.weapon == "schaar"
    assert facts.target == "collega"


def test_housing_story():
    facts = extract_facts(
        "Tijdens een huisbezoek werd de huurder boos bij de voordeur en hij liet zijn hond op me "
        "los. Ik ben gebeten in mijn been, bijtwond"
    )
    assert facts.location_type == "woning_client"
    assert facts.perpetrator_relation == "huurder"
    assert facts.weapon == "hond"
    assert facts.injury is True


def test_benefits_agency_phone_story():
    facts = extract_facts(
        "Ik werk bij het UWV, een meneer aan de telefoon zei ik weet waar je woont en ik kom je halen"
    )
    assert facts.location_type == "online_telefoon"
    assert facts.perpetrator_relation == "klant_burger"
    assert facts.danger_now is False


# --- normalisation, evidence and the Facts API -----------------------------------------------


def test_accents_and_case_do_not_matter():
    with_accents = extract_facts("Een PATIËNT op de SEH sloeg mijn collega")
    without = extract_facts("een patient op de seh sloeg mijn collega")
    assert with_accents.perpetrator_relation == without.perpetrator_relation == "patient_client"
    assert with_accents.location_type == without.location_type == "zorginstelling_afdeling"


def test_evidence_holds_the_original_words():
    facts = extract_facts("Aan de Balie kreeg ik een klap, BLAUWE PLEK op mijn arm")
    assert facts.evidence["location_type"] == "Aan de Balie"
    assert facts.evidence["injury_text"] == "BLAUWE PLEK op mijn arm"


def test_negated_evidence_includes_the_negation():
    facts = extract_facts("geen letsel, geen getuigen, politie was er niet")
    assert facts.evidence == {
        "injury": "geen letsel",
        "witnesses": "geen getuigen",
        "police_present": "politie was er niet",
    }


def test_found_lists_only_stated_fields():
    facts = Facts(location_type="school", injury=False)
    assert facts.found() == {"location_type": "school", "injury": False}
    assert Facts(danger_now=True).found() == {"danger_now": True}


@pytest.mark.parametrize("text", ["", "   ", "ok", "ja"])
def test_empty_or_trivial_text_states_nothing(text):
    assert extract_facts(text) == Facts()


def test_short_answer_is_read_like_a_story():
    assert extract_facts("in de bus").location_type == "ov_voertuig"
    assert extract_facts("nee, niemand").witnesses is None
    assert extract_facts("nee, niet gewond").injury is False


def test_danger_now_when_he_is_back_at_the_door():
    assert extract_facts("hij staat weer voor de deur met een mes").danger_now
    assert not extract_facts("hij stond vorige week weer voor de deur").danger_now


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hij kwam alweer verhaal halen aan de balie", True),
        ("het is al de derde keer deze maand dat ze me uitscheldt", True),
        ("dezelfde man als vorige week schold me uit", True),
        ("het was niet de eerste keer", True),
        ("het was voor het eerst dat hij zo deed", False),
        ("een klant sloeg me", None),
    ],
)
def test_repetition_by_the_same_perpetrator(text, expected):
    assert extract_facts(text).repeated is expected


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("kreeg vanochtend een telefoontje van een boze huurder", "online_telefoon"),
        ("hij stuurde me vannacht tientallen berichtjes", "online_telefoon"),
        ("in de nachtbus naar Tilburg werd ik geduwd", "ov_voertuig"),
        ("op de weekmarkt schold een kraamhouder me uit", "openbare_ruimte"),
        ("iemand heeft mijn tas uit de personeelskamer gepakt", "spreek_kantoorruimte"),
        ("bij de huisuitzetting werd de deurwaarder bedreigd", "woning_client"),
    ],
)
def test_more_places_workers_name(text, location):
    assert extract_facts(text).location_type == location


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("een man heeft mijn collega bij de kassa hard tegen de muur gedrukt", "collega"),
        ("vanmiddag werd op het plein mijn collega door drie jongens uitgejouwd", "collega"),
        ("een klant schreeuwde tegen de balie, mijn collega en ik schrokken ons rot", None),
    ],
)
def test_the_colleague_is_the_target_when_the_worker_is_not(text, target):
    assert extract_facts(text).target == target


def test_a_colleague_who_saw_it_is_not_the_target():
    assert extract_facts("mijn collega zag hoe hij me in mijn gezicht sloeg").target != "collega"


def test_family_of_a_client_is_someone_else():
    assert (
        extract_facts("de dochter van de cliënte duwde me de gang op").perpetrator_relation
        == "anders"
    )


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        (
            "bij de ingang van het stadskantoor",
            "balie_publieksruimte",
            "bij de ingang van het stadskantoor",
        ),
        ("bij de ingang van de school", "school", "bij de ingang van de school"),
        ("een ouder schold me uit bij het schoolhek", "school", "bij het schoolhek"),
    ],
)
def test_a_place_named_by_its_entrance_or_gate_is_understood(text, kind, words):
    facts = extract_facts(text)
    assert (facts.location_type, facts.location_text) == (kind, words)

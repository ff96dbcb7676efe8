"""Behaviour of the lexicon classifier on realistic Dutch incident texts from every VPT sector."""

from __future__ import annotations

import pytest

from bot.understanding.classifier import (
    Classification,
    Evidence,
    LexiconClassifier,
    default_classifier,
)
from bot.understanding.classifier.cue import Cue
from bot.understanding.classifier.normalize import normalize
from bot.vocab import AGGRESSION_TYPES

V, B, F, S, D, M = (
    AGGRESSION_TYPES  # verbaal, bedreiging, fysiek, seksueel, discriminatie, materieel
)

# (sector, worker's text, {expected label: a word that must be in that label's evidence}).
# The keys are the exact expected labels.
INCIDENTS: list[tuple[str, str, dict[str, str]]] = [
    # municipal counter
    (
        "balie",
        "Een man aan de balie begon te schreeuwen en te vloeken omdat zijn paspoort niet klaar was.",
        {V: "vloeken"},
    ),
    (
        "balie",
        "Klant noemde me een kankerhoer toen ik zei dat hij een afspraak moest maken.",
        {V: "kankerhoer"},
    ),
    (
        "balie",
        "Hij sloeg met zijn vuist op de balie en riep dat hij me buiten zou opwachten.",
        {B: "opwachten"},
    ),
    (
        "balie",
        "Mevrouw was woedend en trapte de glazen deur van de hal in.",
        {M: "trapte de glazen deur"},
    ),
    (
        "balie",
        "Een bezoeker zei: ga terug naar je eigen land, vieze marokkaan.",
        {D: "vieze marokkaan", V: "eigen land"},
    ),
    (
        "balie",
        "Hij greep me bij mijn arm over de balie heen en schudde me door elkaar.",
        {F: "greep me bij"},
    ),
    ("balie", "Een man maakte de hele tijd opmerkingen over mijn borsten.", {S: "borsten"}),
    (
        "balie",
        "Een man schreeuwde dat hij me kapot zou maken, greep me vast en duwde me tegen de muur.",
        {V: "schreeuwde", B: "kapot zou maken", F: "duwde"},
    ),
    (
        "balie",
        "Een klant ging tekeer, noemde me een domme koe en sloeg het glas van de balie kapot.",
        {V: "tekeer", M: "kapot"},
    ),
    # enforcement (boa)
    (
        "handhaving",
        "Bij het uitschrijven van een boete werd ik uitgescholden voor kkr boa en mongool.",
        {V: "mongool"},
    ),
    (
        "handhaving",
        "De jongen spuugde mijn collega in het gezicht toen we hem aanspraken op het fietsen.",
        {F: "spuugde"},
    ),
    (
        "handhaving",
        "Hij zei dat hij wist waar ik woonde en dat hij me zou pakken.",
        {B: "wist waar ik woonde"},
    ),
    (
        "handhaving",
        "Tijdens de controle liet de eigenaar zijn hond op ons af.",
        {B: "hond op ons af"},
    ),
    (
        "handhaving",
        "Een groep hangjongeren omsingelde ons en een van hen trok een mes.",
        {B: "mes"},
    ),
    ("handhaving", "Hij schopte me tegen mijn been en duwde me tegen de grond.", {F: "schopte"}),
    (
        "handhaving",
        "De man trapte tegen de dienstauto en sloeg de spiegel eraf.",
        {B: "trapte tegen de dienstauto", M: "eraf"},
    ),
    (
        "handhaving",
        "Hij riep vuile kankerturk tegen mijn collega en gaf hem een kopstoot.",
        {D: "kankerturk", V: "kankerturk", F: "kopstoot"},
    ),
    (
        "handhaving",
        "Hij liep mij achterna tot aan het bureau en zei: ik krijg je nog wel.",
        {B: "ik krijg je"},
    ),
    # public transport
    (
        "ov",
        "Reiziger zonder kaartje spuugde me in mijn gezicht en noemde me een vuile neger.",
        {F: "spuugde", D: "neger", V: "neger"},
    ),
    (
        "ov",
        "Een passagier gooide een blikje bier naar mijn hoofd.",
        {F: "gooide een blikje bier naar mijn hoofd"},
    ),
    (
        "ov",
        "Een man weigerde uit te stappen, ging in de deur staan en versperde de weg.",
        {B: "versperde de weg"},
    ),
    (
        "ov",
        "Ze begonnen de conducteur uit te lachen en te treiteren, de hele rit lang.",
        {V: "treiteren"},
    ),
    ("ov", "Een jongen bekraste de ruiten van de tram met een sleutel.", {M: "bekraste"}),
    (
        "ov",
        "Een reiziger betastte de billen van mijn collega toen ze de kaartjes controleerde.",
        {S: "betastte", F: "betastte"},
    ),
    (
        "ov",
        "In de nachtbus werd ik met de dood bedreigd en gooide een man een steen naar me die de ruit liet sneuvelen.",
        {B: "bedreigd", F: "steen naar me", M: "sneuvelen"},
    ),
    ("ov", "De machinist werd bij de keel gegrepen door een dronken man.", {F: "bij de keel"}),
    ("ov", "Hij maakte een keelgebaar naar me toen ik hem uit de trein zette.", {B: "keelgebaar"}),
    (
        "ov",
        "kwam n gast binnen die me uitschold voor kkrwijf en hoer, daarna stond ie me op te wachten bij de halte",
        {V: "kkrwijf", B: "op te wachten"},
    ),
    (
        "ov",
        "Een dronken man sloeg de buschauffeur en vernielde de kaartautomaat.",
        {F: "sloeg", M: "vernielde"},
    ),
    (
        "ov",
        "Een vrouw werd boos op de tramconducteur, krabde hem en trok zijn pet van zijn hoofd.",
        {F: "krabde"},
    ),
    # ambulance
    ("ambulance", "Tijdens de rit sloeg de patiënt mijn collega in het gezicht.", {F: "sloeg"}),
    (
        "ambulance",
        "Omstanders blokkeerden de ambulance en dreigden ons in elkaar te slaan als we niet opschoten.",
        {B: "dreigden"},
    ),
    ("ambulance", "De patiënt was verward en beet me in mijn onderarm.", {F: "beet"}),
    (
        "ambulance",
        "Een familielid zei: als ze doodgaat weet ik je te vinden.",
        {B: "weet ik je te vinden"},
    ),
    ("ambulance", "Bij aankomst werden we bekogeld met stenen en vuurwerk.", {F: "bekogeld"}),
    (
        "ambulance",
        "Een omstander bespuugde mijn collega en riep dat hij ons ging afmaken.",
        {F: "bespuugde", B: "afmaken"},
    ),
    ("ambulance", "pat sloeg mn collega op zn bek en schopte mij tegen mn knie", {F: "schopte"}),
    # fire brigade
    (
        "brandweer",
        "Tijdens het blussen werden we uitgescholden en gooide een jongen een stoeptegel door de ruit van de brandweerwagen.",
        {V: "uitgescholden", M: "door de ruit"},
    ),
    (
        "brandweer",
        "Een bewoner hinderde ons werk, stond in de weg en duwde een collega opzij.",
        {B: "stond in de weg", F: "duwde"},
    ),
    (
        "brandweer",
        "Jongeren riepen dat we eraan gingen als we de brand zouden blussen.",
        {B: "eraan gingen"},
    ),
    (
        "brandweer",
        "Eerst werd er een container in brand gestoken en daarna werden we bekogeld met flessen.",
        {M: "in brand gestoken", F: "bekogeld"},
    ),
    ("brandweer", "Tijdens de inzet werd een collega van achteren geduwd.", {F: "geduwd"}),
    # police
    (
        "politie",
        "Bij de aanhouding schopte de verdachte mij in mijn buik en spuugde naar mijn collega.",
        {F: "schopte"},
    ),
    (
        "politie",
        "Verdachte riep steeds kankerjoden en heil hitler naar mijn collega met een keppel.",
        {D: "kankerjoden", V: "kankerjoden"},
    ),
    ("politie", "Hij zei dat hij mijn kinderen wel zou weten te vinden.", {B: "weten te vinden"}),
    (
        "politie",
        "Een man stuurde me via Instagram dreigberichten en een dick pic.",
        {B: "dreigberichten", S: "dick pic"},
    ),
    ("politie", "Tijdens de surveillance reed een automobilist bewust op ons in.", {B: "reed"}),
    (
        "politie",
        "De verdachte verzette zich, trok aan mijn uniform en scheurde mijn jas.",
        {F: "trok aan mijn uniform", M: "scheurde mijn jas"},
    ),
    (
        "politie",
        "Een vrouw beet mijn collega en schreeuwde dat alle agenten kankerhoeren zijn.",
        {F: "beet", V: "kankerhoeren"},
    ),
    (
        "politie",
        "Een man zei dat hij mijn vrouw en kinderen iets aan zou doen.",
        {B: "iets aan zou doen"},
    ),
    # teachers
    (
        "onderwijs",
        "Een leerling gooide een stoel naar me toen ik hem de klas uit stuurde.",
        {F: "gooide een stoel naar me"},
    ),
    (
        "onderwijs",
        "Een vader stond me na schooltijd op te wachten bij mijn auto en zei dat ik moest oppassen.",
        {B: "op te wachten"},
    ),
    (
        "onderwijs",
        "Leerlingen noemden mij een vieze homo en maakten apengeluiden.",
        {D: "apengeluiden", V: "homo"},
    ),
    (
        "onderwijs",
        "Een moeder schreeuwde in de klas dat ze wist waar ik woon.",
        {V: "schreeuwde", B: "wist waar ik woon"},
    ),
    (
        "onderwijs",
        "Een leerling maakte steeds seksuele opmerkingen en vroeg of ik met hem naar bed wilde.",
        {S: "naar bed"},
    ),
    ("onderwijs", "Een leerling heeft de banden van mijn fiets lek gestoken.", {M: "lek gestoken"}),
    (
        "onderwijs",
        "Een ouder stuurde een mail waarin hij me een incompetente trut noemde en dreigde met een advocaat.",
        {V: "trut"},
    ),
    (
        "onderwijs",
        "Een leerling schold een docente uit voor hoer en zei dat vrouwen niks te zeggen hebben.",
        {V: "hoer", D: "vrouwen niks te zeggen"},
    ),
    (
        "onderwijs",
        "Een leerling filmde me stiekem en zette het filmpje met scheldwoorden online.",
        {V: "scheldwoorden"},
    ),
    # care and mental health
    (
        "zorg",
        "Een cliënt op de gesloten afdeling kneep in mijn billen toen ik hem hielp met douchen.",
        {S: "kneep", F: "kneep"},
    ),
    (
        "zorg",
        "Meneer werd onrustig, sloeg om zich heen en raakte mij met zijn elleboog.",
        {F: "raakte mij met"},
    ),
    ("zorg", "Een patiënt dreigde dat hij me zou steken met een schaar.", {B: "dreigde"}),
    (
        "zorg",
        "Een bewoner van het verpleeghuis maakte me uit voor zwarte aap en wilde niet door mij geholpen worden.",
        {D: "zwarte aap", V: "zwarte aap"},
    ),
    ("zorg", "Een cliënt liet in de huiskamer zijn piemel zien aan mijn collega.", {S: "piemel"}),
    ("zorg", "Patiënt trok me aan mijn haren en krabde me in mijn gezicht.", {F: "krabde"}),
    (
        "zorg",
        "Een familielid van een patiënt bleef me maar bellen en stalkte me via Facebook.",
        {B: "stalkte"},
    ),
    (
        "zorg",
        "De cliënt schreeuwde dat ik een kuthoer was en gooide zijn bord tegen de muur.",
        {V: "kuthoer", B: "gooide zijn bord tegen de muur"},
    ),
    (
        "zorg",
        "Een patiënt greep mijn borsten vast en zei dat ik een lekker ding was.",
        {S: "lekker ding", F: "greep"},
    ),
    (
        "zorg",
        "Een bewoonster riep de hele dag vieze zwarte naar mij en spuugde naar me.",
        {D: "vieze zwarte", V: "vieze zwarte", F: "spuugde"},
    ),
    (
        "zorg",
        "Een cliënt stuurde me naaktfoto's en stond 's avonds bij mijn huis te wachten.",
        {S: "naaktfoto", B: "bij mijn huis"},
    ),
    # youth care
    ("jeugdzorg", "Een jongere sloopte zijn kamer en gooide de tv kapot.", {M: "sloopte"}),
    (
        "jeugdzorg",
        "Een jongen van de groep duwde me tegen de muur en zei ik maak je af.",
        {F: "duwde", B: "maak je af"},
    ),
    (
        "jeugdzorg",
        "Een vader zei: als jullie mijn kind meenemen, weet ik je te vinden.",
        {B: "te vinden"},
    ),
    (
        "jeugdzorg",
        "Een meisje op de groep noemde me een dikke slet en smeet mijn telefoon kapot.",
        {V: "slet", M: "smeet mijn telefoon kapot"},
    ),
    (
        "jeugdzorg",
        "Een jongere bedreigde me met een schaar en stak daarna de banden van mijn auto lek.",
        {B: "bedreigde", M: "lek"},
    ),
    (
        "jeugdzorg",
        "De jongen vloekte, noemde me een kutwijf en gaf me een klap in mijn gezicht.",
        {V: "kutwijf", F: "klap"},
    ),
    # housing corporations
    (
        "wonen",
        "Een huurder stond met een mes in de deuropening toen ik kwam voor de inspectie.",
        {B: "mes"},
    ),
    ("wonen", "De huurder dreigde zijn pitbull op me af te sturen.", {B: "dreigde"}),
    (
        "wonen",
        "Bij de woningontruiming werd ik door de huurder in mijn gezicht geslagen.",
        {F: "geslagen"},
    ),
    (
        "wonen",
        "Iemand heeft de ruiten van ons wijkkantoor ingegooid en graffiti op de deur gespoten.",
        {M: "ingegooid"},
    ),
    ("wonen", "De buurman van een huurder volgde me naar mijn auto.", {B: "volgde me"}),
    (
        "wonen",
        "Een huurder maakte opmerkingen over mijn kont en probeerde me te kussen.",
        {S: "te kussen", F: "te kussen"},
    ),
    (
        "wonen",
        "De huurder schold me uit voor kutwijf en trapte de voordeur van het kantoor kapot.",
        {V: "kutwijf", M: "kapot"},
    ),
    # benefits agency / social services
    (
        "uitkering",
        "Een klant was het niet eens met de korting op zijn uitkering en schold me uit via de telefoon.",
        {V: "schold"},
    ),
    (
        "uitkering",
        "Een klant zei: als mijn uitkering niet doorgaat, weet ik waar je woont.",
        {B: "waar je woont"},
    ),
    (
        "uitkering",
        "Een man in de wachtruimte riep dat hij het kantoor in brand zou steken.",
        {B: "in brand zou steken"},
    ),
    (
        "uitkering",
        "Een klant vond dat ik als vrouw niks te zeggen had en wilde een man spreken.",
        {D: "man spreken"},
    ),
    (
        "uitkering",
        "Klant pakte de computer van mijn bureau en smeet hem op de grond, het scherm brak.",
        {M: "brak"},
    ),
    (
        "uitkering",
        "Bij het huisbezoek trok de cliënt een mes en zei dat ik moest oprotten.",
        {B: "mes", V: "oprotten"},
    ),
    (
        "uitkering",
        "De klant maakte me uit voor terrorist vanwege mijn hoofddoek en gooide koffie over me heen.",
        {V: "maakte me uit", D: "hoofddoek", F: "gooide koffie over me"},
    ),
    (
        "uitkering",
        "Een man zei aan de telefoon dat hij een bom zou leggen bij ons kantoor.",
        {B: "bom"},
    ),
    # more, written after the first round to check the lexicon generalises
    (
        "balie",
        "Ze trok mijn hoofddoek van mijn hoofd en riep dat ik terug moest naar mijn land.",
        {V: "naar mijn land", F: "trok mijn hoofddoek", D: "hoofddoek"},
    ),
    (
        "uitkering",
        "Vanochtend kwam meneer aan de balie. Hij was boos omdat zijn uitkering was stopgezet. Hij begon te "
        "schreeuwen en noemde mij een kankerwijf. Toen ik zei dat hij moest vertrekken sloeg hij met zijn vuist op "
        "de balie en zei: ik weet waar je woont. Ik ben erg geschrokken.",
        {V: "kankerwijf", B: "vuist op de balie"},
    ),
    ("handhaving", "Ze riepen 'we weten je te vinden, boa'.", {B: "weten je te vinden"}),
    ("zorg", "Ik werd door een bewoner aan mijn haren door de gang gesleurd.", {F: "gesleurd"}),
    ("wonen", "Er werd een steen door het raam van het wijkkantoor gegooid.", {M: "door het raam"}),
    ("zorg", "Hij raakte steeds mijn been aan en zei dat ik sexy was.", {S: "sexy", F: "raakte"}),
    ("onderwijs", "Ik kon niet weg omdat hij de deur blokkeerde.", {B: "blokkeerde"}),
    ("ov", "Hij pakte mijn portofoon af en gooide hem in de gracht.", {M: "gracht"}),
    ("ov", "HIJ SPUUGDE ME IN MN GEZICHT!!! 😡😡", {F: "SPUUGDE"}),
]

# Texts that describe no incident: no labels at all.
NON_INCIDENTS: list[str] = [
    "We hadden vandaag een training agressie hanteren.",
    "Morgen volg ik een cursus omgaan met agressie.",
    "De printer is kapot.",
    "Mijn collega schreeuwde bingo bij de kerstborrel.",
    "Een klant was boos maar bleef beleefd.",
    "Ik heb een slag in mijn wiel.",
    "De kinderen speelden tikkertje op het plein.",
    "We bespraken het dreigingsniveau in het teamoverleg.",
    "Ik schrok me kapot toen de deur openging.",
    "Het regende de hele dienst.",
    "Ik ben uitgeschakeld voor de nachtdienst.",
    "Ik ben helemaal kapot na deze dienst.",
    "Ik moest alarm slaan omdat er rook uit de meterkast kwam.",
    "De klok sloeg twaalf toen we de deur dichtdeden.",
    "Een cliënt vertelde over huiselijk geweld thuis.",
    "Mijn collega heeft kanker en is met verlof.",
    "In de training oefenden we wat je doet als iemand je bespuugt.",
    "De situatie dreigde uit de hand te lopen, maar de klant kalmeerde snel.",
    "De patiënt moest spugen in de ambulance.",
    "Ik heb de rolstoel van meneer naar de huiskamer geduwd.",
    "We hebben een verslag geschreven van het gesprek.",
    "Hij sloeg de hoek om en liep naar de bushalte.",
    "Een collega pakte een mes uit de la om de taart aan te snijden.",
    "De leerling gooide de bal naar me tijdens de gymles.",
    "Het nieuws liet zien hoe een conducteur werd bespuugd in Utrecht.",
    "Ik was erg aangeslagen door het bericht over de reorganisatie.",
    "Mijn account is geblokkeerd, kun je helpen?",
    "De cliënt pakte mijn hand vast omdat hij bang was in het donker.",
    "Na de vergadering over het agressieprotocol ging ik naar huis.",
    "Ik heb meneer geholpen met het wassen van zijn billen.",
    "De brandweer bluste een brand in een leegstaand pand.",
    "Mijn collega is homo en heeft een nieuwe vriend.",
    "We kregen een melding van een inbraak in een woning.",
    "De jongen schopte een balletje tegen de muur.",
    "Ik heb vandaag veel geschreeuw gehoord op de speelplaats.",
    "De brandweer heeft de deur ingetrapt om de bewoner te redden.",
    "Een leerling viel van de trap en brak zijn arm.",
    "Ik heb mijn telefoon laten vallen en het scherm is gebroken.",
    "De patiënt had pijn op de borst en was kortademig.",
    "Hij zei dat hij zich bedreigd voelde door de buren.",
    "De cliënt vertelde dat zijn broer hem vroeger sloeg.",
]

# Negation and distance in time: (text, exact expected labels).
NEGATION_AND_DISTANCE: list[tuple[str, set[str]]] = [
    ("Hij sloeg me niet.", set()),
    ("Hij heeft niet geslagen, wel geschreeuwd.", {V}),
    ("Er was geen geweld, alleen een discussie over de rekening.", set()),
    ("Hij dreigde de vorige keer, nu was hij rustig.", set()),
    ("Eerder had hij me al bedreigd, vandaag deed hij niks.", set()),
    ("Vorig jaar heeft hij mijn collega geslagen; nu was hij heel vriendelijk.", set()),
    ("Vorige week schold hij me al uit, vandaag spuugde hij me in mijn gezicht.", {F}),
    ("Vorige week heeft een klant me bedreigd bij de balie.", {B}),
    ("Mijn collega werd bespuugd.", {F}),
    ("Niemand heeft me geslagen, maar hij schreeuwde wel heel hard.", {V}),
    ("Ik werd niet geslagen maar wel geschopt.", {F}),
    ("Hij zei dat hij me niet zou slaan.", set()),
    ("Hij was niet normaal aan het schelden.", {V}),
    ("Hij bleef maar schelden en hield niet op.", {V}),
    ("Omdat ik hem niet binnenliet schopte hij me.", {F}),
    ("Hij dreigde niet, hij schold alleen.", {V}),
    ("Er zijn geen spullen vernield of gestolen.", set()),
    ("Hij heeft me nooit bedreigd.", set()),
    ("Ze werd boos over het rapport, maar er is niet gescholden.", set()),
    ("Reiziger zonder kaartje spuugde naar me.", {F}),
    ("Hij sloeg me zo hard dat ik dacht dat mijn kaak gebroken was.", {F}),
    ("Ik dacht dat hij me ging slaan.", {B}),
]


@pytest.fixture(scope="module")
def classifier() -> LexiconClassifier:
    return LexiconClassifier()


def _evidence_names(result: Classification, label: str, word: str) -> bool:
    return any(word.lower() in text.lower() for text in result.evidence_for(label))


@pytest.mark.parametrize(
    ("sector", "text", "expected"), INCIDENTS, ids=[f"{c[0]}-{i}" for i, c in enumerate(INCIDENTS)]
)
def test_incident_gets_its_labels_with_the_driving_words(classifier, sector, text, expected):
    result = classifier.classify(text)
    assert set(result.labels) == set(expected), (text, result.to_json())
    for label, word in expected.items():
        assert _evidence_names(result, label, word), (label, word, result.to_json())


@pytest.mark.parametrize("text", NON_INCIDENTS)
def test_non_incident_gets_no_labels(classifier, text):
    result = classifier.classify(text)
    assert result.labels == [], result.to_json()
    assert result.evidence == []


@pytest.mark.parametrize(("text", "expected"), NEGATION_AND_DISTANCE)
def test_negation_and_distance_decide_the_labels(classifier, text, expected):
    assert set(classifier.classify(text).labels) == expected, classifier.classify(text).to_json()


def test_cases_cover_every_sector_with_a_third_multi_label():
    sectors = {sector for sector, _, _ in INCIDENTS}
    assert sectors == {
        "balie",
        "handhaving",
        "ov",
        "ambulance",
        "brandweer",
        "politie",
        "onderwijs",
        "zorg",
        "jeugdzorg",
        "wonen",
        "uitkering",
    }
    assert len(INCIDENTS) >= 80
    assert sum(len(expected) > 1 for _, _, expected in INCIDENTS) * 3 >= len(INCIDENTS)
    assert len(NON_INCIDENTS) >= 25
    assert {label for _, _, expected in INCIDENTS for label in expected} == set(AGGRESSION_TYPES)


# The domain rules written down in the lexicon module's docstring.


def test_a_curse_at_someone_is_verbal_and_not_a_threat(classifier):
    assert classifier.classify("Hij riep kankerlijer naar me.").labels == [V]


def test_a_threat_to_family_is_a_threat(classifier):
    assert classifier.classify("Hij zei dat hij mijn kinderen iets aan zou doen.").labels == [B]


def test_knowing_where_someone_lives_is_a_threat(classifier):
    result = classifier.classify("Ik weet waar je woont, zei hij.")
    assert result.labels == [B]
    assert result.evidence_for(B) == ["weet waar je woont"]


def test_spitting_and_throwing_at_someone_are_physical(classifier):
    assert classifier.classify("Hij spuugde op mijn jas.").labels == [F]
    assert classifier.classify("Ze smeet een asbak naar mijn collega.").labels == [F]


def test_sexual_touching_is_sexual_and_physical(classifier):
    assert classifier.classify("Hij heeft me ongewenst aangeraakt.").labels == [F, S]


def test_sexual_remark_alone_is_not_physical(classifier):
    assert classifier.classify("Hij vroeg hoe duur ben jij eigenlijk.").labels == [S]


def test_a_slur_is_discrimination_and_verbal(classifier):
    assert classifier.classify("Hij noemde me een kutturk.").labels == [V, D]


def test_unequal_treatment_without_slur_is_discrimination_only(classifier):
    assert classifier.classify(
        "Ze wilde niet door een zwarte verpleegkundige geholpen worden."
    ).labels == [D]


def test_a_thrown_object_that_breaks_something_is_physical_and_damage(classifier):
    result = classifier.classify("Hij gooide een stoel naar me en de ruit achter me brak.")
    assert result.labels == [F, M]


def test_an_object_thrown_at_a_thing_only_is_damage_not_physical(classifier):
    assert classifier.classify("Hij gooide een steen door de ruit van de bus.").labels == [M]


def test_kicking_a_thing_is_not_physical_aggression(classifier):
    assert F not in classifier.classify("Hij schopte tegen de deur van de balie.").labels


def test_an_act_in_a_threat_frame_is_a_threat(classifier):
    result = classifier.classify("Ik ga je slaan, riep hij.")
    assert result.labels == [B]
    assert "ga je slaan" in result.evidence_for(B)[0]


def test_a_threat_then_the_act_gives_both(classifier):
    assert classifier.classify("Hij dreigde me te slaan en sloeg me toen echt.").labels == [B, F]


def test_a_colleague_as_target_still_labels(classifier):
    assert classifier.classify("Mijn collega werd geschopt door een reiziger.").labels == [F]
    assert classifier.classify(
        "Mijn collega vertelde dat ze was geslagen door een klant."
    ).labels == [F]


def test_sense_of_kapot_and_slaan_is_respected(classifier):
    assert classifier.classify("Ik ben kapot, het was een lange dienst.").labels == []
    assert classifier.classify("Ik moest alarm slaan.").labels == []
    assert classifier.classify("Hij maakte mijn bril kapot.").labels == [M]


def test_training_sentence_is_ignored_but_the_incident_after_it_is_not(classifier):
    result = classifier.classify(
        "We hadden een training agressie. Daarna werd ik bespuugd door een klant."
    )
    assert result.labels == [F]


# Normalisation: inflections, typos and chat spelling.


def test_repeated_letters_accents_and_chat_spelling_are_normalised(classifier):
    assert classifier.classify("Hij riep KANKERRRR WIJF").evidence_for(V) == ["KANKERRRR WIJF"]
    assert classifier.classify("ik werd bespúúgd").labels == [F]
    assert classifier.classify("k weet waar je woont").labels == [B]
    assert classifier.classify("hij sloeg m'n collega").labels == [F]
    assert classifier.classify("uitgescholde door n klant").labels == [V]


def test_normalize_keeps_the_way_back_to_the_original():
    norm = normalize("Hij riep: KKR wíjf!!")
    assert norm.text == "hij riep: kanker wijf!!"
    start = norm.text.index("kanker")
    assert norm.source(start, start + len("kanker wijf")) == "KKR wíjf"


# Scores, evidence and the JSON shape.


def test_scores_cover_all_six_labels_between_zero_and_one(classifier):
    result = classifier.classify("Hij schold me uit en sloeg me.")
    assert set(result.scores) == set(AGGRESSION_TYPES)
    assert all(0.0 <= score <= 1.0 for score in result.scores.values())
    assert result.scores[V] >= 0.5 and result.scores[F] >= 0.5
    assert result.scores[S] == 0.0


def test_more_cues_give_a_higher_score(classifier):
    one = classifier.classify("Hij schold me uit.").scores[V]
    two = classifier.classify("Hij schold me uit en vloekte en schreeuwde.").scores[V]
    assert two > one


def test_a_weak_cue_alone_does_not_label(classifier):
    result = classifier.classify("Hij zei schatje tegen me.")
    assert result.labels == []
    assert 0.0 < result.scores[S] < 0.5


def test_evidence_is_only_given_for_proposed_labels(classifier):
    result = classifier.classify("Hij zei schatje en schold me uit.")
    assert result.labels == [V]
    assert {item.label for item in result.evidence} == {V}


def test_to_json_has_labels_rounded_scores_and_evidence(classifier):
    data = classifier.classify("Hij spuugde me in mijn gezicht.").to_json()
    assert data["labels"] == [F]
    assert list(data["scores"]) == list(AGGRESSION_TYPES)
    assert data["scores"][F] == round(data["scores"][F], 3)
    assert data["evidence"] == [{"label": F, "text": "spuugde"}]


def test_labels_come_in_vocabulary_order(classifier):
    result = classifier.classify("Hij sloeg me, maakte mijn telefoon kapot en schold me uit.")
    assert result.labels == [V, F, M]


def test_empty_text_gives_an_empty_classification(classifier):
    result = classifier.classify("")
    assert result.labels == [] and result.evidence == []
    assert all(score == 0.0 for score in result.scores.values())


def test_from_scores_applies_the_threshold_and_filters_evidence():
    result = Classification.from_scores(
        {V: 0.7, F: 0.2}, [Evidence(V, "schold"), Evidence(F, "duwtje")]
    )
    assert result.labels == [V]
    assert result.evidence == [Evidence(V, "schold")]
    assert result.scores[B] == 0.0


def test_default_classifier_is_built_once():
    assert default_classifier() is default_classifier()
    assert default_classifier().classify("Hij sloeg me.").labels == [F]


def test_a_custom_lexicon_is_used(classifier):
    custom = LexiconClassifier({V: (Cue(r"\bbrommen\b", 1.0),)})
    assert custom.classify("Hij bleef brommen.").labels == [V]
    assert custom.classify("Hij sloeg me.").labels == []


def test_an_unknown_label_in_a_lexicon_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        LexiconClassifier({"schelden": (Cue(r"\bx\b", 1.0),)})


def test_a_group_word_is_a_slur_only_when_aimed_at_someone(classifier):
    assert classifier.classify("Mijn collega is homo.").labels == []
    assert classifier.classify("Hij noemde me een homo.").labels == [V, D]


@pytest.mark.parametrize(
    "text",
    [
        "ik heb per ongeluk de spiegel van de dienstauto tegen een paal gereden, spiegel kapot",
        "meneer viel op de grond toen hij onwel werd en sloeg met zijn hoofd tegen de balie",
        "na een aanrijding met een paaltje zit er een deuk in de tram",
        "de nieuwe collega dreigde grappend mijn lunch op te eten, we lagen krom",
        "hij zei voor de grap dat hij me zou ontslaan als ik weer te laat was",
        "bij geschiedenis lazen we hoe mensen in de oorlog werden uitgescholden en geslagen",
        "we keken een fragment waarin een boa wordt bedreigd, daarna bespraken we het",
        "aangifte opgenomen van een man wiens fiets is vernield, verder rustige dienst",
    ],
)
def test_accidents_jokes_and_lessons_label_nothing(classifier, text):
    assert classifier.classify(text).labels == []


def test_an_incident_beside_a_joke_in_another_sentence_still_labels(classifier):
    text = "we lagen krom om een grap. daarna schold een klant me uit voor kankerlijer"
    assert "verbale_agressie" in classifier.classify(text).labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("een leerling heeft haar op de trap in haar borst geknepen", [F, S]),
        ("hij gaf me een stomp tegen mijn borst", [F]),
        ("hij stuurde me 's avonds een naaktfoto via whatsapp", [S]),
        ("ze hebben mijn pasfoto op een sekssite gezet", [S]),
        ("riep 'vieze tering-Turk' tegen de chauffeur", [V, D]),
        ("hij zei pak je koffers en ga terug naar je eigen land", [V, D]),
        ("die jongen pikte mijn portemonnee van de balie", [M]),
        ("dat pik ik niet langer, zei ik tegen mijn leidinggevende", []),
        ("ze hebben de container achter het kantoor in de fik gestoken", [M]),
        ("de kaartautomaat is uit de vloer gerukt", [M]),
        ("ze hebben de gevel van het wijkkantoor beklad", [M]),
        ("hij trapte tegen mijn dienstfiets en nu is het wiel krom", [B, M]),
    ],
)
def test_groping_explicit_pictures_exclusion_theft_arson_and_bent_things(classifier, text, labels):
    assert classifier.classify(text).labels == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("als ik je buiten tegenkom ben je er geweest", [B]),
        ("hij riep: dan zul je het merken, ambtenaar", [B]),
        ("op het briefje stond 'jij leeft niet lang meer'", [B]),
        ("hij reed achter me aan tot bij mijn huis", [B]),
        ("hij zei dat hij weet waar mijn kinderen op school zitten", [B]),
        ("doe je vrouw de groeten, zei hij toen hij wegliep", [B]),
        ("jij bent de volgende, riep hij", [B]),
        ("ik ben de volgende in de rij bij de koffieautomaat", []),
        ("hij stak zijn middelvinger naar me op", [V]),
        ("hij zei dat jullie allemaal de pot op kunnen", [V]),
        ("ik kreeg een stomp in mijn maag van een reiziger", [F]),
    ],
)
def test_veiled_threats_following_gestures_and_blows_to_the_body(classifier, text, labels):
    assert classifier.classify(text).labels == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("de man greep mijn collega bij haar pols en trok haar naar zich toe", [F]),
        ("ze hebben me bij mijn jas vastgepakt bij de ingang", [F]),
        ("een bewoner drukte me tegen de muur van de gang", [F]),
        ("ik pakte de man bij de arm om hem te helpen opstaan", []),
        ("hij stak met een mes naar me", [B, F]),
        ("een automobilist reed over mijn voet bij de controle", [F]),
        ("we werden bij de brand met stenen bekogeld", [F]),
        ("hij riep dat alle boa's opgehangen moeten worden", [B]),
        ("als je die boete niet intrekt kom ik je halen", [B]),
        ("ze reed met haar scooter expres op me af", [B]),
        ("hij mailde dat hij het stadskantoor opblaast", [B]),
        ("'deze trut doet niks', schreef ze onder mijn foto", [V]),
        ("hij noemde me geen trut, hij was alleen boos", []),
        ("hij riep vuile slaaf naar de schoonmaker", [V, D]),
        ("wat doet een vrouw bij de handhaving, ga lekker koken", [D]),
        ("ik moet vanavond nog koken voor de kinderen", []),
        ("na een steen tegen de cabine is de ruit gebarsten", [M]),
        ("de ruit van het kantoor is gesprongen door de vorst", []),
    ],
)
def test_grabbing_pinning_stabbing_conditional_threats_and_names_in_quotes(
    classifier, text, labels
):
    assert classifier.classify(text).labels == labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("hij zei: ik maak je leven zuur, ambtenaar", [B]),
        ("ik sta vanavond buiten op je te wachten", [B]),
        ("ik ga je pakken, riep ze", [B]),
        ("ik ga je pakket even ophalen bij de buren", []),
        ("hij zei dat hij mijn nek breekt, ik breek je nek", [B]),
        ("ik weet waar je auto staat", [B]),
        ("hij maakte een snijgebaar langs zijn keel", [B]),
        ("je bent gewaarschuwd, zei hij bij het weggaan", [B]),
        ("kun je hier wat aan doen, de verwarming is stuk", []),
        ("ik wacht op je antwoord over de uitkering", []),
    ],
)
def test_common_threat_idioms(classifier, text, labels):
    assert classifier.classify(text).labels == labels


@pytest.mark.parametrize(
    "text",
    [
        # Dutch subordinate word order and a third party who will do it
        "Toen ik nee zei riep ze dat haar man me wel zou vinden.",
        # what someone would have done
        "Ze zei dat ik blij mocht zijn dat haar man er niet was, die had je al lang geslagen.",
        # gestures in one word or spelled out
        "Hij maakte een keelsnijgebaar naar me door het raam.",
        "Hij trok met zijn vinger een streep langs zijn keel.",
        # waiting for and walking along with the worker
        "Na mijn dienst stond diezelfde man bij de gemeentewerf op me te wachten.",
        # surrounding the crew, holding them
        "Zes mannen kwamen om de ambulance heen staan en lieten ons niet wegrijden.",
        # arson threats
        "Als mijn aanvraag wordt afgewezen steek ik dit hele gebouw in de fik.",
        # banging the desk, with more words between act and thing
        "Klant sloeg met zijn vlakke hand zo hard op het bureau dat mijn koffie omviel.",
    ],
)
def test_more_ways_to_threaten_are_threats(classifier, text):
    assert B in classifier.classify(text).labels


@pytest.mark.parametrize(
    "text",
    [
        "Mijn collega zat in de wachtkamer op me te wachten voor de lunch.",
        "Ik zei dat de klantenservice hem wel zou helpen.",
        "De brandweer heeft de schuur die in de fik stond geblust.",
    ],
)
def test_waiting_helping_and_a_fire_are_no_threats(classifier, text):
    assert B not in classifier.classify(text).labels


@pytest.mark.parametrize(
    "text",
    [
        "Tijdens de staandehouding werd ik klotewout genoemd.",
        "Een man riep hoofddoekhoer naar mijn collega.",
        "Hij zat de hele tijd te sneren en me te kleineren.",
    ],
)
def test_compound_insults_and_sneering_are_verbal(classifier, text):
    assert V in classifier.classify(text).labels


def test_the_worker_screaming_in_pain_is_not_verbal_aggression(classifier):
    text = "Hij greep me bij mijn pols en draaide die om tot ik het uitschreeuwde."
    assert classifier.classify(text).labels == [F]


def test_a_pocket_is_no_insult(classifier):
    assert classifier.classify("Ik had een broekzak vol kleingeld.").labels == []

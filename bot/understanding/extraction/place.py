"""Where the incident happened: one of bot.vocab.LOCATION_TYPES and the worker's words for it.

A place mentioned with a preposition ("in de bus", "aan de balie") counts more than one without
("hij kwam de trein uit"); among equally strong mentions the more specific type wins, so "in de
trein op het perron" is the train. Phone/online and off-duty phrases win over any physical place:
they say how or when the worker was reached, which matters more than where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.understanding.extraction.lexicon import DETERMINERS
from bot.understanding.text import Doc, alternation

# fmt: off
# Nouns (regex fragments on folded text) that name a place of each type.
LOCATION_NOUNS: dict[str, tuple[str, ...]] = {
    "openbare_ruimte": (
        "straat", "winkelstraat", "plein", "park", "markt", "parkeerplaats", "parkeergarage",
        "winkelcentrum", "stoep", "trottoir", "openbare weg", "kruispunt", "rotonde", "fietspad",
        "speeltuin", "strand", "festival", "evenement", "wijk", "binnenstad", "centrum", "terras",
        "uitgaansgebied", "brug", "dijk", "snelweg", "hoek van de straat", "stad",
        "kerstmarkt", "weekmarkt", "jaarmarkt", "braderie", "kermis", "voetgangersgebied",
        "voetgangerszone", "winkelgebied", "uitgaansstraat", "grasveld", "bos",
    ),
    "balie_publieksruimte": (
        "balie", "publieksbalie", "informatiebalie", "loket", "publieksruimte", "wachtruimte",
        "wachtkamer", "stadswinkel", "receptie", "hal", "ontvangsthal", "centrale hal", "stadhuis",
        "gemeentehuis", "servicepunt", "frontoffice", "burgerzaken", "publiekszaken",
        "afdeling burgerzaken", "afdeling publiekszaken",
    ),
    "spreek_kantoorruimte": (
        "spreekkamer", "kantoor", "gesprekskamer", "gespreksruimte", "vergaderruimte",
        "vergaderzaal", "vergaderkamer", "behandelkamer", "werkkamer", "kantoortuin",
        "uwv-kantoor", "uwv kantoor", "wijkkantoor", "buurtkantoor", "gemeentekantoor",
        "personeelsruimte", "personeelskamer", "teamkamer", "kantine",
    ),
    "ov_voertuig": (
        "bus", "stadsbus", "streekbus", "nachtbus", "buurtbus", "stopbus", "belbus", "lijnbus",
        "tram", "metro", "trein", "nachttrein", "stoptrein",
        "sprinter", "intercity", "coupe", "stiltecoupe", "veerpont", "pont", "veerboot", "waterbus",
        r"lijn\s*\d+", "cabine", "wagon", "treinstel",
    ),
    "dienstvoertuig": (
        "ambulance", "ambu", "ziekenwagen", "brandweerwagen", "brandweerauto", "tankautospuit",
        "ladderwagen", "dienstauto", "dienstwagen", "dienstbus", "dienstvoertuig", "politieauto",
        "politiewagen", "politiebus", "surveillanceauto", "surveillancewagen", "handhavingsauto",
        "handhavingswagen", "handhavingsbus", "boa-auto", "vuilniswagen", "vuilnisauto",
        "huisvuilwagen", "bedrijfsauto", "bedrijfsbus",
    ),
    "station_halte": (
        "station", "treinstation", "busstation", "metrostation", "perron", "perrons", "halte",
        "bushalte", "tramhalte", "metrohalte", "bushokje", "abri", r"ov-?\s?poortjes?",
        "poortjes?", "incheckpaal", "stationshal", "stationsplein", r"spoor\s*\d+",
    ),
    "woning_client": (
        "woning", "huisbezoek", "voordeur", "portiek", "trappenhuis", "galerij", "flat",
        "appartement", "huurwoning", "zijn huis", "haar huis", "hun huis", "z'n huis", "d'r huis",
        "huisuitzetting", "woningontruiming", "ontruiming", "woninginspectie", "huiskamer",
        r"huis\s+van\s+(?:de|die|een|het)\s+\w+",
    ),
    "school": (
        "school", "klas", "klaslokaal", "lokaal", "schoolplein", r"gang\s+van\s+(?:de\s+)?school",
        "aula", "schoolpoort", "gymzaal", "gymlokaal", "docentenkamer", "lerarenkamer",
        "mediatheek", "schoolgebouw", "les", "gymles",
    ),
    "zorginstelling_afdeling": (
        "afdeling", "seh", "spoedeisende hulp", "eerste hulp", "spoedpost", "huisartsenpost",
        "kliniek", "polikliniek", "verpleeghuis", "verzorgingshuis", "zorginstelling",
        "instelling", r"ggz-?\s?instelling", "gesloten afdeling", "isoleer", "isoleercel",
        "isoleerkamer", "separeer", "separeerruimte", "ziekenhuis", "psychiatrie", "leefgroep",
        "behandelgroep", "woongroep", "jeugdinrichting", "jji", "crisisopvang", "dagbesteding",
        "verpleegafdeling", "groep",
    ),
}

# Whole phrases, prepositions included. Strength 3 wins over every physical place.
LOCATION_PHRASES: dict[str, tuple[tuple[str, int], ...]] = {
    "online_telefoon": (
        (r"(?:aan|via|over|per|door)\s+de\s+(?:telefoon|tel|lijn)", 3),
        (r"telefonisch|opgebeld|(?:per|via)\s+telefoon", 3),
        (r"\b(?:hij|zij|ze|die|iemand)\s+belde\s+(?:me|mij|ons|naar|op)", 3),
        (r"telefoontje|\bbelde\s+(?:een|de|die)\b|aan\s+de\s+lijn|(?:ik\s+)?(?:werd|ben)\s+gebeld", 3),
        (r"(?:stuurde|kreeg|kregen|ontving)\s+(?:me\s+|mij\s+|ons\s+)?(?:\w+\s+){0,2}?(?:berichten|berichtjes|mail|mailtje|mails)", 3),
        (r"werd\s+(?:\w+\s+)?(?:gebeld|opgebeld)", 3),
        (r"(?:per|via|in\s+een|in\s+de|met\s+een)\s+(?:de\s+)?(?:e-?)?mail(?:tje)?|dreigmail|gemaild|mailde", 3),
        (r"(?:via|op|in)\s+(?:de\s+)?(?:whatsapp|app|chat|facebook|instagram|tiktok|snapchat|twitter)", 3),
        (r"whatsapp\w*|app(?:je|jes)|facebook|instagram|tiktok|snapchat|sms(?:je|jes)?", 3),
        (r"(?:social|sociale)\s+media", 3),
        (r"chatbericht\w*|dreigbericht\w*|dm'?s?\b", 2),
        (r"stuurde\s+(?:me|mij|ons)\s+(?:\w+\s+)?(?:bericht\w*|mail\w*)", 3),
        (r"klantcontactcentrum|callcenter|telefoondienst", 3),
    ),
    "prive_omgeving": (
        (r"(?:na|buiten)\s+(?:mijn\s+|m'n\s+|de\s+|het\s+)?(?:werktijd|werktijden|diensttijd|dienst|werk)", 3),
        (r"in\s+mijn\s+vrije\s+tijd|op\s+mijn\s+vrije\s+dag|prive|privesfeer", 3),
        (r"bij\s+(?:mij|ons)\s+thuis|thuis\s+bij\s+(?:mij|ons)", 3),
        (r"(?:bij|voor|aan|in)\s+(?:mijn|m'n|mn|ons)\s+(?:eigen\s+)?(?:huis|woning|deur|voordeur|straat)", 3),
        (r"op\s+weg\s+naar\s+(?:huis|mijn\s+werk|het\s+werk)", 3),
        (r"\bthuis\b", 1),
    ),
    "woning_client": (
        (r"(?:op|tijdens\s+(?:een|het|mijn))\s+huisbezoek", 2),
        (
            r"bij\s+(?:de|een|die|hem|haar|hen|ze)\s+(?:\w+\s+){0,2}?thuis"
            r"|bij\s+(?:client|clienten|patient|huurder|bewoner|mensen)\s+thuis",
            2,
        ),
    ),
    "school": ((r"(?:in|tijdens|na)\s+de\s+(?:les|pauze\s+op\s+school)", 2),),
    "zorginstelling_afdeling": ((r"op\s+de\s+(?:leef|behandel|woon)?groep", 2),),
}

# More specific types win among equally strong mentions.
TYPE_RANK: dict[str, int] = {
    "online_telefoon": 20,
    "prive_omgeving": 19,
    "ov_voertuig": 9,
    "dienstvoertuig": 9,
    "spreek_kantoorruimte": 8,
    "balie_publieksruimte": 7,
    "woning_client": 7,
    "school": 5,
    "zorginstelling_afdeling": 5,
    "station_halte": 4,
    "openbare_ruimte": 1,
}

# "in de bus" places the incident in the bus; "bij de bus" only near it.
STRONG_PREPOSITIONS = (
    "in", "op", "aan", "binnen", "achterin", "voorin", "tijdens", "aan boord van",
)
WEAK_PREPOSITIONS = (
    "bij", "voor", "naast", "achter", "tegenover", "buiten", "rond", "langs", "vlakbij", "nabij",
    "door",
)
# Words that cannot sit between preposition and noun as adjectives.
_NOT_ADJECTIVE = (
    r"(?:in|op|aan|bij|voor|naast|achter|uit|naar|van|met|door|en|maar|toen|hij|zij|ze|ik|"
    r"de|het|een|was|is|stond|zat|kwam)"
)
# Nouns that are not the incident's place in these contexts ("een groep jongeren").
_NOT_A_PLACE = re.compile(
    r"groep\s+(?:jongeren|mensen|jongens|meiden|kinderen|leerlingen|vrienden|toeristen)"
)


# "de ruit van de bus", "een collega van een andere afdeling": whose, not where.
_OWNED_BY = re.compile(rf"\bvan\s+(?:{DETERMINERS}\s+)?(?:\w+\s+)?$")
# "hij dreigde dat hij me na werktijd zou opwachten": what was threatened, not where it happened.
_THREAT_CONTENT = re.compile(
    r"\b(?:dreigde|dreigt|zei|zegt|riep|schreeuwde|beloofde|appte|schreef)\b(?:\s+\w+){0,4}?\s+dat\b"
)
# fmt: on


@dataclass(frozen=True)
class Place:
    """A mention of a place: its type, how firmly it places the incident, where it is."""

    location_type: str
    strength: int
    start: int
    end: int


@lru_cache(maxsize=1)
def _noun_patterns() -> dict[str, re.Pattern[str]]:
    preps = alternation(
        re.escape(p).replace(r"\ ", r"\s+") for p in STRONG_PREPOSITIONS + WEAK_PREPOSITIONS
    )
    prefix = (
        rf"(?:\b(?P<prep>{preps})\s+(?:{DETERMINERS}\s+)?(?:(?!{_NOT_ADJECTIVE}\b)\w+\s+){{0,2}}?)?"
    )
    return {
        kind: re.compile(
            prefix + rf"\b(?P<noun>{alternation(nouns)})\b(?:\s+(?:nr\.?\s*|nummer\s+)?\d+\b)?"
        )
        for kind, nouns in LOCATION_NOUNS.items()
    }


@lru_cache(maxsize=1)
def _phrase_patterns() -> list[tuple[str, re.Pattern[str], int]]:
    return [
        (kind, re.compile(rf"\b(?:{regex})"), strength)
        for kind, phrases in LOCATION_PHRASES.items()
        for regex, strength in phrases
    ]


def _strength(prep: str | None) -> int:
    if prep is None:
        return 0
    prep = " ".join(prep.split())
    return 2 if prep in STRONG_PREPOSITIONS else 1


def places(doc: Doc) -> list[Place]:
    """Every place mention in the text, in order of appearance."""
    found: list[Place] = []
    for kind, pattern in _noun_patterns().items():
        for m in doc.finditer(pattern):
            if _NOT_A_PLACE.match(doc.plain, m.start("noun")):
                continue
            if m.group("prep") is None and _OWNED_BY.search(
                doc.plain, max(0, m.start() - 30), m.start()
            ):
                continue
            if doc.is_negated(m.start(), m.end(), before=2):
                continue
            found.append(Place(kind, _strength(m.group("prep")), m.start(), m.end()))
    for kind, pattern, strength in _phrase_patterns():
        for m in doc.finditer(pattern):
            s_start = doc.sentence(m.start())[0]
            if _THREAT_CONTENT.search(doc.plain, s_start, m.start()):
                continue
            found.append(Place(kind, strength, m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


def extract_location(doc: Doc) -> tuple[str | None, str | None]:
    """The location type and the worker's words for the place, or (None, None)."""
    candidates = places(doc)
    if not candidates:
        return None, None
    best = max(candidates, key=lambda p: (p.strength, TYPE_RANK[p.location_type], -p.start))
    return best.location_type, doc.span(best.start, best.end)

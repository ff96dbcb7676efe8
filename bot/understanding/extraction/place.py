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
        "taxistandplaats", "standplaats",
        # Outdoor places where enforcement and emergency workers meet the public.
        "haven", "jachthaven", "camping", "plantsoen", "parkeerterrein", "sportpark",
        "sportveld", "voetbalveld", "trapveld", "begraafplaats", "boulevard", "busbaan",
        "marktplein", "dorpsplein", "speelveld", "uitgaansplein",
    ),
    "balie_publieksruimte": (
        "balie", "publieksbalie", "informatiebalie", "loket", "publieksruimte", "wachtruimte",
        "wachtkamer", "stadswinkel", "receptie", "hal", "ontvangsthal", "centrale hal", "stadhuis",
        "gemeentehuis", "servicepunt", "frontoffice", "burgerzaken", "publiekszaken",
        "afdeling burgerzaken", "afdeling publiekszaken", "stadskantoor", "stadsloket",
        "gemeenteloket", "klantcontactpunt",
        # Public buildings the worker serves visitors in.
        "bibliotheek", "bieb", "uitleenbalie", "zwembad", "sporthal", "sportcentrum", "kassa",
        "buurthuis", "wijkcentrum", "museum",
        # Compounds: "belastingbalie", "kaartjesloket" ("wiz-balie" ends in a word).
        r"[a-z]{3,}balie", r"[a-z]{2,}loket", "milieustraat", "afvalbrengstation",
        "milieupark",
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
        # Compounds: "avondtrein", "nachttram", "stadstram".
        r"[a-z]{3,}trein", r"[a-z]{3,}tram", "treinen", "trams", "bussen", "touringcar",
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
        "woningschouw", "schouw", "huisbezoeken", "woonkamer", "keukentafel", "badkamer",
        "slaapkamer",
        r"huis\s+van\s+(?:de|die|een|het)\s+\w+",
    ),
    "school": (
        "school", "klas", "klaslokaal", "lokaal", "schoolplein", r"gang\s+van\s+(?:de\s+)?school",
        "aula", "schoolpoort", "gymzaal", "gymlokaal", "docentenkamer", "lerarenkamer",
        "mediatheek", "schoolgebouw", "les", "gymles", "basisschool", "kleuterschool",
        "schoolhek", "ouderavond", "bso", "buitenschoolse opvang", "kinderopvang",
        "kinderdagverblijf", "peuterspeelzaal", "schoolingang",
        "fietsenstalling van (?:de )?school", r"hek\s+van\s+(?:de\s+)?school",
    ),
    "zorginstelling_afdeling": (
        "afdeling", "seh", "spoedeisende hulp", "eerste hulp", "spoedpost", "huisartsenpost",
        "kliniek", "polikliniek", "verpleeghuis", "verzorgingshuis", "zorginstelling",
        "instelling", r"ggz-?\s?instelling", "gesloten afdeling", "isoleer", "isoleercel",
        "isoleerkamer", "separeer", "separeerruimte", "ziekenhuis", "psychiatrie", "leefgroep",
        "behandelgroep", "woongroep", "jeugdinrichting", "jji", "crisisopvang", "dagbesteding",
        "verpleegafdeling", "groep", "beschermd wonen", "beschermde woonvorm",
        "revalidatiecentrum", "ic", "intensive care", "hospice", "teampost", "verpleegpost",
        # Compounds: "verslavingskliniek", "dialyseafdeling" ("kinder-seh" ends in a word).
        r"[a-z]{3,}kliniek", r"[a-z]{3,}afdeling", "dialyse",
        "huisartsenpraktijk", "praktijk", "apotheek", "verpleegunit", "poli",
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
        (r"(?:kreeg|kregen|ontving|ontvingen)\s+(?:ik\s+|we\s+)?(?:een|het)\s+bericht(?:je)?\b", 3),
        # "heeft me gisteren gebeld", "een huurder belde naar de klantenservice", "de beller".
        (r"(?:heeft|had|hebben)\s+(?:me|mij|ons|mijn\s+collega)\s+(?:[\w.:]+\s+){0,5}?"
         r"(?:gebeld|opgebeld|gemaild|geappt|ge-?sms't)\b", 3),
        (r"(?:klant|huurder|man|vrouw|moeder|vader|ouder|burger|bewoner|client|cliente|patient|"
         r"meneer|mevrouw|inwoner)\s+belde\b", 3),
        (r"bellers?\b|klantenservice", 3),
        (r"(?:e-?)?mails\b|werkmail|(?:dreigende|bedreigende|anonieme|boze|nare|haatdragende)\s+"
         r"(?:(?:e-?)?mails?|berichten|berichtjes|appjes|sms'?(?:je|jes)?|reacties|comments)", 3),
        (r"(?:via|op|in)\s+(?:de|het|onze|hun)\s+(?:\w+\s+)?(?:website|site|webformulier|"
         r"contactformulier|klachtenformulier|forum)|(?:klachten|contact|web)formulier", 3),
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
    # A housing worker with a tenant is at the tenant's home.
    "woning_client": (
        (r"(?:op|tijdens\s+(?:een|het|mijn))\s+huisbezoek", 2),
        (
            r"bij\s+(?:de|een|die|hem|haar|hen|ze|hun)\s+(?:\w+\s+){0,2}?thuis"
            r"|bij\s+(?:client|clienten|patient|huurder|bewoner|mensen)\s+thuis",
            2,
        ),
        (r"bij\s+(?:een|de|die)\s+(?:huurder|huurster)\b(?!\s+(?:van|uit)\b)", 1),
    ),
    "school": ((r"(?:in|tijdens|na)\s+de\s+(?:les|pauze\s+op\s+school)", 2),),
    # "in de Indische buurt", "in de Bloemenbuurt"; not "in de buurt (van)", which means near.
    "openbare_ruimte": (
        # A named street, park or district: "in de Kalverstraat", "in het Griftpark", "op de A2".
        (
            r"(?:in|op|door)\s+(?:de|het)\s+[a-z]{3,}(?:straat|laan|weg|plein|park|wijk|singel|"
            r"gracht|kade|dijk|steeg)\b(?!\s+van\b)|(?:op|over)\s+de\s+[an]\d{1,3}\b",
            2,
        ),
        (
            r"(?:in|door)\s+(?:de|een|onze)\s+(?:(?!directe|nabije|hele|eigen)\w+\s+buurt|\w+buurt)"
            r"\b(?!\s+van\b)",
            2,
        ),
    ),
    "zorginstelling_afdeling": (
        (r"op\s+de\s+(?:leef|behandel|woon)?groep", 2),
        # "op de hap": the huisartsenpost.
        (r"(?:op|in|bij|aan\s+de\s+balie\s+van)\s+de\s+hap\b", 2),
    ),
    # "in de wagen" of an ambulance or fire crew is their vehicle.
    "dienstvoertuig": ((r"(?:in|achterin|voorin|achter\s+in|voor\s+in)\s+de\s+wagen\b", 2),),
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
    r"groep\s+(?:jongeren|mensen|jongens|meiden|kinderen|leerlingen|vrienden|toeristen|\d)"
)


# "de ruit van de bus", "een collega van een andere afdeling": whose, not where.
_OWNED_BY = re.compile(rf"\bvan\s+(?:{DETERMINERS}\s+)?(?:\w+\s+)?$")
# "de deur van de spreekkamer": only a hint of where, used when nothing else says it.
_PART_OF = re.compile(
    rf"\b(?:deur|deuren|raam|ramen|ruit|ruiten|muur|ingang|uitgang|gang|vloer)\s+van\s+"
    rf"(?:{DETERMINERS}\s+)?$"
)
_PART_LEAD = re.compile(rf"\b(?:{alternation(STRONG_PREPOSITIONS + WEAK_PREPOSITIONS)})\s+(?:{DETERMINERS}\s+)?$")
# The worker's job, when no place is named: a bus driver is in the bus, home care is at home.
ROLE_PLACES: dict[str, str] = {
    "ov_voertuig": (
        r"(?:bus|tram|metro)(?:chauffeur|chauffeuse|bestuurder|bestuurster)s?|machinist|"
        r"(?:tram|metro)conducteur"
    ),
    "woning_client": r"wijkverpleegkundige|wijkverpleging|wijkzuster|thuiszorg\w*|thuisbegeleider",
    # Staff who work in the school building itself (a "docent" may also meet pupils elsewhere).
    "school": (
        r"juf|juffrouw|onderwijsassistent\w*|klassenassistent\w*|concierge|gymleraar|gymdocent|"
        r"(?:leraar|docent|lerares)\s+lo|pedagogisch\s+medewerker"
    ),
}
# A driver's cabin belongs to the service vehicle when one is named.
_CABIN = re.compile(r"\bcabine\b")
# "hij dreigde dat hij me na werktijd zou opwachten": what was threatened, not where it happened.
_THREAT_CONTENT = re.compile(
    r"\b(?:dreigde|dreigt|zei|zegt|riep|schreeuwde|beloofde|appte|schreef)\b(?:\s+\w+){0,4}?\s+dat\b"
    # "hij dreigde me op te wachten na mijn dienst"
    r"|\b(?:dreigde|dreigden|dreigt)\b(?:\s+\w+){0,4}?\s+te\s+\w+"
)
# What the perpetrator says he knows: "ik weet dat je kinderen op de basisschool zitten".
_KNOWLEDGE_CONTENT = re.compile(
    r"\b(?:weet|wist|weten|wisten|ken|kent|kende)\b(?:\s+\w+){0,5}?\s+(?:waar|dat|welke|hoe\s+laat)\b"
)
# Buildings whose outside is the street: "buiten het UWV-kantoor", "buiten de school".
_BUILDINGS = ("balie_publieksruimte", "spreek_kantoorruimte", "school", "zorginstelling_afdeling")
# Where the worker is now, while typing: "ik zit nu trillend in de personeelskamer".
_WHERE_NOW = re.compile(
    r"\b(?:ik|k|we|wij)\s+(?:zit|zitten|sta|staan|ben|zijn|lig|wacht|wachten)\s+(?:\w+\s+){0,2}?"
    r"nu\b|\bnu\s+(?:\w+\s+){0,2}?(?:zit|zitten|sta|ben|lig)\s+(?:ik|k|we|wij)\b"
)
# A care setting or the people cared for: their "huiskamer" or "kamer" is on the ward.
_CARE_WORDS = re.compile(
    r"\b(?:\w*afdeling|\w*kliniek|verpleeghuis|verzorgingshuis|zorginstelling|instelling|"
    r"leefgroep|woongroep|behandelgroep|bewoners?|bewoonster|patient\w*|dementie|verzorgende|"
    r"verpleegkundige|ggz|beschermd\s+wonen)\b"
)
# ... unless the worker is at someone's own home.
_AT_HOME = re.compile(r"\b(?:huisbezoek\w*|thuis\w*|woning\w*|wijkverpleg\w*|huurder\w*)\b")
# Rooms of a home that, in a care setting, are rooms of the ward.
_HOME_ROOM = re.compile(r"\b(?:huiskamer|woonkamer|badkamer|slaapkamer)\b")
# Fetching or bringing a child at school or childcare: "bij het ophalen".
_SCHOOL_RUN = re.compile(r"\b(?:bij|tijdens|na)\s+het\s+(?:ophalen|brengen|wegbrengen|uitgaan\s+van\s+de\s+school)\b")
_SCHOOL_WORDS = re.compile(
    r"\b(?:leerlinge?n?|kleuters?|juf|meester|klas|groep\s+\d|school|opvang|bso|kinderopvang|"
    r"schoolplein|mentor)\b"
)
_ROOM = re.compile(
    r"\b(?:op|in|naar|uit)\s+(?:zijn|haar|z'n|d'r|de|het)\s+(?:eigen\s+)?(?:kamer|slaapkamer)\b"
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
            strength = _strength(m.group("prep"))
            start = m.start()
            if m.group("prep") is None and _OWNED_BY.search(
                doc.plain, max(0, m.start() - 30), m.start()
            ):
                part = _PART_OF.search(doc.plain, max(0, m.start() - 30), m.start())
                if not part:
                    continue
                strength = -1
                # "bij de ingang van de school": the worker's words keep the part and preposition.
                lead = _PART_LEAD.search(doc.plain, max(0, part.start() - 20), part.start())
                start = lead.start() if lead else part.start()
            vehicle = kind in ("dienstvoertuig", "ov_voertuig")
            if vehicle and m.group("prep") is None and _sector_label(doc, m.start(), m.end()):
                continue
            if doc.is_negated(m.start(), m.end(), before=2):
                continue
            if _WHERE_NOW.search(doc.plain, doc.clause(m.start())[0], m.start()):
                continue
            if _KNOWLEDGE_CONTENT.search(doc.plain, doc.clause(m.start())[0], m.start()):
                continue
            noun = m.group("noun")
            prep = " ".join((m.group("prep") or "").split())
            # "een groep jongeren", "er stond een groep te wachten": people, not the ward's group.
            if noun == "groep" and not prep:
                continue
            if prep == "buiten" and kind in _BUILDINGS:
                kind = "openbare_ruimte"
            found.append(Place(kind, strength, start, m.end()))
    for kind, pattern, strength in _phrase_patterns():
        for m in doc.finditer(pattern):
            s_start = doc.sentence(m.start())[0]
            if _THREAT_CONTENT.search(doc.plain, s_start, m.start()):
                continue
            found.append(Place(kind, strength, m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


def _sector_label(doc: Doc, start: int, end: int) -> bool:
    """True for a vehicle named as a sentence of its own ("Ambulance."): the sector, not where."""
    s_start, s_end = doc.sentence(start)
    return not doc.plain[s_start:start].strip(" .,:;!?\n") and not doc.plain[end:s_end].strip(
        " .,:;!?\n"
    )


def sector_place(doc: Doc) -> str | None:
    """The vehicle type named as the worker's sector ("Ambulance."), which is not the location."""
    for kind in ("dienstvoertuig", "ov_voertuig"):
        for m in doc.finditer(_noun_patterns()[kind]):
            if m.group("prep") is None and _sector_label(doc, m.start(), m.end()):
                return kind
    return None


def _role_place(doc: Doc) -> Place | None:
    """The place implied by the worker's job ("buschauffeur"), used when no place is named."""
    for kind, regex in ROLE_PLACES.items():
        m = re.search(rf"\b(?:{regex})\b", doc.plain)
        if m:
            return Place(kind, -2, m.start(), m.end())
    return None


def extract_location(doc: Doc) -> tuple[str | None, str | None]:
    """The location type and the worker's words for the place, or (None, None)."""
    candidates = places(doc)
    in_care = bool(_CARE_WORDS.search(doc.plain)) and not _AT_HOME.search(doc.plain)
    if not candidates:
        role = _role_place(doc)
        if role is None:
            room = _ROOM.search(doc.plain)
            if room and in_care:
                return "zorginstelling_afdeling", doc.span(room.start(), room.end())
            run = _SCHOOL_RUN.search(doc.plain)
            if run and _SCHOOL_WORDS.search(doc.plain):
                return "school", doc.span(run.start(), run.end())
            return None, None
        return role.location_type, doc.span(role.start, role.end)
    best = max(candidates, key=lambda p: (p.strength, TYPE_RANK[p.location_type], -p.start))
    kind = best.location_type
    if kind == "woning_client" and in_care and _HOME_ROOM.search(doc.plain, best.start, best.end):
        kind = "zorginstelling_afdeling"
    if _CABIN.search(doc.plain, best.start, best.end) and any(
        p.location_type == "dienstvoertuig" for p in candidates
    ):
        kind = "dienstvoertuig"
    return kind, doc.span(best.start, best.end)

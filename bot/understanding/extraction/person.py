"""Who did it: the perpetrator's relation to the worker, whether they were known, and who was hit.

Role words ("klant", "reiziger") are found wherever they stand, then scored: a role that is the
subject of an action ("een klant begon te schelden") or the agent of a passive ("door een
reiziger") counts more, and one that only watched ("andere reizigers keken toe") is left out.
A plain "man" or "vrouw" gets its relation from where it happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.understanding.extraction.lexicon import (
    ACTOR_RE,
    AGGRESSION_ACTIVE_RE,
    AGGRESSION_PARTICIPLE_RE,
    BLOW_RE,
    COLLEAGUE_RE,
    DETERMINERS,
    PERSON_RE,
)
from bot.understanding.text import Doc, alternation

# fmt: off
RELATION_NOUNS: dict[str, tuple[str, ...]] = {
    "klant_burger": (
        "klant", "klanten", "burger", "burgers", "bezoeker", "bezoekers", "bezoekster",
        "aanvrager", "aanvraagster", "inwoner", "inwoners", "automobilist", "automobilisten",
        "fietser", "fietsers", "voorbijganger", "voorbijgangers", "omstander", "omstanders",
        "hangjongere", "hangjongeren", "verkeersdeelnemer", "bestuurder", "scooterrijder",
        "bromfietser", "brommerrijder", "motorrijder", "voetganger", "wandelaar",
        "hondenbezitter", "hondeneigenaar", "toerist", "toeristen", "uitkeringsgerechtigde",
        "werkzoekende", "verdachte", "arrestant", "aangehoudene", "festivalganger",
        "overlastgever", "overlastgevers", "zwerver", "dakloze", "ondernemer", "marktkoopman",
        "parkeerder", "bijstandsklant", "winkeldief", "winkeldieven", "zakkenroller", "dief",
        "inbreker", "inbrekers", "demonstrant", "demonstranten", "beller", "bellers",
        "taxichauffeur", "eigenaar",
    ),
    "reiziger": (
        "reiziger", "reizigers", "reizigster", "passagier", "passagiers", "zwartrijder",
        "zwartrijders", "medereiziger", "treinreiziger", "busreiziger", "instapper",
    ),
    "patient_client": (
        "patient", "patienten", "patiente", "client", "cliente", "clienten", "clientje", "pupil",
        "pupillen", "zorgvrager", "zorgvragers",
    ),
    "leerling": (
        "leerling", "leerlingen", "leerlinge", "student", "studenten", "scholier", "scholieren",
        "cursist", "cursisten", "brugklasser", "brugklassers", "examenleerling", "oud-leerling",
    ),
    "ouder": (
        r"ouders?(?!\s+(?:dan|man|vrouw|heer|dame|persoon|echtpaar|type|meneer|mevrouw)\b)",
        "vader", "moeder", "stiefvader", "stiefmoeder", "verzorger", "verzorgers", "pleegouder",
        "pleegouders", "pleegmoeder", "pleegvader",
    ),
    "huurder": ("huurder", "huurders", "huurster"),
    "anders": ("familie", "familielid", "familieleden"),
    "buurtbewoner": (
        "buurman", "buurvrouw", "buurtbewoner", "buurtbewoners", "buren", "omwonende",
        "omwonenden", "bovenbuurman", "onderbuurman", "benedenbuurman", "bovenbuurvrouw",
        "benedenbuurvrouw", "bovenburen", "benedenburen", "buurjongen", "buurmeisje",
    ),
}

# Nouns whose relation depends on the setting: a "bewoner" of a care home is a client, of a
# rented flat a tenant, at the counter a citizen.
CONTEXT_NOUNS: tuple[str, ...] = (
    "bewoner", "bewoners", "bewoonster", "jongere", "jongeren", "kind", "kinderen", "kindje",
    "deelnemer", "deelnemers",
)
CARE_CONTEXT: tuple[str, ...] = (
    "verpleeghuis", "verzorgingshuis", "zorginstelling", "instelling", "afdeling", "woongroep",
    "leefgroep", "behandelgroep", "op de groep", "ggz", "zorg", "begeleid wonen",
    "beschermd wonen", "jeugdzorg", "jeugdinrichting", "jji", "gezinshuis", "kliniek",
    "begeleider", "verpleegkundige", "pupil",
    # Care work named by its tasks or its patients' condition.
    "verzorgende", "verzorgenden", "dementie", "dementerende", "psychogeriatrie", "adl",
    "ochtendzorg", "avondzorg", "thuiszorg", "wijkverpleging", "wijkverpleegkundige",
    "ziekenhuis", "seh", "verpleeghuis",
)
# A "cliënt" of the social services, debt help or benefits office is a member of the public.
SOCIAL_CONTEXT: tuple[str, ...] = (
    "schuldhulp", "schuldhulpverlening", "schuldhulpverlener", "schulden", "schuldsanering",
    "bijstand", "bijstandsuitkering", "sociale dienst", "uitkering", "uitkeringen", "uwv",
    "werkplein", "werk en inkomen", "klantmanager", "inkomensconsulent", "toeslag",
    "toeslagen", "participatiewet", "gemeente",
)
HOUSING_CONTEXT: tuple[str, ...] = (
    "huurder", "woningcorporatie", "corporatie", "woningbouw", "woonconsulent", "huismeester",
    "huurwoning", "huisbezoek", "huurachterstand", "huur", "flat", "portiek", "verhuurder",
    "woonbegeleider",
)
SCHOOL_CONTEXT: tuple[str, ...] = (
    "school", "klas", "leerling", "leerlingen", "les", "docent", "leraar", "lerares", "juf",
    "meester", "schoolplein", "lokaal", "mentor", "aula",
)

# Phrases that settle the relation outright (they win over single role words inside them).
_FAMILY = (
    r"(?:familie|familielid|familieleden|broer|zus|zoon|dochter|partner|vriend|vriendin|"
    r"echtgenoot|echtgenote|vrouw|man|oom|tante|neef|nicht|kleinzoon|kleindochter|opa|oma|"
    r"vader|moeder|ouders?|bezoek|bezoeker|bezoekers)"
)
_CARE_ROLE = r"(?:patient|patiente|patienten|client|cliente|clienten|bewoner|bewoonster|bewoners)"
_PUPIL = r"(?:leerlinge?n?|kind|kinderen|scholier|student|jongen|meisje|zoon|dochter)"
RELATION_PHRASES: tuple[tuple[str, str], ...] = (
    (
        rf"{_FAMILY}\s+van\s+(?:een|de|die|deze|onze|het|mijn)?\s*(?:\w+\s+)?{_CARE_ROLE}\b",
        "anders",
    ),
    (
        rf"(?:vader|moeder|ouders?|stiefvader|stiefmoeder|opa|oma|verzorgers?)\s+van\s+"
        rf"(?:een|de|die|mijn|het|onze)?\s*(?:\w+\s+)?{_PUPIL}\b",
        "ouder",
    ),
    (
        r"(?:iemand|man|vrouw|jongen|meisje|persoon|jongens|jongeren|gast|kerel|reiziger)\s+"
        r"(?:\w+\s+)?zonder\s+(?:een\s+)?(?:geldig\s+)?(?:kaartje|vervoersbewijs|ticket|"
        r"ov-?\s?chipkaart|chipkaart|plaatsbewijs)", "reiziger",
    ),
    (
        r"(?:kind|jongen|meisje|jongens|meiden|kinderen|iemand)\s+uit\s+(?:mijn|m'n|mn|de|onze)"
        r"\s+(?:\w+\s+)?\w*klas\b", "leerling",
    ),
    # "jongen uit klas 2", "meisje uit groep 7", "een jongen uit 3b".
    (
        r"(?:kind|jongen|meisje|jongens|meiden|kinderen)\s+uit\s+(?:(?:klas|groep|leerjaar)\s+"
        r"\d{1,2}\s?[a-z]?|\d{1,2}\s?[a-z]{1,2}\d?)\b", "leerling",
    ),
    (r"bewoners?\s+(?:uit|van)\s+(?:de|het|deze)\s+(?:buurt|wijk|straat|complex)", "buurtbewoner"),
    (
        r"(?:man|vrouw|jongen|meisje|jongens|meiden|jongeren|jongere|mannen|vrouwen)\s+uit\s+"
        r"(?:de|deze|onze)\s+(?:buurt|wijk|straat)\b", "buurtbewoner",
    ),
    # "iemand op een scooter", "door iemand vanuit een auto": someone on the road.
    (
        r"iemand\s+(?:op|vanuit|in|uit|met)\s+(?:een|de|zijn|haar)\s+(?:auto|scooter|fiets|brommer|"
        r"motor|busje|bestelbus|scootmobiel)\b", "klant_burger",
    ),
)

# A colleague is only the perpetrator when the text says so outright.
_COLLEAGUE_REF = rf"(?:een|mijn|m'n|mn|de|die|onze)\s+(?:\w+\s+)?{COLLEAGUE_RE}"
_COLLEAGUE_ACTS = (
    r"(?:schold|sloeg|schopte|duwde|bedreigde|intimideerde|beledigde|betastte|kneep|pestte|"
    r"discrimineerde|spuugde|zat\s+(?:\w+\s+)?aan|maakte\s+(?:\w+\s+){0,2}?(?:opmerkingen|grappen)|"
    r"viel\s+(?:me|mij)\s+lastig)"
)
COLLEAGUE_PERPETRATOR: tuple[str, ...] = (
    rf"{_COLLEAGUE_REF}\s+(?:\w+\s+)?{_COLLEAGUE_ACTS}",
    rf"{AGGRESSION_PARTICIPLE_RE}\s+door\s+{_COLLEAGUE_REF}",
    rf"dader\s+(?:is|was)\s+{_COLLEAGUE_REF}",
    rf"(?:opmerkingen|grappen|berichten|gedrag|intimidatie)\s+van\s+{_COLLEAGUE_REF}",
)

# A plain "man" or "vrouw": the relation follows from where it happened.
GENERIC_BY_LOCATION: dict[str, str] = {
    "online_telefoon": "klant_burger",
    "openbare_ruimte": "klant_burger",
    "balie_publieksruimte": "klant_burger",
    "spreek_kantoorruimte": "klant_burger",
    "dienstvoertuig": "klant_burger",
    "ov_voertuig": "reiziger",
    "station_halte": "reiziger",
}

# A person mentioned as a bystander or helper is not the perpetrator.
BYSTANDER_BEFORE = re.compile(r"\b(?:andere|ander|mede|overige|een\s+paar\s+andere)\s*$")
BYSTANDER_AFTER = re.compile(
    r"^\W*(?:\w+\s+){0,3}?(?:heeft|hebben|had|hadden)?\s*(?:het\s+|alles\s+)?"
    r"(?:gezien|zag|zagen|keken|keek|hielp|hielpen|kwam\s+helpen|kwamen\s+helpen|getuige)\b"
)

# Who was the victim: the worker ("zelf") or a colleague.
_SKIP = r"(?:(?!en\b|maar\b|toen\b|want\b)\w+\s+)"
TARGET_PATTERNS: dict[str, tuple[str, ...]] = {
    "zelf": (
        rf"\b(?:ik|k|we|wij)\s+{_SKIP}{{0,2}}?(?:werd|werden|word|worden|ben|zijn|was|waren)\s+{_SKIP}{{0,6}}?{AGGRESSION_PARTICIPLE_RE}\b",
        rf"\b(?:werd|werden|ben|zijn|word|worden)\s+(?:ik|k|we|wij)\s+{_SKIP}{{0,6}}?{AGGRESSION_PARTICIPLE_RE}\b",
        rf"\b{AGGRESSION_ACTIVE_RE}\s+{_SKIP}{{0,3}}?(?:me|mij|ons)\b",
        rf"\b(?:me|mij)\s+{_SKIP}{{0,3}}?{AGGRESSION_PARTICIPLE_RE}\b",
        rf"\b(?:ik|k)\s+kreeg\s+(?:\w+\s+)?(?:een\s+)?{BLOW_RE}\b",
    ),
    "collega": (
        rf"{COLLEAGUE_RE}\s+{_SKIP}{{0,3}}?(?:werd|wordt|is|was|werden|zijn|waren)\s+{_SKIP}{{0,6}}?"
        rf"{AGGRESSION_PARTICIPLE_RE}\b",
        rf"\b{AGGRESSION_ACTIVE_RE}\s+{_SKIP}{{0,2}}?(?:mijn|m'n|mn|onze|een|de)\s+(?:\w+\s+)?{COLLEAGUE_RE}",
        rf"{COLLEAGUE_RE}\s+(?:\w+\s+)?kreeg\s+(?:\w+\s+)?(?:een\s+)?{BLOW_RE}\b",
    ),
}
# fmt: on


@dataclass(frozen=True)
class _Candidate:
    relation: str
    score: int
    start: int
    end: int


@lru_cache(maxsize=1)
def _compiled() -> dict[str, object]:
    def many(patterns: tuple[str, ...]) -> list[re.Pattern[str]]:
        return [re.compile(rf"\b(?:{p})") for p in patterns]

    return {
        "roles": {k: re.compile(rf"\b{alternation(v)}\b") for k, v in RELATION_NOUNS.items()},
        "context": re.compile(rf"\b{alternation(CONTEXT_NOUNS)}\b"),
        "phrases": [(re.compile(rf"\b(?:{p})"), rel) for p, rel in RELATION_PHRASES],
        "colleague": many(COLLEAGUE_PERPETRATOR),
        "generic": re.compile(rf"\b{PERSON_RE}\b"),
        "actor": re.compile(rf"^\W*(?:\w+\W+){{0,3}}?{ACTOR_RE}\b"),
        # "in de bus sloeg een reiziger me": Dutch puts the verb before the subject.
        "inverted": re.compile(rf"\b{AGGRESSION_ACTIVE_RE}\s+(?:{DETERMINERS}\s+)?$"),
        "care": re.compile(rf"\b{alternation(CARE_CONTEXT)}\b"),
        "social": re.compile(rf"\b{alternation(SOCIAL_CONTEXT)}\b"),
        "client": re.compile(r"(?:client|cliente|clienten|clientje)\b"),
        "youth": re.compile(r"(?:leerlinge?n?|studenten|student|scholieren|scholier)\b"),
        "housing": re.compile(rf"\b{alternation(HOUSING_CONTEXT)}\b"),
        "school": re.compile(rf"\b{alternation(SCHOOL_CONTEXT)}\b"),
        "target": {k: many(v) for k, v in TARGET_PATTERNS.items()},
        "colleague_mention": re.compile(rf"\b{COLLEAGUE_RE}"),
    }


def _score(doc: Doc, start: int, end: int, base: int) -> int:
    """How likely the person mentioned at start..end is the one who did it."""
    c = _compiled()
    clause_start, clause_end = doc.clause(start)
    before = doc.plain[max(clause_start, start - 25) : start]
    after = doc.plain[end:clause_end]
    score = base
    if BYSTANDER_BEFORE.search(before) or BYSTANDER_AFTER.match(after):
        score -= 5
    if c["actor"].match(after) or c["inverted"].search(before):
        score += 2
    if re.search(r"\bdoor\s+(?:\w+\s+){0,2}$", doc.plain[max(clause_start, start - 30) : start]):
        score += 3
    return score


def _context_relation(doc: Doc, word: str, location_type: str | None) -> str:
    """Relation of a "bewoner", "jongere" or "kind", from the words around it."""
    c = _compiled()
    care = location_type == "zorginstelling_afdeling" or c["care"].search(doc.plain)
    school = location_type == "school" or c["school"].search(doc.plain)
    housing = location_type == "woning_client" or c["housing"].search(doc.plain)
    if word.startswith("bewon"):
        if care:
            return "patient_client"
        return "huurder" if housing else "klant_burger"
    if word.startswith("jonger") and location_type in ("ov_voertuig", "station_halte"):
        return "reiziger"
    if care and not word.startswith("kind"):
        return "patient_client"
    return "leerling" if school else "klant_burger"


def extract_relation(doc: Doc, location_type: str | None) -> tuple[str | None, str | None]:
    """The perpetrator's relation (bot.vocab.PERPETRATOR_RELATIONS) and the words that say so."""
    m = colleague_perpetrator(doc)
    if m:
        return "anders", doc.span(m.start(), m.end())
    best = perpetrator_mention(doc, location_type)
    if best is None:
        return None, None
    if best.relation == UNSAID:
        return None, None
    return _social_client(doc, best, location_type), doc.span(best.start, best.end)


def _social_client(doc: Doc, best: _Candidate, location_type: str | None) -> str:
    """A "cliënt" of debt help or benefits is a member of the public, not a care client;
    a student in a train or at a stop is a traveller there."""
    c = _compiled()
    if (
        best.relation == "leerling"
        and location_type in ("ov_voertuig", "station_halte")
        and c["youth"].match(doc.plain, best.start)
        and not c["school"].search(doc.plain)
    ):
        return "reiziger"
    if (
        best.relation == "patient_client"
        and c["client"].match(doc.plain, best.start)
        and c["social"].search(doc.plain)
        and not c["care"].search(doc.plain)
        and location_type != "zorginstelling_afdeling"
    ):
        return "klant_burger"
    return best.relation


def colleague_perpetrator(doc: Doc) -> re.Match[str] | None:
    """The words saying a colleague did it ("mijn collega schold me uit"), or None."""
    for pattern in _compiled()["colleague"]:
        m = pattern.search(doc.plain)
        if m:
            return m
    return None


def perpetrator_mention(doc: Doc, location_type: str | None) -> _Candidate | None:
    """The person noun most likely naming the perpetrator ("een klant", "de huurder"), or None."""
    c = _compiled()
    taken: list[tuple[int, int]] = []
    roles: list[_Candidate] = []
    for pattern, relation in c["phrases"]:
        for m in doc.finditer(pattern):
            if not any(s <= m.start() < e for s, e in taken):
                taken.append((m.start(), m.end()))
                roles.append(
                    _Candidate(relation, _score(doc, m.start(), m.end(), 6), m.start(), m.end())
                )
    for relation, pattern in c["roles"].items():
        for m in doc.finditer(pattern):
            if not any(s <= m.start() < e for s, e in taken):
                roles.append(
                    _Candidate(relation, _score(doc, m.start(), m.end(), 2), m.start(), m.end())
                )
    for m in doc.finditer(c["context"]):
        # "haar kind", "zijn kinderen": the child of whoever did it, not the perpetrator.
        owned = re.search(
            r"\b(?:haar|zijn|z'n|zn|d'r|hun)\s+$", doc.plain[max(0, m.start() - 6) : m.start()]
        )
        if owned and m.group().startswith("kind"):
            continue
        if not any(s <= m.start() < e for s, e in taken):
            relation = _context_relation(doc, m.group(), location_type)
            roles.append(
                _Candidate(relation, _score(doc, m.start(), m.end(), 2), m.start(), m.end())
            )
    roles = [r for r in roles if r.score >= 0]
    if not roles:
        for m in doc.finditer(c["generic"]):
            # "iemand" says someone did it, not who they were to the worker: no relation.
            generic = (
                UNSAID
                if m.group() == "iemand"
                else _generic_relation(doc, m.group(), location_type)
            )
            # "een man", "een groep dronken mannen", or chat style "man duwde me" at the start.
            introduced = re.search(
                r"(?:\b(?:een|twee|drie|paar|\d+)\s+(?:\w+\s+){0,2}|(?:^|[.!?:]\s*)(?:\w+\s+)?)$",
                doc.plain[max(0, m.start() - 30) : m.start()],
            )
            score = _score(doc, m.start(), m.end(), 2 if introduced else 0)
            if score >= 2:
                roles.append(_Candidate(generic, 0, m.start(), m.end()))
                break
    if not roles:
        return None
    return max(roles, key=lambda r: (r.score, -r.start))


# The relation of a perpetrator who is mentioned but not described ("iemand").
UNSAID = ""
# In a care setting "meneer", "mevrouw" or a child is the one being cared for.
_CARED_FOR = ("meneer", "mevrouw", "jongen", "meisje", "kleuter", "tiener", "puber", "meisjes")


def _generic_relation(doc: Doc, word: str, location_type: str | None) -> str:
    """Relation of a plain "man", "meneer" or "jongen": a member of the public the worker
    deals with, unless the place makes them a traveller or, in care, the one cared for."""
    if location_type in GENERIC_BY_LOCATION:
        return GENERIC_BY_LOCATION[location_type]
    care = location_type == "zorginstelling_afdeling" or (
        location_type is None and _compiled()["care"].search(doc.plain)
    )
    if care and word in _CARED_FOR:
        return "patient_client"
    return "klant_burger"


def extract_target(doc: Doc) -> tuple[str | None, str | None]:
    """Who was attacked: "zelf" (the worker) or "collega", with the words that say so."""
    c = _compiled()
    for who in ("zelf", "collega"):
        for pattern in c["target"][who]:
            for m in doc.finditer(pattern):
                if doc.is_negated(m.start(), m.end(), before=3, after=2) or _negator_inside(m):
                    continue
                return who, doc.span(m.start(), m.end())
    # No clear pattern: a colleague who is named, and not as onlooker or helper, while the
    # worker is nowhere the object ("me", "mij", "ik werd"), is the one it happened to.
    if not _FIRST_PERSON_VICTIM.search(doc.plain):
        for m in doc.finditer(c["colleague_mention"]):
            if not _COLLEAGUE_ONLOOKER.match(doc.plain, m.end()):
                return "collega", doc.span(m.start(), m.end())
    return None, None


_FIRST_PERSON_VICTIM = re.compile(
    r"\b(?:me|mij|ons|mn|m'n|mijn)\b(?!\s+(?:collega|collega's|collegas|team))|\b(?:ik|k|we|wij)\s+(?:werd|ben|was|werden|zijn|kreeg)\b"
)
_COLLEAGUE_ONLOOKER = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:zag|zagen|gezien|heeft\s+het\s+gezien|stond\s+erbij|stond\s+ernaast|was\s+erbij|"
    r"belde|hielp|kwam\s+erbij|greep\s+in|kwam\s+(?:me\s+)?helpen|heeft\s+\w+\s+gebeld|deed\s+aangifte)\b"
    r"|\s+en\s+(?:ik|k)\b"  # "mijn collega en ik": the worker too
)


def _negator_inside(m: re.Match[str]) -> bool:
    """True when the match itself holds "niet"/"geen" ("ik werd niet geslagen")."""
    return bool(re.search(r"\b(?:niet|geen|nooit|nie)\b", m.group()))


# The same perpetrator did it before: raises the severity one step.
# fmt: off
REPEATED_PATTERNS: tuple[str, ...] = (
    r"\b(?:al|alweer)\s+(?:de\s+)?(?:tweede|derde|vierde|vijfde|zoveelste|\d+e)\s+keer\b",
    r"\bniet\s+(?:voor\s+)?de\s+eerste\s+keer\b",
    r"\b(?:weer|alweer|opnieuw|wederom)\b",
    r"\b(?:vaker|steeds\s+weer|telkens|elke\s+keer|iedere\s+keer|keer\s+op\s+keer)\b",
    r"\bvorige\s+(?:week|maand|keer)\s+(?:ook|al)\b|\b(?:ook|al)\s+vorige\s+(?:week|maand|keer)\b",
    r"\bdezelfde\s+(?:man|vrouw|klant|jongen|reiziger|patient|client|bewoner|vader|moeder|persoon)\b",
)
# fmt: on
_REPEATED = tuple(re.compile(p) for p in REPEATED_PATTERNS)
_FIRST_TIME = re.compile(r"\b(?:voor\s+het\s+eerst|eerste\s+keer\s+dat)\b")


def extract_repeated(doc: Doc) -> tuple[bool | None, str | None]:
    """True when the text says the perpetrator did this before ("alweer", "al de derde keer")."""
    for pattern in _REPEATED:
        for m in doc.finditer(pattern):
            if m.group().strip() in ("weer", "opnieuw") and doc.is_negated(
                m.start(), m.end(), before=2
            ):
                continue
            return True, doc.span(m.start(), m.end())
    if any(_FIRST_TIME.finditer(doc.plain)):
        return False, None
    return None, None

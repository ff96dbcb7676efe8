"""What harm was done to people: injury (and to whom), weapons or thrown objects.

An injury word negated a few words earlier ("niet gewond", "geen letsel") is an explicit "no";
an action that did not happen ("hij sloeg me niet") is no claim at all. Words inside quoted
speech ("ik sla je bont en blauw") are never read as harm.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.understanding.extraction.lexicon import (
    AGGRESSION_ACTIVE_RE,
    AGGRESSION_PARTICIPLE_RE,
    BODY_RE,
    COLLEAGUE_RE,
    DETERMINERS,
    PERSON_RE,
    SELF_RE,
    THROW_RE,
)
from bot.understanding.text import Doc, alternation

# fmt: off
# Injury words that describe the injury: they become injury_text.
INJURY_DESCRIPTIVE: tuple[str, ...] = (
    r"blauwe\s+plek(?:ken)?", r"blauwe?\s+oog", r"blauwe\s+ogen", "bloedneus", "bloedende neus",
    "bloedende lip", "dikke lip", "gescheurde lip", "kapotte lip", "breuk", "botbreuk", "kneuzing",
    "kneuzingen", "schram", "schrammen", "schrammetje", "schaafwond", "schaafwonden", "snee",
    "sneetje", "snijwond", "snijwonden", "steekwond", "bijtwond", "bijtwonden", "bijtplek", "bult",
    "buil", "hersenschudding", "zwelling", "whiplash", "wond", "wondje", "wonden", "krassen",
    r"bloedde|bloedden|ik\s+bloed|bloeden", "gebroken neus", "gebroken rib", "gebroken ribben",
    "gebroken pols", "gebroken arm", "gebroken vinger", "gebroken kaak", "gekneusde rib",
    "gekneusde ribben", r"uit\s+de\s+kom", "ontwricht", "verstuikt", "verzwikt", "gehoorschade",
    "oogletsel", "tand door", "tand eruit", "tand afgebroken", "nekklachten", "gekneusd",
)
# Injury words that only say someone got hurt, not how.
INJURY_GENERIC: tuple[str, ...] = (
    "gewond", "gewonde", "letsel", "verwond", "verwonding", "verwondingen", "pijn",
    r"doet\s+(?:\w+\s+)?pijn", r"deed\s+(?:\w+\s+)?pijn",
)
# Explicit "no injury" phrases.
NO_INJURY: tuple[str, ...] = (
    "ongedeerd", r"(?:niks|niets)\s+aan\s+over\s*gehouden", r"(?:raakte|miste)\s+(?:me|mij)\s+net\s+niet",
    r"net\s+niet\s+geraakt", r"miste\s+(?:me|mij)", r"alleen\s+(?:erg\s+|heel\s+erg\s+|flink\s+)?geschrokken",
    r"lichamelijk\s+(?:niks|niets|ok|oke|prima|in\s+orde|gaat\s+het)",
    r"(?:niks|niets)\s+aan\s+de\s+hand", r"geen\s+schrammetje",
)
# A body part and what happened to it: "mijn arm is gebroken", "lip kapot".
BODY_STATES: tuple[str, ...] = (
    "gebroken", "gekneusd", "kapot", "gezwollen", "opgezwollen", "dik", "blauw", "bloedt",
    "bloedde", "ontwricht", "verstuikt", "gescheurd", r"doet\s+pijn", r"deed\s+pijn",
)
# Injury words that also describe damage to things: they need a body part next to them.
INJURY_NEEDS_BODY: frozenset[str] = frozenset({"krassen", "breuk", "wond", "wonden"})
# Objects that are weapons whenever they show up (unless negated or the worker's own).
# Key: the name stored in `weapon`; value: the words (inflections, kinds) that mean it.
WEAPONS: dict[str, tuple[str, ...]] = {
    "mes": ("mes", "mesje", "messen", "zakmes", "keukenmes", "broodmes", "vleesmes", "stiletto",
            "vlindermes", "dolk", "steekwapen", "kapmes"),
    "machete": ("machete",),
    "pistool": ("pistool", "pistolen", "alarmpistool"),
    "revolver": ("revolver",),
    "geweer": ("geweer",),
    "vuurwapen": ("vuurwapen", "vuurwapens"),
    "nepwapen": ("nepwapen", "nep pistool", "neppistool"),
    "wapen": ("wapen", "wapens"),
    "knuppel": ("knuppel", "honkbalknuppel", "slagwapen"),
    "boksbeugel": ("boksbeugel",),
    "bijl": ("bijl", "hakbijl"),
    "pepperspray": ("pepperspray", "traangas"),
    "taser": ("taser", "stroomstootwapen"),
}
# Things that are weapons only when used: thrown, swung, hit with or set on someone.
OBJECT_WEAPONS: dict[str, tuple[str, ...]] = {
    "schaar": ("schaar", "scharen"), "stoel": ("stoel", "stoelen"), "kruk": ("kruk", "barkruk"),
    "fles": ("fles", "flesje", "flessen", "bierflesje", "bierfles"), "glas": ("glas", "glazen", "bierglas"),
    "beker": ("beker", "koffiebeker"), "mok": ("mok",), "kopje": ("kopje",), "asbak": ("asbak",),
    "blikje": ("blikje", "blikjes", "blik"), "steen": ("steen", "stenen", "steentje", "steentjes"),
    "baksteen": ("baksteen",), "stoeptegel": ("stoeptegel", "tegel"), "stok": ("stok", "stokken"),
    "wandelstok": ("wandelstok",), "paraplu": ("paraplu",), "stuk hout": ("stuk hout",),
    "plank": ("plank",), "hamer": ("hamer",), "schroevendraaier": ("schroevendraaier",),
    "naald": ("naald",), "injectiespuit": ("injectiespuit", "spuit"),
    "vuurwerk": ("vuurwerk", "rotje", "rotjes", "vuurpijl"), "fiets": ("fiets",), "tas": ("tas",),
    "telefoon": ("telefoon", "mobiel"), "tafel": ("tafel",), "koffie": ("koffie", "hete koffie"),
    "thee": ("thee",), "bier": ("bier",), "drinken": ("drinken",), "ei": ("ei", "eieren"),
    "brandblusser": ("brandblusser",), "sleutels": ("sleutels", "sleutelbos"), "riem": ("riem",),
    "ketting": ("ketting", "kettingslot"), "auto": ("auto",), "scooter": ("scooter",),
    "hond": ("hond", "honden", "pitbull", "herdershond", "bulldog"),
}
# Verbs that make an object a weapon when they stand near it.
USE_VERBS: tuple[str, ...] = (
    r"sloeg\s+(?:\w+\s+){0,3}?met", "dreigde met", "dreigen met", "zwaaide met", "zwaaien met",
    "zwaaiend met", "kwam op me af met", "ging me te lijf met", "viel me aan met", "stak",
    "prikte", "hitste", r"liet\s+(?:\w+\s+){0,2}?los", "beet", "gebeten", "ophitsen", "opzetten",
    r"reed\s+(?:\w+\s+){0,4}?(?:op|in)\s+(?:me|mij)", "aangereden", "inreed", "schoot", "spoot",
    "hief", r"pakte\s+(?:\w+\s+)?", "greep", r"haalde\s+(?:\w+\s+){0,3}?tevoorschijn", "trok", r"af\s*stuurde", "stuurde",
    r"op\s+(?:me|mij)\s+af",
)
# fmt: on

# An object thrown on the floor or a table was not thrown at someone.
_NOT_AT_SOMEONE = re.compile(
    r"\s+(?:\w+\s+)?(?:op|tegen|door|over)\s+(?:de|het)\s+(?:grond|vloer|balie|tafel|muur|"
    r"deur|ruit|raam|straat)\b"
)


# "pakte een schaar van tafel": the table is where the scissors came from.
_FROM_SOMEWHERE = re.compile(r"\b(?:van|uit|achter|onder|naast)\s+(?:de\s+|het\s+|een\s+)?$")


def _words(words: tuple[str, ...] | dict[str, str]) -> str:
    """A regex group for word-list entries; a space in an entry matches any whitespace."""
    return alternation(w.replace(" ", r"\s+") for w in words)


@lru_cache(maxsize=1)
def _c() -> dict[str, object]:
    weapons = {v: k for k, vs in WEAPONS.items() for v in vs}
    objects = {v: k for k, vs in OBJECT_WEAPONS.items() for v in vs}
    return {
        "descriptive": re.compile(rf"\b{_words(INJURY_DESCRIPTIVE)}\b"),
        "generic": re.compile(rf"\b{_words(INJURY_GENERIC)}\b"),
        "no_injury": re.compile(rf"\b{alternation(NO_INJURY)}"),
        "where": re.compile(
            rf"\s+(?:\w+\s+){{0,2}}?(?:aan|in|op|bij|boven|onder|tegen)\s+(?:{DETERMINERS}\s+)?"
            rf"(?:linker|rechter|linker\s*|rechter\s*)?{BODY_RE}\b"
        ),
        "body_state": re.compile(
            rf"\b{BODY_RE}\s+(?:(?:is|was|zijn|waren|helemaal|flink|erg|behoorlijk)\s+){{0,2}}"
            rf"{_words(BODY_STATES)}\b|\b(?:gebroken|gekneusde|kapotte|gescheurde|gezwollen|"
            rf"opgezwollen|pijnlijke|bloedende)\s+{BODY_RE}\b"
        ),
        "hit": re.compile(r"\b(?:geraakt|raakte)\b"),
        # "die raakte mijn been": where it hit is a description of the injury.
        "hit_where": re.compile(
            rf"\s+(?:(?:me|mij|hem|haar|aan|op|tegen|in)\s+)?(?:{DETERMINERS}\s+)?"
            rf"(?:linker|rechter)?{BODY_RE}\b"
        ),
        "body": re.compile(rf"\b{BODY_RE}\b"),
        "weapon": re.compile(rf"\b{_words(weapons)}\b"),
        "weapon_map": weapons,
        "object": re.compile(rf"\b{_words(objects)}\b"),
        "object_map": objects,
        "use": re.compile(rf"\b{_words(USE_VERBS)}"),
        "throw": re.compile(rf"\b{THROW_RE}\b"),
        "aggression": re.compile(
            rf"\b(?:{AGGRESSION_ACTIVE_RE}|{AGGRESSION_PARTICIPLE_RE}|{THROW_RE})\b"
        ),
        "colleague": re.compile(rf"\b{COLLEAGUE_RE}"),
        "self": re.compile(rf"\b{SELF_RE}\b"),
        "other": re.compile(
            rf"(?:omstander|voorbijganger|medereiziger|reiziger|passagier|klant|kind|bewoner|"
            rf"patient|client|leerling|dader|hij|zij|ze|{PERSON_RE})s?"
        ),
    }


def _usable(doc: Doc, start: int) -> bool:
    """False for words inside a clause about an earlier incident."""
    return not doc.about_earlier_incident(start)


def extract_injury(doc: Doc, target: str | None) -> dict[str, object]:
    """injury (True/False), injury_text and injured_person, with evidence."""
    c = _c()
    yes: list[tuple[int, int, bool]] = []  # start, end, descriptive
    no: list[tuple[int, int]] = []
    for m in doc.finditer(c["body_state"]):
        if _usable(doc, m.start()):
            negation = doc.negation(m.start(), m.end(), 3, 1)
            if negation:
                no.append(negation)
            else:
                yes.append((m.start(), m.end(), True))
    for kind in ("descriptive", "generic"):
        for m in doc.finditer(c[kind]):
            if any(s <= m.start() < e for s, e, _ in yes) or not _usable(doc, m.start()):
                continue
            end = m.end()
            where = c["where"].match(doc.plain, end)
            if where:
                end = where.end()
            elif " ".join(m.group().split()) in INJURY_NEEDS_BODY:
                continue
            negation = doc.negation(m.start(), m.end(), before=4)
            if negation:
                no.append((negation[0], end))
            else:
                yes.append((m.start(), end, kind == "descriptive" or bool(where)))
    for m in doc.finditer(c["hit"]):
        sentence = doc.sentence_text(m.start())
        nobody = any(t.word == "niemand" for t in doc.words_before(m.start(), 3))
        if not nobody and not (
            c["body"].search(sentence)
            or c["object"].search(sentence)
            or c["weapon"].search(sentence)
        ):
            continue
        if re.search(r"\bkwijt\b", doc.plain[m.end() : doc.sentence(m.start())[1]]):
            continue
        # "raakte me net niet", "net niet geraakt": a near miss is an explicit no.
        near = re.search(r"\bnet\s+niet\b", doc.plain[m.start() : m.end() + 12])
        if near:
            no.append((m.start(), m.start() + near.end()))
            continue
        lead = max(0, m.start() - 12)
        near = re.search(r"\bnet\s+niet\s+$", doc.plain[lead : m.start()])
        if near:
            no.append((lead + near.start(), m.end()))
            continue
        # "ik ben niet geraakt", "niemand is geraakt": not hit, so not hurt by it.
        negation = doc.negation(m.start(), m.end(), before=3, after=2)
        if negation:
            no.append(negation)
        else:
            where = c["hit_where"].match(doc.plain, m.end())
            yes.append((m.start(), where.end(), True) if where else (m.start(), m.end(), False))
    for m in doc.finditer(c["no_injury"]):
        no.append((m.start(), m.end()))
    out: dict[str, object] = {}
    if yes:
        yes.sort()
        first = yes[0]
        texts = [doc.span(s, e) for s, e, descriptive in yes if descriptive]
        out["injury"] = True
        out["evidence"] = {"injury": doc.span(first[0], first[1])}
        if texts:
            out["injury_text"] = ", ".join(dict.fromkeys(texts))
        out["injured_person"] = _injured_person(doc, first[0], target)
    elif no:
        start, end = min(no)
        out["injury"] = False
        out["evidence"] = {"injury": doc.span(start, end)}
    return out


def _injured_person(doc: Doc, pos: int, target: str | None) -> str:
    """Who the injury at `pos` belongs to: "zelf", "collega" or "anders"."""
    c = _c()
    # The nearest person word before the injury names its owner ("ik heb een dikke lip",
    # "mijn collega heeft een snee"); then the words just after ("bloedneus bij mijn collega").
    nearby = list(reversed(doc.words_before(pos, 5))) + doc.words_after(pos, 6)
    for token in nearby:
        if c["colleague"].fullmatch(token.word):
            return "collega"
        if c["self"].fullmatch(token.word):
            return "zelf"
        if c["other"].fullmatch(token.word):
            return "collega" if target == "collega" else "anders"
    return target or "zelf"


def extract_weapon(doc: Doc) -> tuple[str | None, str | None]:
    """The weapon or object used ("mes", "stoel", "hond"), several joined by ", "."""
    c = _c()
    found: list[tuple[int, int, str]] = []
    for m in doc.finditer(c["weapon"]):
        if _own(doc, m.start()) or not _usable(doc, m.start()):
            continue
        if not doc.is_negated(m.start(), m.end(), before=4, after=1):
            found.append((m.start(), m.end(), c["weapon_map"][" ".join(m.group().split())]))
    for m in doc.finditer(c["object"]):
        if _own(doc, m.start()) or not _usable(doc, m.start()):
            continue
        if doc.is_negated(m.start(), m.end(), before=3) or _NOT_AT_SOMEONE.match(
            doc.plain, m.end()
        ):
            continue
        if _FROM_SOMEWHERE.search(doc.plain, max(0, m.start() - 12), m.start()):
            continue
        if _object_used(doc, m):
            canonical = c["object_map"][" ".join(m.group().split())]
            found.append((m.start(), m.end(), canonical))
    if not found:
        return None, None
    found.sort()
    names = list(dict.fromkeys(name for _, _, name in found))
    return ", ".join(names), doc.span(found[0][0], found[0][1])


def _own(doc: Doc, pos: int) -> bool:
    """True for the worker's own things ("mijn pepperspray", "mijn telefoon")."""
    before = doc.plain[max(0, pos - 12) : pos]
    return bool(re.search(r"\b(?:mijn|m'n|mn|onze|ons)\s+(?:eigen\s+)?$", before))


def _object_used(doc: Doc, m: re.Match[str]) -> bool:
    """True when the object at `m` was thrown, swung, hit with or set on someone."""
    c = _c()
    s_start, s_end = doc.sentence(m.start())
    before = doc.plain[max(s_start, m.start() - 40) : m.start()]
    after = doc.plain[m.end() : min(s_end, m.end() + 40)]
    if re.search(rf"\bmet\s+(?:{DETERMINERS}\s+)?(?:\w+\s+)?$", before):
        for verb in c["aggression"].finditer(doc.plain, s_start, s_end):
            if doc.token_distance(verb.start(), m.start()) <= 6:
                return True
    for verb in c["throw"].finditer(doc.plain, s_start, s_end):
        if doc.token_distance(verb.start(), m.start()) <= 5:
            return True
    for verb in c["use"].finditer(doc.plain, s_start, s_end):
        if doc.token_distance(verb.start(), m.start()) <= 4:
            return True
    return bool(re.match(r"\s+(?:naar|tegen|op)\s+(?:me|mij|mijn|m'n|mn)\b", after))

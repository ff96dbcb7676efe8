"""Damage to property: what the perpetrator broke, damaged or stole, in the worker's words.

A word that only says something is broken ("de printer is kapot") counts only when someone did
it: a perpetrator or an aggressive act in that sentence or the one before, or the thing was
attacked elsewhere in the story.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.understanding.extraction.lexicon import (
    AGGRESSION_ACTIVE_RE,
    AGGRESSION_PARTICIPLE_RE,
    BODY_RE,
    PERSON_RE,
    THROW_RE,
)
from bot.understanding.text import Doc, alternation

# fmt: off
# Property the perpetrator broke, damaged or took.
DAMAGE_OBJECTS: tuple[str, ...] = (
    "bril", "zonnebril", "telefoon", "mobiel", "gsm", "smartphone", "ruit", "ruiten", "raam",
    "ramen", "voorruit", "scherm", "balie", "dienstauto", "dienstwagen", "auto", "kleding",
    "jas", "uniform", "shirt", "blouse", "broek", "deur", "voordeur", "computer", "pc",
    "laptop", "tablet", "bus", "tram", "spiegel", "fiets", "bodycam", "portofoon", "stoel",
    "stoelen", "tafel", "meubilair", "inrichting", "kast", "printer", "camera", "kassa",
    "pinautomaat", "hek", "bord", "spullen", "boel", "alles", "tas", "portemonnee",
    "sleutels", "horloge", "band", "banden", "ambulance", "brandweerwagen", "politieauto",
    "lamp", "bureau", "toetsenbord", "muur", "ovchipkaartlezer", "kaartlezer", "poortje",
    "automaat", "kaartautomaat", "brievenbus", "lift", "stuur",
)
# Words that say the damage was done by someone.
DAMAGE_DONE: tuple[str, ...] = (
    "ingegooid", "ingetrapt", "ingeslagen", "vernield", "vernielde", "vernielen", "gestolen",
    "stal", "jatte", "gejat", "afgepakt", r"pakte\s+(?:\w+\s+){0,3}?af", "bekrast", "bekraste",
    "beklad", "bekladde", r"kapot\s*gemaakt", r"kapot\s*gegooid", r"kapot\s*geslagen",
    r"kapot\s*getrapt", r"kapot\s*gesmeten", "sloeg kapot", "trapte kapot", "gooide kapot",
    r"lek\s*gestoken", "weggenomen", "gesloopt", "sloopte", "beschadigde", "besmeurd",
    r"uit\s+(?:mijn|m'n|mn)\s+hand(?:en)?\s+geslagen", r"op\s+de\s+grond\s+gegooid",
    "ingedeukt", "vernielingen",
    r"kapot\s*(?:slaan|slaat|sloeg|sloegen|maken|maakt|maakte|trappen|trapt|trapte|gooien|gooit|gooide)",
)

# Words that only say something is broken; they need a perpetrator in the sentence.
DAMAGE_STATE: tuple[str, ...] = (
    "kapot", "stuk", "gebroken", "beschadigd", "gescheurd", "gebarsten", "barst", "deuk",
    "gedeukt", "kras", "krassen", "verbogen", r"in\s+(?:\w+\s+)?stukken", "aan gruzelementen",
)
# A sentence names a perpetrator when it has one of these (or an aggression verb).
AGENT_WORDS = (
    rf"(?:hij|zij|ie|hem|dader|daders|door\s+(?:hem|haar|de|een|die)|{PERSON_RE}|klant|reiziger|"
    r"passagier|patient|client|leerling|bewoner|huurder|jongeren|verdachte)"
)
# fmt: on


@lru_cache(maxsize=1)
def _c() -> dict[str, re.Pattern[str]]:
    def sp(words: tuple[str, ...]) -> str:
        return alternation(w.replace(" ", r"\s+") for w in words)

    return {
        "damage_obj": re.compile(rf"\b{sp(DAMAGE_OBJECTS)}\b"),
        "damage_done": re.compile(rf"\b{sp(DAMAGE_DONE)}\b"),
        "damage_state": re.compile(rf"\b{sp(DAMAGE_STATE)}\b"),
        "agent": re.compile(rf"\b{AGENT_WORDS}\b"),
        "aggression": re.compile(
            rf"\b(?:{AGGRESSION_ACTIVE_RE}|{AGGRESSION_PARTICIPLE_RE}|{THROW_RE})\b"
        ),
        "body": re.compile(rf"\b{BODY_RE}\b"),
    }


def extract_damage(doc: Doc) -> tuple[str | None, str | None]:
    """The worker's words for property broken, damaged or stolen by the perpetrator."""
    c = _c()
    acted_on = set()
    for m in doc.finditer(c["damage_obj"]):
        s_start, s_end = doc.sentence(m.start())
        if c["aggression"].search(doc.plain, s_start, s_end):
            acted_on.add(m.group())
    texts: list[tuple[int, str]] = []
    for kind in ("damage_done", "damage_state"):
        for cue in doc.finditer(c[kind]):
            if doc.is_negated(cue.start(), cue.end(), before=4, after=1):
                continue
            obj = _damage_object(doc, cue)
            if obj is None:
                continue
            if kind == "damage_state" and not _has_agent(doc, cue.start(), obj.group(), acted_on):
                continue
            start, end = min(obj.start(), cue.start()), max(obj.end(), cue.end())
            if not any(start <= s < end or s <= start < s + len(t) for s, t in texts):
                texts.append((start, doc.span(start, end)))
    if not texts:
        return None, None
    texts.sort()
    joined = ", ".join(t for _, t in texts)
    return joined, texts[0][1]


def _damage_object(doc: Doc, cue: re.Match[str]) -> re.Match[str] | None:
    """The damaged thing near a damage word: earliest within 5 words before, else just after."""
    c = _c()
    c_start, c_end = doc.clause(cue.start())
    before = [
        m
        for m in c["damage_obj"].finditer(doc.plain, c_start, cue.start())
        if doc.token_distance(m.start(), cue.start()) <= 5
    ]
    if before:
        return before[0]
    # "een fles naar de brandweerwagen, die heeft nu een deuk": the thing named just before.
    s_start, _ = doc.sentence(cue.start())
    before = [
        m
        for m in c["damage_obj"].finditer(doc.plain, s_start, c_start)
        if doc.token_distance(m.start(), cue.start()) <= 6
    ]
    if before:
        return before[-1]
    after = [
        m
        for m in c["damage_obj"].finditer(doc.plain, cue.end(), c_end)
        if doc.token_distance(cue.end(), m.start()) <= 4
    ]
    if after and not c["body"].match(doc.plain, after[0].start()):
        return after[0]
    return None


def _has_agent(doc: Doc, pos: int, obj: str, acted_on: set[str]) -> bool:
    """True when someone broke it: a perpetrator in the sentence or the object was attacked."""
    c = _c()
    s_start, s_end = doc.sentence(pos)
    # The sentence before counts too: "Hij sloeg tegen de ruit. Ruit gebarsten."
    p_start = doc.sentence(max(0, s_start - 1))[0] if s_start else s_start
    for lo, hi in ((s_start, s_end), (p_start, s_start)):
        if c["agent"].search(doc.plain, lo, hi) or c["aggression"].search(doc.plain, lo, hi):
            return True
    return obj in acted_on

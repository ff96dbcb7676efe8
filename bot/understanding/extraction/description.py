"""What the perpetrator looked like: age, sex, build and clothing, in the worker's words.

A description is only returned when it says more than a bare "man" or "vrouw", so the dialogue
still asks for one when the story gave none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.understanding.extraction.lexicon import PERSON_NOUNS
from bot.understanding.text import Doc, alternation

# fmt: off
# Heads of a description: people, with or without a role.
DESCRIPTION_HEADS: tuple[str, ...] = PERSON_NOUNS + (
    "klant", "reiziger", "passagier", "patient", "client", "leerling", "vader", "moeder",
    "bezoeker", "bewoner", "huurder", "buurman", "buurvrouw", "automobilist", "fietser", "jongere",
    "jongeren", "scooterrijder", "student", "dader",
)
# Adjectives for build, hair and age that may precede the head ("een lange kale man").
DESCRIPTION_ADJECTIVES: tuple[str, ...] = (
    "lange", "grote", "kleine", "korte", "dikke", "dunne", "slanke", "magere", "gespierde",
    "stevige", "forse", "tengere", "kale", "blonde", "roodharige", "donkerharige", "grijze",
    "grijsharige", "jonge", "oudere", "oude", "bebaarde", "getatoeeerde", "breedgeschouderde",
    "zware", "bejaarde",
)
CLOTHING: tuple[str, ...] = (
    "jas", "jack", "jasje", "capuchon", "hoodie", "trui", "vest", "pet", "petje", "muts",
    "broek", "trainingspak", "joggingbroek", "spijkerbroek", "jeans", "shirt", "t-shirt",
    "overhemd", "colbert", "pak", "jurk", "rok", "hoofddoek", "zonnebril", "bril", "sjaal",
    "schoenen", "sneakers", "laarzen", "handschoenen", "rugzak", "uniform", "bivakmuts",
    "mondkapje", "baard", "snor", "sik", "tattoo", "tattoos", "tatoeage", "tatoeages",
    "piercing", "piercings", "staart", "vlechten", "krullen", "litteken", "kaal hoofd",
    "kapsel", "bodywarmer", "windjack", "regenjas", "leren jas", "pet op",
)
BUILD_WORDS: tuple[str, ...] = (
    "lang", "groot", "klein", "dik", "gespierd", "kaal", "breed", "fors", "tenger", "mager",
    "slank", "zwaar", "stevig", "gezet",
)
NUMBER_WORDS: tuple[str, ...] = (
    "tien", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
    "negentien", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig",
)

_NUM = rf"(?:\d{{1,2}}(?![.,]?\d)|{alternation(NUMBER_WORDS)})"
_AGE = (
    r"van\s+(?:rond\s+de|ongeveer|ong\.?|circa|ca\.?|zo'?n|een\s+jaar\s+of|om\s+en\s+nabij|"
    r"begin|eind|midden|tegen\s+de|in\s+de|tussen\s+de|boven\s+de|onder\s+de|"
    r"naar\s+schatting|hooguit|minstens|rond)?\s*"
    rf"{_NUM}(?:\s*(?:a|-|tot|en|of)\s*{_NUM})?(?:\s*jaar)?(?:\s+oud)?\b"
)
_HEIGHT = r"van\s+(?:ongeveer\s+|bijna\s+|ruim\s+|zo'?n\s+)?(?:twee\s+meter|1[.,]\d{1,2}\s*(?:m|meter)?\b|\d{3}\s*cm)"
_HAIR = (
    r"(?:met\s+)?(?:(?:lang|kort|blond|zwart|bruin|rood|grijs|donker|licht|krullend|stijl|geverfd|"
    r"lange|korte|blonde|zwarte|bruine|rode|grijze|donkere|lichte|krullende|stijle|geverfde)\s+){1,3}"
    r"(?:haar|haren)\b"
)
_STOP = r"(?:met|in|en|die|dat|de|het|een|hij|zij|ze|was|is|begon|kwam|sloeg|schold)"
_POSSESSIVE = r"(?:een\s+|zijn\s+|z'n\s+|haar\s+|d'r\s+|zo'?n\s+)?"
# fmt: on


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
    clothing = alternation(c.replace(" ", r"\s+") for c in CLOTHING)
    wearing = (
        rf"(?:met|in)\s+{_POSSESSIVE}(?:(?!{_STOP}\b)\w+\s+){{0,2}}?{clothing}\b(?:\s+(?:op|aan))?"
    )
    more = rf"(?:\s*,?\s*en\s+{_POSSESSIVE}(?:(?!{_STOP}\b)\w+\s+){{0,2}}?{clothing}\b)"
    modifier = rf"(?:{_AGE}|{_HEIGHT}|{_HAIR}|{wearing}{more}*)"
    adjectives = rf"(?:(?:{alternation(DESCRIPTION_ADJECTIVES)}|\d{{1,2}}-?jarige)\s+)"
    head = (
        rf"\b(?P<pre>{adjectives}{{0,3}})(?P<head>{alternation(DESCRIPTION_HEADS)})\b"
        rf"(?P<mods>(?:\s*,?\s+{modifier})*)"
    )
    standalone = [
        rf"\b(?:hij|zij|ze|die)\s+(?:was|is|leek\s+me|leek)\s+(?P<d>(?:ongeveer\s+|rond\s+de\s+|"
        rf"een\s+jaar\s+of\s+|zo'?n\s+|begin\s+|eind\s+|midden\s+)?{_NUM}(?:\s+jaar)?(?:\s+oud)?)\b",
        rf"\b(?:hij|zij|ze|die|en)\s+(?P<d>(?:droeg|had)\s+{_POSSESSIVE}(?:(?!{_STOP}\b)\w+\s+){{0,2}}?"
        rf"{clothing}\b(?:\s+(?:op|aan))?{more}*)",
        rf"\b(?:hij|zij|ze)\s+(?:was|is)\s+(?P<d>(?:heel\s+|erg\s+|best\s+|vrij\s+)?"
        rf"{alternation(BUILD_WORDS)})\b",
        r"\b(?P<d>(?:ongeveer\s+|bijna\s+|ruim\s+)?(?:twee\s+meter|1[.,]\d{2}\s*(?:m|meter)?)\s+lang)",
        rf"\b(?P<d>een\s+jaar\s+of\s+{_NUM}|{_NUM}\s+jaar\s+oud)",
        r"\b(?P<d>(?:met\s+)?(?:een\s+)?(?:\w+\s+)?(?:capuchon|pet|petje|muts|bivakmuts|zonnebril|"
        r"mondkapje)\s+op)\b",
    ]
    return re.compile(head), [re.compile(p) for p in standalone]


def extract_description(doc: Doc) -> str | None:
    """The worker's words describing the perpetrator, or None when nothing beyond "een man"."""
    head, standalone = _patterns()
    parts: list[tuple[int, str]] = []
    for m in doc.finditer(head):
        if m.group("pre") or m.group("mods").strip():
            parts.append((m.start(), doc.span(m.start(), m.end())))
            break
    for pattern in standalone:
        for m in doc.finditer(pattern):
            if not doc.is_negated(m.start("d"), m.end("d"), before=2):
                parts.append((m.start("d"), doc.span(m.start("d"), m.end("d"))))
    if not parts:
        return None
    seen: list[str] = []
    for _, words in sorted(parts):
        if not any(words in s for s in seen):
            seen.append(words)
    return ", ".join(seen)

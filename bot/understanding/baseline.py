"""A plain keyword baseline for every measured task, run next to the real components in `make eval`.

Deliberately naive: a word list per answer, first match wins, no negation, no context. It shows
what the real components add over the keyword approach the product started from.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.vocab import AGGRESSION_TYPES

TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "verbale_agressie": (
        "schold",
        "gescholden",
        "uitgescholden",
        "schreeuw",
        "vloek",
        "beledig",
        "kanker",
        "kut",
    ),
    "bedreiging": ("dreig", "bedreig", "vermoord", "maak je af", "weet waar je woont", "mes"),
    "fysieke_agressie": (
        "sloeg",
        "geslagen",
        "schop",
        "trap",
        "duw",
        "spuug",
        "bespuugd",
        "gebeten",
        "klap",
    ),
    "seksuele_intimidatie": ("seks", "billen", "borsten", "betast", "geil", "sexy"),
    "discriminatie": (
        "racis",
        "discrimin",
        "neger",
        "turk",
        "marokkaan",
        "homo",
        "flikker",
        "hoofddoek",
    ),
    "materiele_schade": ("kapot", "vernield", "gestolen", "bekrast", "ingegooid", "schade"),
}

INTENT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("acute_danger", ("help", "112", "nu ", "nog steeds")),
    ("ask_privacy", ("privacy", "gegevens", "anoniem", "wie leest", "wie kan")),
    ("ask_aangifte", ("aangifte",)),
    ("bot_challenge", ("robot", "bot", "mens")),
    ("stop", ("stop", "stoppen", "later")),
    ("resume_report", ("afmaken", "verder")),
    ("start_report", ("melden", "melding")),
    ("correct_info", ("toch", "bedoel", "klopt niet")),
    ("dont_know", ("weet ik niet", "geen idee")),
    ("thanks", ("dank", "bedankt", "thx")),
    ("goodbye", ("doei", "dag", "tot ")),
    ("greet", ("hoi", "hallo", "goedemorgen", "goedemiddag", "hey")),
    ("feeling_bad", ("slecht", "rot", "bang", "slaap")),
    ("feeling_ok", ("goed", "prima", "oke")),
    ("affirm", ("ja", "jep", "klopt")),
    ("deny", ("nee", "niet")),
    ("describe_incident", ("klant", "sloeg", "schold", "gisteren", "in de", "bij de")),
)

LOCATION_WORDS: dict[str, tuple[str, ...]] = {
    "balie_publieksruimte": ("balie", "loket", "wachtruimte"),
    "spreek_kantoorruimte": ("spreekkamer", "kantoor"),
    "ov_voertuig": ("bus", "tram", "trein", "metro"),
    "station_halte": ("station", "halte", "perron"),
    "dienstvoertuig": ("ambulance", "dienstauto", "wagen"),
    "woning_client": ("thuis", "huisbezoek", "woning"),
    "school": ("school", "klas", "lokaal"),
    "zorginstelling_afdeling": ("afdeling", "seh", "kliniek"),
    "online_telefoon": ("telefoon", "mail", "facebook", "whatsapp"),
    "openbare_ruimte": ("straat", "plein", "park"),
}

RELATION_WORDS: dict[str, tuple[str, ...]] = {
    "reiziger": ("reiziger", "passagier"),
    "patient_client": ("patient", "patiënt", "client", "cliënt"),
    "leerling": ("leerling",),
    "ouder": ("vader", "moeder", "ouder"),
    "huurder": ("huurder",),
    "buurtbewoner": ("buurman", "buurvrouw"),
    "klant_burger": ("klant", "burger", "man", "vrouw"),
}


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def classify(text: str) -> set[str]:
    """Types whose keyword appears anywhere in the text."""
    lowered = text.lower()
    return {label for label in AGGRESSION_TYPES if _has(lowered, TYPE_WORDS[label])}


def intent(text: str) -> str:
    """The first intent whose keyword appears; otherwise out_of_scope."""
    lowered = f" {text.lower()} "
    for name, words in INTENT_WORDS:
        if any(re.search(rf"\b{re.escape(w.strip())}\b", lowered) for w in words):
            return name
    return "out_of_scope"


def parse_time(text: str, now: datetime) -> tuple[datetime, str] | None:
    """A few fixed time words; nothing else."""
    lowered = text.lower()
    day = now.replace(hour=12, minute=0, second=0, microsecond=0)
    if re.search(r"\b(net|zojuist|zonet)\b", lowered):
        return now, "minute"
    if "gisteravond" in lowered:
        return (day - timedelta(days=1)).replace(hour=21), "range"
    if "gisteren" in lowered:
        return day - timedelta(days=1), "day"
    for word, hour in (("vanochtend", 9), ("vanmiddag", 15), ("vanavond", 21)):
        if word in lowered:
            return min(day.replace(hour=hour), now), "range"
    return None


def facts(text: str) -> dict[str, object]:
    """The measured facts by keyword."""
    lowered = text.lower()
    location = next((k for k, words in LOCATION_WORDS.items() if _has(lowered, words)), None)
    relation = next((k for k, words in RELATION_WORDS.items() if _has(lowered, words)), None)
    return {
        "location_type": location,
        "perpetrator_relation": relation,
        "perpetrator": "bekend"
        if _has(lowered, ("vaste klant", "ken hem", "ken haar", "bekende"))
        else None,
        "injury": True if _has(lowered, ("gewond", "blauwe plek", "bloed", "pijn")) else None,
        "weapon": _has(lowered, ("mes", "wapen", "schaar", "stoel", "fles")),
        "witnesses": True if _has(lowered, ("getuige", "zag het", "gezien")) else None,
        "police_present": True if "politie" in lowered else None,
        "damage": _has(lowered, TYPE_WORDS["materiele_schade"]),
        "target": "collega" if "collega" in lowered else "zelf",
    }

"""The closed vocabularies of a report: aggression types, location types, perpetrator relations.

These identifiers are stored in the database and printed by `vpt reports --json`; the Dutch
words the worker sees for them live in bot/labels_nl.yml.
"""

from __future__ import annotations

from collections.abc import Iterable

AGGRESSION_TYPES: tuple[str, ...] = (
    "verbale_agressie",
    "bedreiging",
    "fysieke_agressie",
    "seksuele_intimidatie",
    "discriminatie",
    "materiele_schade",
)

# Types that are criminal offences in most cases and so warrant aangifte guidance
# (threat art. 285, assault 300-302, sexual offences, discrimination 137c-f, vandalism 350 Sr).
# Plain verbal aggression can be an insult (art. 266) but is not pushed towards aangifte.
CRIMINAL_TYPES: frozenset[str] = frozenset(
    {"bedreiging", "fysieke_agressie", "seksuele_intimidatie", "discriminatie", "materiele_schade"}
)


def is_criminal(types: Iterable[str] | None) -> bool:
    """True when one of the aggression types is a criminal offence (CRIMINAL_TYPES)."""
    return bool(set(types or ()) & CRIMINAL_TYPES)


LOCATION_TYPES: tuple[str, ...] = (
    "openbare_ruimte",
    "balie_publieksruimte",
    "spreek_kantoorruimte",
    "ov_voertuig",
    "dienstvoertuig",
    "station_halte",
    "woning_client",
    "school",
    "zorginstelling_afdeling",
    "online_telefoon",
    "prive_omgeving",
)

PERPETRATOR_RELATIONS: tuple[str, ...] = (
    "klant_burger",
    "reiziger",
    "patient_client",
    "leerling",
    "ouder",
    "huurder",
    "buurtbewoner",
    "anders",
)

PERPETRATOR_KNOWN: tuple[str, ...] = ("bekend", "onbekend")

SEVERITIES: tuple[str, ...] = ("laag", "middel", "hoog", "zeer_hoog")

# The sectors of the Veilige Publieke Taak programme (an organisation has one), for figures.
SECTORS: tuple[str, ...] = (
    "openbaar_bestuur",
    "openbaar_vervoer",
    "veiligheid",
    "onderwijs",
    "zorg_en_welzijn",
    "sociale_zekerheid",
    "overig",
)

# The coordinator's response to the perpetrator (VPT measure 5).
RESPONSE_MEASURES = (
    "gesprek",
    "waarschuwingsbrief",
    "locatieverbod",
    "opschorten_dienstverlening",
    "geen",
)

# The aangifte decision (the worker's choices in the chat and the coordinator's) and its status.
AANGIFTE_DECISIONS = (
    "zelf",
    "zelf_onder_nummer",
    "werkgever",
    "nog_niet",
    "geen",
    "wil_aangifte",
    "geen_aangifte",
)
# The aangifte pipeline (VPT measure 6): talked about, planned, filed or not ("onbekend": the
# worker did not say in the one-week check-in).
AANGIFTE_STATUSES = ("besproken", "gepland", "gedaan", "niet_gedaan", "onbekend")
# What the Public Prosecution Service (OM) decided after the aangifte.
OM_OUTCOMES = ("sepot", "strafbeschikking", "dagvaarding", "veroordeling", "vrijspraak")

# Recovering the damage (VPT measure 7): the route and where the claim stands.
DAMAGE_ROUTES = ("benadeelde_partij", "civiel", "directe_claim", "schadefonds")
DAMAGE_STATUSES = ("open", "ingediend", "toegewezen", "afgewezen", "betaald")
# Statuses after which nothing is left to do for the damage.
DAMAGE_CLOSED = frozenset({"afgewezen", "betaald"})

# What was done for the worker's aftercare (VPT measure 8).
AFTERCARE_ACTIONS = (
    "opvanggesprek",
    "vervolggesprek",
    "verwezen_bedrijfsarts",
    "verwezen_huisarts",
)

# How a report registered by a coordinator ("melden namens") reached them.
ON_BEHALF_SOURCES = ("telefoon", "papier", "persoonlijk", "email")

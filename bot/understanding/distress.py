"""Words in a check-in answer that call for the helplines at once (the bot never diagnoses)."""

from __future__ import annotations

import re

# Thoughts of self-harm or suicide: 113 first.
_SUICIDAL = re.compile(
    r"zelfmoord|zelfdoding|suïcid|suicid"
    r"|\bdood\s+(?:zijn|willen|wil)\b|\bwil\s+(?:wel\s+)?dood\b"
    r"|niet\s+meer\s+(?:willen\s+)?leven|wil\s+niet\s+meer\s+leven"
    r"|mezelf\s+(?:iets\s+|wat\s+)?(?:aan\s*doen|aandoen|pijn\s+doen)"
    r"|(?:een\s+)?eind(?:e)?\s+aan\s+(?:mijn\s+leven|maken)|er\s+een\s+eind\s+aan"
    r"|er\s+niet\s+meer\s+(?:willen\s+)?zijn",
    re.IGNORECASE,
)
# Signs that the worker is not coping: helplines and, with consent, the coordinator.
_DISTRESS = re.compile(
    r"\bslaap\s+(?:bijna\s+)?(?:niet|nauwelijks|slecht)\b|kan\s+(?:niet|nauwelijks)\s+(?:meer\s+)?slapen"
    r"|durf\s+(?:niet|nauwelijks)\s+(?:meer\s+)?(?:naar|op)\s+(?:mijn\s+|m'n\s+|het\s+)?werk"
    r"|durf\s+(?:de\s+deur|niet\s+meer\s+naar\s+buiten)|nachtmerrie"
    r"|paniekaanval|\bik\s+trek\s+het\s+niet\b|kan\s+het\s+niet\s+meer\s+aan"
    r"|\bhuil\s+(?:de\s+)?hele\s+(?:dag|tijd)|\bik\s+ben\s+op\b|overspannen|ben\s+bang\s+om",
    re.IGNORECASE,
)


def read_distress(text: str) -> str | None:
    """'suicidal', 'distress' or None for one free-text answer."""
    if _SUICIDAL.search(text):
        return "suicidal"
    if _DISTRESS.search(text):
        return "distress"
    return None

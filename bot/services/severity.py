"""The severity of an incident, derived from its aggression types and a few facts.

Rule: start from the heaviest type (verbale_agressie and materiele_schade: laag;
discriminatie, seksuele_intimidatie and bedreiging: middel; fysieke_agressie: hoog);
+1 step when a weapon was used or a heavy object thrown; +1 for an injury, or +2 when the
injury text names serious harm (gebroken, hersenschudding, ziekenhuis, bewusteloos,
gehecht; a negated mention such as "niets gebroken" does not count); +1 when the same
perpetrator did it before. Capped at zeer_hoog; no types is laag. An injury that is not
confirmed (injury=None) counts only when its text names serious harm.
Sexual touching carries fysieke_agressie as well (see bot/understanding/classifier), so it starts at hoog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.understanding.text import fold
from bot.vocab import SEVERITIES

SEVERITY_RULES = (
    "Severity starts from the heaviest aggression type: verbal aggression or material damage is "
    "'laag'; discrimination, sexual intimidation (verbal) or threat is 'middel'; physical "
    "aggression is 'hoog'. Add one step when a weapon was used or a heavy object thrown, one "
    "step for an injury (two when it is serious: a fracture, concussion, hospital, "
    "unconsciousness or stitches), and one step when the same perpetrator did it before. "
    "The result is capped at 'zeer_hoog'; a report without types is 'laag'."
)

# The starting step (index into SEVERITIES) of each aggression type.
BASE_STEP: dict[str, int] = {
    "verbale_agressie": 0,
    "materiele_schade": 0,
    "discriminatie": 1,
    "seksuele_intimidatie": 1,
    "bedreiging": 1,
    "fysieke_agressie": 2,
}

# Words in the injury description that mean serious harm (stems, accent-free, lowercase).
SERIOUS_INJURY = re.compile(
    r"\b(?:\w*gebroken|\w*breuk\w*|brak|hersenschudding\w*|ziekenhuis\w*|spoedeisende|seh|eerste\s+hulp|"
    r"bewusteloos|buiten\s+bewustzijn|gehecht|hechting\w*|geopereerd|operatie|opgenomen)\b"
)


_NEGATORS = frozenset({"niet", "geen", "niets", "niks", "nergens", "zonder"})


def is_serious_injury(injury_text: str | None) -> bool:
    """Whether an injury description names serious harm (a fracture, hospital, stitches...)."""
    if not injury_text:
        return False
    folded = fold(injury_text)
    for match in SERIOUS_INJURY.finditer(folded):
        before = re.findall(r"\w+", folded[: match.start()])[-3:]
        if not _NEGATORS.intersection(before):
            return True
    return False


def derive_severity(
    types: Iterable[str],
    injury: bool | None,
    weapon: str | None,
    repeated: bool = False,
    injury_text: str | None = None,
) -> str:
    """One of bot.vocab.SEVERITIES: laag, middel, hoog, zeer_hoog.

    Start from the heaviest type (verbale_agressie / materiele_schade: laag; discriminatie /
    seksuele_intimidatie / bedreiging: middel; fysieke_agressie: hoog). Then +1 step when
    `weapon` names a weapon or a thrown heavy object (any non-empty text), +1 for an injury or
    +2 when `injury_text` names serious harm (gebroken, hersenschudding, ziekenhuis,
    bewusteloos, gehecht), +1 when `repeated` (the same perpetrator again). Capped at
    zeer_hoog; no types gives laag. Raises ValueError for a type outside AGGRESSION_TYPES.
    """
    given = [types] if isinstance(types, str) else list(types)
    unknown = [t for t in given if t not in BASE_STEP]
    if unknown:
        raise ValueError(f"unknown aggression types: {unknown}")
    if not given:
        return SEVERITIES[0]
    step = max(BASE_STEP[t] for t in given)
    if weapon and weapon.strip():
        step += 1
    serious = is_serious_injury(injury_text)
    if injury or (injury is None and serious):
        step += 2 if serious else 1
    if repeated:
        step += 1
    return SEVERITIES[min(step, len(SEVERITIES) - 1)]


def severity_reasons(
    types: Iterable[str],
    injury: bool | None,
    weapon: str | None,
    repeated: bool = False,
    injury_text: str | None = None,
) -> list[str]:
    """Why derive_severity gave its answer, as keys: the heaviest type, then each step up."""
    given = [t for t in ([types] if isinstance(types, str) else list(types)) if t in BASE_STEP]
    if not given:
        return ["no_types"]
    reasons = ["type:" + max(given, key=lambda t: BASE_STEP[t])]
    if weapon and weapon.strip():
        reasons.append("weapon")
    serious = is_serious_injury(injury_text)
    if injury or (injury is None and serious):
        reasons.append("serious_injury" if serious else "injury")
    if repeated:
        reasons.append("repeated")
    return reasons

"""Reading corrections and choices: "nee, het was in de tram", "ook discriminatie", "anoniem".

Word lists are data at the top so reviewers can extend them.
"""

from __future__ import annotations

import re

from bot.labels import labels
from bot.understanding.text import fold
from bot.vocab import AGGRESSION_TYPES

# Phrases that mark a message as a correction of something said before.
CORRECTION_CUES: tuple[str, ...] = (
    r"^nee[,!. ]+(het|hij|zij|ze|dat|er|ik|toch|niet|geen)\b",
    r"\btoch\b",
    r"\bik bedoel\b",
    r"\bbedoel(de)? ik\b",
    r"\bmoet zijn\b",
    r"\bklopt niet\b",
    r"\bniet .{1,40}\bmaar\b",
    r"\bverander\w*\b",
    r"\bpas .{0,30}aan\b",
    r"\bwacht\b",
    r"\bsorry,? (het|ik)\b",
    r"\beigenlijk\b",
    r"\bvoeg .{0,40}toe\b",
    r"\bzet er (ook )?bij\b",
)

ANONYMOUS_ON: tuple[str, ...] = (
    r"\banoniem\w*\b",
    r"\bzonder (mijn )?naam\b",
    r"\bmijn naam (mag|wil ik) niet\b",
    r"\bnaam niet (doorgeven|delen|noemen|vermelden|naar)\b",
    r"\bniet met (mijn )?naam\b",
)
ANONYMOUS_OFF: tuple[str, ...] = (
    r"\b(toch )?niet anoniem\b",
    r"\bmijn naam mag (wel|er ?bij)\b",
    r"\bmet (mijn )?naam\b",
)

# Words for each aggression type as a worker would type them when choosing or correcting.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "verbale_agressie": (
        "verbaal",
        "verbale",
        "schelden",
        "gescholden",
        "uitgescholden",
        "scheld",
        "schreeuw",
        "beledig",
        "uitschelden",
        "vloek",
    ),
    "bedreiging": ("bedreig", "dreig", "intimidatie", "intimideren", "geintimideerd"),
    "fysieke_agressie": (
        "fysiek",
        "geweld",
        "geslagen",
        "slaan",
        "sloeg",
        "duw",
        "geschopt",
        "schop",
        "spug",
        "spuug",
        "bespuugd",
        "gebeten",
        "bijten",
    ),
    "seksuele_intimidatie": ("seksu", "sexu", "ongewenst aangeraakt", "betast"),
    "discriminatie": ("discrimin", "racis", "racist"),
    "materiele_schade": ("schade", "diefstal", "gestolen", "vernield", "vernieling", "kapot"),
}

# Words that name a question, for "de plek klopt niet" style corrections.
QUESTION_WORDS: dict[str, tuple[str, ...]] = {
    "types": ("soort", "type", "categorie"),
    "occurred_at": ("tijd", "tijdstip", "datum", "dag", "wanneer", "uur"),
    "location_type": ("plek", "plaats", "locatie", "waar"),
    "perpetrator_relation": ("dader", "wie het was", "persoon"),
    "perpetrator": ("kende", "bekend", "onbekend"),
    "injury": ("letsel", "gewond", "verwonding", "blessure"),
    "witnesses": ("getuige", "getuigen"),
    "police_present": ("politie",),
    "damage_text": ("schade",),
    "wants_aangifte": ("aangifte",),
}

_NEGATION = r"\b(geen|niet|zonder)\s+(\w+\s+){0,2}$"


def normalise(text: str) -> str:
    """Lowercase, strip accents and collapse whitespace."""
    return re.sub(r"\s+", " ", fold(text)).strip()


def _on_off(text: str, on: tuple[str, ...], off: tuple[str, ...]) -> bool | None:
    """False when an `off` pattern matches, True for an `on` pattern, else None."""
    norm = normalise(text)
    if any(re.search(p, norm) for p in off):
        return False
    if any(re.search(p, norm) for p in on):
        return True
    return None


def is_correction(text: str) -> bool:
    """True when the message reads as a correction of an earlier fact."""
    norm = normalise(text)
    return any(re.search(cue, norm) for cue in CORRECTION_CUES)


def parse_anonymous(text: str) -> bool | None:
    """True when the worker asks to keep their name from the organisation, False when they undo it."""
    return _on_off(text, ANONYMOUS_ON, ANONYMOUS_OFF)


def mentioned_types(text: str) -> tuple[set[str], set[str]]:
    """Types named in the text, split into (affirmed, negated): 'geen bedreiging' is negated."""
    norm = normalise(text)
    for key, button in labels()["type_buttons"].items():
        if norm == normalise(button) or norm == normalise(labels()["types"][key]):
            return {key}, set()
    affirmed: set[str] = set()
    negated: set[str] = set()
    for label, words in TYPE_WORDS.items():
        for word in words:
            for match in re.finditer(r"\b" + re.escape(word), norm):
                before = norm[max(0, match.start() - 30) : match.start()]
                (negated if re.search(_NEGATION, before) else affirmed).add(label)
    return affirmed - negated, negated


def parse_types_answer(text: str, current: tuple[str, ...]) -> tuple[str, ...] | None:
    """New type set from a choice or correction ('ook discriminatie', 'alleen schelden'), or None."""
    affirmed, negated = mentioned_types(text)
    if not affirmed and not negated:
        return None
    norm = normalise(text)
    if re.search(r"\b(alleen|enkel|maar|slechts)\b", norm) or not current:
        chosen = set(affirmed)
    elif re.search(r"\b(ook|en|daarnaast|plus|erbij)\b", norm) or negated:
        chosen = (set(current) | affirmed) - negated
    else:
        chosen = set(affirmed)
    chosen -= negated
    return tuple(t for t in AGGRESSION_TYPES if t in chosen)


def button_choice(text: str, group: str) -> str | None:
    """The key whose button title (or label) equals the text, e.g. 'Reiziger' -> 'reiziger'."""
    norm = normalise(text).rstrip(".!")
    for key, title in labels()[group].items():
        if norm == normalise(str(title)):
            return key
    return None


def mentioned_questions(text: str) -> list[str]:
    """Questions whose subject the text names ('de plek klopt niet' -> ['location_type'])."""
    norm = normalise(text)
    return [
        q
        for q, words in QUESTION_WORDS.items()
        if any(re.search(r"\b" + re.escape(w), norm) for w in words)
    ]


AANGIFTE_YES = (
    r"\b(ik )?(wil|ga|doe|ga ik) (ook )?(wel )?aangifte (doen|maken)?\b",
    r"\baangifte doe ik\b",
)
AANGIFTE_NO = (
    r"\bgeen aangifte\b",
    r"\bniet (naar de politie|aangifte)\b",
    r"\baangifte (doe|wil) ik niet\b",
)


def parse_aangifte_wish(text: str) -> bool | None:
    """True/False when the text states whether the worker wants to file a police report."""
    return _on_off(text, AANGIFTE_YES, AANGIFTE_NO)

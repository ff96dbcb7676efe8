"""Short answers to one question: yes/no, "weet ik niet", "weet ik nog niet", blank.

Answers are typed on a phone by someone who is shaken: any case, typos, no punctuation, chat
abbreviations ("idd", "mss", "wn") and stretched words ("jaaa", "neee"). The answer is read from
the first words; what follows a yes or no is kept as detail.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.dialogue.turn import Turn
from bot.understanding.text import fold

# fmt: off
# Yes and no, as regex fragments on folded text. Longer phrases win ("klopt niet" over "klopt").
YES_PHRASES: tuple[str, ...] = (
    r"ja+h?", r"ja+\s+hoor", r"ja+\s+zeker", r"ja+\s+joh", r"ja+\s+klopt", r"ja+\s+natuurlijk",
    "jazeker", "jawel", "jaja", r"jep+", "jup", "jip", r"yes+", "yep", "yup", "ya", "y", "j",
    "klopt", r"klopt\s+helemaal", r"dat\s+klopt", "idd", "inderdaad", "zeker", r"zeker\s+weten",
    "absoluut", "natuurlijk", "tuurlijk", "uiteraard", "correct", "precies", "ok", "oke",
    "okay", "okee", "oki", "okido", "prima", "goed", r"is\s+goed", r"(?:ik\s+)?denk\s+het\s+wel",
    r"(?:ik\s+)?denk\s+het", r"(?:ik\s+)?denk\s+van\s+wel", r"volgens\s+mij\s+wel",
    r"ik\s+geloof\s+(?:van|het)\s+wel", r"dat\s+is\s+zo", "wel", "sowieso", "sws", "graag",
    "\U0001f44d",
)
NO_PHRASES: tuple[str, ...] = (
    r"ne+[ejn]?", r"ne+\s+hoor", r"ne+\s+joh", r"ne+\s+hoor\s+joh", "nope", "nah", "neuh", "nop",
    "no", "n", "nein", "niet", "geen", "nooit", "niks", "niets", "welnee", "nvt",
    r"niet\s+van\s+toepassing", r"(?:dat\s+)?klopt\s+niet", r"niet\s+echt", r"zeker\s+niet",
    r"helemaal\s+niet", r"absoluut\s+niet", r"echt\s+niet", r"gelukkig\s+niet", r"liever\s+niet",
    r"ja+\s*,?\s*ne+[ejn]?", r"ja+\s*,?\s*niet\s+echt", r"niet\s+dat\s+ik\s+weet",
    r"(?:ik\s+)?denk\s+het\s+niet", r"(?:ik\s+)?denk\s+van\s+niet", r"volgens\s+mij\s+niet",
    r"ik\s+geloof\s+(?:van|het)\s+niet", r"ne+\s+(?:dank\s+je|dank\s+u|bedankt|dankje)",
    r"ook\s+niet", "\U0001f44e",
)
# Words that may come before the answer without changing it ("eh ja", "nou nee").
LEADING_FILLERS: tuple[str, ...] = ("eh", "ehm", "euh", "uh", "uhm", "hmm", "hm", "nou", "oh", "o", "tja")
# Words dropped between the answer and its detail ("ja hoor, ..." "nee want ...").
DETAIL_FILLERS: tuple[str, ...] = ("hoor", "joh", "he", "dus", "want", "en", "wel", "hoor joh")

DONT_KNOW_PATTERNS: tuple[str, ...] = (
    r"(?:ik\s+|k\s+)?weet\s+(?:ik\s+|k\s+)?(?:het\s+|t\s+|dat\s+)?(?:echt\s+|eigenlijk\s+|ook\s+|"
    r"helaas\s+|zo\s+|eerlijk\s+gezegd\s+)?(?:niet|nie|nt)(?:\s+meer)?(?:\s+precies)?",
    r"(?:ik\s+)?(?:heb\s+)?geen\s+(?:flauw\s+)?(?:idee|benul)(?:\s+meer)?",
    r"weet\s+ik\s+veel", "wn", "wnm", "wnmr", "idk", "dunno", "kweenie", "kweetniet", "weetniet",
    "geen id",
    r"(?:ik\s+)?(?:kan|kon)\s+(?:ik\s+)?(?:me|mij)\s+(?:het\s+|dat\s+|dat\s+echt\s+)?niet\s+"
    r"(?:meer\s+)?herinneren",
    r"(?:ik\s+)?herinner\s+(?:ik\s+)?(?:me|mij)\s+(?:het\s+|dat\s+)?niet(?:\s+meer)?",
    r"(?:ben\s+(?:het|ik)\s+)?vergeten", "onbekend", r"niet\s+bekend",
    r"kan\s+ik\s+niet\s+zeggen", r"joost\s+mag\s+het\s+weten",
)
# Words that may surround a "don't know" without adding content.
DONT_KNOW_FILLERS: frozenset[str] = frozenset({
    "eh", "ehm", "euh", "uh", "uhm", "hmm", "huh", "sorry", "sry", "echt", "eerlijk", "gezegd",
    "helaas", "nee", "ja", "hoor", "joh", "nou", "eigenlijk", "precies", "meer", "ook", "niet",
    "het", "dat", "ik", "k", "zo", "even", "ff", "dus", "toch", "he", "de", "dader", "is",
    "was", "al", "wel", "geen", "idee", "goed", "zeker", "exact", "ws", "pfff", "pff",
})
# A "don't know" followed by one of these words is about that clause: "weet niet meer wie het was".
QUESTION_WORDS: frozenset[str] = frozenset({
    "hoe", "wat", "wie", "waar", "wanneer", "welke", "welk", "of", "hoeveel", "hoelaat", "waarom",
})

UNSURE_PATTERNS: tuple[str, ...] = (
    r"weet\s+(?:ik\s+|k\s+)?(?:het\s+|t\s+|dat\s+)?(?:echt\s+)?nog\s+niet",
    r"misschien", "mischien", "mss", "misch", "wellicht", "eventueel", r"kan\s+zijn",
    r"twijfel\w*", r"(?:nog\s+)?niet\s+(?:helemaal\s+|zo\s+)?zeker", r"nog\s+niet\s+besloten",
    r"nog\s+geen\s+(?:besluit|beslissing|idee)", r"denk\s+er\s+(?:nog\s+)?(?:even\s+|ff\s+)?over\s+na",
    r"denk\s+erover\s+na", r"(?:moet|wil|ga)\s+(?:er\s+)?(?:nog\s+)?(?:even\s+|ff\s+)?over\s+nadenken",
    r"(?:nog\s+)?(?:even|ff|eerst)\s+(?:over\s+)?nadenken", r"nog\s+(?:even\s+)?bedenken",
    r"(?:eerst\s+)?(?:even\s+)?overleggen", r"ik\s+overleg\s+(?:eerst|nog)", r"hangt\s+ervan\s+af",
    r"ligt\s+eraan", r"zie\s+ik\s+nog", r"ik\s+kijk\s+nog", r"weet\s+niet\s+of",
)
# fmt: on

# Negators that start a phrase rather than answer before it.
_BOUND_NO = re.compile(r"^[\W_]*(?:niet|geen|nooit|niks|niets)\s*$")

_STRIP = " \t\n.,;:!?-\u2013\u2014()[]\"'*~"


@lru_cache(maxsize=1)
def _c() -> dict[str, re.Pattern[str]]:
    def alt(items: tuple[str, ...] | frozenset[str]) -> str:
        return "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"

    fillers = rf"(?:{alt(LEADING_FILLERS)}\b[\s,.]*)*"
    end = r"(?=$|[^\w']|\s)"
    return {
        "yes": re.compile(rf"^[\W_]*{fillers}(?P<a>{alt(YES_PHRASES)}){end}"),
        "no": re.compile(rf"^[\W_]*{fillers}(?P<a>{alt(NO_PHRASES)}){end}"),
        "dont_know": re.compile(rf"(?<![\w']){alt(DONT_KNOW_PATTERNS)}(?![\w'])|\?+"),
        "unsure": re.compile(rf"(?<![\w']){alt(UNSURE_PATTERNS)}(?![\w'])"),
        "doubt_lead": re.compile(
            r"(?:[\s,.;:!?-]|\b(?:hoor|joh|he|dus|en|wel|ik|k|eh|ehm|uh|uhm|nou)\b)*"
        ),
        "detail_fillers": re.compile(rf"^(?:[\s{re.escape(_STRIP)}]|\b{alt(DETAIL_FILLERS)}\b)*"),
    }


def _leading_answer(text: str) -> tuple[bool, int] | None:
    """The yes/no at the start of `text` and where it ends, or None."""
    folded = fold(text)
    c = _c()
    yes, no = c["yes"].match(folded), c["no"].match(folded)
    if yes and no:
        # The longer reading wins: "klopt niet" is no, "jawel" is yes.
        return (True, yes.end()) if yes.end() > no.end() else (False, no.end())
    if yes:
        return True, yes.end()
    if no:
        return False, no.end()
    return None


def parse_yes_no(text: str) -> bool | None:
    """True/False for a Dutch yes/no answer ("ja", "jep", "idd", "nee hoor", "klopt niet"), else None."""
    if not text:
        return None
    stripped = text.strip()
    answer = _leading_answer(stripped)
    if answer is None:
        return None
    # "nee, weet ik niet", "ja misschien", "geen idee": the answer is a doubt, not a yes or no.
    folded = fold(stripped)
    lead = _c()["doubt_lead"].match(folded, answer[1])
    reach = lead.end() if lead else answer[1]
    for key in ("dont_know", "unsure"):
        m = _c()[key].search(folded)
        if m and m.start() <= reach:
            return None
    return answer[0]


def is_dont_know(text: str) -> bool:
    """True when the answer says only "weet ik niet", "geen idee", "wn", "idk", "onbekend", "?"..."""
    if not text or is_unsure_yet(text):
        return False
    folded = fold(text).strip()
    m = _c()["dont_know"].search(folded)
    if not m:
        return False
    rest = (folded[: m.start()] + " " + folded[m.end() :]).replace("?", " ")
    words = re.findall(r"[\w']+", rest)
    # "weet niet meer wie het was": the clause after a question word is part of the "don't know".
    for i, word in enumerate(words):
        if word in QUESTION_WORDS:
            words = words[:i]
            break
    content = [w for w in words if w not in DONT_KNOW_FILLERS]
    if m.group().startswith("?"):
        return not content  # a bare "?" or "huh?", not "hoezo?"
    return len(content) <= 2 and not any(ch.isdigit() for ch in "".join(content))


def is_unsure_yet(text: str) -> bool:
    """True for "weet ik nog niet", "misschien", "twijfel", "nog niet besloten", "denk er nog over na"."""
    return bool(text) and bool(_c()["unsure"].search(fold(text)))


def is_blank(text: str) -> bool:
    """True for empty text, whitespace, only punctuation or only emoji/symbols (no letters or digits)."""
    return not any(ch.isalnum() for ch in text or "")


def detail_after_yes_no(text: str) -> str | None:
    """The extra words after a yes/no: "ja, een blauwe plek op mijn arm" -> "een blauwe plek op mijn arm"."""
    if parse_yes_no(text) is None:
        return None
    stripped = text.strip()
    answer = _leading_answer(stripped)
    if answer is None:  # pragma: no cover - parse_yes_no found one
        return None
    rest = stripped[answer[1] :]
    if _BOUND_NO.match(fold(stripped[: answer[1]])) and re.match(r"\s+\w", rest):
        return None  # "geen getuigen", "niet gewond": the words are the answer itself
    skip = _c()["detail_fillers"].match(fold(rest))
    rest = rest[skip.end() if skip else 0 :].strip(_STRIP)
    return rest or None


# A yes or no is read from the words first ("ja", "nee hoor", "klopt"); the NLU intent alone
# counts for a button or when it is this sure: a name typed at a yes/no question ("Sanne
# Jansen") gets "affirm" at about 0.56 and must be asked again, not stored as "ja".
YES_NO_INTENT_CONFIDENCE = 0.8


def yes_no(turn: Turn) -> bool | None:
    """True/False for a yes/no answer (button, words or a sure intent), else None."""
    parsed = None if turn.is_payload else parse_yes_no(turn.text)
    if parsed is not None:
        return parsed
    sure = 0.0 if turn.is_payload else YES_NO_INTENT_CONFIDENCE
    if turn.intent_is("affirm", min_confidence=sure):
        return True
    if turn.intent_is("deny", min_confidence=sure):
        return False
    return None

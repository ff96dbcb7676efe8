"""Text helpers for fact extraction: folding, clauses, negation and quoted speech.

All extractors match on `Doc.plain`: the worker's text lowercased, without accents and with
quoted speech blanked out, kept at exactly the same length as the original so that every match
can be cut from the original text as evidence in the worker's own words.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# fmt: off
# Words that negate a cue a few words later in the same clause ("ik ben NIET gewond").
NEGATORS: frozenset[str] = frozenset({
    "niet", "geen", "nooit", "niks", "niets", "nie", "ni", "gn", "nx", "nergens", "zonder",
    "nimmer", "niemand",
})
# A negator followed by one of these only weakens the cue: "niet ernstig gewond" is still hurt.
NEGATION_SOFTENERS: frozenset[str] = frozenset({
    "ernstig", "ernstige", "zwaar", "zware", "erg", "zo", "heel", "alleen", "enkel", "heftig",
})
# Words that start a new clause, so a negation before them does not reach past them.
CLAUSE_WORDS: frozenset[str] = frozenset({
    "maar", "want", "en", "toen", "omdat", "terwijl", "dus", "daarna", "waarna", "nadat",
    "zodat", "waardoor", "hoewel", "echter", "alleen",
})
# fmt: on

# A clause that talks about an earlier incident does not describe this one.
EARLIER_INCIDENT = re.compile(
    r"\b(?:(?:de|een)\s+)?(?:vorige|eerdere|vorig)\s+keer\b|\bde\s+keer\s+daarvoor\b|"
    r"\b(?:eerder|vroeger)\s+al\b|\btoen\s+ook\s+al\b"
)

# Direct speech without quote marks after a past-tense speech verb: "hij riep ik maak je af".
# It runs to the end of the clause. Present tense ("hij zegt ik kom terug") is left alone:
# it may be a threat happening now.
REPORTED_SPEECH = re.compile(
    r"\b(?:zei|riep|schreeuwde|brulde|gilde|siste|appte|schreef|dreigde|tierde)\b"
    r"(?:\s+(?:tegen|naar)\s+(?:me|mij|ons|mijn\s+collega))?\s*:?\s+"
    r"(?P<speech>(?:ik|k|je|jij|jou|we|wij|jullie)\b[^.!?;\n,]*)"
)

_TRANSLATE = {"\u2018": "'", "\u2019": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"'}
_TRANSLATE.update({"\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-"})

_MAX_QUOTE = 300
_TOKEN = re.compile(r"[\w']+")
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n+")
_CLAUSE_PUNCT = re.compile(r",(?!\d)|:|\s-\s|\(|\)")
# A quote mark opens speech after a space, not in "'s avonds", "'t is", "m'n", "auto's".
_CLITIC = re.compile(r"'(?:s|t|n|k|m|r|ns)\b")


@functools.lru_cache(maxsize=64)
def fold(text: str) -> str:
    """Lowercase and strip accents, keeping one character for every character of `text`."""
    # Cached: every extractor folds the same message again (about 20 times per turn).
    if text.isascii():  # the common case; "`" is the only ASCII character translated
        return text.lower().replace("`", "'")
    return "".join(_fold_char(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _TRANSLATE:
        return _TRANSLATE[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    base = base.lower()
    return base if len(base) == 1 else (ch.lower()[:1] or ch)


def mask_quotes(folded: str) -> str:
    """Blank out quoted speech ("ik maak je af") so threats in quotes are not read as facts."""
    chars = list(folded)
    i = 0
    n = len(chars)
    while i < n:
        ch = chars[i]
        opener = ch == '"' or (
            ch == "'"
            and (i == 0 or not chars[i - 1].isalnum())
            and i + 1 < n
            and chars[i + 1].isalpha()
            and not _CLITIC.match(folded, i)
        )
        if not opener:
            i += 1
            continue
        close = _find_closing(folded, i, ch)
        if close < 0:
            i += 1
            continue
        for j in range(i, close + 1):
            if chars[j] != "\n":
                chars[j] = " "
        i = close + 1
    return "".join(chars)


def mask_reported_speech(folded: str) -> str:
    """Blank out unquoted direct speech after a speech verb ("hij riep ik steek je neer")."""
    chars = list(folded)
    for m in REPORTED_SPEECH.finditer(folded):
        for j in range(m.start("speech"), m.end("speech")):
            chars[j] = " "
    return "".join(chars)


def _find_closing(folded: str, start: int, mark: str) -> int:
    """Index of the quote mark that closes the one at `start`, or -1."""
    # Spoken words are short; a quote mark left open does not swallow the rest of the story.
    for j in range(start + 1, min(len(folded), start + _MAX_QUOTE)):
        if folded[j] == "\n":
            return -1
        if folded[j] != mark:
            continue
        after = folded[j + 1] if j + 1 < len(folded) else " "
        if mark == '"' or not after.isalnum():
            return j
    return -1


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words` (regex fragments), longest first."""
    unique = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(unique) + ")"


@dataclass(frozen=True)
class Token:
    """A word of the folded text with its character span."""

    start: int
    end: int
    word: str


class Doc:
    """A worker's text prepared for matching: folded, quotes masked, tokens and clause borders."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = fold(text)
        self.plain = mask_reported_speech(mask_quotes(self.norm))
        self.tokens = [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.plain)]
        self._starts = [t.start for t in self.tokens]
        sentence = {m.start() for m in _SENTENCE_END.finditer(self.plain)}
        self._sentence_breaks = sorted(sentence)
        clause = set(sentence) | {m.start() for m in _CLAUSE_PUNCT.finditer(self.plain)}
        clause |= {t.start for t in self.tokens if t.word in CLAUSE_WORDS}
        self._clause_breaks = sorted(clause)

    def span(self, start: int, end: int) -> str:
        """The worker's original words between two character offsets."""
        return self.text[start:end].strip(" ,.;:!?\n\t")

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of `pattern` in the folded text outside quoted speech."""
        return pattern.finditer(self.plain)

    @staticmethod
    def _bounds(breaks: list[int], pos: int, length: int) -> tuple[int, int]:
        i = bisect.bisect_right(breaks, pos)
        start = breaks[i - 1] if i > 0 else 0
        end = breaks[i] if i < len(breaks) else length
        return start, end

    def clause(self, pos: int) -> tuple[int, int]:
        """Character span of the clause around `pos`."""
        return self._bounds(self._clause_breaks, pos, len(self.plain))

    def sentence(self, pos: int) -> tuple[int, int]:
        """Character span of the sentence around `pos`."""
        return self._bounds(self._sentence_breaks, pos, len(self.plain))

    def clause_text(self, pos: int) -> str:
        """Folded text of the clause around `pos`."""
        start, end = self.clause(pos)
        return self.plain[start:end]

    def sentence_text(self, pos: int) -> str:
        """Folded text of the sentence around `pos`."""
        start, end = self.sentence(pos)
        return self.plain[start:end]

    def words_before(self, pos: int, count: int) -> list[Token]:
        """Up to `count` tokens before `pos` in the same clause."""
        clause_start, _ = self.clause(pos)
        i = bisect.bisect_left(self._starts, pos)
        out = [t for t in self.tokens[max(0, i - count) : i] if t.start >= clause_start]
        return out

    def words_after(self, pos: int, count: int) -> list[Token]:
        """Up to `count` tokens from `pos` on, in the same clause."""
        _, clause_end = self.clause(max(0, pos - 1))
        i = bisect.bisect_left(self._starts, pos)
        return [t for t in self.tokens[i : i + count] if t.start < clause_end]

    def negation(
        self, start: int, end: int, before: int = 4, after: int = 0
    ) -> tuple[int, int] | None:
        """The span widened to its negator when one stands a few words before or after it."""
        words = self.words_before(start, before)
        for k, token in enumerate(words):
            if token.word not in NEGATORS:
                continue
            following = words[k + 1].word if k + 1 < len(words) else ""
            if following in NEGATION_SOFTENERS:
                continue
            # "zonder" only reaches the next word: "zonder letsel", not "zonder kaartje spuugde".
            if token.word == "zonder" and len(words) - k > 1 and following not in ("enig", "enige"):
                continue
            return token.start, end
        for token in self.words_after(end, after):
            if token.word in NEGATORS:
                return start, token.end
        return None

    def is_negated(self, start: int, end: int, before: int = 4, after: int = 0) -> bool:
        """True when a negator stands a few words before (or after) the span, in its clause."""
        return self.negation(start, end, before, after) is not None

    def about_earlier_incident(self, pos: int) -> bool:
        """True when the clause around `pos` talks about an earlier incident ("de vorige keer")."""
        return bool(EARLIER_INCIDENT.search(self.clause_text(pos)))

    def token_distance(self, a: int, b: int) -> int:
        """Number of tokens between two character offsets."""
        lo, hi = sorted((a, b))
        return bisect.bisect_left(self._starts, hi) - bisect.bisect_left(self._starts, lo)

"""Text normalisation for the lexicon, keeping a map back to the worker's own words.

`normalize` lowercases, strips accents, collapses letters repeated three or more times
("kankerrrr" -> "kanker") and rewrites common chat spelling ("kkr" -> "kanker",
"k weet" -> "ik weet", "m'n" -> "mijn"). Every character of the result remembers which
characters of the original it came from, so a match on the normalised text can be shown to
the worker as the words they typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Whole chat tokens and what they mean. Keys are already lowercased and accent-free.
CHAT_SPELLING: dict[str, str] = {
    "k": "ik",
    "'k": "ik",
    "kga": "ik ga",
    "kweet": "ik weet",
    "kben": "ik ben",
    "kmaak": "ik maak",
    "kpak": "ik pak",
    "kzal": "ik zal",
    "ksla": "ik sla",
    "m'n": "mijn",
    "mn": "mijn",
    "z'n": "zijn",
    "zn": "zijn",
    "'t": "het",
    "'n": "een",
    "nie": "niet",
    "ni": "niet",
    "nt": "niet",
    "nx": "niks",
    "nks": "niks",
    "ff": "even",
    "w8": "wacht",
    "ma": "maar",
    "da": "dat",
    "wa": "wat",
    "gwn": "gewoon",
    "kk": "kanker",
    "kkr": "kanker",
    "knkr": "kanker",
    "kankr": "kanker",
    "kanka": "kanker",
    "kenker": "kanker",
    "tyf": "tyfus",
    "tiefus": "tyfus",
    "flikkah": "flikker",
    "mongol": "mongool",
    "homoo": "homo",
    "sexie": "sexy",
    "seksie": "sexy",
    "bitchh": "bitch",
}

# Chat prefixes glued to a word: "kkrwijf" -> "kankerwijf".
CHAT_PREFIXES: dict[str, str] = {"kkr": "kanker", "knkr": "kanker", "kenker": "kanker"}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_TOKEN = re.compile(r"'?[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Normalized:
    """A normalised text with, per character, the span of the original it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def source(self, start: int, end: int) -> str:
        """The original words behind the normalised span [start, end)."""
        if start >= end:
            return ""
        return self.original[self.starts[start] : self.ends[end - 1]].strip(" ,.;:!?'\"")


def _fold(original: str) -> list[tuple[str, int, int]]:
    """Lowercase and strip accents, one entry per output character."""
    out: list[tuple[str, int, int]] = []
    for index, char in enumerate(original):
        lowered = char.lower().translate(_APOSTROPHES)
        for part in unicodedata.normalize("NFKD", lowered):
            if unicodedata.combining(part) or part in "\u200b\u200c\u200d\ufeff":
                continue
            out.append((part, index, index + 1))
    return out


def _collapse(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Collapse a letter repeated three or more times into one."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and chars[j + 1][0] == chars[i][0]:
            j += 1
        if j - i >= 2 and chars[i][0].isalpha():
            out.append((chars[i][0], chars[i][1], chars[j][2]))
        else:
            out.extend(chars[i : j + 1])
        i = j + 1
    return out


def _rewrite(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Replace chat spelling tokens by the words they stand for."""
    text = "".join(c for c, _, _ in chars)
    out: list[tuple[str, int, int]] = []
    last = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        replacement = CHAT_SPELLING.get(token)
        if replacement is None:
            replacement = next(
                (
                    new + token[len(old) :]
                    for old, new in CHAT_PREFIXES.items()
                    if token.startswith(old)
                ),
                None,
            )
        if replacement is None:
            continue
        out.extend(chars[last : match.start()])
        span_start, span_end = chars[match.start()][1], chars[match.end() - 1][2]
        out.extend((c, span_start, span_end) for c in replacement)
        last = match.end()
    out.extend(chars[last:])
    return out


def normalize(original: str) -> Normalized:
    """Normalise an incident text for matching, keeping the way back to the original."""
    chars = _rewrite(_collapse(_fold(original)))
    return Normalized(
        original=original,
        text="".join(c for c, _, _ in chars),
        starts=tuple(s for _, s, _ in chars),
        ends=tuple(e for _, _, e in chars),
    )

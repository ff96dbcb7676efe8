"""Find the pieces of time expressions in a text (bot.understanding.timeparse.parse does the arithmetic).

A piece is one matched phrase: a day ("gisteren", "vrijdag", "15 maart"), a day part
("vanavond", "'s middags"), a clock time ("rond half 7") or an instant relative to now ("net",
"10 min geleden"). Pieces that are not the incident time (threats about tomorrow, habits,
durations, line and room numbers) are dropped here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import timedelta

from bot.understanding.timeparse import patterns as p


@dataclass(frozen=True)
class Day:
    """A calendar day, possibly relative: how to find it from today."""

    kind: str  # "offset" | "weekday" | "date" | "week" | "weekend" | "month"
    offset: int = 0  # offset: days back; week: always 7
    weekday: int = 0  # weekday: 0 = Monday
    mode: str = "bare"  # weekday: "bare" (today counts), "last" (before today), "prevweek"
    month: int = 0
    day: int = 0
    year: int | None = None
    months_back: int = 0  # offset: whole months back ("een maand geleden")


@dataclass(frozen=True)
class Part:
    """A part of a day: ochtend, middag, avond or nacht, optionally early/late/lunch."""

    name: str
    mod: str | None = None  # "vroeg" | "laat" | "lunch"


@dataclass(frozen=True)
class Clock:
    """A clock time; `literal` means 24-hour, else hour is on a 12-hour dial (0 = twelve)."""

    hour: int
    minute: int
    literal: bool
    exact: bool  # minutes given: precision "minute", else "hour"


@dataclass(frozen=True)
class Piece:
    """One matched phrase; a phrase like "gisteravond" carries both a day and a part."""

    start: int
    end: int
    day: Day | None = None
    part: Part | None = None
    clock: Clock | None = None
    ago: timedelta | None = None  # an instant relative to now
    ago_precision: str = "minute"
    weak: bool = False  # a bare "2 uur": a time only next to a day word or as a short answer
    abbreviation: str | None = None  # "za", "zo": a weekday only next to a time


def _number(word: str) -> float | None:
    """Digits ("10", "1,5") or a Dutch number word as a number."""
    word = word.strip()
    if word[0].isdigit():
        return float(word.replace(",", "."))
    if word in ("anderhalf",):
        return 1.5
    if word in ("half", "een half"):
        return 0.5
    if word in ("een paar", "paar", "enkele"):
        return -1.0  # "a few": the unit decides how many
    return float(p.NUMBER_WORDS[word]) if word in p.NUMBER_WORDS else None


_FEW = {"minute": 5, "hour": 2, "day": 2, "week": 2, "month": 2}
_UNITS = {
    "minuten": "minute",
    "minuutjes": "minute",
    "minuutje": "minute",
    "minuut": "minute",
    "min": "minute",
    "mins": "minute",
    "m": "minute",
    "kwartiertje": "quarter",
    "kwartier": "quarter",
    "halfuur": "halfhour",
    "uurtjes": "hour",
    "uurtje": "hour",
    "uur": "hour",
    "u": "hour",
    "dagen": "day",
    "dagje": "day",
    "dag": "day",
    "weken": "week",
    "weekje": "week",
    "week": "week",
    "maanden": "month",
    "maand": "month",
}


def _relative(m: re.Match) -> Piece | None:
    unit = _UNITS[m["unit"]]
    amount = _number(m["amount"]) if m["amount"] else None
    if amount is None:
        if unit == "minute" or m["unit"] == "u":
            return None  # "min geleden" needs a number; "uur geleden", "kwartier geleden" do not
        amount = 1.0
    few = amount < 0
    if few:
        amount = _FEW.get(unit, 2)
    if unit in ("day", "week", "month"):
        if amount != int(amount):
            return None
        n = int(amount)
        if unit == "month":
            return Piece(m.start(), m.end(), day=Day("offset", months_back=n))
        return Piece(m.start(), m.end(), day=Day("offset", offset=n * (7 if unit == "week" else 1)))
    minutes = amount * {"minute": 1, "quarter": 15, "halfhour": 30, "hour": 60}[unit]
    # "een uur geleden" is a round figure: hour precision; minutes, quarters and half hours
    # ("anderhalf uur") are minute.
    precision = "hour" if unit == "hour" and amount == int(amount) else "minute"
    return Piece(m.start(), m.end(), ago=timedelta(minutes=minutes), ago_precision=precision)


def _part_from(m: re.Match, stem_group: str) -> Part:
    mod = m["mod"]
    if "adj" in m.re.groupindex and (m["adj"] or m["pre"]):
        mod = {"vroege": "vroeg", "late": "laat"}.get(m["adj"] or "", m["pre"])
    return Part(p.part_name(m[stem_group]), mod)


def _day_pieces(low: str) -> list[Piece]:
    pieces: list[Piece] = []
    for m in p.TODAY.finditer(low):
        pieces.append(Piece(m.start(), m.end(), day=Day("offset", offset=0)))
    for m in p.YESTERDAY.finditer(low):
        day = Day("offset", offset=2 if m["eer"] else 1)
        part = _part_from(m, "part") if m["part"] else None
        pieces.append(Piece(m.start(), m.end(), day=day, part=part))
    for m in p.WEEKDAY.finditer(low):
        weekday = p.WEEKDAYS[m["wd"]] if m["wd"] else p.WEEKDAY_ABBREVIATIONS[m["abbr"]]
        mode = "prevweek" if m["week"] else "last" if (m["last"] or m["jl"]) else "bare"
        part = _part_from(m, "part") if m["part"] else None
        abbreviation = m["abbr"] if m["abbr"] and mode == "bare" and part is None else None
        pieces.append(
            Piece(
                m.start(),
                m.end(),
                Day("weekday", weekday=weekday, mode=mode),
                part,
                abbreviation=abbreviation,
            )
        )
    for m in p.PREVIOUS_WEEK.finditer(low):
        pieces.append(Piece(m.start(), m.end(), day=Day("week", offset=7)))
    for m in p.PREVIOUS_MONTH.finditer(low):
        pieces.append(Piece(m.start(), m.end(), day=Day("month", months_back=1)))
    for m in p.WEEKEND.finditer(low):
        pieces.append(Piece(m.start(), m.end(), day=Day("weekend", mode=m["which"])))
    for rx in (p.DATE_NAMED, p.DATE_NUMERIC, p.DATE_DOTTED):
        for m in rx.finditer(low):
            month = p.MONTHS[m["mon"]] if "mon" in rx.groupindex else int(m["m"])
            year = int(m["y"]) if m["y"] else None
            if year is not None and year < 100:
                year += 2000
            if not (1 <= int(m["d"]) <= 31 and 1 <= month <= 12):
                continue
            if rx is p.DATE_NUMERIC and _HOURS_AFTER.match(low, m.end()):
                continue  # "10-12 uur" is a span of hours
            pieces.append(
                Piece(m.start(), m.end(), day=Day("date", month=month, day=int(m["d"]), year=year))
            )
    return pieces


def _part_pieces(low: str) -> list[Piece]:
    pieces = [
        Piece(
            m.start(),
            m.end(),
            day=Day("weekday", weekday=p.WEEKDAYS[m["wd"]], mode="bare"),
            part=Part("nacht", None),
        )
        for m in p.NIGHT_BETWEEN.finditer(low)
    ]
    for m in p.PART.finditer(low):
        if m["lunch"]:
            part = Part("middag", "lunch")
        elif m["lastnight"]:
            part = Part("nacht", m["mod"])
        else:
            part = _part_from(m, "van" if m["van"] else "s" if m["s"] else "inde")
        # "vannacht" is the night that followed yesterday.
        day = (
            Day("offset", offset=1 if part.name == "nacht" else 0)
            if m["van"] or m["lastnight"]
            else None
        )
        pieces.append(Piece(m.start(), m.end(), day=day, part=part))
    return pieces


def _hour_value(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return p.NUMBER_WORDS.get(word) or p.HOUR_PLURALS.get(word)


def _clock(hour: int, minute: int, exact: bool, digital: bool = False) -> Clock | None:
    """Build a clock; hours 13-23, 0 and (digital) 7-12 read as written, others on a 12-hour dial."""
    if not (0 <= hour <= 24 and 0 <= minute <= 59):
        return None
    if hour == 24:
        return Clock(0, minute, True, exact)
    literal = hour == 0 or hour >= 13 or (digital and hour == 12)
    return Clock(hour if literal else hour % 12, minute, literal, exact)


def _clock_pieces(low: str) -> list[Piece]:
    pieces = []
    for m in p.CLOCK_DIGITAL.finditer(low):
        h = m["h"]
        clock = _clock(int(h), int(m["m"]), True, digital=True)
        if clock and h.startswith("0"):
            clock = Clock(int(h), int(m["m"]), True, True)
        if clock:
            pieces.append(Piece(m.start(), m.end(), clock=clock))
    for m in p.CLOCK_WORDS.finditer(low):
        if not (m["mn"] or m["half"]):
            continue
        hour = _hour_value(m["h"])
        if hour is None or not 1 <= hour <= 12:
            continue
        total = hour * 60 - (30 if m["half"] else 0)
        if m["mn"]:
            mins = _number(m["mn"]) if m["mn"] != "kwart" else 15
            if mins is None or not 1 <= mins <= 29:
                continue
            total += int(mins) if m["dir"] == "over" else -int(mins)
        total %= 12 * 60
        clock = Clock(total // 60, total % 60, False, True)
        pieces.append(Piece(m.start(), m.end(), clock=clock, weak=m["pre"] in p.WEAK_PREFIXES))
    for rx in (p.CLOCK_HOUR, p.CLOCK_BARE, p.CLOCK_ABOUT, p.CLOCK_PLURAL):
        for m in rx.finditer(low):
            hour = _hour_value(m["h"])
            clock = _clock(hour, 0, False) if hour is not None else None
            if clock is None:
                continue
            weak = rx in (p.CLOCK_HOUR, p.CLOCK_BARE) and (
                not m["pre"] or m["pre"] in p.WEAK_PREFIXES
            )
            if rx is p.CLOCK_HOUR and not m["pre"] and m["h"] in ("een", "één", "eén"):
                continue  # "een uur" without "om" is an hour long
            if (
                rx is p.CLOCK_BARE
                and m["h"] in ("een", "één", "eén")
                and not p.AFTER_BARE_ONE.match(low, m.end())
            ):
                continue
            pieces.append(Piece(m.start(), m.end(), clock=clock, weak=weak))
    for rx, hour in ((p.CLOCK_MIDNIGHT, 0), (p.CLOCK_NOON, 12)):
        for m in rx.finditer(low):
            pieces.append(Piece(m.start(), m.end(), clock=Clock(hour, 0, True, False)))
    return [pc for pc in pieces if _is_a_time(low, pc)]


_HOURS_AFTER = re.compile(r"\s*(?:uur|u)\b")


def _before(low: str, end: int, width: int = 40) -> str:
    """The few characters before `end`: look-behind checks need no more, and stay linear."""
    return low[max(0, end - width) : end]


def _is_a_time(low: str, piece: Piece) -> bool:
    """False for numbers that count or label something: "om 3 mensen", "lijn 12 uur", "al 2 uur"."""
    before = _before(low, piece.start)
    if p.NOUN_BEFORE.search(before) or p.NOT_A_TIME_AFTER.match(low, piece.end):
        return False
    if (
        piece.clock
        and not piece.clock.exact
        and (p.DURATION_AFTER.match(low, piece.end) or p.DURATION_BEFORE.search(before))
    ):
        return False
    return not re.search(r"[€$]\s*$", before)


def _now_pieces(low: str) -> list[Piece]:
    pieces = []
    for m in p.REL_NOW.finditer(low):
        if m[0] == "net" and (
            p.NET_BARELY_BEFORE.search(_before(low, m.start()))
            or p.NET_BARELY_AFTER.match(low, m.end())
        ):
            continue
        pieces.append(Piece(m.start(), m.end(), ago=timedelta(0)))
    for m in p.REL_RECENT.finditer(low):
        pieces.append(Piece(m.start(), m.end(), ago=timedelta(minutes=5)))
    for m in (*p.REL_AMOUNT.finditer(low), *p.REL_AMOUNT_AFTER.finditer(low)):
        if p.TERUG_IS_RETURN.match(low, m.end()):
            continue  # "om 6 uur terug zou komen": coming back, not "ago"
        piece = _relative(m)
        if piece:
            pieces.append(piece)
    return pieces


def _longest_first(pieces: list[Piece], length: int) -> list[Piece]:
    """Keep non-overlapping pieces, longer matches first; return them in text order."""
    taken = bytearray(length)
    chosen: list[Piece] = []
    for pc in sorted(pieces, key=lambda x: (-(x.end - x.start), x.start)):
        if not any(taken[pc.start : pc.end]):
            taken[pc.start : pc.end] = b"\x01" * (pc.end - pc.start)
            chosen.append(pc)
    return sorted(chosen, key=lambda x: x.start)


class _Markers:
    """Threat, plan and habit words of one text, with sentence and clause breaks, for lookups."""

    def __init__(self, low: str) -> None:
        self.future_sentence = [m.start() for m in p.FUTURE_SENTENCE.finditer(low)]
        self.future_clause = [m.start() for m in p.FUTURE_CLAUSE.finditer(low)]
        self.future_any = sorted(self.future_sentence + self.future_clause)
        habits = list(p.HABITUAL.finditer(low))
        self.habit_starts = [m.start() for m in habits]
        self.habit_ends = sorted(m.end() for m in habits)
        self.sentence_breaks = [m.start() for m in p.SENTENCE_BREAK.finditer(low)]
        self.clause_breaks = [m.start() for m in p.CLAUSE_BREAK.finditer(low)]
        self.words = [m.start() for m in p.WORD.finditer(low)]

    @staticmethod
    def _latest(positions: list[int], at_most: int) -> int | None:
        i = bisect_right(positions, at_most)
        return positions[i - 1] if i else None

    @staticmethod
    def _earliest(positions: list[int], at_least: int) -> int | None:
        i = bisect_left(positions, at_least)
        return positions[i] if i < len(positions) else None

    def _unbroken(self, breaks: list[int], a: int, b: int) -> bool:
        i = bisect_left(breaks, a)
        return i == len(breaks) or breaks[i] >= b

    def _close(self, a: int, b: int) -> bool:
        """At most two words from a to b, within one clause."""
        words = bisect_left(self.words, b) - bisect_left(self.words, a)
        return words <= 2 and self._unbroken(self.clause_breaks, a, b)

    def silence(self, piece: Piece) -> bool:
        """True if a threat, plan or habit around the piece says it is not the incident time."""
        for starts, breaks in (
            (self.future_sentence, self.sentence_breaks),
            (self.future_clause, self.clause_breaks),
        ):
            marker = self._latest(starts, piece.start)
            if marker is not None and self._unbroken(breaks, marker, piece.start):
                return True
        marker = self._earliest(self.future_any, piece.end)
        if marker is not None and self._close(piece.end, marker):
            return True
        habit_end = self._latest(self.habit_ends, piece.start)
        if habit_end is not None and self._close(habit_end, piece.start):
            return True
        habit_start = self._earliest(self.habit_starts, piece.end)
        return habit_start is not None and self._close(piece.end, habit_start)


@functools.lru_cache(maxsize=32)
def lower_same_length(text: str) -> str:
    """Lower-case text with straight quotes, keeping every offset of the original."""
    if text.isascii():  # the common case, without the per-character loop
        return text.lower().replace("`", "'")
    return "".join(_lower_char(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _lower_char(ch: str) -> str:
    low = ch.lower()
    ch = low if len(low) == 1 else ch
    if ch in "’‘`´":
        return "'"
    if not ch.isascii() and ch.isalpha():
        base = unicodedata.normalize("NFD", ch)[0]  # "nét" is "net", "één" stays one character each
        return base if base.isascii() else ch
    return ch


def find_pieces(text: str) -> list[Piece]:
    """All time pieces in text that may be the incident time, in text order."""
    low = lower_same_length(text)
    pieces = _now_pieces(low) + _day_pieces(low) + _part_pieces(low) + _clock_pieces(low)
    markers = _Markers(low)
    return [pc for pc in _longest_first(pieces, len(low)) if not markers.silence(pc)]


def gap_is_filler(text: str, a: int, b: int) -> bool:
    """True if only linking words ("om", "rond", ", dat was") stand between offsets a and b."""
    gap = lower_same_length(text[a:b])
    return len(gap) <= 24 and p.FILLER_GAP.fullmatch(gap) is not None

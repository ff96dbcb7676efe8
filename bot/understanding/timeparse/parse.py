"""When did the incident happen? Dutch time words to a timestamp, relative to the chat's clock.

`parse_time(text, now)` reads an answer to "Wanneer gebeurde het?" or a whole narrative and
returns a `TimeMatch` (an aware datetime in now's time zone, a precision and the matched words)
or None. Standard library only; the word tables live in bot/understanding/timeparse/patterns.py, matching in
bot/understanding/timeparse/scan.py and the calendar arithmetic in bot/understanding/timeparse/resolve.py.

Rules
-----
* Never after now. A time with a day said outright ("vandaag", "gisteren", "vanavond",
  "afgelopen vrijdag", "15 maart") that lies after now is clamped to now. Without such a day the
  previous occurrence is used: "om 16.30" said at 10:00 is yesterday 16:30; "vrijdag" means the
  latest Friday, today included; "vrijdag om 16.30" said on Friday at 10:00 is last week's Friday.
  A day part or day that has already begun ("vanavond" at 19:00, "vrijdag" on Friday morning)
  gives now. "afgelopen/vorige vrijdag" is the latest Friday before today. A date without a year
  after today is last year's. Night shift: before 06:00, today's day parts and clock times
  that have not come yet are the day before ("vanmiddag om 14:00" said at 01:30 is yesterday
  14:00, "vanavond" yesterday 21:00); a bare "vandaag" stays now.
* Precision: "minute" for a clock time with minutes ("16.30", "kwart over 3", "half 7", "tien
  voor 5") and for amounts back from now ("net", "10 min geleden", "anderhalf uur geleden");
  "hour" for a whole hour ("om 2 uur", "tegen vieren", "een paar uur geleden"); "day" for a day
  ("gisteren", "15-03", "3 dagen geleden"; instant 12:00); "range" for a day part without a clock
  ("vanochtend" 09:00, "vanmiddag" 15:00, "vanavond" 21:00, "vannacht" 03:00; "vroeg"/"laat"
  shift these to 07/11, 13/17, 19/23 and 23/05 o'clock; "tussen de middag" 12:30) and for
  "vorige week" (the same weekday last week, 12:00), "vorige maand" (the same date last month,
  12:00) and "afgelopen weekend" (Saturday 12:00).
* Night: "nacht" is the night after its day: "zaterdagnacht" is Sunday 03:00; "vannacht",
  "gisternacht" and "afgelopen nacht" are the night that ended this morning; "vannacht om 11
  uur" is 23:00 yesterday.
* "half 7" is 6:30, "kwart voor 3" 2:45, "vijf over half 3" 2:35.
* Twelve-hour reading. Hours 0 and 13-23 are read as said, and so are digital times with minutes
  ("9.15", "21:15", "07u30"), except 1:00-6:59 written without a leading zero ("4.30"), which
  are read like a spoken hour. A spoken hour 1-12 ("om 8 uur", "half 7", "tegen vieren", "4u")
  follows its day part when there is one ('s ochtends 8 -> 08:00, vanmiddag 2 -> 14:00,
  gisteravond 8 -> 20:00, 's nachts 3 -> 03:00, 's nachts 11 -> 23:00). Without a day part it
  is the afternoon/evening reading (13:00-23:59; 12 is noon) when that is not in the future;
  otherwise the morning reading if the day was said outright or the time lies between 07:00 and
  11:59 ("om 8 uur" said at 10:00 is 08:00 today, "half 7" said at 10:00 is 18:30 yesterday);
  otherwise the afternoon reading of the day before. So "gisteren rond half 7" is 18:30. On a
  named day, 7-11 o'clock is a working morning: "gisteren om 10 uur" is 10:00, not 22:00.
* Relative amounts are real elapsed time ("een uur geleden" across the DST change is 60
  minutes); day arithmetic uses local dates and wall-clock times. A wall time that occurs twice
  (the end of DST) is its first occurrence; one that does not exist moves an hour forward.
* Not the incident time: anything in a sentence after "morgen", "straks", "volgende", "over een
  week", "kom ik terug", "komt ... weer", "ik pak je", up to a turn like "maar", "want" or "toen"
  (and up to two words before them: "vanavond kom ik terug"); the clause of "ik ga/zal/wil
  ..."; time words next to "altijd", "vaak", "elke", "eens", "ooit";
  "net" as in "nog net", "net niet", "net als", "net op tijd"; durations ("al 2 uur", "2 uur te
  wachten"); numbers that count or label ("lijn 12", "om 3 mensen"). A bare "2 uur" or "4u"
  without "om"/"rond" counts only next to a day word or as a short answer (five words at most).
  Two-letter weekdays ("za", "di") count only after "afgelopen"/"vorige" or next to a time; "zo"
  (also "so, around") only before a digital time.
* Several candidates: pieces next to each other form one expression ("gisteren, rond half 7");
  a clock time alone takes the day and day part of an earlier expression in the text
  ("Gisteravond in de tram. Om 8 uur ..."). The most specific expression wins (a clock counts
  twice, a day and a day part once each; "net" and "10 min geleden" as much as day plus
  clock); on a tie the earliest in the text.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from bot.understanding.timeparse.resolve import before_or_at, resolve
from bot.understanding.timeparse.scan import Piece, find_pieces, gap_is_filler

Precision = Literal["minute", "hour", "day", "range"]

SHORT_ANSWER_WORDS = 5


@dataclass(frozen=True)
class TimeMatch:
    """The incident time found in the worker's words."""

    at: datetime
    precision: Precision
    text: str

    def to_json(self) -> dict:
        """JSON-ready form: ISO-8601 time with offset and the precision."""
        return {"at": self.at.isoformat(), "precision": self.precision}


@dataclass
class _Expression:
    """Adjacent pieces read as one time expression."""

    pieces: list[Piece]
    context: _Expression | None = None

    def field(self, name: str):
        for source in (self.pieces, self.context.pieces if self.context else []):
            for pc in source:
                if getattr(pc, name) is not None:
                    return getattr(pc, name)
        return None

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    def score(self) -> int:
        ago = self.field("ago")
        if ago is not None:
            return 3 if self.pieces[0].ago_precision == "minute" else 2
        return (
            2 * (self.field("clock") is not None)
            + (self.field("day") is not None)
            + (self.field("part") is not None)
        )


def _fits(expr: _Expression, piece: Piece) -> bool:
    if piece.ago is not None or expr.field("ago") is not None:
        return False
    return all(getattr(piece, f) is None or expr.field(f) is None for f in ("day", "part", "clock"))


def _group(text: str, pieces: list[Piece]) -> list[_Expression]:
    exprs: list[_Expression] = []
    for pc in pieces:
        last = exprs[-1] if exprs else None
        if last and _fits(last, pc) and gap_is_filler(text, last.end, pc.start):
            last.pieces.append(pc)
        else:
            exprs.append(_Expression([pc]))
    return exprs


def _validate(text: str, expr: _Expression, short: bool) -> _Expression | None:
    """Drop pieces that need company they do not have: "za" without a time, a bare "2 uur"."""
    kept = list(expr.pieces)
    for i, pc in enumerate(expr.pieces):
        if pc.abbreviation:
            nxt = expr.pieces[i + 1] if i + 1 < len(expr.pieces) else None
            ok = nxt is not None and (nxt.clock is not None or nxt.part is not None)
            if pc.abbreviation == "zo":
                ok = nxt is not None and nxt.clock is not None and text[nxt.start].isdigit()
            if not ok:
                kept.remove(pc)
    has_day = any(pc.day or pc.part for pc in kept)
    kept = [pc for pc in kept if not (pc.weak and not has_day and not short)]
    return _Expression(kept) if kept else None


def _precision(expr: _Expression) -> Precision:
    if expr.field("ago") is not None:
        return expr.pieces[0].ago_precision
    clock = expr.field("clock")
    if clock is not None:
        return "minute" if clock.exact else "hour"
    day = expr.field("day")
    if expr.field("part") is not None or (
        day is not None and day.kind in ("week", "weekend", "month")
    ):
        return "range"
    return "day"


def _evaluate(text: str, expr: _Expression, now: datetime) -> TimeMatch | None:
    ago = expr.field("ago")
    if ago is not None:
        at = (now.astimezone(timezone.utc) - ago).astimezone(now.tzinfo)
    else:
        try:
            at = resolve(expr.field("day"), expr.field("part"), expr.field("clock"), now)
        except ValueError:  # a date that does not exist, e.g. 31-02
            return None
    words = text[expr.start : expr.end]
    if expr.context is not None:
        words = f"{text[expr.context.start : expr.context.end]} … {words}"
    at = at if before_or_at(at, now) else now
    return TimeMatch(at=at, precision=_precision(expr), text=words)


def parse_time(text: str, now: datetime) -> TimeMatch | None:
    """Time of the incident in an answer to 'Wanneer gebeurde het?' or anywhere in a narrative."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    short = len(text.split()) <= SHORT_ANSWER_WORDS
    exprs = [e for e in (_validate(text, e, short) for e in _group(text, find_pieces(text))) if e]
    context = None
    for expr in exprs:
        has_clock = expr.field("clock") is not None
        if has_clock and expr.field("day") is None and expr.field("part") is None and context:
            expr.context = context
        elif not has_clock and expr.field("ago") is None:
            context = expr
    best: tuple[int, int, TimeMatch] | None = None
    for expr in exprs:
        match = _evaluate(text, expr, now)
        # A time told with "al"/"eerder"/"de vorige keer" belongs to an earlier event.
        score = expr.score() - (3 if _about_earlier_event(text, expr) else 0)
        if match and (best is None or score > best[0]):
            best = (score, expr.start, match)
    return best[2] if best else None


# "eerder", "de vorige keer", "had ... al" (an earlier event); a bare "al" is too often "already".
_EARLIER = re.compile(
    r"\b(?:eerder|ook\s+al|al\s+eens|vorige\s+keer|de\s+keer\s+daarvoor|toen\s+ook)\b"
    r"|\bhad(?:den)?\b.{0,40}\bal\b"
)
_AL_RIGHT_AFTER = re.compile(r"\s+al\b")
_CLAUSE_EDGE = re.compile(r"[.;!?,\n]|\b(?:maar|en\s+nu|nu|vandaag|toen)\b")


@functools.lru_cache(maxsize=8)
def _clause_edges(text: str) -> tuple[str, list[int]]:
    # Once per text, not once per expression: a long text has many expressions.
    low = text.lower()
    return low, [m.start() for m in _CLAUSE_EDGE.finditer(low)]


def _about_earlier_event(text: str, expr: _Expression) -> bool:
    """True when the clause around the expression marks it as an earlier event."""
    low, edges = _clause_edges(text)
    # The nearest edge before the expression and the first at or after its end.
    before = bisect.bisect_left(edges, expr.start)
    start = edges[before - 1] if before else 0
    after = bisect.bisect_left(edges, expr.end)
    end = edges[after] if after < len(edges) else len(low)
    clause = low[start : expr.start] + " " + low[expr.end : end]
    return bool(_EARLIER.search(clause) or _AL_RIGHT_AFTER.match(low, expr.end))

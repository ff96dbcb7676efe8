"""Turn the pieces of one time expression into an instant at or before `now`.

Day arithmetic happens on local calendar dates and wall-clock times, and every result is
normalised through UTC, so "gisteren om 16.30" is 16:30 local time also across a DST change.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone, tzinfo

from bot.understanding.timeparse.scan import Clock, Day, Part

# Representative minute of the day and start minute of each day part; "nacht" belongs to the
# day before it ("zaterdagnacht" is the night from Saturday to Sunday), so it runs past 24:00.
_PART_AT = {"ochtend": 9 * 60, "middag": 15 * 60, "avond": 21 * 60, "nacht": 27 * 60}
_PART_START = {"ochtend": 6 * 60, "middag": 12 * 60, "avond": 18 * 60, "nacht": 22 * 60}
_PART_MOD_AT = {
    ("ochtend", "vroeg"): 7 * 60,
    ("ochtend", "laat"): 11 * 60,
    ("middag", "vroeg"): 13 * 60,
    ("middag", "laat"): 17 * 60,
    ("middag", "lunch"): 12 * 60 + 30,
    ("avond", "vroeg"): 19 * 60,
    ("avond", "laat"): 23 * 60,
    ("nacht", "vroeg"): 23 * 60,
    ("nacht", "laat"): 29 * 60,
}
_NOON = 12 * 60


def wall(day: date, minutes: int, tz: tzinfo) -> datetime:
    """Local wall time `minutes` after midnight of `day` (may pass 24:00), gaps normalised."""
    day = day + timedelta(days=minutes // 1440)
    minutes %= 1440
    naive = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
    # fold=0: an hour that occurs twice (end of DST) means its first occurrence; an hour that
    # does not exist (start of DST) is moved forward by the UTC round trip.
    return naive.replace(tzinfo=tz).astimezone(timezone.utc).astimezone(tz)


def before_or_at(at: datetime, now: datetime) -> bool:
    """at <= now as instants; same-zone comparison in Python would ignore the DST fold."""
    return at.astimezone(timezone.utc) <= now.astimezone(timezone.utc)


def _months_back(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(today.day, last))


def candidate_days(day: Day | None, today: date) -> tuple[list[date], bool]:
    """Days the expression may mean, most recent first, and whether the day was said outright."""
    if day is None:
        return [today - timedelta(days=n) for n in range(3)], False
    if day.kind in ("offset", "month"):
        if day.months_back:
            return [_months_back(today, day.months_back)], True
        return [today - timedelta(days=day.offset)], True
    if day.kind == "week":
        return [today - timedelta(days=7)], True
    if day.kind == "weekend":
        back = (today.weekday() - 5) % 7
        if back == 0 and day.mode != "dit":
            back = 7
        return [today - timedelta(days=back)], True
    if day.kind == "weekday":
        back = (today.weekday() - day.weekday) % 7
        if day.mode == "bare":
            # A weekday name is a day before today: said on a Saturday, "zaterdag" is last week's
            # (today would be "vandaag").
            latest = today - timedelta(days=back or 7)
            return [latest, latest - timedelta(days=7)], True
        if day.mode == "last":
            return [today - timedelta(days=back or 7)], True
        monday = today - timedelta(days=today.weekday() + 7)
        return [monday + timedelta(days=day.weekday)], True
    # A date: without a year, the last such date up to today.
    year = day.year if day.year is not None else today.year
    found = date(year, day.month, day.day)
    if day.year is None and found > today:
        found = date(year - 1, day.month, day.day)
    return [found], True


def _clock_minutes(clock: Clock, part: Part | None, outright: bool) -> list[int]:
    """Possible minutes after midnight of the anchor day for a clock time, preferred first."""
    minute = clock.minute
    if clock.literal:
        hour = clock.hour
        if (
            part
            and part.name == "nacht"
            and hour < 12
            or part
            and part.name == "avond"
            and hour < 6
        ):
            hour += 24
        return [hour * 60 + minute]
    h12 = clock.hour  # 0..11, 0 = twelve o'clock
    name = part.name if part else None
    if name == "ochtend":
        hours = [h12 or 12]
    elif name == "middag":
        hours = [h12 + 12 if h12 <= 9 else h12]
    elif name == "avond":
        hours = [h12 + 12 if h12 else 24]
    elif name == "nacht":
        hours = [h12 + 12 if h12 >= 7 else h12 + 24]
    else:
        # The rule of the module docstring: the most recent reading first (afternoon/evening,
        # then a working morning 07:00-11:59); on a named day ("gisteren om 10 uur") 7-11 o'clock
        # is the morning.
        # The most recent reading: workers report soon after, so "om 8 uur" said at 22:15 is
        # 20:00 and said at 10:00 is 08:00. 1-6 o'clock is the afternoon; on a named day
        # ("gisteren om 10 uur") 7-11 o'clock is a working morning.
        if 7 <= h12 <= 11:
            hours = [h12, h12 + 12] if outright else [h12 + 12, h12]
        else:
            hours = [h12 + 12, h12] if outright else [h12 + 12]
    return [h * 60 + minute for h in hours]


def resolve(day: Day | None, part: Part | None, clock: Clock | None, now: datetime) -> datetime:
    """The instant the pieces describe: the latest fitting one not after now, else now."""
    tz = now.tzinfo
    days, outright = candidate_days(day, now.date())
    night_shift = _still_yesterday(day, part, clock, now)
    if night_shift:
        days = [days[0], days[0] - timedelta(days=1)]
    for anchor in days:
        if clock is not None:
            for minutes in _clock_minutes(clock, part, outright):
                at = wall(anchor, minutes, tz)
                if before_or_at(at, now):
                    return at
            started = False
        else:
            if part is not None:
                at_min = _PART_MOD_AT.get((part.name, part.mod), _PART_AT[part.name])
                start_min = min(_PART_START[part.name], at_min)
            else:
                at_min, start_min = _NOON, 0
            at = wall(anchor, at_min, tz)
            if before_or_at(at, now):
                return at
            started = before_or_at(wall(anchor, start_min, tz), now)
        if (started or outright) and not (night_shift and anchor == days[0]):
            return now
    return now


# Before this hour a night worker's "today" is still the day that began the shift.
NIGHT_DAY_END_HOUR = 6


def _still_yesterday(
    day: Day | None, part: Part | None, clock: Clock | None, now: datetime
) -> bool:
    """ "vanmiddag" or "vandaag om 14:00" said at 03:00: the afternoon before, not a future one.

    Only for today said outright with a day part other than the night, or with a clock time;
    a bare "vandaag" stays now, and "vannacht" keeps its own rule.
    """
    if now.hour >= NIGHT_DAY_END_HOUR or day is None or day.kind != "offset":
        return False
    if day.offset != 0 or day.months_back:
        return False
    return (part is not None and part.name != "nacht") or (part is None and clock is not None)

"""Dutch labels for stored values (loaded from labels_nl.yml on first use)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).with_name("labels_nl.yml")


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """The parsed label file."""
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def label(group: str, key: str | None) -> str | None:
    """The Dutch label of `key` in `group`, or None for a missing key."""
    if key is None:
        return None
    return labels()[group].get(key, key)


def join_dutch(items: list[str]) -> str:
    """'a', 'a en b', 'a, b en c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def format_when(at: datetime, precision: str | None, now: datetime) -> str:
    """A Dutch description of an incident time relative to `now`, e.g. 'vandaag om 14:05'."""
    local = at.astimezone(now.tzinfo)
    days = (now.date() - local.date()).days
    data = labels()
    if days == 0:
        day = "vandaag"
    elif days == 1:
        day = "gisteren"
    elif 1 < days < 7:
        day = f"afgelopen {data['weekdays'][local.weekday()]}"
    else:
        day = f"{local.day} {data['months'][local.month - 1]}"
        if local.year != now.year:
            day += f" {local.year}"
    if precision == "day":
        return day
    if precision == "range":
        part = _day_part(local.hour)
        if day in data["day_parts"]:
            return data["day_parts"][day][part]
        return f"{day} in de {part}"
    prefix = "rond" if precision == "hour" else "om"
    return f"{day} {prefix} {local:%H:%M}"


def _day_part(hour: int) -> str:
    if 6 <= hour < 12:
        return "ochtend"
    if 12 <= hour < 18:
        return "middag"
    if 18 <= hour < 24:
        return "avond"
    return "nacht"

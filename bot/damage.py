"""Damage amounts in the worker's words ("ongeveer 250 euro", "€ 1.200,50")."""

from __future__ import annotations

import re

_AMOUNT = re.compile(
    r"(?:€\s*(?P<a>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<ac>\d{1,2}))?)"
    r"|(?:(?P<b>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<bc>\d{1,2}))?\s*(?:euro|eur)\b)",
    re.IGNORECASE,
)


def amount_cents(text: str | None) -> int | None:
    """The first euro amount in the text, in cents; None when there is none."""
    match = _AMOUNT.search(text or "")
    if not match:
        return None
    whole = (match.group("a") or match.group("b")).replace(".", "")
    cents = (match.group("ac") or match.group("bc") or "0").ljust(2, "0")
    return int(whole) * 100 + int(cents)

"""Damage amounts in the worker's words ("ongeveer 250 euro", "€ 1.200,50", "300,-")."""

from __future__ import annotations

import re

# A number the Dutch way: "1.250" (dot between thousands), "1250", with cents after a comma
# ("1.250,50", "300,-"); "12.50" with exactly two digits after a dot is read as cents too.
_NUMBER = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,(?:\d{1,2}|-{1,2}))?|\d+\.\d{2}"
_AMOUNT = re.compile(
    rf"(?:€\s*(?P<a>{_NUMBER}))|(?:(?P<b>{_NUMBER})\s*(?:euro|eur|€)(?!\w))",
    re.IGNORECASE,
)
# A reply that is only a number, maybe hedged: "ongeveer 300", "rond de 1.000 denk ik".
_HEDGES = (
    r"ongeveer|ong\.?|rond(?:\s+de)?|rondom|zo'?n|circa|ca\.?|bijna|ruim|iets\s+meer\s+dan"
    r"|iets\s+minder\s+dan|minder\s+dan|meer\s+dan|max(?:imaal)?|tot|wel|misschien"
    r"|ik\s+denk|denk\s+ik|schat\s+ik|ik\s+schat|of\s+zo|ofzo|totaal|in\s+totaal|het\s+is|was"
)
_BARE = re.compile(
    rf"(?:(?:{_HEDGES})\s*)*(?:€\s*)?(?P<n>{_NUMBER})\s*(?:euro|eur|€)?(?:\s*(?:{_HEDGES}))*[.!]?",
    re.IGNORECASE,
)
MAX_CENTS = 100_000_000  # one million euro: more is a typing error, and the worker is asked again


def _cents(number: str) -> int:
    if re.fullmatch(r"\d+\.\d{2}", number):
        whole, fraction = number.split(".")
    else:
        whole, _, fraction = number.partition(",")
        whole = whole.replace(".", "")
    fraction = fraction if fraction.isdigit() else "0"
    return int(whole) * 100 + int(fraction.ljust(2, "0"))


def amount_cents(text: str | None) -> int | None:
    """The first euro amount (with '€' or 'euro') in the text, in cents; None when there is none."""
    match = _AMOUNT.search(text or "")
    if not match:
        return None
    return _cents(match.group("a") or match.group("b"))


def answer_cents(text: str | None) -> int | None:
    """The amount in a reply to "how much?": with euro, or a bare (hedged) number; else None."""
    text = (text or "").strip()
    bare = _BARE.fullmatch(text)
    if bare:
        return _cents(bare.group("n"))
    return amount_cents(text)

"""Wishes a worker states at any point of a report: anonymity, how aangifte is filed, being called.

A wish is kept in the draft as soon as it is said, whatever question is open, and the summary
shows it. Word lists are data at the top so reviewers can extend them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dialogue import corrections
from bot.understanding.text import fold

# "ik wil niet dat ze weten dat ik het ben": the worker asks to stay out of sight.
HIDE_NAME: tuple[str, ...] = (
    r"\bniet (dat|willen dat) (ze|hij|zij|men|iemand|mijn baas|de dader|mijn werkgever)"
    r" (weten|weet|ziet|zien) (dat|wie) ik\b",
    r"\bniet (herkenbaar|herkend worden|bekend worden)\b",
    r"\bniemand (mag|hoeft) (weten|te weten) (dat|wie) ik\b",
)
# How the aangifte is filed, as the choices of bot/dialogue/casework.py.
AANGIFTE_VIA: tuple[tuple[str, str], ...] = (
    ("zelf_onder_nummer", r"\baangifte onder (een )?nummer\b"),
    (
        "werkgever",
        r"\bvia (mijn |m'?n |de |het )?(werkgever|werk|baas|leidinggevende|organisatie)\b"
        r"|\b(mijn |m'?n |de )(werkgever|baas|leidinggevende|organisatie) (doet|mag|moet|kan)"
        r" (de |het |maar )?(aangifte|het)\b"
        r"|\blaat (mijn |m'?n |het )?(werk|werkgever|baas|leidinggevende|organisatie) het\b",
    ),
)
# "bel me maar", "je mag me bellen": a phone call is welcome.
CALL_ME: tuple[str, ...] = (
    r"\bbel (me|mij)\b",
    r"\b(mag|kan|moet) (me|mij) (\w+ )?(bellen|opbellen)\b",
    r"\b(graag|liefst) (\w+ )?(gebeld|bellen)\b",
    r"\bwil (graag )?gebeld worden\b",
)
NO_CALL: tuple[str, ...] = (r"\b(niet|liever niet) (bellen|gebeld)\b", r"\bbel (me|mij) niet\b")


@dataclass(frozen=True)
class Wishes:
    """What a message asks for; None means it does not say."""

    anonymous: bool | None = None
    aangifte_via: str | None = None  # "werkgever" | "zelf_onder_nummer"
    contact_wish: str | None = None  # "bellen"

    @property
    def any(self) -> bool:
        """True when the message states at least one wish."""
        return any(v is not None for v in (self.anonymous, self.aangifte_via, self.contact_wish))


def read_wishes(text: str) -> Wishes:
    """The wishes stated in a message ("mag dit anoniem?", "via mijn werkgever", "bel me maar")."""
    if not text or text.startswith("/"):
        return Wishes()
    norm = corrections.normalise(text)
    anonymous = corrections.parse_anonymous(text)
    if anonymous is None and any(re.search(p, norm) for p in HIDE_NAME):
        anonymous = True
    choice = next((c for c, p in AANGIFTE_VIA if re.search(p, fold(norm))), None)
    contact = None
    if not any(re.search(p, norm) for p in NO_CALL) and any(re.search(p, norm) for p in CALL_ME):
        contact = "bellen"
    return Wishes(anonymous=anonymous, aangifte_via=choice, contact_wish=contact)

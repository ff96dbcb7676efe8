"""What the bot understood from one message, in short Dutch phrases ("vandaag rond 14:00").

Said as "Genoteerd: ..." before the open question is asked again, so a worker who gave a fact
at another question sees that it was kept.
"""

from __future__ import annotations

from datetime import datetime

from bot.dialogue.draft import Draft
from bot.labels import format_when, join_dutch, label, labels

# The parts of a draft a message can add, in the order they are named.
NOTED_FIELDS: tuple[str, ...] = (
    "narrative",
    "types",
    "occurred_at",
    "location_type",
    "perpetrator_relation",
    "perpetrator",
    "injury",
    "damage_text",
    "witnesses",
    "police_present",
    "wants_aangifte",
    "aangifte_via",
    "contact_wish",
)


def newly_known(before: Draft, after: Draft) -> list[str]:
    """Fields that `after` knows and `before` did not (a value or an answer), in NOTED_FIELDS order."""
    names = []
    for name in NOTED_FIELDS:
        if name == "narrative":
            if after.narrative and after.narrative != before.narrative:
                names.append(name)
            continue
        was = getattr(before, name)
        now = getattr(after, name)
        newly_answered = name in after.answered and name not in before.answered
        if (now not in (None, ()) and now != was) or (newly_answered and now is not None):
            names.append(name)
    return names


def phrase(draft: Draft, name: str, now: datetime) -> str | None:
    """One field of the draft as a short Dutch phrase, or None when there is nothing to say."""
    words = labels()["noted"]
    yes_no = labels()["answer"]
    value = getattr(draft, name)
    if name == "narrative":
        return words["narrative"]
    if name == "types":
        return words["types"].format(join_dutch([label("types", t) or t for t in draft.types]))
    if name == "occurred_at":
        return format_when(value, draft.occurred_at_precision, now) if value else None
    if name == "location_type":
        return label("locations", value)
    if name == "perpetrator_relation":
        return words["perpetrator_relation"].format(label("relations", value))
    if name == "perpetrator":
        return label("perpetrator", value)
    if name in ("injury", "witnesses", "police_present") and value is None:
        return None  # "weet ik niet" is not said back
    if name == "injury":
        text = words["injury"].format(yes_no["true" if value else "false"])
        return f"{text} ({draft.injury_text})" if value and draft.injury_text else text
    if name in ("witnesses", "police_present"):
        return words[name].format(yes_no["true" if value else "false"])
    if name == "damage_text":
        return words["damage_text"].format(value)
    if name == "wants_aangifte":
        if draft.aangifte_via:
            return None  # said as the way of filing
        if value is None:
            return words["wants_aangifte"].format(yes_no["undecided"])
        return words["wants_aangifte"].format(yes_no["true" if value else "false"])
    if name in ("aangifte_via", "contact_wish"):
        return labels()["wishes"].get(value)
    return None


def noted_text(draft: Draft, names: list[str], now: datetime) -> str:
    """'vandaag rond 14:00 en op school'."""
    phrases = [p for p in (phrase(draft, n, now) for n in names) if p]
    return join_dutch(list(dict.fromkeys(phrases)))


def wishes_text(draft: Draft) -> list[str]:
    """The wishes of the draft as the summary names them (its name line shows anonymity)."""
    found = []
    for value in (draft.aangifte_via, draft.contact_wish):
        if value:
            found.append(labels()["wishes"].get(value, value))
    return found

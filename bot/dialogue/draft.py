"""The report while it is being told: facts so far plus what the conversation already asked.

The draft travels as Rasa slots (one slot per attribute, same names), so it survives a paused
conversation and a restarted server in the tracker store. `Draft.from_slots` and `to_slots`
convert; nothing here knows about Rasa.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

# The questions the report form can ask, in the order a worker would expect them.
QUESTIONS: tuple[str, ...] = (
    "safe_now",
    "narrative",
    "types",
    "occurred_at",
    "location_type",
    "perpetrator_relation",
    "perpetrator",
    "injury",
    "injury_text",
    "damage_text",
    "witnesses",
    "police_present",
    "wants_aangifte",
)

# Questions answered by yes or no.
YES_NO_QUESTIONS: frozenset[str] = frozenset(
    {"safe_now", "perpetrator", "injury", "witnesses", "police_present", "wants_aangifte"}
)


@dataclass(frozen=True)
class Draft:
    """Everything known about one report before it is stored."""

    draft_id: str | None = None
    started_at: datetime | None = None
    safe_now: bool | None = None
    danger: bool = False
    narrative: str | None = None
    types: tuple[str, ...] = ()
    types_evidence: tuple[str, ...] = ()  # "label: words" lines behind a classifier proposal
    occurred_at: datetime | None = None
    occurred_at_precision: str | None = None
    occurred_at_text: str | None = None
    location_type: str | None = None
    location_text: str | None = None
    perpetrator: str | None = None
    perpetrator_relation: str | None = None
    perpetrator_description: str | None = None
    injury: bool | None = None
    injury_text: str | None = None
    weapon: str | None = None
    repeated: bool | None = None  # the perpetrator did this before
    witnesses: bool | None = None
    police_present: bool | None = None
    damage_text: str | None = None
    wants_aangifte: bool | None = None
    anonymous: bool = False
    # Wishes said at any point (bot/dialogue/wishes.py): how aangifte is filed, being called.
    aangifte_via: str | None = None
    contact_wish: str | None = None
    # Questions that are settled: answered, found in the story, or answered with "weet ik niet".
    answered: frozenset[str] = field(default_factory=frozenset)
    # Questions already asked a second time after an answer the bot did not understand.
    reasked: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_started(self) -> bool:
        """True once a report was begun in this conversation."""
        return self.draft_id is not None

    def settle(self, question: str, **values: Any) -> Draft:
        """Set values and mark `question` as answered."""
        return replace(self, answered=self.answered | {question}, **values)

    def reopen(self, question: str) -> Draft:
        """Mark a question as unanswered again so the form asks it."""
        return replace(self, answered=self.answered - {question}, reasked=self.reasked - {question})

    def with_values(self, **values: Any) -> Draft:
        """A copy with some attributes replaced."""
        return replace(self, **values)

    def required_questions(self) -> list[str]:
        """Questions still to ask, in order. Some only apply given earlier answers."""
        missing = []
        for question in QUESTIONS:
            if question in self.answered:
                continue
            if question == "injury_text" and not (self.injury and not self.injury_text):
                continue
            if question == "damage_text" and (
                "materiele_schade" not in self.types or self.damage_text
            ):
                continue
            missing.append(question)
        return missing

    def next_question(self) -> str | None:
        """The question the form asks next, or None when the report is ready to confirm."""
        if self.danger:
            return "safe_now"
        missing = self.required_questions()
        return missing[0] if missing else None

    # -- conversion to and from Rasa slots -------------------------------------------------

    def to_slots(self) -> dict[str, Any]:
        """Slot values (JSON-friendly) for every attribute."""
        slots: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, tuple):
                value = list(value)
            slots[f.name] = value
        return slots

    def changed_slots(self, before: Draft) -> dict[str, Any]:
        """Only the slot values that differ from `before`."""
        mine, theirs = self.to_slots(), before.to_slots()
        return {k: v for k, v in mine.items() if theirs.get(k) != v}

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Draft:
        """Rebuild a draft from slot values; unknown or malformed values become defaults."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = slots.get(f.name)
            if raw is None:
                continue
            if f.name in ("started_at", "occurred_at"):
                values[f.name] = _parse_datetime(raw)
            elif f.name in ("answered", "reasked"):
                values[f.name] = (
                    frozenset(str(x) for x in raw) if isinstance(raw, list) else frozenset()
                )
            elif f.name in ("types", "types_evidence"):
                values[f.name] = tuple(str(x) for x in raw) if isinstance(raw, list) else ()
            elif f.name in ("danger", "anonymous"):
                values[f.name] = bool(raw)
            else:
                values[f.name] = raw
        return cls(**values)


def _parse_datetime(raw: Any) -> datetime | None:
    if isinstance(raw, datetime):
        return raw
    try:
        parsed = datetime.fromisoformat(str(raw))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


DRAFT_SLOTS: tuple[str, ...] = tuple(f.name for f in fields(Draft))

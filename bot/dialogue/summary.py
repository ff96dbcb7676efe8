"""Variables for the Dutch summary of a draft (the sentence frame is utter_summary in domain.yml)."""

from __future__ import annotations

from datetime import datetime

from bot.dialogue.draft import Draft
from bot.dialogue.noted import wishes_text
from bot.labels import format_when, join_dutch, label, labels


def yes_no_label(value: bool | None, answered: bool) -> str:
    """'ja', 'nee' or 'weet je niet'."""
    if value is None:
        return labels()["answer"]["unknown"] if answered else "-"
    return labels()["answer"]["true" if value else "false"]


def type_labels(types: tuple[str, ...] | list[str]) -> str:
    """'fysiek geweld en verbale agressie'."""
    return join_dutch([label("types", t) or t for t in types])


def summary_variables(draft: Draft, now: datetime) -> dict[str, str]:
    """One Dutch phrase per part of the report."""
    unknown = labels()["answer"]["unknown"]
    if draft.occurred_at is not None:
        when = format_when(draft.occurred_at, draft.occurred_at_precision, now)
        if draft.occurred_at_text and draft.occurred_at_text.lower() not in when:
            when += f' ("{draft.occurred_at_text}")'
    else:
        when = unknown
    where = label("locations", draft.location_type) or unknown
    if draft.location_text and draft.location_type:
        where += f' ("{draft.location_text}")'
    elif draft.location_text:
        where = f'"{draft.location_text}"'
    who = label("relations", draft.perpetrator_relation) or unknown
    if draft.perpetrator:
        who += f", {label('perpetrator', draft.perpetrator)}"
    if draft.perpetrator_description:
        who += f' ("{draft.perpetrator_description}")'
    injury = yes_no_label(draft.injury, "injury" in draft.answered)
    if draft.injury and draft.injury_text:
        injury += f": {draft.injury_text}"
    aangifte = (
        labels()["answer"]["undecided"]
        if draft.wants_aangifte is None
        else yes_no_label(draft.wants_aangifte, True)
    )
    return {
        "summary_types": type_labels(draft.types) or unknown,
        "summary_when": when,
        "summary_where": where,
        "summary_who": who,
        "summary_injury": injury,
        "summary_witnesses": yes_no_label(draft.witnesses, "witnesses" in draft.answered),
        "summary_police": yes_no_label(draft.police_present, "police_present" in draft.answered),
        "summary_damage": draft.damage_text or "-",
        "summary_aangifte": aangifte,
        "summary_wishes": join_dutch(wishes_text(draft)) or labels()["wishes"]["none"],
        "summary_name": labels()["name_in_summary"]["anonymous" if draft.anonymous else "named"],
    }

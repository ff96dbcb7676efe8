"""What one message means for the report being told.

The dialogue engine (Rasa) decides which step comes next in the conversation; this module decides
what the worker's words mean for the draft: which facts they hold, whether they answer the question
that was asked, correct an earlier answer, or are not an answer at all (a privacy question, "stop").
Each function returns an Outcome: the new draft, what to say, and whether the message was rejected
as an answer so the dialogue engine can handle it as an interruption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.dialogue import answers, corrections
from bot.dialogue.draft import QUESTIONS, YES_NO_QUESTIONS, Draft
from bot.dialogue.noted import newly_known, noted_text
from bot.dialogue.report_reading import (
    NOT_UNDERSTOOD,
    NotUnderstood,
    absorb_narrative,
    fill_from_facts,
    hints_danger,
    interpret,
    is_story,
    reads_safe,
    reads_unsafe,
    settle_unknown,
)
from bot.dialogue.turn import INTERRUPT_CONFIDENCE, INTERRUPT_INTENTS, PAUSE_INTENTS, Say, Turn
from bot.dialogue.wishes import read_wishes
from bot.labels import join_dutch, label
from bot.understanding.classifier import Classifier
from bot.understanding.extraction.facts import Facts, extract_facts
from bot.understanding.timeparse.parse import TimeMatch, parse_time

__all__ = [
    "Turn",
    "Say",
    "Outcome",
    "start_draft",
    "merge_pending_story",
    "answer",
    "apply_correction",
]

MAX_TEXT_LENGTH = 4000


@dataclass(frozen=True)
class Outcome:
    """The result of reading one message."""

    draft: Draft
    say: tuple[Say, ...] = ()
    rejected: bool = False


# Words that name a day; a corrected clock time without one keeps the day known so far.
DAY_WORDS = re.compile(
    r"\b(vandaag|gister\w*|eergister\w*|van(ochtend|morgen|middag|avond|nacht)|net|zojuist|"
    r"geleden|vorige|afgelopen|(maan|dins|woens|donder|vrij|zater|zon)dag\w*|\d{1,2}[-/]\d{1,2})\b"
)


# -- starting, resuming ------------------------------------------------------------------------


def start_draft(turn: Turn, draft_id: str, classifier: Classifier) -> Outcome:
    """A fresh draft; if the opening message already tells the story, it becomes the narrative."""
    draft = Draft(draft_id=draft_id, started_at=turn.now)
    if turn.is_payload or answers.is_blank(turn.text):
        return Outcome(draft)
    if len(turn.text) > MAX_TEXT_LENGTH:
        return Outcome(draft, (Say("utter_message_too_long", {"limit": MAX_TEXT_LENGTH}),))
    if turn.intent_is("describe_incident", "acute_danger") or (
        turn.intent == "start_report" and classifier.classify(turn.text).labels
    ):
        draft = absorb_narrative(draft, turn.text, turn.now, classifier)
    return Outcome(draft)


def merge_pending_story(draft: Draft, text: str, now: datetime, classifier: Classifier) -> Draft:
    """Fill what is still missing from a story told again when a paused report is resumed."""
    if not text:
        return draft
    if not draft.narrative:
        return absorb_narrative(draft, text, now, classifier)
    return fill_from_facts(draft, extract_facts(text), overwrite=False)


def corrected_time(text: str, draft: Draft, now: datetime) -> TimeMatch | None:
    """The time in a correction; a clock time without a day keeps the day known so far.

    "nee, het was om half 8" about yesterday evening means yesterday 19:30, not this morning.
    """
    when = parse_time(text, now)
    if when is None or draft.occurred_at is None or when.precision not in ("minute", "hour"):
        return when
    if DAY_WORDS.search(corrections.normalise(text)):
        return when
    day_end = draft.occurred_at.astimezone(now.tzinfo).replace(hour=23, minute=59, second=59)
    return parse_time(text, min(day_end, now))


# -- answering the question the form asked -----------------------------------------------------


def answer(draft: Draft, question: str | None, turn: Turn, classifier: Classifier) -> Outcome:
    """Read `turn` as the answer to `question` (None when the form has not asked anything yet).

    Every message is also read for every other fact, the story and the worker's wishes, whatever
    question is open; what it added is said back ("Genoteerd: ...") and the open question is asked
    again only when it is still open.
    """
    text = turn.text.strip()
    if not turn.is_payload and answers.is_blank(text):
        return Outcome(draft, (Say("utter_blank_message"),))
    if len(text) > MAX_TEXT_LENGTH:
        return Outcome(draft, (Say("utter_message_too_long", {"limit": MAX_TEXT_LENGTH}),))
    if turn.intent_is(*PAUSE_INTENTS, min_confidence=INTERRUPT_CONFIDENCE):
        return Outcome(draft, rejected=True)
    facts = Facts() if turn.is_payload else extract_facts(text)
    # "ik ben nu binnen, deur op slot" answers the safety question, whatever intent it got.
    says_safe = question == "safe_now" and not turn.is_payload and reads_safe(text)
    if not facts.danger_now and says_safe:
        settled = draft.settle("safe_now", safe_now=True, danger=False)
        settled = gather(settled, "safe_now", turn, facts, classifier)
        say = (Say("utter_glad_safe"),) if draft.danger else ()
        return Outcome(settled, say + _say_noted(draft, settled, turn.now))
    if facts.danger_now or (question == "safe_now" and reads_unsafe(turn)):
        return _danger(draft, question, turn, facts, classifier)
    if question is None:
        if turn.intent_is("acute_danger", min_confidence=0.5):
            return _danger(draft, question, turn, facts, classifier)
        return Outcome(draft)

    correcting = not turn.is_payload and (
        turn.intent == "correct_info" or corrections.is_correction(text)
    )
    before = draft
    if correcting:
        draft = apply_facts(draft, turn, classifier, facts, overwrite=True)
    changes = _changed_fields(before, draft, exclude=question)
    if correcting and changes and question in YES_NO_QUESTIONS:
        # "nee, het was in de tram": the "nee" rejects the old fact, it does not answer the question.
        value: Draft | NotUnderstood = NOT_UNDERSTOOD
    else:
        value = interpret(draft, question, turn, facts, classifier)
    understood = isinstance(value, Draft)
    base = value if isinstance(value, Draft) else draft
    gathered = gather(base, question, turn, facts, classifier)
    # A story or a fact typed at "ben je nu veilig?" means safe enough to type; a story that
    # hints at danger gets the question once more, kindly.
    if question == "safe_now" and not understood and not draft.danger and gathered != base:
        if hints_danger(text, facts) and "safe_now" not in draft.reasked:
            gathered = gathered.with_values(reasked=gathered.reasked | {"safe_now"})
        else:
            gathered = gathered.settle("safe_now", safe_now=True)
        understood = "safe_now" in gathered.answered
    # What the message added besides the answer, corrections and wishes included.
    added = [n for n in newly_known(before, gathered) if n != question] + (
        ["anonymous"] if gathered.anonymous != before.anonymous else []
    )
    # The NLU's danger is overruled only by words that answer the open question ("ik ken hem,
    # hij komt hier vaak" at "Kende je deze persoon al?"); facts alone do not overrule it.
    if turn.intent_is("acute_danger", min_confidence=0.5) and not understood:
        return _danger(draft, question, turn, facts, classifier)

    if understood:
        draft = gathered
        say = _say_changes(changes)
        own_words = not turn.is_payload and answers.parse_yes_no(text) is None
        shown = [question] if own_words and question in _BUTTON_QUESTIONS else []
        say += _say_noted(before, draft, turn.now, extra=shown, exclude={question, *changes})
        if question == "safe_now":
            if before.danger:
                say += (Say("utter_glad_safe"),)
            draft = draft.with_values(danger=False)
        new_story = "narrative" in draft.answered and "narrative" not in before.answered
        if new_story and draft.required_questions():
            say += (Say("utter_story_received"),)
        return Outcome(draft, say)

    # Not an answer to the question.
    if draft.danger and question == "safe_now":
        # The 112 advice was given; a reply without danger words ends the alarm, but safety
        # is asked plainly once more.
        return Outcome(gathered.with_values(danger=False))
    if changes or added:
        say = _say_changes(changes) + _say_noted(before, gathered, turn.now, exclude=set(changes))
        if "narrative" in gathered.answered and "narrative" not in draft.answered:
            say += (Say("utter_story_received"),)
        return Outcome(gathered, say)
    if turn.intent_is(*INTERRUPT_INTENTS, min_confidence=INTERRUPT_CONFIDENCE):
        return Outcome(before, rejected=True)
    if turn.intent == "dont_know" or answers.is_dont_know(text):
        return Outcome(settle_unknown(draft, question, text))
    if question in draft.reasked:
        return Outcome(
            settle_unknown(draft, question, text, gave_up=True), (Say("utter_moving_on"),)
        )
    reasked = draft.with_values(reasked=draft.reasked | {question})
    return Outcome(reasked, (Say(f"utter_reask_{question}"),))


# Questions asked with buttons: an answer in the worker's own words is said back.
_BUTTON_QUESTIONS = frozenset(
    {
        "types",
        "location_type",
        "perpetrator_relation",
        "perpetrator",
        "injury",
        "witnesses",
        "police_present",
        "wants_aangifte",
    }
)


_STORY_FACTS = frozenset(
    {
        "types",
        "occurred_at",
        "location_type",
        "perpetrator_relation",
        "perpetrator",
        "injury",
        "damage_text",
        "witnesses",
        "police_present",
    }
)


def gather(
    draft: Draft, question: str | None, turn: Turn, facts: Facts, classifier: Classifier
) -> Draft:
    """Everything else a message says: the story (or more of it), facts, a time, wishes."""
    if turn.is_payload:
        return draft
    text = turn.text.strip()
    if question not in ("narrative", "injury_text", "damage_text") and is_story(turn, classifier):
        draft = absorb_narrative(draft, text, turn.now, classifier)
    draft = apply_facts(draft, turn, classifier, facts, overwrite=False)
    if question != "occurred_at" and "occurred_at" not in draft.answered:
        when = parse_time(text, turn.now)
        if when is not None:
            draft = draft.settle(
                "occurred_at",
                occurred_at=when.at,
                occurred_at_precision=when.precision,
                occurred_at_text=when.text,
            )
    return draft


def _danger(
    draft: Draft, question: str | None, turn: Turn, facts: Facts, classifier: Classifier
) -> Outcome:
    """The 112 advice comes first; a story told with it is kept."""
    text = turn.text.strip()
    if not turn.is_payload and (
        question == "narrative" or (not draft.narrative and is_story(turn, classifier))
    ):
        draft = absorb_narrative(draft, text, turn.now, classifier)
    elif not turn.is_payload:
        draft = apply_facts(draft, turn, classifier, facts, overwrite=False)
    return Outcome(
        draft.with_values(danger=True, safe_now=None, answered=draft.answered - {"safe_now"})
    )


def _say_noted(
    before: Draft,
    after: Draft,
    now: datetime,
    *,
    extra: list[str] | None = None,
    exclude: set[str] | None = None,
) -> tuple[Say, ...]:
    """'Genoteerd: ...' for what the message added; the anonymity wish gets its own answer."""
    say: tuple[Say, ...] = ()
    if after.anonymous and not before.anonymous:
        say += (Say("utter_anonymous_set"),)
    # Facts read from a story are not listed back one by one; the summary shows them.
    story = after.narrative != before.narrative
    names = [
        n
        for n in newly_known(before, after)
        if n not in (exclude or set()) and n != "narrative" and not (story and n in _STORY_FACTS)
    ]
    names = [*(extra or []), *names]
    if not names:
        return say
    text = noted_text(after, names, now)
    return say + ((Say("utter_noted", {"noted": text}),) if text else ())


def signals_danger(turn: Turn) -> bool:
    """True when the message says the worker is in danger now or someone is badly hurt."""
    if turn.intent_is("acute_danger", min_confidence=0.5):
        return True
    return not turn.is_payload and extract_facts(turn.text).danger_now


def apply_correction(draft: Draft, turn: Turn, classifier: Classifier) -> Outcome:
    """A correction while the summary is shown: overwrite facts, or reopen the question named."""
    text = turn.text.strip()
    if turn.is_payload or answers.is_blank(text):
        return Outcome(draft, (Say("utter_correction_not_understood"),))
    facts = extract_facts(text)
    if signals_danger(turn):
        # Danger beats the summary: the form comes back with only the 112 advice.
        return Outcome(
            draft.with_values(danger=True, safe_now=None, answered=draft.answered - {"safe_now"})
        )
    updated = apply_facts(draft, turn, classifier, facts, overwrite=True)
    when = corrected_time(text, draft, turn.now)
    if when is not None:
        updated = updated.settle(
            "occurred_at",
            occurred_at=when.at,
            occurred_at_precision=when.precision,
            occurred_at_text=when.text,
        )
    changes = _changed_fields(draft, updated)
    if changes:
        return Outcome(updated, _say_changes(changes))
    named = corrections.mentioned_questions(text)
    if named:
        for question in named:
            updated = updated.reopen(question)
        return Outcome(updated, (Say("utter_correction_reopen"),))
    return Outcome(draft, (Say("utter_correction_not_understood"),))


def apply_facts(
    draft: Draft, turn: Turn, classifier: Classifier, facts: Facts, *, overwrite: bool
) -> Draft:
    """Facts, types and choices stated in a message; `overwrite` for corrections."""
    text = turn.text
    draft = fill_from_facts(draft, facts, overwrite=overwrite)
    if overwrite:
        types = corrections.parse_types_answer(text, draft.types)
        if types is not None and types != draft.types:
            draft = draft.settle("types", types=types, types_evidence=())
        when = corrected_time(text, draft, turn.now)
        if when is not None and "occurred_at" in corrections.mentioned_questions(text):
            draft = draft.settle(
                "occurred_at",
                occurred_at=when.at,
                occurred_at_precision=when.precision,
                occurred_at_text=when.text,
            )
    wishes = read_wishes(text)
    if wishes.anonymous is not None:
        draft = draft.with_values(anonymous=wishes.anonymous)
    if wishes.contact_wish is not None:
        draft = draft.with_values(contact_wish=wishes.contact_wish)
    aangifte = corrections.parse_aangifte_wish(text)
    if wishes.aangifte_via is not None:
        draft = draft.settle(
            "wants_aangifte", wants_aangifte=True, aangifte_via=wishes.aangifte_via
        )
    elif aangifte is not None and (overwrite or "wants_aangifte" not in draft.answered):
        draft = draft.settle("wants_aangifte", wants_aangifte=aangifte)
        if aangifte is False:
            draft = draft.with_values(aangifte_via=None)
    return draft


# -- helpers -----------------------------------------------------------------------------------


# Parts of a report whose change the bot announces ("Aangepast: plek").
_ANNOUNCED_FIELDS = (*(q for q in QUESTIONS if q not in ("safe_now", "narrative")), "anonymous")


def _changed_fields(before: Draft, after: Draft, exclude: str | None = None) -> list[str]:
    """Fields that held a value or answer before and now differ."""
    names = []
    for name in _ANNOUNCED_FIELDS:
        if name == exclude or (exclude == "injury" and name == "injury_text"):
            continue
        known_before = (
            name in before.answered or name == "anonymous" or getattr(before, name) is not None
        )
        if known_before and getattr(before, name) != getattr(after, name):
            names.append(name)
    return names


def _say_changes(changes: list[str]) -> tuple[Say, ...]:
    if not changes:
        return ()
    fields_text = join_dutch(sorted({label("fields", name) or name for name in changes}))
    return (Say("utter_correction_applied", {"changes": fields_text}),)

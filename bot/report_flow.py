"""What one message means for the report being told.

The dialogue engine (Rasa) decides which step comes next in the conversation; this module decides
what the worker's words mean for the draft: which facts they hold, whether they answer the question
that was asked, correct an earlier answer, or are not an answer at all (a privacy question, "stop").
Each function returns an Outcome: the new draft, what to say, and whether the message was rejected
as an answer so the dialogue engine can handle it as an interruption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot import answers, corrections
from bot.classifier import Classifier
from bot.draft import QUESTIONS, YES_NO_QUESTIONS, Draft
from bot.extraction import Facts, extract_facts
from bot.labels import join_dutch, label
from bot.timeparse import TimeMatch, parse_time

MAX_TEXT_LENGTH = 4000

# Intents that are not an answer to a report question. When the words do not answer the
# question either, the message is handed back to the dialogue engine (rules answer it and
# the form asks its question again).
INTERRUPT_INTENTS = frozenset(
    {
        "stop",
        "goodbye",
        "ask_privacy",
        "ask_aangifte",
        "bot_challenge",
        "thanks",
        "out_of_scope",
        "feeling_bad",
    }
)
# A pause request always wins, even when the words could be read as an answer.
PAUSE_INTENTS = frozenset({"stop", "goodbye"})
INTERRUPT_CONFIDENCE = 0.6

# A classifier proposal with every label at least this sure is shown only in the summary;
# a less sure proposal is put to the worker as a question.
CONFIDENT_TYPES_SCORE = 0.6

THIN_STORY_WORDS = 12
_WORD = re.compile(r"[^\W\d_]{2,}")
# Words that name a day; a corrected clock time without one keeps the day known so far.
DAY_WORDS = re.compile(
    r"\b(vandaag|gister\w*|eergister\w*|van(ochtend|morgen|middag|avond|nacht)|net|zojuist|"
    r"geleden|vorige|afgelopen|(maan|dins|woens|donder|vrij|zater|zon)dag\w*|\d{1,2}[-/]\d{1,2})\b"
)
SAFE_WORDS = (
    r"\bveilig\b",
    r"\bben (nu |al |inmiddels )?(weg|thuis|binnen|in veiligheid)\b",
    r"\bis (nu |al )?(weg|vertrokken|opgepakt|meegenomen)\b",
    r"\bdeur (is )?(op slot|dicht)\b",
    r"\bpolitie is (er|hier|gekomen|geweest)\b",
    r"\bgaat (wel|goed)\b",
)
UNSAFE_WORDS = (
    r"\bniet veilig\b",
    r"\bonveilig\b",
    r"\bnog (steeds )?(hier|daar|buiten|binnen)\b",
)


@dataclass(frozen=True)
class Turn:
    """One message from the worker, with what the NLU made of it."""

    text: str
    now: datetime
    intent: str | None = None
    confidence: float = 0.0

    @property
    def is_payload(self) -> bool:
        """True for a button payload such as '/affirm' (the text carries no words)."""
        return self.text.startswith("/")

    def intent_is(self, *names: str, min_confidence: float = 0.0) -> bool:
        """True when the NLU intent is one of `names` with at least `min_confidence`."""
        return self.intent in names and self.confidence >= min_confidence


@dataclass(frozen=True)
class Say:
    """A response from the domain, with its variables."""

    response: str
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The result of reading one message."""

    draft: Draft
    say: tuple[Say, ...] = ()
    rejected: bool = False


class _NotUnderstood:
    """Marker: the words do not answer the question."""


NOT_UNDERSTOOD = _NotUnderstood()


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
    return _fill_from_facts(draft, extract_facts(text), overwrite=False)


def absorb_narrative(draft: Draft, text: str, now: datetime, classifier: Classifier) -> Draft:
    """Keep the story verbatim and settle every question it already answers.

    A story too thin to report on ("er is iets gebeurd in de tram") is kept, its facts are used,
    and the worker is still asked to tell what happened; the next part is added to it.
    """
    text = text.strip()
    first_part = not draft.narrative
    narrative = text if first_part else f"{draft.narrative}\n{text}"
    result = classifier.classify(narrative)
    thin = not result.labels and len(_WORD.findall(narrative)) < THIN_STORY_WORDS
    draft = (
        draft.with_values(narrative=narrative)
        if thin
        else draft.settle("narrative", narrative=narrative)
    )
    if result.labels and "types" not in draft.answered:
        evidence = tuple(f"{e.label}: {e.text}" for e in result.evidence)
        draft = draft.with_values(types=tuple(result.labels), types_evidence=evidence)
        if min(result.scores[lbl] for lbl in result.labels) >= CONFIDENT_TYPES_SCORE:
            draft = draft.settle("types")
    when = parse_time(text, now)
    if when is not None and (first_part or "occurred_at" not in draft.answered):
        draft = draft.settle(
            "occurred_at",
            occurred_at=when.at,
            occurred_at_precision=when.precision,
            occurred_at_text=when.text,
        )
    # Facts are read from the whole story so far: "in de tram" and "een man duwde me" in two
    # messages still make the man a passenger. Only the first part may overwrite.
    draft = _fill_from_facts(draft, extract_facts(narrative), overwrite=first_part)
    facts = extract_facts(text)
    if facts.danger_now:
        draft = draft.with_values(
            danger=True, safe_now=None, answered=draft.answered - {"safe_now"}
        )
    anonymous = corrections.parse_anonymous(text)
    if anonymous is not None:
        draft = draft.with_values(anonymous=anonymous)
    aangifte = corrections.parse_aangifte_wish(text)
    if aangifte is not None:
        draft = draft.settle("wants_aangifte", wants_aangifte=aangifte)
    return draft


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
    """Read `turn` as the answer to `question` (None when the form has not asked anything yet)."""
    text = turn.text.strip()
    if not turn.is_payload and answers.is_blank(text):
        return Outcome(draft, (Say("utter_blank_message"),))
    if len(text) > MAX_TEXT_LENGTH:
        return Outcome(draft, (Say("utter_message_too_long", {"limit": MAX_TEXT_LENGTH}),))
    if turn.intent_is(*PAUSE_INTENTS, min_confidence=INTERRUPT_CONFIDENCE):
        return Outcome(draft, rejected=True)
    facts = Facts() if turn.is_payload else extract_facts(text)
    # "ik ben nu binnen, deur op slot" answers the safety question, whatever intent it got.
    says_safe = question == "safe_now" and not turn.is_payload and _reads_safe(text)
    if not facts.danger_now and says_safe:
        settled = draft.settle("safe_now", safe_now=True, danger=False)
        return Outcome(settled, (Say("utter_glad_safe"),) if draft.danger else ())
    if (
        turn.intent_is("acute_danger", min_confidence=0.5)
        or facts.danger_now
        or (question == "safe_now" and _reads_unsafe(turn))
    ):
        if question == "narrative" or (question is None and not draft.narrative):
            draft = absorb_narrative(draft, text, turn.now, classifier)
        return Outcome(
            draft.with_values(danger=True, safe_now=None, answered=draft.answered - {"safe_now"})
        )
    if question is None:
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
        value: Draft | _NotUnderstood = NOT_UNDERSTOOD
    else:
        value = _interpret(draft, question, turn, facts, classifier)

    if isinstance(value, Draft):  # the answer was understood and settled
        draft = value
        say = _say_changes(changes)
        if not correcting and not turn.is_payload and question not in ("narrative",):
            draft = apply_facts(draft, turn, classifier, facts, overwrite=False)
        if question == "safe_now":
            if before.danger:
                say += (Say("utter_glad_safe"),)
            draft = draft.with_values(danger=False)
        if question == "narrative" and "narrative" in draft.answered and draft.required_questions():
            say += (Say("utter_story_received"),)
        return Outcome(draft, say)

    # Not an answer to the question.
    if draft.danger and question == "safe_now":
        # The 112 advice was given; a reply without danger words ends the alarm, but safety
        # is asked plainly once more.
        return Outcome(draft.with_values(danger=False))
    if changes:
        return Outcome(draft, _say_changes(changes))
    if turn.intent_is(*INTERRUPT_INTENTS, min_confidence=INTERRUPT_CONFIDENCE):
        return Outcome(before, rejected=True)
    if not turn.is_payload:
        # Not the answer, but maybe new facts ("hij was ongeveer 30 met een pet"): keep them.
        draft = apply_facts(draft, turn, classifier, facts, overwrite=False)
    if turn.intent == "dont_know" or answers.is_dont_know(text):
        return Outcome(_settle_unknown(draft, question, text))
    if question in draft.reasked:
        return Outcome(
            _settle_unknown(draft, question, text, gave_up=True), (Say("utter_moving_on"),)
        )
    reasked = draft.with_values(reasked=draft.reasked | {question})
    return Outcome(reasked, (Say(f"utter_reask_{question}"),))


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
    draft = _fill_from_facts(draft, facts, overwrite=overwrite)
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
    anonymous = corrections.parse_anonymous(text)
    if anonymous is not None:
        draft = draft.with_values(anonymous=anonymous)
    aangifte = corrections.parse_aangifte_wish(text)
    if aangifte is not None and (overwrite or "wants_aangifte" not in draft.answered):
        draft = draft.settle("wants_aangifte", wants_aangifte=aangifte)
    return draft


# -- helpers -----------------------------------------------------------------------------------


_FACT_QUESTIONS = {
    "location_type": "location_type",
    "perpetrator_relation": "perpetrator_relation",
    "perpetrator": "perpetrator",
    "injury": "injury",
    "witnesses": "witnesses",
    "police_present": "police_present",
    "damage_text": "damage_text",
}
_FACT_EXTRAS = ("location_text", "perpetrator_description", "injury_text", "weapon")


def _fill_from_facts(draft: Draft, facts: Facts, *, overwrite: bool) -> Draft:
    for name, question in _FACT_QUESTIONS.items():
        value = getattr(facts, name)
        if value is None:
            continue
        if overwrite or question not in draft.answered:
            extras = {}
            if name == "location_type":
                extras["location_text"] = facts.location_text
            if name == "injury":
                extras["injury_text"] = facts.injury_text if value else None
                if value and facts.injury_text:
                    draft = draft.settle("injury_text")
            draft = draft.settle(question, **{name: value}, **extras)
    for name in _FACT_EXTRAS:
        value = getattr(facts, name)
        if value is not None and (overwrite or getattr(draft, name) is None):
            draft = draft.with_values(**{name: value})
    return draft


def _interpret(
    draft: Draft, question: str, turn: Turn, facts: Facts, classifier: Classifier
) -> Draft | _NotUnderstood:
    """The draft with `question` settled by this answer, or NOT_UNDERSTOOD."""
    text = turn.text.strip()
    if question in YES_NO_QUESTIONS:
        return _interpret_yes_no(draft, question, turn, facts)
    if question == "narrative":
        if turn.is_payload or turn.intent in ("affirm", "deny", "greet", "thanks", "dont_know"):
            return NOT_UNDERSTOOD
        if len(re.findall(r"[^\W\d_]{2,}", text)) < 2:
            return NOT_UNDERSTOOD
        return absorb_narrative(draft, text, turn.now, classifier)
    if question == "types":
        chosen = corrections.parse_types_answer(text, draft.types)
        if chosen:
            return draft.settle("types", types=chosen)
        if turn.intent == "affirm" and draft.types:
            return draft.settle("types")
        if turn.intent == "deny" and draft.types:
            # The proposal was wrong: ask again with every type to choose from.
            return draft.with_values(types=(), types_evidence=())
        return NOT_UNDERSTOOD
    if question == "occurred_at":
        when = None if turn.is_payload else parse_time(text, turn.now)
        if when is None:
            return NOT_UNDERSTOOD
        return draft.settle(
            "occurred_at",
            occurred_at=when.at,
            occurred_at_precision=when.precision,
            occurred_at_text=text,
        )
    if question == "location_type":
        choice = corrections.button_choice(text, "location_buttons") or facts.location_type
        if choice is None:
            return NOT_UNDERSTOOD
        return draft.settle(
            "location_type", location_type=choice, location_text=facts.location_text or text
        )
    if question == "perpetrator_relation":
        choice = corrections.button_choice(text, "relation_buttons") or facts.perpetrator_relation
        if choice is None:
            return NOT_UNDERSTOOD
        values: dict[str, Any] = {"perpetrator_relation": choice}
        if facts.perpetrator_description:
            values["perpetrator_description"] = facts.perpetrator_description
        return draft.settle("perpetrator_relation", **values)
    if question in ("injury_text", "damage_text"):
        if turn.is_payload or turn.intent in ("deny",) or answers.parse_yes_no(text) is False:
            return draft.settle(question)
        if turn.intent == "dont_know" or answers.is_dont_know(text):
            return NOT_UNDERSTOOD
        return draft.settle(question, **{question: text})
    return NOT_UNDERSTOOD


def _interpret_yes_no(
    draft: Draft, question: str, turn: Turn, facts: Facts
) -> Draft | _NotUnderstood:
    text = turn.text.strip()
    if question == "safe_now":
        if turn.intent in ("affirm", "feeling_ok") or _reads_safe(text):
            return draft.settle("safe_now", safe_now=True)
        return NOT_UNDERSTOOD
    if question == "wants_aangifte":
        wish = corrections.parse_aangifte_wish(text)
        if wish is not None:
            return draft.settle("wants_aangifte", wants_aangifte=wish)
        if answers.is_unsure_yet(text) or turn.intent == "dont_know" or answers.is_dont_know(text):
            return draft.settle("wants_aangifte", wants_aangifte=None)
    value = _yes_no(turn)
    if value is None:
        fact = {
            "perpetrator": facts.perpetrator,
            "injury": facts.injury,
            "witnesses": facts.witnesses,
            "police_present": facts.police_present,
        }.get(question)
        if fact is None:
            return NOT_UNDERSTOOD
        value = fact if question != "perpetrator" else fact == "bekend"
    if question == "perpetrator":
        return draft.settle("perpetrator", perpetrator="bekend" if value else "onbekend")
    if question == "injury":
        detail = (
            None if turn.is_payload else (facts.injury_text or answers.detail_after_yes_no(text))
        )
        draft = draft.settle("injury", injury=value, injury_text=detail if value else None)
        return draft.settle("injury_text") if (not value or detail) else draft
    return draft.settle(question, **{question: value})


def _yes_no(turn: Turn) -> bool | None:
    parsed = None if turn.is_payload else answers.parse_yes_no(turn.text)
    if turn.intent == "affirm":
        return parsed if parsed is not None else True
    if turn.intent == "deny":
        return parsed if parsed is not None else False
    return parsed


def _reads_safe(text: str) -> bool:
    norm = corrections.normalise(text)
    if any(re.search(p, norm) for p in UNSAFE_WORDS):
        return False
    return answers.parse_yes_no(text) is True or any(re.search(p, norm) for p in SAFE_WORDS)


def _reads_unsafe(turn: Turn) -> bool:
    if turn.intent == "deny":
        return True
    norm = corrections.normalise(turn.text)
    return any(re.search(p, norm) for p in UNSAFE_WORDS) or (
        not turn.is_payload and answers.parse_yes_no(turn.text) is False
    )


def _settle_unknown(draft: Draft, question: str, text: str, *, gave_up: bool = False) -> Draft:
    """'Weet ik niet': store nothing for the question and move on. Free text is kept where useful."""
    values: dict[str, Any] = {}
    if gave_up and question == "location_type" and text:
        values["location_text"] = text
    if gave_up and question == "perpetrator_relation" and text:
        values = {"perpetrator_relation": "anders", "perpetrator_description": text}
    if question == "safe_now":
        return draft
    return draft.settle(question, **values)


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

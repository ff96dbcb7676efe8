"""Reading the worker's words into the draft: the story, and the answer to one question.

`bot.dialogue.report` decides what a message is (an answer, a correction, an interruption);
this module knows what the words mean for each question.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.dialogue import answers, corrections
from bot.dialogue.answers import YES_NO_INTENT_CONFIDENCE, yes_no
from bot.dialogue.draft import YES_NO_QUESTIONS, Draft
from bot.dialogue.turn import Turn
from bot.understanding.classifier import Classifier
from bot.understanding.extraction.facts import Facts, extract_facts
from bot.understanding.timeparse.parse import parse_time

# A classifier proposal with every label at least this sure is shown only in the summary;
# a less sure proposal is put to the worker as a question.
CONFIDENT_TYPES_SCORE = 0.6

THIN_STORY_WORDS = 12
_WORD = re.compile(r"[^\W\d_]{2,}")
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
# A story with these words is not clearly over: the safety question is asked once more, kindly.
DANGER_HINTS = (
    r"\bbang\b",
    r"\bdurf\w*\b",
    r"\bnog (steeds |altijd )?(hier|daar|buiten|binnen|in de buurt|voor de deur|aan het)\b",
    r"\bwacht(te|en)? (op (me|mij)|buiten|me op)\b",
    r"\bkomt? (zo |straks )?terug\b",
    r"\bvolgt (me|mij)\b",
    r"\btril\w*\b",
    r"\bmes\b",
    r"\bwapen\b",
    r"\bpistool\b",
)
# A message this long that the classifier reads as an incident is (part of) the story; one the
# NLU calls a story must be longer ("bij de ingang van het stadskantoor" is an answer).
STORY_MIN_WORDS = 6
STORY_INTENT_MIN_WORDS = 12


class NotUnderstood:
    """Marker: the words do not answer the question."""


NOT_UNDERSTOOD = NotUnderstood()


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
        # Sure labels are taken (the summary shows them, the worker can correct); unsure ones
        # are only put to the worker as a question when nothing sure was found.
        sure = [lbl for lbl in result.labels if result.scores[lbl] >= CONFIDENT_TYPES_SCORE]
        proposal = sure or result.labels
        evidence = tuple(f"{e.label}: {e.text}" for e in result.evidence if e.label in proposal)
        draft = draft.with_values(types=tuple(proposal), types_evidence=evidence)
        if sure:
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
    draft = fill_from_facts(draft, extract_facts(narrative), overwrite=first_part)
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


_FACT_QUESTIONS = {
    "location_type": "location_type",
    "perpetrator_relation": "perpetrator_relation",
    "perpetrator": "perpetrator",
    "injury": "injury",
    "witnesses": "witnesses",
    "police_present": "police_present",
    "damage_text": "damage_text",
}
_FACT_EXTRAS = ("location_text", "perpetrator_description", "injury_text", "weapon", "repeated")


def fill_from_facts(draft: Draft, facts: Facts, *, overwrite: bool) -> Draft:
    for name, question in _FACT_QUESTIONS.items():
        value = getattr(facts, name)
        if value is None or (name == "perpetrator" and facts.perpetrator_assumed):
            continue  # "een klant" does not say whether the worker knew them: ask
        # A fact said after "weet ik niet" (answered, nothing stored) is still taken.
        if overwrite or question not in draft.answered or getattr(draft, name) is None:
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


def interpret(
    draft: Draft, question: str, turn: Turn, facts: Facts, classifier: Classifier
) -> Draft | NotUnderstood:
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
) -> Draft | NotUnderstood:
    text = turn.text.strip()
    if question == "safe_now":
        sure = 0.0 if turn.is_payload else YES_NO_INTENT_CONFIDENCE
        if turn.intent_is("affirm", "feeling_ok", min_confidence=sure) or reads_safe(text):
            return draft.settle("safe_now", safe_now=True)
        return NOT_UNDERSTOOD
    if question == "wants_aangifte":
        wish = corrections.parse_aangifte_wish(text)
        if wish is not None:
            return draft.settle("wants_aangifte", wants_aangifte=wish)
        if answers.is_unsure_yet(text) or turn.intent == "dont_know" or answers.is_dont_know(text):
            return draft.settle("wants_aangifte", wants_aangifte=None)
    value = yes_no(turn)
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


def reads_safe(text: str) -> bool:
    norm = corrections.normalise(text)
    if any(re.search(p, norm) for p in UNSAFE_WORDS):
        return False
    return answers.parse_yes_no(text) is True or any(re.search(p, norm) for p in SAFE_WORDS)


def reads_unsafe(turn: Turn) -> bool:
    """A clear "nee" to "ben je nu veilig?", or words that say so; "nee, het was gisteren" is not."""
    norm = corrections.normalise(turn.text)
    if any(re.search(p, norm) for p in UNSAFE_WORDS):
        return True
    if turn.is_payload:
        return turn.intent == "deny"
    plain_no = answers.parse_yes_no(turn.text) is False and not answers.detail_after_yes_no(
        turn.text
    )
    return plain_no or (turn.intent == "deny" and len(_WORD.findall(turn.text)) <= 2)


def hints_danger(text: str, facts: Facts) -> bool:
    """True when a story hints the danger may not be over (fear, still there, a knife)."""
    norm = corrections.normalise(text)
    return facts.danger_now or any(re.search(p, norm) for p in DANGER_HINTS)


def is_story(turn: Turn, classifier: Classifier) -> bool:
    """True when the message tells (part of) what happened, not a short answer."""
    if turn.is_payload or len(_WORD.findall(turn.text)) < STORY_MIN_WORDS:
        return False
    if answers.parse_yes_no(turn.text) is not None:
        return False
    if bool(classifier.classify(turn.text).labels):
        return True
    long_enough = len(_WORD.findall(turn.text)) >= STORY_INTENT_MIN_WORDS
    return long_enough and turn.intent_is("describe_incident", min_confidence=0.6)


def settle_unknown(draft: Draft, question: str, text: str, *, gave_up: bool = False) -> Draft:
    """'Weet ik niet': store nothing for the question and move on. Free text is kept where useful."""
    values: dict[str, Any] = {}
    if gave_up and question == "location_type" and text:
        values["location_text"] = text
    if gave_up and question == "perpetrator_relation" and text:
        values = {"perpetrator_relation": "anders", "perpetrator_description": text}
    if question == "safe_now":
        # Asked twice without an answer: the worker is typing, so the safety question does not
        # block the report (danger words at any point still give the 112 advice).
        return draft.settle("safe_now") if gave_up else draft
    return draft.settle(question, **values)

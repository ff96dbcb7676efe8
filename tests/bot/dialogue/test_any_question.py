"""Issue 12: every message is read for every fact, whatever question is open."""

from __future__ import annotations

import pytest

from bot.dialogue.draft import Draft
from bot.dialogue.noted import wishes_text
from bot.dialogue.report import answer, start_draft
from bot.dialogue.summary import summary_variables
from bot.dialogue.turn import Turn
from bot.dialogue.wishes import read_wishes
from bot.understanding.classifier import LexiconClassifier

STORY = "een man schreeuwde tegen me en trapte tegen mijn fiets"


@pytest.fixture
def classifier():
    return LexiconClassifier()


@pytest.fixture
def turn(now):
    def make(text: str, intent: str | None = None, confidence: float = 0.95) -> Turn:
        return Turn(text=text, now=now, intent=intent, confidence=confidence)

    return make


@pytest.fixture
def asked_safety(turn, classifier) -> Draft:
    """'ik wil een melding maken': the safety question is open, no story yet."""
    return start_draft(turn("ik wil een melding maken", "start_report"), "d1", classifier).draft


@pytest.fixture
def collecting(turn, classifier) -> Draft:
    """A story told and safety answered; the form asks what is missing."""
    draft = start_draft(turn(STORY, "describe_incident"), "d1", classifier).draft
    return answer(draft, "safe_now", turn("ja", "affirm"), classifier).draft


def responses(outcome) -> list[str]:
    return [s.response for s in outcome.say]


def test_a_story_typed_at_the_safety_question_is_taken_as_the_story(asked_safety, turn, classifier):
    outcome = answer(asked_safety, "safe_now", turn(STORY, "describe_incident"), classifier)
    assert outcome.draft.narrative == STORY
    assert "safe_now" in outcome.draft.answered and outcome.draft.safe_now is True
    assert not outcome.draft.danger
    assert responses(outcome) == ["utter_story_received"]
    assert outcome.draft.next_question() != "safe_now"


def test_a_time_typed_at_the_safety_question_is_stored_and_said_back(
    asked_safety, turn, classifier
):
    outcome = answer(
        asked_safety, "safe_now", turn("gisteren om 14:00", "describe_incident"), classifier
    )
    assert outcome.draft.occurred_at is not None
    assert outcome.draft.occurred_at.hour == 14
    assert responses(outcome) == ["utter_noted"]
    assert outcome.say[0].variables["noted"] == "gisteren om 14:00"
    assert outcome.draft.next_question() == "narrative"


def test_a_story_that_hints_at_danger_gets_the_safety_question_once_more(
    asked_safety, turn, classifier
):
    story = "hij bedreigde me met een mes en ik ben nog steeds bang"
    outcome = answer(asked_safety, "safe_now", turn(story, "describe_incident"), classifier)
    assert outcome.draft.narrative == story
    assert outcome.draft.next_question() == "safe_now"
    assert "safe_now" in outcome.draft.reasked and not outcome.draft.danger
    # The kind question once more; an answer without danger words then moves on.
    again = answer(outcome.draft, "safe_now", turn("gaat wel", "feeling_ok"), classifier)
    assert "safe_now" in again.draft.answered


def test_only_a_clear_no_at_the_safety_question_gives_the_112_advice(
    asked_safety, turn, classifier
):
    assert answer(asked_safety, "safe_now", turn("nee", "deny"), classifier).draft.danger
    corrected = answer(asked_safety, "safe_now", turn("nee, het was gisteren", "deny"), classifier)
    assert not corrected.draft.danger
    assert corrected.draft.occurred_at is not None


def test_a_time_typed_at_the_types_question_is_stored_and_the_question_stays(turn, classifier):
    draft = start_draft(turn("een leerling duwde me", "describe_incident"), "d1", classifier).draft
    draft = draft.settle("safe_now", safe_now=True).with_values(
        answered=(draft.answered | {"safe_now"}) - {"types"}
    )
    outcome = answer(draft, "types", turn("gisteren om 3 uur", "describe_incident"), classifier)
    assert outcome.draft.occurred_at is not None
    assert "types" not in outcome.draft.answered
    assert responses(outcome) == ["utter_noted"]


def test_a_place_typed_at_the_known_question_is_stored_and_the_question_stays(
    collecting, turn, classifier
):
    draft = (
        collecting.settle("types").settle("occurred_at").settle("location_type")
    )  # "weet ik niet"
    assert draft.next_question() == "perpetrator"
    outcome = answer(
        draft, "perpetrator", turn("het was bij het schoolhek", "describe_incident"), classifier
    )
    assert outcome.draft.location_type == "school"
    assert outcome.draft.next_question() == "perpetrator"
    assert responses(outcome) == ["utter_noted"]
    assert outcome.say[0].variables["noted"] == "op school"


def test_a_free_answer_to_the_known_question_is_understood_and_said_back(
    collecting, turn, classifier
):
    draft = collecting.settle("types").settle("occurred_at").settle("location_type")
    outcome = answer(
        draft,
        "perpetrator",
        turn("ik ken hem, hij komt hier vaak", "acute_danger", 0.99),
        classifier,
    )
    assert not outcome.draft.danger
    assert outcome.draft.perpetrator == "bekend"
    assert outcome.say[-1].variables["noted"] == "je kent deze persoon"


def test_anonymity_asked_as_a_question_is_done_and_said(collecting, turn, classifier):
    text = "mag dit anoniem? ik wil niet dat ze weten dat ik het ben"
    outcome = answer(collecting, collecting.next_question(), turn(text, "ask_privacy"), classifier)
    assert not outcome.rejected
    assert outcome.draft.anonymous is True
    assert responses(outcome) == ["utter_anonymous_set"]


def test_a_privacy_question_without_a_wish_is_left_to_the_dialogue(collecting, turn, classifier):
    text = "wat gebeurt er met mijn gegevens?"
    outcome = answer(collecting, collecting.next_question(), turn(text, "ask_privacy"), classifier)
    assert outcome.rejected


def test_wishes_are_kept_and_shown_in_the_summary(collecting, turn, classifier, now):
    draft = answer(
        collecting,
        "occurred_at",
        turn("ik wil aangifte doen via mijn werkgever", "correct_info"),
        classifier,
    ).draft
    draft = answer(
        draft, draft.next_question(), turn("bel me maar", "nlu_fallback", 0.4), classifier
    ).draft
    assert draft.aangifte_via == "werkgever" and draft.wants_aangifte is True
    assert draft.contact_wish == "bellen"
    assert wishes_text(draft) == ["je werkgever doet aangifte", "je wilt gebeld worden"]
    assert summary_variables(draft, now)["summary_wishes"] == (
        "je werkgever doet aangifte en je wilt gebeld worden"
    )


@pytest.mark.parametrize(
    ("text", "anonymous", "via", "contact"),
    [
        ("mag dit anoniem?", True, None, None),
        ("ik wil niet dat ze weten dat ik het ben", True, None, None),
        ("laat mijn werk het maar doen", None, "werkgever", None),
        ("mijn werkgever mag de aangifte doen", None, "werkgever", None),
        ("bel me maar", None, None, "bellen"),
        ("je mag me bellen", None, None, "bellen"),
        ("bel me niet", None, None, None),
        ("hij belde me drie keer op", None, None, None),
    ],
)
def test_wishes_are_read_from_plain_words(text, anonymous, via, contact):
    wishes = read_wishes(text)
    assert (wishes.anonymous, wishes.aangifte_via, wishes.contact_wish) == (
        anonymous,
        via,
        contact,
    )


def test_danger_from_the_nlu_stands_when_the_words_do_not_answer_the_question(
    collecting, turn, classifier
):
    draft = collecting.settle("types").settle("occurred_at")
    assert draft.next_question() == "location_type"
    outcome = answer(
        draft, "location_type", turn("hij komt terug!!", "acute_danger", 0.97), classifier
    )
    assert outcome.draft.danger

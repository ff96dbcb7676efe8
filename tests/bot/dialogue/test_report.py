"""What each message means for the report: listen first, ask only what is missing."""

from __future__ import annotations

import pytest

from bot.dialogue.draft import Draft
from bot.dialogue.report import answer, apply_correction, merge_pending_story, start_draft
from bot.dialogue.turn import Turn
from bot.understanding.classifier import LexiconClassifier

OPENING = "ik werd net bespuugd en uitgescholden door een klant aan de balie"
LONG_OPENING = (
    "gisteravond rond 7 uur heeft een klant aan de balie mij uitgescholden voor kankerwijf en hij gooide "
    "een stoel naar me, die raakte mijn been, mijn collega heeft het gezien"
)


@pytest.fixture
def classifier():
    return LexiconClassifier()


@pytest.fixture
def turn(now):
    def make(text: str, intent: str | None = None, confidence: float = 0.95) -> Turn:
        return Turn(text=text, now=now, intent=intent, confidence=confidence)

    return make


@pytest.fixture
def opened(turn, classifier) -> Draft:
    """The draft after the demo opening and 'ja, ik ben veilig'."""
    draft = start_draft(turn(OPENING, "describe_incident"), "d1", classifier).draft
    return answer(draft, "safe_now", turn("ja", "affirm"), classifier).draft


def test_story_in_the_first_message_settles_what_it_says(turn, classifier, now):
    draft = start_draft(turn(OPENING, "describe_incident"), "d1", classifier).draft
    assert draft.narrative == OPENING
    assert draft.types == ("verbale_agressie", "fysieke_agressie")
    assert draft.occurred_at == now and draft.occurred_at_text == "net"
    assert draft.location_type == "balie_publieksruimte"
    assert draft.perpetrator_relation == "klant_burger"
    # Safety first, then only what the story did not say.
    assert draft.required_questions() == [
        "safe_now",
        "perpetrator",
        "injury",
        "witnesses",
        "police_present",
        "wants_aangifte",
    ]


def test_long_first_message_leaves_only_what_it_does_not_say(turn, classifier):
    draft = start_draft(turn(LONG_OPENING, "describe_incident"), "d1", classifier).draft
    assert {
        "types",
        "occurred_at",
        "location_type",
        "perpetrator_relation",
        "injury",
        "witnesses",
    } <= draft.answered
    assert draft.injury is True and draft.witnesses is True
    assert draft.occurred_at.hour == 19 and draft.occurred_at.day == 22
    assert "narrative" not in draft.required_questions()
    assert "occurred_at" not in draft.required_questions()
    assert "location_type" not in draft.required_questions()


def test_greeting_opens_an_empty_draft(turn, classifier, now):
    draft = start_draft(turn("hoi", "greet"), "d1", classifier).draft
    assert draft.draft_id == "d1" and draft.started_at == now
    assert draft.next_question() == "safe_now"
    assert draft.narrative is None


def test_narrative_answer_fills_the_facts(turn, classifier):
    draft = start_draft(turn("hoi", "greet"), "d1", classifier).draft
    draft = answer(draft, "safe_now", turn("ja hoor", "affirm"), classifier).draft
    assert draft.next_question() == "narrative"
    outcome = answer(
        draft,
        "narrative",
        turn("een reiziger duwde me in de tram", "describe_incident"),
        classifier,
    )
    assert outcome.draft.location_type == "ov_voertuig"
    assert outcome.draft.perpetrator_relation == "reiziger"
    assert "fysieke_agressie" in outcome.draft.types


def test_weet_ik_niet_stores_nothing_and_moves_on(opened, turn, classifier):
    assert opened.next_question() == "perpetrator"
    outcome = answer(opened, "perpetrator", turn("weet ik niet", "dont_know"), classifier)
    assert outcome.draft.perpetrator is None
    assert outcome.draft.next_question() == "injury"
    assert outcome.say == ()


def test_unclear_answer_is_asked_again_once_then_left_open(opened, turn, classifier):
    first = answer(opened, "witnesses", turn("pfff", "out_of_scope", 0.3), classifier)
    assert [s.response for s in first.say] == ["utter_reask_witnesses"]
    assert "witnesses" in first.draft.required_questions()
    second = answer(first.draft, "witnesses", turn("pfff", "out_of_scope", 0.3), classifier)
    assert [s.response for s in second.say] == ["utter_moving_on"]
    assert second.draft.witnesses is None
    assert "witnesses" not in second.draft.required_questions()


def test_correction_in_the_middle_overwrites_and_asks_the_question_again(opened, turn, classifier):
    outcome = answer(opened, "injury", turn("nee, het was in de tram", "correct_info"), classifier)
    assert outcome.draft.location_type == "ov_voertuig"
    assert outcome.draft.injury is None
    assert outcome.draft.next_question() == "perpetrator"  # earlier questions come first
    assert "injury" in outcome.draft.required_questions()
    assert outcome.say[0].response == "utter_correction_applied"
    assert "plek" in outcome.say[0].variables["changes"]


def test_privacy_question_is_handed_back_to_the_dialogue(opened, turn, classifier):
    outcome = answer(
        opened, "perpetrator", turn("wie leest dit allemaal?", "ask_privacy"), classifier
    )
    assert outcome.rejected
    assert outcome.draft == opened


def test_stop_is_handed_back_even_when_it_reads_like_an_answer(opened, turn, classifier):
    assert answer(opened, "witnesses", turn("nee stop maar", "stop"), classifier).rejected


def test_answer_wins_over_an_interrupt_intent(opened, turn, classifier):
    outcome = answer(
        opened, "wants_aangifte", turn("ja ik wil aangifte doen", "ask_aangifte"), classifier
    )
    assert not outcome.rejected
    assert outcome.draft.wants_aangifte is True


def test_danger_words_mid_report_give_only_the_112_advice(opened, turn, classifier):
    outcome = answer(
        opened,
        "perpetrator",
        turn("help hij staat weer voor de deur", "describe_incident"),
        classifier,
    )
    assert outcome.draft.danger
    assert outcome.draft.next_question() == "safe_now"
    assert outcome.say == ()  # the ask action for safe_now gives the 112 advice, nothing else


def test_not_safe_gives_the_112_advice(turn, classifier):
    draft = start_draft(turn(OPENING, "describe_incident"), "d1", classifier).draft
    outcome = answer(draft, "safe_now", turn("nee", "deny"), classifier)
    assert outcome.draft.danger and outcome.draft.next_question() == "safe_now"


def test_safe_after_the_112_advice_continues_the_report(turn, classifier):
    draft = start_draft(turn(OPENING, "describe_incident"), "d1", classifier).draft
    draft = answer(draft, "safe_now", turn("nee", "deny"), classifier).draft
    outcome = answer(draft, "safe_now", turn("ik ben nu veilig", "affirm"), classifier)
    assert not outcome.draft.danger and outcome.draft.safe_now is True
    assert outcome.draft.next_question() == "perpetrator"


def test_blank_message_keeps_the_question(opened, turn, classifier):
    for text in ("", "   ", "😡😡", "?!..."):
        outcome = answer(opened, "injury", turn(text, "nlu_fallback", 0.2), classifier)
        assert [s.response for s in outcome.say] == ["utter_blank_message"]
        assert outcome.draft == opened


def test_too_long_message_is_refused_without_storing_it(opened, turn, classifier):
    outcome = answer(opened, "injury", turn("ja " * 3000, "affirm"), classifier)
    assert outcome.say[0].response == "utter_message_too_long"
    assert outcome.draft == opened


def test_typed_button_payload_answers_a_yes_no_question(opened, turn, classifier):
    outcome = answer(opened, "perpetrator", turn("/affirm", "affirm", 1.0), classifier)
    assert outcome.draft.perpetrator == "bekend"


def test_a_name_at_a_yes_no_question_is_asked_again_not_stored_as_yes(opened, turn, classifier):
    # Rasa's NLU gave "Sanne Jansen" the intent affirm at 0.56: not sure enough to mean "ja".
    outcome = answer(opened, "police_present", turn("Sanne Jansen", "affirm", 0.56), classifier)
    assert [s.response for s in outcome.say] == ["utter_reask_police_present"]
    assert outcome.draft.police_present is None


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "expected"),
    [
        ("klopt", "affirm", 0.3, True),  # the words decide, whatever the NLU thought
        ("nee hoor", "affirm", 0.9, False),
        ("dat heb ik gedaan", "affirm", 0.93, True),  # no yes-word: a sure intent counts
        ("dat heb ik gedaan", "affirm", 0.6, None),  # ... an unsure one does not
        ("/deny", "deny", 1.0, False),
    ],
)
def test_yes_no_is_read_from_the_words_first(
    opened, turn, classifier, text, intent, confidence, expected
):
    outcome = answer(opened, "police_present", turn(text, intent, confidence), classifier)
    assert outcome.draft.police_present is expected


def test_button_title_typed_by_hand_is_understood(turn, classifier):
    draft = start_draft(turn("hoi", "greet"), "d1", classifier).draft
    outcome = answer(
        draft, "location_type", turn("Bus, tram, metro of trein", "describe_incident"), classifier
    )
    assert outcome.draft.location_type == "ov_voertuig"
    outcome = answer(
        draft, "perpetrator_relation", turn("Reiziger", "describe_incident"), classifier
    )
    assert outcome.draft.perpetrator_relation == "reiziger"


def test_type_proposal_denied_offers_the_full_choice(turn, classifier):
    draft = Draft(
        draft_id="d",
        narrative="x",
        types=("bedreiging",),
        answered=frozenset({"safe_now", "narrative"}),
    )
    outcome = answer(draft, "types", turn("nee", "deny"), classifier)
    assert outcome.draft.types == ()
    assert outcome.draft.next_question() == "types"


def test_several_types_can_be_typed(turn, classifier):
    draft = Draft(draft_id="d", narrative="x", answered=frozenset({"narrative"}))
    outcome = answer(
        draft, "types", turn("schelden en bedreiging", "describe_incident"), classifier
    )
    assert outcome.draft.types == ("verbale_agressie", "bedreiging")
    assert "types" in outcome.draft.answered


def test_injury_yes_with_details_needs_no_second_question(opened, turn, classifier):
    outcome = answer(
        opened, "injury", turn("ja, een blauwe plek op mijn arm", "affirm"), classifier
    )
    assert outcome.draft.injury is True
    assert "blauwe plek" in outcome.draft.injury_text
    assert "injury_text" not in outcome.draft.required_questions()


def test_injury_yes_without_details_asks_what(opened, turn, classifier):
    outcome = answer(opened, "injury", turn("ja", "affirm"), classifier)
    assert outcome.draft.next_question() == "perpetrator"
    assert "injury_text" in outcome.draft.required_questions()


def test_undecided_about_aangifte_is_null_and_not_asked_again(opened, turn, classifier):
    outcome = answer(opened, "wants_aangifte", turn("weet ik nog niet", "dont_know"), classifier)
    assert outcome.draft.wants_aangifte is None
    assert "wants_aangifte" not in outcome.draft.required_questions()


def test_asking_for_anonymity_at_any_moment_sets_the_flag(opened, turn, classifier):
    outcome = answer(
        opened, "witnesses", turn("ja. en ik wil anoniem melden", "affirm"), classifier
    )
    assert outcome.draft.witnesses is True
    assert outcome.draft.anonymous is True


def test_correction_at_the_summary_overwrites(opened, turn, classifier):
    draft = opened.settle("injury", injury=False)
    outcome = apply_correction(draft, turn("toch wel een blauwe plek", "correct_info"), classifier)
    assert outcome.draft.injury is True
    assert outcome.say[0].response == "utter_correction_applied"


def test_correction_naming_a_question_asks_it_again(opened, turn, classifier):
    outcome = apply_correction(opened, turn("de plek klopt niet", "correct_info"), classifier)
    assert outcome.draft.next_question() == "location_type"
    assert [s.response for s in outcome.say] == ["utter_correction_reopen"]


def test_correction_that_says_nothing_is_explained(opened, turn, classifier):
    outcome = apply_correction(opened, turn("hmm", "correct_info", 0.4), classifier)
    assert outcome.draft == opened
    assert [s.response for s in outcome.say] == ["utter_correction_not_understood"]


def test_story_told_again_on_resume_only_fills_gaps(opened, turn, classifier, now):
    merged = merge_pending_story(
        opened, "het was in de tram en de politie kwam erbij", now, classifier
    )
    assert merged.location_type == "balie_publieksruimte"  # said before: kept
    assert merged.police_present is True  # missing: filled


def test_thin_story_is_kept_and_the_story_still_asked(turn, classifier):
    draft = start_draft(
        turn("er is net iets gebeurd in de tram", "describe_incident"), "d1", classifier
    ).draft
    assert draft.location_type == "ov_voertuig"
    assert "narrative" in draft.required_questions()
    draft = answer(draft, "safe_now", turn("ja", "affirm"), classifier).draft
    outcome = answer(
        draft,
        "narrative",
        turn("een man duwde me en dreigde me te steken", "describe_incident"),
        classifier,
    )
    assert (
        outcome.draft.narrative
        == "er is net iets gebeurd in de tram\neen man duwde me en dreigde me te steken"
    )
    assert "narrative" in outcome.draft.answered
    assert "fysieke_agressie" in outcome.draft.types
    assert outcome.say[-1].response == "utter_story_received"


def test_safe_words_end_the_alarm_whatever_the_intent(turn, classifier):
    draft = start_draft(turn(OPENING, "describe_incident"), "d1", classifier).draft
    draft = answer(draft, "safe_now", turn("help hij komt terug", "acute_danger"), classifier).draft
    assert draft.danger
    outcome = answer(
        draft, "safe_now", turn("ik ben nu binnen, deur op slot", "acute_danger", 0.7), classifier
    )
    assert outcome.draft.safe_now is True and not outcome.draft.danger
    assert [s.response for s in outcome.say] == ["utter_glad_safe"]


def test_corrected_clock_time_keeps_the_day_told_before(turn, classifier, now):
    draft = start_draft(turn(LONG_OPENING, "describe_incident"), "d1", classifier).draft
    outcome = apply_correction(draft, turn("nee het was om half 8", "correct_info"), classifier)
    assert outcome.draft.occurred_at.day == 22
    assert (outcome.draft.occurred_at.hour, outcome.draft.occurred_at.minute) == (19, 30)
    assert outcome.draft.occurred_at_text == "om half 8"


def test_corrected_time_with_a_day_takes_that_day(turn, classifier, now):
    draft = start_draft(turn(LONG_OPENING, "describe_incident"), "d1", classifier).draft
    outcome = apply_correction(
        draft, turn("nee het was vanochtend om 10 uur", "correct_info"), classifier
    )
    assert outcome.draft.occurred_at.day == now.day and outcome.draft.occurred_at.hour == 10


def test_danger_at_the_summary_brings_back_only_the_112_advice(opened, turn, classifier):
    outcome = apply_correction(
        opened, turn("hij staat weer voor de deur met een mes", "describe_incident"), classifier
    )
    assert outcome.draft.danger and outcome.draft.next_question() == "safe_now"
    assert outcome.say == ()


class FixedClassifier:
    def __init__(self, scores):
        self.scores = scores

    def classify(self, text):
        from bot.understanding.classifier.base import Classification, Evidence

        return Classification.from_scores(
            self.scores, [Evidence(label, "woord") for label in self.scores]
        )


def test_sure_types_are_taken_and_an_unsure_one_is_left_out(turn):
    classifier = FixedClassifier(
        {"verbale_agressie": 0.9, "fysieke_agressie": 0.8, "materiele_schade": 0.55}
    )
    draft = start_draft(turn(LONG_OPENING, "describe_incident"), "d1", classifier).draft
    assert draft.types == ("verbale_agressie", "fysieke_agressie")
    assert "types" in draft.answered and "damage_text" not in draft.required_questions()


def test_only_unsure_types_are_put_to_the_worker(turn):
    classifier = FixedClassifier({"bedreiging": 0.55})
    draft = start_draft(turn(LONG_OPENING, "describe_incident"), "d1", classifier).draft
    assert draft.types == ("bedreiging",)
    assert "types" in draft.required_questions()

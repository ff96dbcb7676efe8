"""The small decisions around an open draft and 'stop', taken in bot/dialogue for the actions."""

from __future__ import annotations

from datetime import datetime

from bot.dialogue import casework, checkin, resume
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Say, Turn
from bot.vocab import is_criminal
from tests.conftest import AMS

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=AMS)


def test_a_story_told_during_the_resume_offer_opens_the_new_report():
    opening = resume.opening_turn(
        Turn("/new_report", NOW), offer="resume", pending_story="hij sloeg me", message_is_new=True
    )
    assert opening.replacing
    assert opening.turn == Turn("hij sloeg me", NOW, intent="describe_incident", confidence=1.0)


def test_a_handled_message_opens_the_new_report_without_words():
    opening = resume.opening_turn(
        Turn("melden", NOW), offer=None, pending_story="oud verhaal", message_is_new=False
    )
    assert not opening.replacing
    assert opening.turn == Turn("", NOW)


def test_without_a_started_draft_there_is_nothing_to_resume():
    offer = resume.resume_offer(Draft(), "collecting", Turn("hallo", NOW), NOW)
    assert offer.say == (Say("utter_no_open_report"),)
    assert offer.slots == {"offer": None}


def test_only_the_command_stops_the_check_ins_at_once():
    assert checkin.stop_outside_report("/stop", planned=True) == "stop_followups"
    assert checkin.stop_outside_report("stop", planned=True) == "ask"
    assert checkin.stop_outside_report("/stop", planned=False) == "goodbye"


def test_an_external_intent_names_its_check_in():
    kind = next(iter(checkin.STEPS))
    assert checkin.checkin_kind(f"EXTERNAL_{kind}") == kind
    assert checkin.checkin_kind("EXTERNAL_unknown") is None


def test_aangifte_guidance_follows_the_criminal_types():
    assert is_criminal(["bedreiging"]) and not is_criminal(["verbale_agressie"])
    assert casework.aangifte_guidance(["fysieke_agressie"]) == "utter_aangifte_guidance"
    assert casework.aangifte_guidance(["verbale_agressie"]) == "utter_aangifte_guidance_verbal"

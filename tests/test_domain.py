"""The domain, the actions and the code agree on names (Rasa's validator cannot see into actions)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Action

import actions
from bot.dialogue.casework import CHOICES
from bot.dialogue.checkin import STEPS
from bot.dialogue.draft import QUESTIONS

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
CODE = "\n".join(
    p.read_text(encoding="utf-8") for d in ("bot", "actions") for p in (ROOT / d).rglob("*.py")
)
DIALOGUE_DATA = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "nlu_data").glob("*.yml"))


def action_classes() -> dict[str, type[Action]]:
    found = {}
    for module in pkgutil.iter_modules(actions.__path__):
        mod = importlib.import_module(f"actions.{module.name}")
        for _, cls in inspect.getmembers(mod, inspect.isclass):
            if issubclass(cls, Action) and cls.__module__ == mod.__name__:
                found[cls().name()] = cls
    return found


def test_every_custom_action_in_the_domain_is_implemented_and_vice_versa():
    assert set(DOMAIN["actions"]) == set(action_classes())


def test_every_response_the_code_sends_exists():
    named = set(re.findall(r"[\"'](utter_[a-z_]+)[\"']", CODE))
    named |= {f"utter_reask_{q}" for q in QUESTIONS}
    missing = named - set(DOMAIN["responses"])
    assert not missing


# Responses the check-in actions build from the check-in's kind and step (bot/dialogue/checkin.py).
CHECKIN_RESPONSES = (
    {f"utter_checkin_intro_{kind}" for kind in STEPS}
    | {f"utter_checkin_{step}" for steps in STEPS.values() for step in steps}
    | {"utter_checkin_alert_consent", "utter_checkin_wants_support"}
)


def test_every_check_in_question_has_a_response():
    assert not CHECKIN_RESPONSES - set(DOMAIN["responses"])


# Responses the questions after the report build from the choice (bot/dialogue/casework.py).
CASEWORK_RESPONSES = {f"utter_aangifte_next_{choice}" for choice in CHOICES} | {
    "utter_ask_aangifte_choice",
    "utter_ask_damage_amount",
}


def test_every_aangifte_choice_has_a_next_step():
    assert not CASEWORK_RESPONSES - set(DOMAIN["responses"])


def test_every_response_is_used_somewhere():
    used_by_forms = (
        CHECKIN_RESPONSES
        | CASEWORK_RESPONSES
        | {
            f"utter_ask_{slot}"
            for form in DOMAIN["forms"].values()
            for slot in form["required_slots"]
        }
        | {"utter_ask_safe_now_after_story", "utter_ask_types_proposal", "utter_ask_types_choose"}
    )
    unused = [
        name
        for name in DOMAIN["responses"]
        if name not in CODE
        and name not in DIALOGUE_DATA
        and name not in used_by_forms
        and not name.startswith("utter_reask_")
    ]
    assert not unused


def test_every_form_question_can_be_asked():
    for form in DOMAIN["forms"].values():
        for slot in form["required_slots"]:
            assert (
                f"utter_ask_{slot}" in DOMAIN["responses"]
                or f"action_ask_{slot}" in DOMAIN["actions"]
            ), slot


def test_report_form_asks_the_questions_of_the_draft():
    assert DOMAIN["forms"]["report_form"]["required_slots"] == list(QUESTIONS)


# Only the responses that have buttons: for the others the check has nothing to look at.
WITH_BUTTONS = sorted(
    name
    for name, variations in DOMAIN["responses"].items()
    if any(variation.get("buttons") for variation in variations)
)


@pytest.mark.parametrize("name", WITH_BUTTONS)
def test_button_payloads_name_known_intents(name):
    for variation in DOMAIN["responses"][name]:
        for button in variation.get("buttons", []):
            payload = button["payload"]
            if payload.startswith("/"):
                assert payload[1:] in DOMAIN["intents"], payload


def test_slots_hold_every_draft_field():
    from bot.dialogue.draft import DRAFT_SLOTS

    assert set(DRAFT_SLOTS) <= set(DOMAIN["slots"])

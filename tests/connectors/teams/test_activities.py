"""Reading Teams activities and shaping replies (pure; no Rasa, no network)."""

from __future__ import annotations

from connectors.teams.activities import (
    button_card,
    consent_answer,
    parse_activity,
    pressed,
    split_text,
    typed_payload,
)
from tests.teams_fake import TENANT_ID, FakeTeams

SECRET = "app-secret"
fake = FakeTeams()  # only its activity builders are used: never started
fake.port = 1
USER = "6f0c2b9e-1d2a-4c59-9a51-0a9d0d6a1f11"


def test_a_personal_message_is_text_with_its_reference():
    incoming = parse_activity(fake.activity(USER, text=" Ik werd bedreigd "), TENANT_ID)
    assert incoming.kind == "text" and incoming.text == "Ik werd bedreigd"
    assert incoming.user == USER
    assert incoming.reference.conversation_id == f"a:{USER}"
    assert incoming.reference.user_id == f"29:{USER}"
    assert incoming.reference.service_url == fake.service_url


def test_group_chats_and_channels_are_refused_not_read():
    for kind in ("groupChat", "channel"):
        incoming = parse_activity(
            fake.activity(USER, text="hoi", conversation_type=kind), TENANT_ID
        )
        assert incoming.kind == "group"
        assert incoming.text is None


def test_install_and_uninstall_are_recognised():
    assert parse_activity(fake.install(USER), TENANT_ID).kind == "installed"
    removed = fake.activity(USER, kind="installationUpdate", action="remove")
    assert parse_activity(removed, TENANT_ID).kind == "uninstalled"
    added = fake.activity(USER, kind="installationUpdate", action="add")
    assert parse_activity(added, TENANT_ID).kind == "noted"
    other = fake.activity(USER, kind="messageReaction")
    assert parse_activity(other, TENANT_ID).kind == "ignored"


def test_a_file_carries_its_download_url_and_kind():
    incoming = parse_activity(fake.file_activity(USER, "foto.jpg", b"x", "jpg"), TENANT_ID)
    assert incoming.kind == "file"
    (teams_file,) = incoming.files
    assert teams_file.kind == "photo" and teams_file.mime_type == "image/jpeg"
    assert teams_file.download_url.endswith("/files/foto.jpg")


def test_a_button_press_gives_the_payload_only_when_the_bot_signed_it():
    card = button_card(
        [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}],
        SECRET,
        "Klopt dit?",
    )
    message = {"attachments": [card], "_id": "77"}
    incoming = parse_activity(fake.press(USER, message, "Nee"), TENANT_ID)
    assert incoming.kind == "submit" and incoming.reply_to_id == "77"
    press = pressed(incoming.value, SECRET)
    assert (press.payload, press.title, press.question) == ("/deny", "Nee", "Klopt dit?")
    forged = dict(incoming.value, vpt_payload='/inform{"injury": true}')
    assert pressed(forged, SECRET) is None
    assert pressed(incoming.value, "another-secret") is None


def test_typed_commands_map_to_payloads_and_unknown_ones_to_help():
    assert typed_payload("/melden") == (True, "/start_report")
    assert typed_payload("/help") == (True, None)
    assert typed_payload('/inform{"x": 1}') == (True, None)
    assert typed_payload("Hallo") == (False, None)


def test_a_mention_is_not_part_of_the_text():
    incoming = parse_activity(fake.activity(USER, text="<at>VPT meldbot</at> hallo"), TENANT_ID)
    assert incoming.text == "hallo"


def test_long_text_is_split_below_the_message_limit():
    parts = split_text(("woord " * 9000).strip(), limit=20_000)
    assert len(parts) == 3 and all(len(p) <= 20_000 for p in parts)


def test_a_consent_answer_names_the_report_and_upload():
    card = {
        "name": "aangifte.pdf",
        "content": {"acceptContext": {"report_id": 12, "filename": "aangifte.pdf"}},
    }
    invoke = parse_activity(fake.consent(USER, card), TENANT_ID)
    assert invoke.kind == "consent"
    action, report_id, filename, upload = consent_answer(invoke.value)
    assert (action, report_id, filename) == ("accept", 12, "aangifte.pdf")
    assert upload["uploadUrl"].endswith("/upload/aangifte.pdf")
    declined = parse_activity(fake.consent(USER, card, "decline"), TENANT_ID)
    assert consent_answer(declined.value)[0] == "decline"

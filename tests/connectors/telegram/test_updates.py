"""Reading Bot API updates and shaping replies (the pure half of the Telegram channel)."""

from __future__ import annotations

import pytest

from connectors.telegram.updates import (
    COMMANDS,
    Incoming,
    callback_payload,
    command_payload,
    format_size,
    keyboard_rows,
    load_texts,
    parse_update,
    split_text,
    utf16_units,
)
from tests.telegram_updates import fixture


def test_private_text_message_is_text_with_the_workers_name():
    incoming = parse_update(fixture("message_text"))
    assert (incoming.kind, incoming.chat_id, incoming.text) == ("text", 1111111, "hoi")
    assert incoming.display_name == "Sanne de Vries"


def test_start_with_a_code_is_a_command_with_its_argument():
    incoming = parse_update(fixture("message_command_start"))
    assert (incoming.kind, incoming.command) == ("command", "start")
    assert incoming.argument == "abcdefghijklmnopqrstuvwx"


@pytest.mark.parametrize(
    ("text", "payload"),
    [
        ("/start", "/greet"),
        ("/melden", "/start_report"),
        ("/melden@vpt_meld_bot", "/start_report"),
        ("/stop", "/stop"),
        ("/privacy", "/ask_privacy"),
        ("/help", None),
        ('/affirm{"anonymous": true}', None),
        ("/restart", None),
    ],
)
def test_commands_map_onto_rasa_payloads_and_nothing_else(text, payload):
    update = fixture("message_text")
    update["message"]["text"] = text
    incoming = parse_update(update)
    assert incoming.kind == "command"
    assert command_payload(incoming.command) == payload


def test_a_typed_payload_with_leading_spaces_is_still_a_command_not_text():
    update = fixture("message_text")
    update["message"]["text"] = "   /deny"
    assert parse_update(update).kind == "command"


def test_every_command_has_a_payload_or_is_help():
    assert set(COMMANDS) == {
        "start",
        "melden",
        "stop",
        "stopberichten",
        "aangifte",
        "privacy",
        "help",
    }
    assert command_payload("stopberichten") == "/stop_followups"


def test_photo_takes_the_largest_size_and_keeps_the_caption():
    incoming = parse_update(fixture("message_photo"))
    assert incoming.kind == "media"
    assert incoming.media.kind == "photo"
    assert incoming.media.file_id == "AgACAgQAAxkBAAIBQ2XlargeAAA"
    assert incoming.media.file_size == 48211
    assert incoming.caption == "de kapotte stoel"


@pytest.mark.parametrize(
    ("name", "kind", "size"),
    [
        ("message_document", "document", 3145728),
        ("message_voice", "voice", 23100),
        ("message_video", "video", 104857600),
    ],
)
def test_documents_voice_and_video_are_media(name, kind, size):
    incoming = parse_update(fixture(name))
    assert (incoming.kind, incoming.media.kind, incoming.media.file_size) == ("media", kind, size)


def test_document_keeps_its_name_and_type():
    media = parse_update(fixture("message_document")).media
    assert (media.file_name, media.mime_type) == ("IMG_2041.JPG", "image/jpeg")


def test_sticker_is_unsupported_and_edits_are_ignored():
    assert parse_update(fixture("message_sticker")).kind == "unsupported"
    assert parse_update(fixture("edited_message")).kind == "ignored"


def test_group_message_and_being_added_to_a_group_are_group():
    assert parse_update(fixture("message_group")).kind == "group"
    member = parse_update(fixture("my_chat_member_group"))
    assert (member.kind, member.chat_id) == ("group", -1001234567890)


def test_being_removed_from_a_group_is_ignored():
    update = fixture("my_chat_member_group")
    update["my_chat_member"]["new_chat_member"]["status"] = "left"
    assert parse_update(update).kind == "ignored"


@pytest.mark.parametrize(
    "update",
    [
        {},
        {"update_id": "x"},
        {"update_id": 1, "message": "x"},
        {"update_id": 2, "message": {"chat": {}}},
    ],
)
def test_odd_updates_are_ignored_without_raising(update):
    assert parse_update(update).kind == "ignored"


def test_a_button_press_gives_the_pressed_payload():
    incoming = parse_update(fixture("callback_query"))
    assert incoming.kind == "callback"
    assert incoming.message_id == 1372
    assert callback_payload(incoming) == ("Ja, ik ben veilig", "/affirm")


def test_a_forged_press_with_data_not_on_the_message_is_refused():
    update = fixture("callback_query")
    update["callback_query"]["data"] = '/affirm{"anonymous": true}'
    assert callback_payload(parse_update(update)) is None


def test_a_press_in_a_group_is_group():
    update = fixture("callback_query")
    update["callback_query"]["message"]["chat"] = {"id": -100, "type": "group", "title": "x"}
    assert parse_update(update).kind == "group"


def test_a_long_payload_is_sent_back_as_its_title():
    long_title = "Bij iemand thuis, in de woning van een cliënt of bewoner, tijdens een huisbezoek"
    rows = keyboard_rows(
        [{"title": long_title, "payload": long_title}, {"title": "Nee", "payload": "/deny"}]
    )
    data = [d for row in rows for _, d in row]
    assert data == ["#0", "/deny"]
    incoming = Incoming(
        update_id=1, kind="callback", callback_data="#0", keyboard=tuple(tuple(r) for r in rows)
    )
    assert callback_payload(incoming) == (long_title[:200], long_title[:200])


def test_short_buttons_share_a_row_and_long_lists_get_one_row_each():
    assert (
        len(
            keyboard_rows(
                [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
            )
        )
        == 1
    )
    many = [{"title": f"Keuze {i}", "payload": f"k{i}"} for i in range(6)]
    assert len(keyboard_rows(many)) == 6


def test_short_text_is_not_split():
    assert split_text("Hoi") == ["Hoi"]


def test_long_text_is_split_at_lines_within_the_limit():
    text = "\n".join(f"regel {i} " + "x" * 90 for i in range(100))
    parts = split_text(text)
    assert len(parts) == 3
    assert all(utf16_units(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text


def test_text_without_spaces_and_with_emoji_is_split_by_utf16_units():
    text = "😡" * 3000  # 6000 UTF-16 code units
    parts = split_text(text)
    assert all(utf16_units(p) <= 4096 for p in parts)
    assert "".join(parts) == text


def test_sizes_read_as_dutch():
    assert format_size(48211) == "48 kB"
    assert format_size(20 * 1024 * 1024) == "21,0 MB"


def test_every_channel_text_is_present():
    texts = load_texts()
    for key in (
        "group_refused",
        "apology",
        "help",
        "unsupported",
        "file_too_large",
        "evidence_received",
        "choice_shown",
        "link_linked",
        "link_used",
        "link_expired",
        "link_unknown",
        "link_failed",
        "button_expired",
        "file_not_saved",
    ):
        assert texts[key].strip(), key
    assert set(texts["evidence_kinds"]) == {"photo", "document", "voice", "video"}
    assert "{limit}" in texts["file_too_large"]

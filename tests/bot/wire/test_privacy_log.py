"""Log records carry no personal data, whoever logs them and at whatever level."""

from __future__ import annotations

import logging

import pytest

from bot.wire import privacy_log

STORY = "Jan Zwartekool sloeg me met een paraplu bij de Ganzenmarkt"
SESSION = "web-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v"


@pytest.fixture
def captured(caplog):
    privacy_log.install()
    caplog.set_level(logging.DEBUG)
    return caplog


def _all_text(caplog) -> str:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    return "\n".join(handler.format(r) for r in caplog.records)


def test_rasa_style_message_text_is_not_logged(captured):
    logging.getLogger("rasa.core.channels.rest").error(
        f"An exception occured while handling user message '{STORY}'."
    )
    assert "Zwartekool" not in _all_text(captured)


def test_a_tracker_echoed_in_an_exception_is_not_logged(captured):
    body = '{"error": "x", "request_body": {"tracker": {"latest_message": {"text": "%s"}}}}'
    try:
        raise RuntimeError(f"500, message='Internal Server Error', body='{body % STORY}'")
    except RuntimeError:
        logging.getLogger("rasa.core.processor").exception("Encountered an exception")
    text = _all_text(captured)
    assert "Zwartekool" not in text and "Ganzenmarkt" not in text
    assert "test_privacy_log.py" in text  # the traceback still says where it happened


def test_sqlalchemy_bound_parameters_are_not_logged(captured):
    logging.getLogger("actions.submit").error(
        "(sqlite3.OperationalError) database is locked [SQL: INSERT INTO reports (narrative) "
        "VALUES (?)] [parameters: (%r,)]",
        STORY,
    )
    assert "Zwartekool" not in _all_text(captured)


def test_session_ids_and_chat_ids_are_not_logged(captured):
    logging.getLogger("aiohttp.access").info("GET /internal/web/pages/%s 200", SESSION)
    logging.getLogger("bot.x").info("chat %s linked", 5123456789)
    text = _all_text(captured)
    assert SESSION[4:] not in text and "5123456789" not in text


def test_our_own_plain_lines_stay_readable(captured):
    logging.getLogger("bot.delivery.worker").info("follow-up %d (%s): %s", 12, "day1", "sent")
    assert "follow-up 12 (day1): sent" in _all_text(captured)

"""The custom bot message naming a document, as both channels read it."""

from __future__ import annotations

from bot.wire.document_message import document_request


def test_a_document_message_names_the_report_and_a_safe_file_name():
    custom = {"document": {"kind": "aangifte", "report_id": "12", "filename": "aangifte-VPT.pdf"}}
    found = document_request(custom)
    assert (found.report_id, found.filename) == (12, "aangifte-VPT.pdf")
    bad_name = {"document": {**custom["document"], "filename": "../../etc/passwd"}}
    assert document_request(bad_name) is None
    assert document_request({"document": {**custom["document"], "report_id": "x"}}) is None
    assert document_request(None) is None and document_request({"other": 1}) is None

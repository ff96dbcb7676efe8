"""What a worker types, made storable: any Unicode a keyboard or a client can send is kept.

A client that splits an emoji sends a lone surrogate ("\\ud800"), which no UTF-8 database can
store; PostgreSQL refuses NUL in text. Both, and the other control characters except tab and
line breaks, are replaced before the text reaches Rasa or the database. Standard library only.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except \t \n \r, and DEL; NUL is among them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """The text with lone surrogates as U+FFFD and control characters (NUL included) removed."""
    # A valid surrogate pair inside a Python str is two lone surrogates as well (JSON "\\ud83d
    # \\ude00" decodes to the emoji itself, so only broken halves get here); joining pairs first
    # keeps an emoji sent as two escaped halves.
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        text = _SURROGATE.sub(REPLACEMENT, text)
    return _CONTROL.sub("", text)

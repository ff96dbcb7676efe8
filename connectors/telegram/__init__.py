"""Our Telegram channel for Rasa; credentials.yml names it `connectors.telegram.TelegramInput`.

channel.py wires the parts: updates.py (parsing), send.py (replies), polling.py, proactive.py
(messages the worker did not start) and media.py (evidence in, documents out).
"""

from __future__ import annotations

from typing import Any

__all__ = ["TelegramInput"]


def __getattr__(name: str) -> Any:
    # Imported on first use: updates.py (parsing only) must stay importable without Rasa.
    if name == "TelegramInput":
        from connectors.telegram.channel import TelegramInput

        return TelegramInput
    raise AttributeError(name)

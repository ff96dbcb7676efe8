"""Our Microsoft Teams channel for Rasa; credentials.yml names it `connectors.teams.TeamsInput`.

channel.py wires the parts: auth.py (tokens in and out), activities.py (parsing, cards),
send.py (the Bot Connector), proactive.py (messages the worker did not start) and media.py
(evidence in, the aangifte PDF out).
"""

from __future__ import annotations

from typing import Any

__all__ = ["TeamsInput"]


def __getattr__(name: str) -> Any:
    # Imported on first use: auth.py and activities.py must stay importable without Rasa.
    if name == "TeamsInput":
        from connectors.teams.channel import TeamsInput

        return TeamsInput
    raise AttributeError(name)

"""The Dutch words of the figures (bot/services/figures_nl.yml), loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEXTS_FILE = Path(__file__).with_name("figures_nl.yml")


@cache
def figure_texts() -> dict[str, Any]:
    """The parsed text file."""
    return yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))


class _Sectors(dict):
    def __missing__(self, key: str) -> str:
        return figure_texts()["sectors"].get(key, key)


SECTOR_LABELS: dict[str, str] = _Sectors()

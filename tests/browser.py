"""Launching Debian's Chromium for browser tests (skip on a developer machine without it, fail in CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# The machine has no internet: without these flags Chromium keeps trying Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def unavailable(reason: str) -> None:
    """Skip when the browser is missing on a developer machine; fail in CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests must run)")
    pytest.skip(reason)


def launch_chromium() -> Iterator:
    """A headless Chromium, closed afterwards."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed in .venv")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()

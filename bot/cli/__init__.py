"""The `vpt` command: operator commands (main.py) and the coordinator's casework commands (coordinator.py)."""

from bot.cli.main import main

__all__ = ["main"]

"""bot.wire is what connectors/ import inside the Rasa environment: standard library only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# -I: no environment variables, no user site; -S: no site-packages at all. Only the repository
# is put on the path, so any import of a third-party package (or of the rest of bot/) shows.
PROBE = """
import sys
sys.path.insert(0, {root!r})
import bot.wire.delivery, bot.wire.document_message, bot.wire.senders
core = sorted(m for m in sys.modules if m.startswith("bot.") and not m.startswith("bot.wire"))
print(",".join(core))
"""


def test_bot_wire_imports_in_a_standard_library_only_interpreter():
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", PROBE.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""

"""`python -m bot.cli` runs `vpt` (as `python -m bot.cli` did when cli was one module)."""

import sys

from bot.cli.main import main

sys.exit(main())

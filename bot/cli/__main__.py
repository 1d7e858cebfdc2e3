"""`python -m bot.cli` is `bryggan`, as `python -m bot` is."""

import sys

from bot.cli import main

sys.exit(main())

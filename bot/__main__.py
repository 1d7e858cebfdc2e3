"""`python -m bot` is `bryggan`."""

import sys

from bot.cli import main

sys.exit(main())

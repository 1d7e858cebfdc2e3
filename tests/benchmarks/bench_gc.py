"""How long the collector's full pass holds a started Bryggan, before and after `bryggan run`
freezes what start-up built (bot/cli/run.py, `_settle`).

Run as `python tests/benchmarks/bench_gc.py`. Prints figures only; nothing here asserts on time.
A full pass holds the GIL: every request thread waits for it.
"""

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from cryptography.fernet import Fernet  # noqa: E402

from bot.app import build  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.privacy import warm_up  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from localslack import LocalSlack  # noqa: E402
from tests.slackbed import BOT_TOKEN, add_test_workspace  # noqa: E402

PASSES = 7


def full_pass_ms() -> float:
    """The median of PASSES full collections, in milliseconds."""
    spent = []
    for _ in range(PASSES):
        started = time.perf_counter()
        gc.collect()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


def main() -> None:
    slack = LocalSlack().start()
    add_test_workspace(slack)
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            DATABASE_URL=f"sqlite:///{folder}/bench.db",
            SLACK_API_URL=slack.api_url,
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET="bench",
            BRYGGAN_SECRET_KEY=Fernet.generate_key().decode(),
        )
        bryggan = build(load_settings(), clock=SystemClock())
        warm_up()
        gc.collect()
        print(f"objects the collector tracks after start-up: {len(gc.get_objects()):,}")
        print(f"full pass, as started:      {full_pass_ms():7.1f} ms (median of {PASSES})")
        gc.freeze()
        print(f"full pass, start-up frozen: {full_pass_ms():7.1f} ms")
        bryggan.close()
    slack.stop()


if __name__ == "__main__":
    main()

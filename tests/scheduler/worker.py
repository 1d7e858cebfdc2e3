"""One Bryggan delivery process for the multi-process outbox test (`python -m tests.scheduler.worker`).

It loops `Dispatcher.run_once` against the test's database and Slack stand-in, on a clock that lives in
a file only the test moves, until the test says stop or nothing is left to deliver. The test starts
several of these and SIGKILLs some of them; the files in the control directory are how they talk:

- `clock`: the shared instant (written by the test only);
- `go` and `stop`: start and stop signals; `<owner>.ready`: this worker is up and waits for `go`;
- `<owner>.jsonl`: one `DispatchReport` per productive run, flushed as it happens;
- `<owner>.pause`: asks the worker to stop dead right after its next post Slack accepted, before the
  dispatcher may commit it; the worker then writes `<owner>.accepted` (key, channel, ts) and waits to
  be killed.

Not a test module: pytest collects only `test_*.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from scheduler.locks import SingleProcessLock
from scheduler.outbox import Dispatcher, Rendered
from storage.db import make_engine, make_sessions
from storage.models import DeliveryStatus, OutboxMessage

# Real seconds between polls while idle or waiting for a signal: only spares the CPU. Every outbox
# decision (leases, backoffs, Retry-After) is taken on the shared file clock, never on this.
POLL = 0.005
EXIT_DONE, EXIT_OVERTIME, EXIT_ORPHANED = 0, 3, 4


class FileClock:
    """`bot.clock.Clock` whose instant lives in a file, so separate processes share one timeline."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def now(self) -> datetime:
        """The instant the file holds, timezone-aware UTC."""
        return datetime.fromisoformat(self.path.read_text())

    def timestamp(self) -> float:
        """Seconds since the epoch, for the stand-in's float clock."""
        return self.now().timestamp()

    def set(self, instant: datetime) -> None:
        """Write `instant`; replaced atomically, so a reader never sees half an instant."""
        if instant.tzinfo is None:
            raise ValueError("FileClock needs a timezone-aware instant")
        scratch = self.path.with_name(f"{self.path.name}.tmp")
        scratch.write_text(instant.astimezone(UTC).isoformat())
        os.replace(scratch, self.path)

    def advance(self, delta: timedelta) -> datetime:
        """Move time forward by `delta` (only the test does this) and return the new instant."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        instant = self.now() + delta
        self.set(instant)
        return instant


class PausableClient(WebClient):
    """A sender client that can freeze between Slack accepting a post and the dispatcher's commit."""

    def __init__(self, *, pause_file: Path, accepted_file: Path, deadline: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pause_file = pause_file
        self._accepted_file = accepted_file
        self._deadline = deadline

    def chat_postMessage(self, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        """Post; when asked to pause, report the accepted message and hang until SIGKILLed."""
        response = super().chat_postMessage(**kwargs)
        if self._pause_file.exists():
            # Slack has the message and the dispatcher has not recorded it: the worst moment to die.
            accepted = {
                "key": kwargs["metadata"]["event_payload"]["key"],
                "channel": response["channel"],
                "ts": response["ts"],
            }
            _write_atomically(self._accepted_file, json.dumps(accepted))
            while time.monotonic() < self._deadline:
                time.sleep(POLL)
            sys.exit(EXIT_OVERTIME)  # never killed: the test failed; do not linger
        return response


def render(row: OutboxMessage) -> Rendered:
    """A reminder's words; the test counts messages by their metadata key, not by text."""
    return Rendered(text=f"Påminnelse: EHT imorgon ({row.key})")


def main(argv: list[str] | None = None) -> int:
    """Deliver until stopped, done, overtime, or orphaned; the exit code says which."""
    options = _parse(argv)
    control: Path = options.control_dir
    parent = os.getppid()
    deadline = time.monotonic() + options.max_seconds
    engine = make_engine(options.database_url)
    sessions = make_sessions(engine)
    client = PausableClient(
        pause_file=control / f"{options.owner}.pause",
        accepted_file=control / f"{options.owner}.accepted",
        deadline=deadline,
        token=options.token,
        base_url=options.api_url,
        retry_handlers=[],  # as bot.app.sender_client: no automatic re-send, the dispatcher decides
        timeout=10,
    )
    dispatcher = Dispatcher(
        sessions=sessions,
        clock=FileClock(control / "clock"),
        client_for=lambda _team: client,
        render=render,
        owner=options.owner,
        admins=lambda _team: (),
        batch=options.batch,
        rng=random.Random(options.seed),
    )
    try:
        with (
            SingleProcessLock(options.database_url),
            (control / f"{options.owner}.jsonl").open("a") as reports,
        ):
            _write_atomically(control / f"{options.owner}.ready", str(os.getpid()))
            while not (control / "go").exists():
                if time.monotonic() > deadline:
                    return EXIT_OVERTIME
                time.sleep(POLL)
            while not (control / "stop").exists():
                if time.monotonic() > deadline:
                    return EXIT_OVERTIME
                if os.getppid() != parent:
                    return EXIT_ORPHANED  # the test died; deliver nothing behind its back
                report = dispatcher.run_once().as_dict()
                if report:
                    reports.write(json.dumps(report) + "\n")
                    reports.flush()
                elif not _owed(sessions):
                    break
                else:
                    time.sleep(POLL)
        return EXIT_DONE
    finally:
        engine.dispose()


def _owed(sessions: sessionmaker[Session]) -> int:
    """Rows still to deliver: pending, or sending (possibly under a dead worker's lease)."""
    with sessions.begin() as session:
        owed = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)
        return (
            session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status.in_(owed))
            )
            or 0
        )


def _write_atomically(path: Path, text: str) -> None:
    scratch = path.with_name(f"{path.name}.tmp")
    scratch.write_text(text)
    os.replace(scratch, path)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.scheduler.worker", description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--owner", required=True, help="the lease owner name; unique per process")
    parser.add_argument("--control-dir", type=Path, required=True)
    parser.add_argument("--batch", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0, help="for the dispatcher's backoff jitter")
    parser.add_argument("--max-seconds", type=float, default=90.0, help="real-time limit on the process")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())

"""Exactly once across real processes: Bryggan workers share one PostgreSQL outbox while Slack answers
429s and 5xx, and workers die by SIGKILL, once at a random moment and once after Slack accepted a post
but before the worker committed it.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from bot.clock import FakeClock
from localslack import LocalSlack, Workspace
from storage.db import make_engine, make_sessions
from storage.models import DeliveryStatus, OutboxMessage, SlackBackoff
from storage.outbox import add_outbox_message
from tests.scheduler import carried_key
from tests.scheduler.worker import FileClock
from tests.slackbed import BOT_TOKEN, CHANNELS, PEOPLE, TEAM, add_test_workspace

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXTRA_CHANNELS = [f"C0EHTSKL{n}" for n in range(5)]
RECIPIENTS = [
    CHANNELS.berzelius,
    CHANNELS.ekholm,
    CHANNELS.personalrum,
    *EXTRA_CHANNELS,
    PEOPLE.sara,
    PEOPLE.omar,
]
ROWS = 60
STEP = timedelta(seconds=1)  # how far the test moves the shared clock once nobody has work at this instant
DEADLINE = 60.0  # real seconds for the whole run: a stuck run fails instead of hanging CI
POLL = 0.003
SETTLE = 0.2  # real seconds for the stand-in to finish a request a killed worker had already sent
ROUND_ONE = [
    ("chat.postMessage", "ratelimited", {"retry_after": 3, "times": 2}),
    ("chat.postMessage", "server_error", {"times": 2}),
    ("chat.postMessage", "accept_then_fail", {"times": 1}),
    ("chat.postMessage", "outage", {"times": 1}),
]
ROUND_TWO = [
    ("chat.postMessage", "ratelimited", {"retry_after": 7, "times": 1}),
    ("chat.postMessage", "server_error", {"status": 503, "times": 2}),
    ("chat.postMessage", "accept_then_fail", {"times": 1}),
    ("conversations.history", "server_error", {"times": 1}),
]


class RowState(NamedTuple):
    """What the test watches of one outbox row."""

    key: str
    status: DeliveryStatus
    lease_owner: str | None
    lease_until: datetime | None
    next_attempt_at: datetime


@dataclass
class Snapshot:
    """The outbox at one instant of the shared clock, as the test sees it between the workers' moves."""

    now: datetime
    rows: list[RowState]
    backoff: datetime | None

    def count(self, status: DeliveryStatus) -> int:
        """Rows in `status`."""
        return sum(1 for row in self.rows if row.status == status)

    def held_by(self, owner: str) -> list[RowState]:
        """Rows `owner` holds under a lease right now."""
        return [r for r in self.rows if r.status == DeliveryStatus.SENDING and r.lease_owner == owner]

    def busy(self, live: set[str]) -> bool:
        """Whether some worker has work at this instant: a row held by a live worker, or a claimable row.

        The clock only moves when this is False. So a live worker's lease never runs out under it
        (which would let another worker re-send a message still in flight, the README's one window),
        and time never jumps past a due row: it moves as a quiet, quick replica would see it move.
        """
        backed_off = self.backoff is not None and self.backoff > self.now
        for row in self.rows:
            if row.status == DeliveryStatus.SENDING and row.lease_owner in live:
                return True
            # The same test as storage.outbox.claim_due.
            due = (row.status == DeliveryStatus.PENDING and row.next_attempt_at <= self.now) or (
                row.status == DeliveryStatus.SENDING
                and row.lease_until is not None
                and row.lease_until < self.now
            )
            if due and not backed_off:
                return True
        return False


@dataclass
class Worker:
    """One `tests.scheduler.worker` process."""

    owner: str
    process: subprocess.Popen[bytes]
    log: Path
    killed: bool = False

    def stderr_tail(self) -> str:
        """The end of its stderr, for failure messages."""
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


@dataclass
class Fleet:
    """The test's side of the run: starts and kills workers, moves the shared clock, watches the outbox."""

    engine: Engine
    database_url: str
    slack: LocalSlack
    clock: FileClock
    control: Path
    workers: dict[str, Worker] = field(default_factory=dict)
    deadline: float = field(default_factory=lambda: time.monotonic() + DEADLINE)
    quiet_until: float = 0.0
    steps: int = 0

    def start(self, owner: str) -> Worker:
        """Start a worker process named `owner` (its lease owner name)."""
        log = self.control / f"{owner}.stderr"
        command = [
            sys.executable, "-m", "tests.scheduler.worker",
            "--database-url", self.database_url, "--api-url", self.slack.api_url, "--token", BOT_TOKEN,
            "--owner", owner, "--control-dir", str(self.control), "--seed", str(len(self.workers)),
        ]  # fmt: skip
        with log.open("wb") as stderr:
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        self.workers[owner] = Worker(owner, process, log)
        return self.workers[owner]

    def go(self) -> None:
        """Wait until every started worker is up, then let them all start at once."""
        while not all((self.control / f"{owner}.ready").exists() for owner in self.workers):
            self._check()
            time.sleep(POLL)
        (self.control / "go").touch()

    def kill(self, worker: Worker) -> int:
        """SIGKILL a worker and reap it; returns its exit status."""
        worker.process.send_signal(signal.SIGKILL)
        worker.killed = True
        status = worker.process.wait(timeout=10)
        self.quiet_until = time.monotonic() + SETTLE
        return status

    def live(self) -> set[str]:
        """Owners whose process still runs and was not killed."""
        return {w.owner for w in self.workers.values() if not w.killed and w.process.poll() is None}

    def snapshot(self) -> Snapshot:
        """The outbox and the workspace's backoff now."""
        columns = [getattr(OutboxMessage, name) for name in RowState._fields]
        with make_sessions(self.engine).begin() as session:
            rows = [RowState(*row) for row in session.execute(select(*columns).order_by(OutboxMessage.id))]
            backoff = session.scalar(select(SlackBackoff.until).where(SlackBackoff.team_id == TEAM))
        return Snapshot(self.clock.now(), rows, backoff)

    def rows(self) -> list[OutboxMessage]:
        """Every outbox row, in full."""
        with make_sessions(self.engine).begin() as session:
            return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    def run_until(self, done: Callable[[Snapshot], bool], what: str) -> Snapshot:
        """Let the workers work, moving the clock whenever nobody has work, until `done` holds."""
        while True:
            self._check(what)
            snapshot = self.snapshot()
            if done(snapshot):
                return snapshot
            if not snapshot.busy(self.live()) and time.monotonic() >= self.quiet_until:
                self.clock.advance(STEP)
                self.steps += 1
            else:
                time.sleep(POLL)

    def stop(self) -> dict[str, int]:
        """Tell the survivors to stop and wait for them; returns their exit codes."""
        (self.control / "stop").touch()
        return {w.owner: w.process.wait(timeout=20) for w in self.workers.values() if not w.killed}

    def reports(self, owner: str) -> Counter[str]:
        """The sum of `owner`'s dispatch reports (a killed worker's last batch may be missing)."""
        total: Counter[str] = Counter()
        path = self.control / f"{owner}.jsonl"
        for line in path.read_text().splitlines() if path.exists() else []:
            total.update(json.loads(line))
        return total

    def close(self) -> None:
        """Kill whatever this test started and still runs (a failed run), then release the database."""
        for worker in self.workers.values():
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGKILL)
                worker.process.wait(timeout=10)
        self.engine.dispose()

    def _check(self, what: str = "the workers to start") -> None:
        for worker in self.workers.values():
            status = worker.process.poll()
            if not worker.killed and status not in (None, 0):
                raise AssertionError(f"worker {worker.owner} exited {status}:\n{worker.stderr_tail()}")
        if time.monotonic() > self.deadline:
            statuses = Counter(str(row.status) for row in self.snapshot().rows)
            raise AssertionError(f"no progress in {DEADLINE}s waiting for {what}: {dict(statuses)}")


@pytest.fixture
def postgres_url(database_url: str) -> str:
    """This test's database, which must be PostgreSQL."""
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip(
            "several delivering processes need PostgreSQL (SKIP LOCKED); SQLite runs one process by "
            "design, see scheduler/locks.py. Set BRYGGAN_TEST_DATABASE_URL to run this test."
        )
    return database_url


@pytest.fixture
def shared_clock(tmp_path: Path, clock: FakeClock) -> FileClock:
    """The one timeline of the test, the workers and the stand-in, starting where the suite's clock does."""
    shared = FileClock(tmp_path / "clock")
    shared.set(clock.now())
    return shared


@pytest.fixture
def stand_in(shared_clock: FileClock) -> Iterator[LocalSlack]:
    """The Slack stand-in on the shared clock, so its rate limits and timestamps follow the test's time."""
    slack = LocalSlack(clock=shared_clock.timestamp).start()
    yield slack
    slack.stop()


@pytest.fixture
def school_workspace(stand_in: LocalSlack) -> Workspace:
    """The test municipality with five more school channels."""
    workspace = add_test_workspace(stand_in)
    for channel in EXTRA_CHANNELS:
        workspace.add_channel(id=channel, name=channel.lower(), members=[PEOPLE.rektor, PEOPLE.sara])
    return workspace


@pytest.fixture
def fleet(
    postgres_url: str, stand_in: LocalSlack, shared_clock: FileClock, tmp_path: Path
) -> Iterator[Fleet]:
    """Worker processes against this test's schema and the stand-in; every one is gone afterwards."""
    fleet = Fleet(make_engine(postgres_url), postgres_url, stand_in, shared_clock, tmp_path)
    yield fleet
    fleet.close()


def owe_reminders(fleet: Fleet) -> list[str]:
    """EHT day-before reminders, all due now: channels and two DMs, six each."""
    now = fleet.clock.now()
    keys = []
    with make_sessions(fleet.engine).begin() as session:
        for n in range(ROWS):
            recipient = RECIPIENTS[n % len(RECIPIENTS)]
            day = date(2026, 11, 25) + timedelta(days=7 * (n // len(RECIPIENTS)))
            key = f"eht:{n % len(RECIPIENTS) + 1}:{day.isoformat()}:day_before:{recipient}"
            args: dict[str, Any] = {"school": n % len(RECIPIENTS) + 1, "day": day.isoformat()}
            add_outbox_message(
                session, team_id=TEAM, key=key, recipient=recipient, template="eht_day_before",
                args=args, due_at=now, now=now, grace=timedelta(hours=6),
            )  # fmt: skip
            keys.append(key)
    return keys


def arm(slack: LocalSlack, faults: list[tuple[str, str, dict[str, Any]]]) -> Counter[tuple[str, str]]:
    """Inject `faults`; returns how many of each must fire."""
    for method, kind, options in faults:
        slack.faults.inject(method=method, kind=kind, **options)
    return Counter({(method, kind): options["times"] for method, kind, options in faults})


def test_worker_processes_deliver_each_reminder_once_through_faults_and_sigkills(
    fleet: Fleet, school_workspace: Workspace
) -> None:
    """Two workers share 60 reminders under injected 429s, 5xx and dropped answers, and both die by SIGKILL.

    A dies at a random moment while it holds rows. B dies at a chosen one: after Slack accepted one of
    its posts and before the dispatcher could commit it. B's client (tests/scheduler/worker.py) returns
    from chat.postMessage, writes the accepted message's key and ts to a file and blocks; the test sees
    the message stored in the stand-in and the row still "sending" under B's lease, and only then
    sends SIGKILL. Replacements A2 and B2 ("the restart") take over once the dead leases run out on the
    shared clock, which only the test moves: nobody sleeps for a lease or a Retry-After.
    """
    seed = random.randrange(2**32)
    print(f"seed={seed}")  # shown with a failure; it picks the threshold, timing picks the exact moment
    rng = random.Random(seed)
    keys = owe_reminders(fleet)
    expected_faults = arm(fleet.slack, ROUND_ONE)
    worker_a, worker_b = fleet.start("A"), fleet.start("B")
    fleet.go()
    started = time.monotonic()

    # A random moment mid-run: after a random number of posts, while A is inside a batch.
    threshold = rng.randint(5, 20)
    fleet.run_until(lambda s: s.count(DeliveryStatus.SENT) >= threshold and bool(s.held_by("A")), "A busy")
    assert fleet.kill(worker_a) == -signal.SIGKILL
    at_kill = fleet.snapshot()
    orphaned_by_a = [row.key for row in at_kill.held_by("A")]
    fleet.start("A2")
    expected_faults += arm(fleet.slack, ROUND_TWO)

    # Between Slack's acceptance and the commit: B freezes right after its next accepted post.
    (fleet.control / "B.pause").touch()
    accepted_file = fleet.control / "B.accepted"
    fleet.run_until(lambda _s: accepted_file.exists(), "B's next accepted post")
    accepted = json.loads(accepted_file.read_text())
    frozen = fleet.snapshot()
    [frozen_row] = [row for row in frozen.rows if row.key == accepted["key"]]
    assert frozen_row.status == DeliveryStatus.SENDING
    assert frozen_row.lease_owner == "B"  # nothing committed: Slack has it, the outbox does not know yet
    assert [m.ts for m in school_workspace.messages if carried_key(m) == accepted["key"]] == [accepted["ts"]]
    assert fleet.kill(worker_b) == -signal.SIGKILL
    orphaned_by_b = [row.key for row in fleet.snapshot().held_by("B")]
    assert accepted["key"] in orphaned_by_b
    fleet.start("B2")

    final = fleet.run_until(lambda s: s.count(DeliveryStatus.SENT) == ROWS, "every row sent")
    exits = fleet.stop()
    elapsed = time.monotonic() - started

    assert exits == {"A2": 0, "B2": 0}, [w.stderr_tail() for w in fleet.workers.values()]
    assert Counter(carried_key(m) for m in school_workspace.messages) == Counter(keys)
    rows = fleet.rows()
    assert {row.status for row in rows} == {DeliveryStatus.SENT}
    # B's accepted post was found by a replacement, not posted again.
    [adopted] = [row for row in rows if row.key == accepted["key"]]
    assert adopted.slack_ts == accepted["ts"]
    assert adopted.lease_owner is None
    assert adopted.attempts >= 2  # claimed again after B died, but only once B's lease had run out:
    assert frozen_row.lease_until is not None
    assert final.now > frozen_row.lease_until
    histories = [a for name, _t, a in list(fleet.slack.calls) if name == "conversations.history"]
    assert any(a.get("channel") == accepted["channel"] for a in histories)
    survivors = fleet.reports("A2") + fleet.reports("B2")
    assert survivors["reconciled"] >= 1, survivors
    assert survivors["lost"] == 0, survivors  # a live worker's lease never ran out under it
    assert Counter(fleet.slack.faults.fired) == expected_faults  # every injected fault was served
    assert final.backoff is not None  # a 429 paused the workspace for every process
    print(  # shown with -s: what this run did
        f"threshold={threshold} sent_when_A_died={at_kill.count(DeliveryStatus.SENT)} "
        f"orphaned A={len(orphaned_by_a)} B={len(orphaned_by_b)} "
        f"steps={fleet.steps} fake={final.now - rows[0].created_at} "
        f"real={elapsed:.1f}s reports={ {o: dict(fleet.reports(o)) for o in fleet.workers} }"
    )

"""Several dispatchers at once: PostgreSQL shares the work without doubles; SQLite allows one process."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from localslack import LocalSlack, Workspace
from scheduler.locks import DispatchLockHeld, SingleProcessLock
from scheduler.outbox import DispatchReport
from storage.models import DeliveryStatus
from tests.scheduler import Bed, carried_key
from tests.slackbed import CHANNELS, PEOPLE

ROWS = 100
MAX_ROUNDS = 400


@pytest.fixture
def bed(database_url: str, clock: FakeClock, slack: LocalSlack, workspace: Workspace) -> Iterator[Bed]:
    """The outbox test bed."""
    bed = Bed(database_url, clock, slack, workspace)
    yield bed
    bed.close()


def test_two_dispatchers_share_100_rows_through_failures_and_send_each_once(bed: Bed) -> None:
    if bed.backend != "postgresql":
        pytest.skip(
            "several dispatchers need PostgreSQL (SKIP LOCKED); SQLite runs one process, see locks.py"
        )
    extra = [f"C0EXTRA0{n}" for n in range(3)]
    for channel in extra:
        bed.workspace.add_channel(id=channel, name=channel.lower(), members=[PEOPLE.rektor])
    recipients = [CHANNELS.berzelius, CHANNELS.personalrum, *extra, PEOPLE.sara]
    for n in range(ROWS):
        bed.owe(f"k{n:03}", recipient=recipients[n % len(recipients)])
    faults = bed.slack.faults
    faults.inject(method="chat.postMessage", kind="ratelimited", retry_after=3, times=3)
    faults.inject(method="chat.postMessage", kind="server_error", times=4)
    faults.inject(method="chat.postMessage", kind="accept_then_fail", times=3)
    faults.inject(method="chat.postMessage", kind="outage", times=2)
    dispatchers = [bed.dispatcher("A", batch=7), bed.dispatcher("B", batch=7)]
    start = threading.Barrier(len(dispatchers))

    def run(index: int) -> DispatchReport:
        start.wait(timeout=10)  # both claim at the same moment
        return dispatchers[index].run_once()

    totals = {"A": Counter[str](), "B": Counter[str]()}
    with ThreadPoolExecutor(max_workers=len(dispatchers)) as pool:
        for _ in range(MAX_ROUNDS):
            reports = list(pool.map(run, range(len(dispatchers))))
            for owner, report in zip(totals, reports, strict=True):
                totals[owner].update(report.as_dict())
            if not bed.rows(DeliveryStatus.PENDING) and not bed.rows(DeliveryStatus.SENDING):
                break
            bed.advance(timedelta(seconds=2))

    assert {row.status for row in bed.rows()} == {DeliveryStatus.SENT}
    per_key = Counter(carried_key(m) for m in bed.workspace.messages)
    assert per_key == Counter({f"k{n:03}": 1 for n in range(ROWS)})
    for owner, total in totals.items():
        assert total["sent"] > 0, (owner, totals)  # both did real work
        assert total["lost"] == 0, (owner, totals)  # no row was ever claimed twice
    assert sum(t["sent"] + t["reconciled"] for t in totals.values()) == ROWS
    assert sum(t["reconciled"] for t in totals.values()) == 3  # the three accepted-then-failed posts
    assert not faults.take("chat.postMessage", None), "every injected fault should have fired"


def test_a_second_process_may_not_deliver_from_the_same_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bryggan.db'}"
    first = SingleProcessLock(url).acquire()

    with pytest.raises(DispatchLockHeld, match="use PostgreSQL for several processes") as refused:
        SingleProcessLock(url).acquire()
    assert str(tmp_path / "bryggan.db.dispatch.lock") in str(refused.value)

    first.close()
    with SingleProcessLock(url):
        pass  # free again once the first process let go


def test_the_single_process_lock_does_nothing_for_postgresql() -> None:
    url = "postgresql+psycopg://bryggan@db.example/bryggan"
    with SingleProcessLock(url) as first, SingleProcessLock(url) as second:
        assert first.path is None
        assert second.path is None  # and neither refused the other

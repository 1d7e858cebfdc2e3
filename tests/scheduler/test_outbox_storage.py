"""The outbox's query functions: idempotent enqueue, claims under a lease, refused late finishes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from localslack import LocalSlack, Workspace
from storage.models import DeliveryStatus
from storage.outbox import (
    claim_due,
    clear_delivered_args,
    finish,
    get_backoff,
    list_outbox,
    set_backoff,
)
from tests.scheduler import Bed
from tests.slackbed import TEAM

LEASE = timedelta(seconds=60)


@pytest.fixture
def bed(database_url: str, clock: FakeClock, slack: LocalSlack, workspace: Workspace) -> Iterator[Bed]:
    """The outbox test bed."""
    bed = Bed(database_url, clock, slack, workspace)
    yield bed
    bed.close()


def claim(bed: Bed, owner: str, limit: int = 10) -> list[int]:
    with bed.sessions.begin() as session:
        return [
            row.id for row in claim_due(session, now=bed.clock.now(), owner=owner, lease=LEASE, limit=limit)
        ]


def test_duplicate_enqueue_is_ignored_and_keeps_the_first(bed: Bed) -> None:
    assert bed.owe("k1", due_in=timedelta(minutes=5)) is True
    assert bed.owe("k1", due_in=timedelta(hours=9), template="other") is False

    (row,) = bed.rows()
    assert (row.template, row.status, row.attempts) == ("reminder", DeliveryStatus.PENDING, 0)
    assert row.next_attempt_at == row.due_at == bed.clock.now() + timedelta(minutes=5)


def test_claim_takes_only_due_rows_oldest_first_and_leases_them(bed: Bed) -> None:
    bed.owe("later", due_in=timedelta(minutes=1))
    bed.owe("second", due_in=timedelta(seconds=-10))
    bed.owe("first", due_in=timedelta(seconds=-20))

    claimed = claim(bed, "A")

    keys = {row.id: row.key for row in bed.rows()}
    assert [keys[row_id] for row_id in claimed] == ["first", "second"]
    first = bed.row("first")
    assert (first.status, first.lease_owner, first.attempts) == (DeliveryStatus.SENDING, "A", 1)
    assert first.lease_until == bed.clock.now() + LEASE
    assert first.needs_reconcile is False
    assert claim(bed, "B") == []  # leased rows are not claimed twice
    assert bed.row("later").status == DeliveryStatus.PENDING


def test_claim_respects_the_limit(bed: Bed) -> None:
    for n in range(5):
        bed.owe(f"k{n}")

    assert len(claim(bed, "A", limit=3)) == 3
    assert len(claim(bed, "B", limit=3)) == 2


def test_an_expired_lease_is_taken_over_and_marked_for_reconciliation(bed: Bed) -> None:
    bed.owe("k1")
    (row_id,) = claim(bed, "A")

    bed.advance(LEASE)
    assert claim(bed, "B") == []  # the lease is not over until it is past
    bed.advance(timedelta(seconds=1))
    assert claim(bed, "B") == [row_id]

    row = bed.row("k1")
    assert (row.lease_owner, row.attempts, row.needs_reconcile) == ("B", 2, True)


def test_a_finish_after_the_lease_was_taken_over_is_refused(bed: Bed) -> None:
    bed.owe("k1")
    (row_id,) = claim(bed, "A")
    bed.advance(LEASE + timedelta(seconds=1))
    claim(bed, "B")

    with bed.sessions.begin() as session:
        assert finish(session, id=row_id, owner="A", status=DeliveryStatus.SENT, slack_ts="1.000001") is False
    assert bed.row("k1").status == DeliveryStatus.SENDING
    with bed.sessions.begin() as session:
        assert finish(session, id=row_id, owner="B", status=DeliveryStatus.SENT, slack_ts="2.000002") is True
    with bed.sessions.begin() as session:
        # Finished rows are nobody's: a second finish by the same owner is refused too.
        assert finish(session, id=row_id, owner="B", status=DeliveryStatus.DEAD) is False
    assert (bed.row("k1").status, bed.row("k1").slack_ts) == (DeliveryStatus.SENT, "2.000002")


def test_a_backed_off_workspace_is_not_claimed_until_the_wait_is_over(bed: Bed) -> None:
    bed.owe("k1")
    now = bed.clock.now()
    with bed.sessions.begin() as session:
        set_backoff(session, team_id=TEAM, until=now + timedelta(seconds=30))
        set_backoff(session, team_id=TEAM, until=now + timedelta(seconds=10))  # the later wait wins
    with bed.sessions.begin() as session:
        assert get_backoff(session, team_id=TEAM) == now + timedelta(seconds=30)

    bed.advance(timedelta(seconds=29))
    assert claim(bed, "A") == []
    bed.advance(timedelta(seconds=1))
    assert len(claim(bed, "A")) == 1


def test_clear_delivered_args_forgets_only_old_finished_rows(bed: Bed) -> None:
    for key in ("old", "new", "pending", "dead"):
        bed.owe(key)
    ids = dict(zip(("old", "new", "pending", "dead"), claim(bed, "A"), strict=True))
    with bed.sessions.begin() as session:
        finish(session, id=ids["old"], owner="A", status=DeliveryStatus.SENT, sent_at=bed.clock.now())
        finish(session, id=ids["dead"], owner="A", status=DeliveryStatus.DEAD, last_error="channel_not_found")
    bed.advance(timedelta(days=2))
    with bed.sessions.begin() as session:
        finish(session, id=ids["new"], owner="A", status=DeliveryStatus.SENT, sent_at=bed.clock.now())

    with bed.sessions.begin() as session:
        assert clear_delivered_args(session, before=bed.clock.now() - timedelta(days=1)) == 2  # old + dead
    with bed.sessions.begin() as session:
        assert clear_delivered_args(session, before=bed.clock.now() - timedelta(days=1)) == 0

    assert {row.key: row.args for row in bed.rows()} == {
        "old": {},
        "new": {"n": "new"},
        "pending": {"n": "pending"},
        "dead": {},
    }


def test_list_outbox_filters_by_status(bed: Bed) -> None:
    bed.owe("a")
    bed.owe("b", due_in=timedelta(hours=1))
    claim(bed, "A")

    with bed.sessions.begin() as session:
        assert [r.key for r in list_outbox(session, team_id=TEAM, status=DeliveryStatus.SENDING)] == ["a"]
        assert [r.key for r in list_outbox(session, team_id=TEAM)] == ["a", "b"]
        assert list_outbox(session, team_id="T0OTHER") == []

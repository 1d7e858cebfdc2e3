"""The dispatcher's ordinary paths: once, with the key in metadata; DMs; threads; timing; dead letters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from localslack import LocalSlack, Workspace
from scheduler.outbox import EVENT_TYPE, FAILURE_TEMPLATE, DispatchReport
from storage.models import DeliveryStatus
from tests.scheduler import ADMINS, Bed
from tests.slackbed import CHANNELS, PEOPLE, TEAM


@pytest.fixture
def bed(database_url: str, clock: FakeClock, slack: LocalSlack, workspace: Workspace) -> Iterator[Bed]:
    """The outbox test bed."""
    bed = Bed(database_url, clock, slack, workspace)
    yield bed
    bed.close()


def test_a_due_message_is_delivered_once_with_its_key_in_metadata(bed: Bed) -> None:
    bed.owe("reminder:1")
    assert bed.owe("reminder:1") is False
    bed.owe("reminder:2", due_in=timedelta(minutes=10))

    report = bed.dispatcher().run_once()
    again = bed.dispatcher("B").run_once()

    (message,) = bed.workspace.messages_in(CHANNELS.berzelius)
    assert message.text == "reminder reminder:1"
    assert message.metadata == {
        "event_type": EVENT_TYPE,
        "event_payload": {"key": "reminder:1", "team_id": TEAM},
    }
    row = bed.row("reminder:1")
    assert (row.status, row.slack_ts, row.sent_at, row.late) == (
        DeliveryStatus.SENT,
        message.ts,
        bed.clock.now(),
        False,
    )
    assert (row.lease_owner, row.lease_until, row.attempts) == (None, None, 1)
    assert (report.sent, again.sent) == (1, 0)
    assert bed.row("reminder:2").status == DeliveryStatus.PENDING  # not due yet


def test_a_user_recipient_gets_a_dm_posted_to_the_user_id_without_conversations_open(bed: Bed) -> None:
    # conversations.open allows 50 calls a minute: posting to the user id spares it (see the benchmark).
    bed.owe("dm:1", recipient=PEOPLE.sara)

    bed.dispatcher().run_once()

    (message,) = bed.workspace.dm_messages_to(PEOPLE.sara)
    assert bed.calls("conversations.open") == 0
    row = bed.row("dm:1")
    assert row.channel_id == bed.workspace.im_id(PEOPLE.sara) == message.channel
    assert row.slack_ts == message.ts


def test_a_thread_reply_waits_for_its_parent_then_goes_into_the_thread(bed: Bed) -> None:
    # The reply is owed first, so it comes first in the batch, before its parent is sent.
    bed.owe("meeting:1:reminder", thread_key="meeting:1")
    bed.owe("meeting:1")

    first = bed.dispatcher().run_once()
    assert (first.waiting, first.sent) == (1, 1)
    reply = bed.row("meeting:1:reminder")
    assert (reply.status, reply.attempts) == (DeliveryStatus.PENDING, 0)  # waiting is not an attempt

    bed.advance(timedelta(seconds=5))
    assert bed.dispatcher().run_once().sent == 1

    parent, child = bed.posted("meeting:1"), bed.posted("meeting:1:reminder")
    assert len(parent) == len(child) == 1
    assert child[0].thread_ts == parent[0].ts == bed.row("meeting:1").slack_ts


def test_a_thread_reply_whose_parent_died_dies_too_without_a_second_notice(bed: Bed) -> None:
    bed.owe("meeting:1", recipient="C0GONE000")
    bed.owe("meeting:1:reminder", recipient="C0GONE000", thread_key="meeting:1", due_in=timedelta(seconds=1))

    bed.dispatcher().run_once()
    bed.advance(timedelta(seconds=1))
    bed.dispatcher().run_once()

    assert bed.row("meeting:1").last_error == "channel_not_found"
    child = bed.row("meeting:1:reminder")
    assert (child.status, child.last_error) == (DeliveryStatus.DEAD, "parent_dead")
    notices = bed.rows()[2:]
    assert [n.args["key"] for n in notices] == ["meeting:1"] * len(ADMINS)


def test_a_thread_reply_whose_parent_was_missed_is_posted_on_its_own(bed: Bed) -> None:
    # The parent was given up for time, not because the channel is broken: the reply still matters.
    bed.owe("meeting:2", grace=timedelta(minutes=5))
    bed.owe("meeting:2:notes", thread_key="meeting:2", due_in=timedelta(hours=2))
    bed.advance(timedelta(hours=2))

    bed.dispatcher().run_once()

    assert bed.row("meeting:2").status == DeliveryStatus.MISSED
    (reply,) = bed.posted("meeting:2:notes")
    assert reply.thread_ts is None
    assert bed.row("meeting:2:notes").status == DeliveryStatus.SENT


def test_an_edit_waits_for_its_message_then_rewrites_it_in_place(bed: Bed) -> None:
    bed.owe("case:moved", template="moved", edit_of="case:received")
    bed.owe("case:received")

    first = bed.dispatcher().run_once()
    assert (first.waiting, first.sent) == (1, 1)
    (original,) = bed.posted("case:received")
    assert original.text == "reminder case:received"
    bed.slack.faults.inject(method="chat.update", kind="server_error")
    bed.advance(timedelta(seconds=5))
    assert bed.dispatcher().run_once().retried == 1
    assert bed.row("case:moved").needs_reconcile is False  # an edit is simply done again

    bed.advance(timedelta(seconds=5))
    assert bed.dispatcher().run_once().sent == 1
    (rewritten,) = bed.workspace.messages_in(CHANNELS.berzelius)  # the same message, rewritten
    assert (rewritten.ts, rewritten.text) == (original.ts, "moved case:moved")
    assert bed.row("case:moved").slack_ts == original.ts


def test_an_edit_of_a_message_never_posted_expires_and_one_that_died_dies(bed: Bed) -> None:
    bed.owe("a", grace=timedelta(minutes=5))
    bed.owe("a:moved", edit_of="a", due_in=timedelta(hours=1))
    bed.owe("b", recipient="C0GONE000")
    bed.owe("b:moved", recipient="C0GONE000", edit_of="b", due_in=timedelta(hours=1))
    bed.advance(timedelta(hours=1))

    bed.dispatcher().run_once()

    assert (bed.row("a:moved").status, bed.row("a:moved").last_error) == (
        DeliveryStatus.EXPIRED,
        "parent_missed",
    )
    assert (bed.row("b:moved").status, bed.row("b:moved").last_error) == (DeliveryStatus.DEAD, "parent_dead")
    assert bed.calls("chat.update") == 0


def test_a_message_whose_grace_passed_before_its_first_attempt_is_missed(bed: Bed) -> None:
    bed.owe("standup", grace=timedelta(minutes=5))
    bed.advance(timedelta(minutes=5, seconds=1))

    report = bed.dispatcher().run_once()

    assert report.missed == 1
    assert bed.row("standup").status == DeliveryStatus.MISSED
    assert bed.posted("standup") == []
    assert bed.calls("chat.postMessage") == 0


def test_a_message_sent_late_within_its_grace_is_marked_late(bed: Bed) -> None:
    bed.owe("late", grace=timedelta(minutes=10))
    bed.owe("on-time", grace=timedelta(minutes=10), due_in=timedelta(minutes=3, seconds=-30))
    bed.advance(timedelta(minutes=3))

    report = bed.dispatcher().run_once()

    assert (report.sent, report.late) == (2, 1)
    assert (bed.row("late").status, bed.row("late").late) == (DeliveryStatus.SENT, True)
    assert (bed.row("on-time").status, bed.row("on-time").late) == (DeliveryStatus.SENT, False)


def test_a_message_not_sent_before_it_expires_is_expired(bed: Bed) -> None:
    bed.owe("today-only", expires_at=bed.clock.now() + timedelta(hours=1))
    bed.advance(timedelta(hours=1))

    assert bed.dispatcher().run_once().expired == 1

    assert bed.row("today-only").status == DeliveryStatus.EXPIRED
    assert bed.calls("chat.postMessage") == 0


def test_a_permanent_error_kills_the_row_and_tells_each_admin_once(bed: Bed) -> None:
    bed.owe("gone", recipient="C0GONE000")

    assert bed.dispatcher().run_once().dead == 1

    row = bed.row("gone")
    assert (row.status, row.last_error) == (DeliveryStatus.DEAD, "channel_not_found")
    notices = bed.rows()[1:]
    assert [(n.key, n.recipient, n.template) for n in notices] == [
        (f"dead:gone:{admin}", admin, FAILURE_TEMPLATE) for admin in ADMINS
    ]
    assert notices[0].args == {
        "key": "gone",
        "template": "reminder",
        "recipient": "C0GONE000",
        "error": "channel_not_found",
    }

    assert bed.dispatcher().run_once().sent == len(ADMINS)
    for admin in ADMINS:
        assert len(bed.workspace.dm_messages_to(admin)) == 1


def test_a_failing_failure_notice_does_not_spawn_more_notices(bed: Bed) -> None:
    bed.owe("gone", recipient="C0GONE000")
    bed.dispatcher().run_once()
    bed.slack.faults.inject(method="chat.postMessage", kind="error", error="is_archived", times=len(ADMINS))

    assert bed.dispatcher().run_once().dead == len(ADMINS)

    assert len(bed.rows()) == 1 + len(ADMINS)
    assert [r.status for r in bed.rows(DeliveryStatus.DEAD)] == [DeliveryStatus.DEAD] * (1 + len(ADMINS))
    assert bed.dispatcher().run_once() == DispatchReport()  # nothing left to do


def test_a_render_failure_is_dead_without_posting(bed: Bed) -> None:
    bed.owe("bad", template="broken")

    assert bed.dispatcher().run_once().dead == 1

    row = bed.row("bad")
    assert (row.status, row.last_error) == (DeliveryStatus.DEAD, "render_failed")
    assert bed.calls("chat.postMessage") == 0
    assert len(bed.rows()) == 1 + len(ADMINS)


def test_an_unknown_slack_error_is_retried_then_dead_after_ten_attempts(bed: Bed) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="error", error="some_new_error", times=10)
    bed.owe("flaky")

    for attempt in range(1, 10):
        assert bed.dispatcher().run_once().retried == 1, attempt
        row = bed.row("flaky")
        assert (row.status, row.attempts, row.needs_reconcile) == (DeliveryStatus.PENDING, attempt, False)
        bed.advance(timedelta(minutes=15))
    assert bed.dispatcher().run_once().dead == 1

    assert (bed.row("flaky").status, bed.row("flaky").last_error) == (DeliveryStatus.DEAD, "some_new_error")
    assert bed.posted("flaky") == []


def test_slacks_own_unclear_errors_are_reconciled_before_a_resend(bed: Bed) -> None:
    # internal_error comes as HTTP 200 ok:false, yet Slack says the message may have been stored.
    bed.slack.faults.inject(method="chat.postMessage", kind="error", error="internal_error", times=1)
    bed.owe("maybe")
    assert bed.dispatcher().run_once().retried == 1
    row = bed.row("maybe")
    assert (row.status, row.needs_reconcile, row.last_error) == (
        DeliveryStatus.PENDING,
        True,
        "internal_error",
    )
    bed.advance(timedelta(minutes=15))
    bed.dispatcher().run_once()
    assert bed.row("maybe").status is DeliveryStatus.SENT
    assert len(bed.posted("maybe")) == 1


def test_a_tick_drains_full_batches_so_a_burst_does_not_wait_a_tick_per_ten_rows(bed: Bed) -> None:
    bed.slack.rate_limits_enabled = False  # one channel takes ~1 post a second; the pace is not the point
    for n in range(25):
        bed.owe(f"burst:{n}")

    report = bed.dispatcher(batch=10).drain()

    assert report.sent == 25
    assert {row.status for row in bed.rows()} == {DeliveryStatus.SENT}
    assert bed.dispatcher(batch=10).drain().sent == 0  # nothing left: one empty batch, then it stops

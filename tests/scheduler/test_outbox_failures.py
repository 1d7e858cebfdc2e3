"""When Slack or a process fails: rate limits, unclear outcomes, deaths mid-send, lost leases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.clock import FakeClock
from localslack import LocalSlack, Workspace
from scheduler.outbox import DispatchReport, Rendered
from storage.models import DeliveryStatus, OutboxMessage
from storage.outbox import claim_due, get_backoff
from tests.scheduler import Bed
from tests.slackbed import BOT_TOKEN, CHANNELS, PEOPLE, TEAM

LEASE = timedelta(seconds=60)


@pytest.fixture
def bed(database_url: str, clock: FakeClock, slack: LocalSlack, workspace: Workspace) -> Iterator[Bed]:
    """The outbox test bed."""
    bed = Bed(database_url, clock, slack, workspace)
    yield bed
    bed.close()


class ProcessDied(BaseException):
    """The process vanished (kill -9, power loss): nothing after this point runs."""


class HookedClient(WebClient):
    """A real client to the stand-in that runs `before`/`after` around chat.postMessage."""

    def __init__(
        self, bed: Bed, *, before: Callable[[], None] = lambda: None, after: Callable[[], None]
    ) -> None:
        super().__init__(token=BOT_TOKEN, base_url=bed.slack.api_url, retry_handlers=[], timeout=5)
        self._before, self._after = before, after

    def chat_postMessage(self, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        self._before()
        response = super().chat_postMessage(**kwargs)
        self._after()
        return response


def claim(bed: Bed, owner: str) -> None:
    with bed.sessions.begin() as session:
        claim_due(session, now=bed.clock.now(), owner=owner, lease=LEASE, limit=10)


def test_a_429_backs_off_the_whole_workspace_for_every_dispatcher(bed: Bed) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="ratelimited", retry_after=30)
    bed.owe("a", recipient=CHANNELS.berzelius)
    bed.owe("b", recipient=CHANNELS.personalrum)
    asked_at = bed.clock.now()

    first = bed.dispatcher("A").run_once()

    assert (first.retried, first.waiting, first.sent) == (1, 1, 0)
    with bed.sessions.begin() as session:
        assert get_backoff(session, team_id=TEAM) == asked_at + timedelta(seconds=30)
    for key in ("a", "b"):
        assert (bed.row(key).status, bed.row(key).next_attempt_at) == (
            DeliveryStatus.PENDING,
            asked_at + timedelta(seconds=30),
        )

    bed.advance(timedelta(seconds=29))
    assert bed.dispatcher("B").run_once() == DispatchReport()
    assert bed.calls("chat.postMessage") == 1

    bed.advance(timedelta(seconds=1))
    assert bed.dispatcher("B").run_once().sent == 2
    assert len(bed.posted("a")) == len(bed.posted("b")) == 1
    assert bed.row("b").attempts == 1  # the deferral was not an attempt


@pytest.mark.parametrize("kind", ["server_error", "outage"])
def test_a_failed_post_is_retried_after_checking_slack_and_sent_once(bed: Bed, kind: str) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind=kind, status=503)
    bed.owe("k1")
    failed_at = bed.clock.now()

    assert bed.dispatcher("A").run_once().retried == 1

    row = bed.row("k1")
    assert (row.status, row.needs_reconcile) == (DeliveryStatus.PENDING, True)
    assert failed_at <= row.next_attempt_at <= failed_at + timedelta(seconds=5)  # first backoff: up to 5 s
    assert bed.posted("k1") == []

    bed.advance(timedelta(seconds=5))
    assert bed.dispatcher("B").run_once().sent == 1

    assert bed.calls("conversations.history") == 1
    assert len(bed.posted("k1")) == 1
    assert (bed.row("k1").status, bed.row("k1").attempts) == (DeliveryStatus.SENT, 2)


@pytest.mark.parametrize("close", [False, True], ids=["http_500", "connection_closed"])
def test_a_message_slack_stored_before_failing_is_found_not_resent(bed: Bed, close: bool) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="accept_then_fail", close=close)
    bed.owe("k1")

    assert bed.dispatcher("A").run_once().retried == 1
    (stored,) = bed.posted("k1")

    bed.advance(timedelta(seconds=5))
    report = bed.dispatcher("B").run_once()

    assert (report.reconciled, report.sent) == (1, 0)
    assert bed.calls("chat.postMessage") == 1
    assert len(bed.posted("k1")) == 1
    row = bed.row("k1")
    assert (row.status, row.slack_ts, row.needs_reconcile) == (DeliveryStatus.SENT, stored.ts, False)


def test_a_post_that_timed_out_but_landed_is_found_not_resent(bed: Bed) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="timeout", delay=1.5)
    bed.owe("slow")
    impatient = WebClient(token=BOT_TOKEN, base_url=bed.slack.api_url, retry_handlers=[], timeout=1)

    assert bed.dispatcher("A", client_for=lambda _team: impatient).run_once().retried == 1
    assert bed.row("slow").needs_reconcile is True
    bed.workspace.wait_for(lambda _ws: bed.posted("slow"))  # Slack finishes the request after all

    bed.advance(timedelta(seconds=5))
    assert bed.dispatcher("B").run_once().reconciled == 1
    assert len(bed.posted("slow")) == 1


def test_a_rate_limited_reconciliation_keeps_the_row_unclear(bed: Bed) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="accept_then_fail")
    bed.owe("k1")
    bed.dispatcher("A").run_once()
    bed.slack.faults.inject(method="conversations.history", kind="ratelimited", retry_after=20)
    bed.advance(timedelta(seconds=5))

    assert bed.dispatcher("A").run_once().retried == 1
    assert (bed.row("k1").status, bed.row("k1").needs_reconcile) == (DeliveryStatus.PENDING, True)

    bed.advance(timedelta(seconds=20))
    assert bed.dispatcher("A").run_once().reconciled == 1
    assert len(bed.posted("k1")) == 1


def test_a_process_that_died_after_slack_stored_the_message_is_reconciled(bed: Bed) -> None:
    def die() -> None:
        raise ProcessDied

    bed.owe("k1")
    crashing = HookedClient(bed, after=die)
    with pytest.raises(ProcessDied):
        bed.dispatcher("A", client_for=lambda _team: crashing).run_once()
    (stored,) = bed.posted("k1")
    assert (bed.row("k1").status, bed.row("k1").lease_owner) == (DeliveryStatus.SENDING, "A")

    bed.advance(LEASE)
    assert bed.dispatcher("B").run_once() == DispatchReport()  # A's lease still holds

    bed.advance(timedelta(seconds=1))
    assert bed.dispatcher("B").run_once().reconciled == 1

    assert bed.calls("chat.postMessage") == 1
    assert len(bed.posted("k1")) == 1
    assert (bed.row("k1").status, bed.row("k1").slack_ts) == (DeliveryStatus.SENT, stored.ts)


def test_a_process_that_died_before_posting_is_taken_over_and_sent_once(bed: Bed) -> None:
    bed.owe("k1")
    claim(bed, "A")  # ... and A is never heard from again

    bed.advance(LEASE + timedelta(seconds=1))
    assert bed.dispatcher("B").run_once().sent == 1

    assert bed.calls("conversations.history") == 1  # B checked before posting
    assert len(bed.posted("k1")) == 1


def test_a_dispatcher_that_lost_its_lease_mid_send_does_not_mark_the_row(bed: Bed) -> None:
    def stall_while_b_takes_over() -> None:
        bed.advance(LEASE + timedelta(seconds=1))
        claim(bed, "B")

    bed.owe("k1")
    stalled = HookedClient(bed, before=stall_while_b_takes_over, after=lambda: None)

    report = bed.dispatcher("A", client_for=lambda _team: stalled).run_once()

    assert (report.lost, report.sent) == (1, 0)
    row = bed.row("k1")
    assert (row.status, row.lease_owner, row.slack_ts) == (DeliveryStatus.SENDING, "B", None)

    # B vanished too; whoever comes next finds A's message instead of sending another.
    bed.advance(LEASE + timedelta(seconds=1))
    assert bed.dispatcher("C").run_once().reconciled == 1
    assert len(bed.posted("k1")) == 1


def test_an_unclear_message_found_after_expiry_counts_as_sent(bed: Bed) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="accept_then_fail")
    bed.owe("landed", expires_at=bed.clock.now() + timedelta(minutes=1))
    bed.dispatcher().run_once()

    bed.advance(timedelta(minutes=2))
    assert bed.dispatcher().run_once().reconciled == 1
    assert bed.row("landed").status == DeliveryStatus.SENT


def test_an_unclear_message_not_found_after_expiry_is_expired(bed: Bed) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="server_error")
    bed.owe("lost", expires_at=bed.clock.now() + timedelta(minutes=1))
    bed.dispatcher().run_once()

    bed.advance(timedelta(minutes=2))
    assert bed.dispatcher().run_once().expired == 1

    assert bed.calls("conversations.history") == 1
    assert bed.row("lost").status == DeliveryStatus.EXPIRED
    assert bed.posted("lost") == []


def test_an_unclear_thread_reply_is_looked_for_in_its_thread(bed: Bed) -> None:
    bed.owe("meeting:1")
    bed.dispatcher().run_once()
    bed.slack.faults.inject(method="chat.postMessage", kind="accept_then_fail")
    bed.owe("meeting:1:reminder", thread_key="meeting:1")
    bed.dispatcher().run_once()

    bed.advance(timedelta(seconds=5))
    assert bed.dispatcher().run_once().reconciled == 1

    # Replies are not in conversations.history: only conversations.replies can find them.
    assert (bed.calls("conversations.replies"), bed.calls("conversations.history")) == (1, 0)
    (reply,) = bed.posted("meeting:1:reminder")
    assert reply.thread_ts == bed.row("meeting:1").slack_ts
    assert bed.row("meeting:1:reminder").slack_ts == reply.ts


def test_an_unclear_dm_is_looked_for_in_the_dm(bed: Bed) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="accept_then_fail")
    bed.owe("dm:1", recipient=PEOPLE.sara)
    bed.dispatcher("A").run_once()
    assert bed.row("dm:1").channel_id is None  # posted to the user id; the failed answer named no DM

    bed.advance(timedelta(seconds=5))
    assert bed.dispatcher("B").run_once().reconciled == 1

    assert len(bed.workspace.dm_messages_to(PEOPLE.sara)) == 1
    assert bed.calls("conversations.open") == 1  # B opened the DM to read its history


def test_a_slack_failure_while_rendering_is_retried_not_dead(bed: Bed) -> None:
    def in_their_language(row: OutboxMessage) -> Rendered:
        locale = bed.client().users_info(user=row.recipient, include_locale=True)["user"].get("locale")
        return Rendered(text=f"{row.template} ({locale})")

    bed.slack.faults.inject(method="users.info", kind="ratelimited", retry_after=10)
    bed.owe("dm:1", recipient=PEOPLE.kurator_en)

    assert bed.dispatcher(render=in_their_language).run_once().retried == 1
    assert bed.row("dm:1").status == DeliveryStatus.PENDING

    bed.advance(timedelta(seconds=10))
    assert bed.dispatcher(render=in_their_language).run_once().sent == 1
    (message,) = bed.workspace.dm_messages_to(PEOPLE.kurator_en)
    assert message.text == "reminder (en-US)"

"""Every Slack error the sender meets is permanent, retryable or unclear, and each class ends as it should."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.clock import FakeClock
from localslack import LocalSlack, Workspace
from scheduler.outbox import FAILURE_TEMPLATE, MAX_ATTEMPTS
from scheduler.slack_errors import SLACK_ERRORS, Kind
from storage.models import DeliveryStatus
from tests.scheduler import ADMINS, Bed
from tests.slackbed import BOT_TOKEN, CHANNELS, PEOPLE


@pytest.fixture
def bed(database_url: str, clock: FakeClock, slack: LocalSlack, workspace: Workspace) -> Iterator[Bed]:
    """The outbox test bed."""
    bed = Bed(database_url, clock, slack, workspace)
    yield bed
    bed.close()


def _notices(bed: Bed) -> list[tuple[str, str]]:
    return [(row.key, row.recipient) for row in bed.rows() if row.template == FAILURE_TEMPLATE]


@pytest.mark.parametrize(
    ("error", "status", "needs_reconcile"),
    [
        ("thread_not_found", DeliveryStatus.DEAD, False),
        ("message_limit_exceeded", DeliveryStatus.PENDING, False),
        ("service_unavailable", DeliveryStatus.PENDING, True),
    ],
    ids=[Kind.PERMANENT, Kind.RETRYABLE, Kind.UNCLEAR],
)
def test_each_class_of_error_leaves_the_row_as_its_class_says(
    bed: Bed, error: str, status: DeliveryStatus, needs_reconcile: bool
) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="error", error=error)
    bed.owe("k1")

    bed.dispatcher().run_once()

    row = bed.row("k1")
    assert (row.status, row.needs_reconcile, row.last_error) == (status, needs_reconcile, error)
    told = [("dead:k1:" + admin, admin) for admin in ADMINS] if status is DeliveryStatus.DEAD else []
    assert _notices(bed) == told
    bed.advance(timedelta(minutes=15))
    bed.dispatcher().run_once()  # the fault is spent: whatever may still be retried is now sent
    assert len(bed.posted("k1")) == (0 if status is DeliveryStatus.DEAD else 1)


def test_a_reply_threaded_under_another_conversations_message_dies_at_once_and_is_told_once(
    bed: Bed,
) -> None:
    bed.owe("case:received", recipient=CHANNELS.personalrum)
    bed.dispatcher().run_once()
    bed.owe("case:reply", recipient=PEOPLE.sara, thread_key="case:received")

    assert bed.dispatcher().run_once().dead == 1
    row = bed.row("case:reply")
    assert (row.status, row.last_error, row.attempts) == (DeliveryStatus.DEAD, "thread_not_found", 1)
    assert bed.workspace.dm_messages_to(PEOPLE.sara) == []

    bed.advance(timedelta(days=1))
    bed.dispatcher().run_once()  # the notices go out; the dead row is never tried again
    assert bed.row("case:reply").attempts == 1
    assert _notices(bed) == [("dead:case:reply:" + admin, admin) for admin in ADMINS]
    for admin in ADMINS:
        assert len(bed.workspace.dm_messages_to(admin)) == 1


def test_a_refused_check_of_an_unclear_row_ends_within_hours_not_days(bed: Bed) -> None:
    bed.slack.faults.inject(method="chat.postMessage", kind="server_error")
    bed.owe("k1", expires_at=bed.clock.now() + timedelta(days=7))
    bed.dispatcher().run_once()
    assert bed.row("k1").needs_reconcile is True
    started = bed.clock.now()
    bed.slack.faults.inject(method="conversations.history", kind="error", error="invalid_cursor", times=99)

    while bed.row("k1").status is DeliveryStatus.PENDING:
        bed.advance(timedelta(minutes=15))
        bed.dispatcher().run_once()

    row = bed.row("k1")
    assert (row.status, row.last_error, row.attempts) == (DeliveryStatus.DEAD, "invalid_cursor", MAX_ATTEMPTS)
    assert bed.clock.now() - started < timedelta(hours=3)
    assert bed.calls("chat.postMessage") == 1  # never re-sent without knowing


def test_a_reply_whose_parent_was_deleted_is_found_at_the_top_level_and_sent(bed: Bed) -> None:
    bed.owe("p")
    bed.dispatcher().run_once()
    parent = bed.row("p")
    bed.client().chat_delete(channel=parent.channel_id, ts=parent.slack_ts)
    bed.slack.faults.inject(method="chat.postMessage", kind="accept_then_fail")
    bed.owe("p:reply", thread_key="p")
    assert bed.dispatcher().run_once().retried == 1
    (stored,) = bed.posted("p:reply")
    assert stored.thread_ts is None  # Slack put it at the top level

    bed.advance(timedelta(seconds=5))
    assert bed.dispatcher().run_once().reconciled == 1
    assert (bed.row("p:reply").status, bed.row("p:reply").slack_ts) == (DeliveryStatus.SENT, stored.ts)
    assert len(bed.posted("p:reply")) == 1


def test_the_table_uses_exactly_the_three_classes() -> None:
    assert set(SLACK_ERRORS.values()) == set(Kind)
    assert SLACK_ERRORS["thread_not_found"] is Kind.PERMANENT
    assert SLACK_ERRORS["internal_error"] is Kind.UNCLEAR
    assert SLACK_ERRORS["ratelimited"] is Kind.RETRYABLE


class CachedClients:
    """Clients that keep a workspace's token, as scheduler/workspaces.py does: a token refused by
    Slack is forgotten (the dispatcher's `forget`) and the next call reads the current one."""

    def __init__(self, bed: Bed, cached: str) -> None:
        self._bed, self.cached, self.forgotten = bed, cached, 0
        self._clients: dict[str, object] = {}

    def __call__(self, team_id: str) -> object:
        token = self.cached if not self.forgotten else BOT_TOKEN
        return self._clients.setdefault(
            token, WebClient(token=token, base_url=self._bed.slack.api_url, retry_handlers=[], timeout=5)
        )

    def forget(self, team_id: str) -> None:
        self.forgotten += 1


def test_a_cached_token_slack_refuses_is_read_again_and_the_row_sent_once(bed: Bed) -> None:
    bed.owe("k1")
    clients = CachedClients(bed, cached="xoxb-from-before-the-reinstall")

    report = bed.dispatcher("A", client_for=clients).run_once()  # type: ignore[arg-type]

    assert (report.sent, report.dead, clients.forgotten) == (1, 0, 1)
    assert len(bed.posted("k1")) == 1
    assert bed.row("k1").status == DeliveryStatus.SENT


def test_a_token_refused_again_after_reading_it_afresh_kills_the_row(bed: Bed) -> None:
    bed.owe("k1")
    clients = CachedClients(bed, cached=BOT_TOKEN)
    bed.workspace.token_revoked = True  # the current token is refused too: nothing else to try

    report = bed.dispatcher("A", client_for=clients).run_once()  # type: ignore[arg-type]

    assert (report.sent, report.dead, clients.forgotten) == (0, 1, 1)
    assert (bed.row("k1").status, bed.row("k1").last_error) == (DeliveryStatus.DEAD, "token_revoked")
    assert bed.posted("k1") == []

"""The dispatcher: claims a batch of due outbox rows and takes each through its attempt: wait for a
thread's parent or the workspace's back-off, give up for time, find it in the platform's history
(reconcile), render, post or rewrite. Leases, marks and failures are kept by their own modules."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.crypto import UnreadableText
from scheduler.outbox.failures import Failures
from scheduler.outbox.leases import Leases
from scheduler.outbox.marks import Marks
from scheduler.outbox.report import DispatchReport
from scheduler.transport import Rendered, SlackTransport, Transport, sent_id
from storage.models import DeliveryStatus, OutboxMessage
from storage.outbox import (
    abandon_owed,
    claim_due,
    clear_delivered_args,
    get_backoff,
    get_backoffs,
    get_outbox_message,
)

log = logging.getLogger("bryggan.outbox")

# Sent rows keep their key (idempotence) but not their words for longer than this.
KEEP_DELIVERED_ARGS = timedelta(days=1)
PARENT_WAIT = timedelta(seconds=5)
# A tick drains full batches for at most this long (wall time), staying inside the 2-second tick.
DRAIN_BUDGET = timedelta(seconds=1.5)


Render = Callable[[OutboxMessage], Rendered]


class Dispatcher:
    """Claims due outbox rows and sends each to its platform; no transaction is open during a call."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: Clock,
        client_for: Callable[[str], WebClient] | None,
        render: Render,
        owner: str,
        admins: Callable[[str], Iterable[str]],
        lease: timedelta = timedelta(seconds=60),
        batch: int = 10,  # small: every claimed row must be handled well within the lease
        rng: random.Random | None = None,
        on_dead: Callable[[OutboxMessage], object] = lambda _row: None,
        on_sent: Callable[[OutboxMessage, float], object] = lambda _row, _delay: None,
        on_pause: Callable[[], object] = lambda: None,
        record_sent: Callable[[Session, OutboxMessage], object] = lambda _session, _row: None,
        teams: Transport | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        # Only rows of a platform this process can send to are claimed: with Slack and Teams served by
        # different processes on one database, neither wears out (or kills) the other's rows.
        self._transports: dict[str, Transport] = {}
        if client_for is not None:
            self._transports["slack"] = SlackTransport(client_for)
        if teams is not None:
            self._transports["teams"] = teams
        self._render = render
        self._owner = owner
        self._lease = lease
        self._batch = batch
        # The batch in hand: each row's lease and the workspaces' back-offs (the rows sent but not yet
        # marked, and the outcomes decided when they were marked, are `Marks`').
        self._leases = Leases(sessions=sessions, clock=clock, owner=owner, lease=lease)
        self._backoffs: dict[str, datetime] = {}
        # The metrics: seconds after its due time a row reached its platform (on_sent). `record_sent` is
        # written in the unit of work that marks the row sent, so exactly once per message the platform
        # accepted (the audit of a case text shown): never for a retried attempt or a dead row.
        self._marks = Marks(
            sessions=sessions, clock=clock, owner=owner, on_sent=on_sent, record_sent=record_sent
        )
        self._failures = Failures(
            sessions=sessions,
            marks=self._marks,
            backoffs=self._backoffs,
            admins=admins,
            rng=rng or random.Random(),
            on_dead=on_dead,  # e.g. an asker told their case never reached anyone
            on_pause=on_pause,  # the metrics: the platform said 429 and the workspace backs off
        )

    def run_once(self) -> DispatchReport:
        """Claim one batch of due rows and handle each; returns the counts.

        The claim reads the batch's back-offs too, and the rows Slack accepted are marked sent
        together at the end (sooner when a lease runs short or a reply needs its parent marked): a
        process dying before that leaves them `sending`, and the next holder finds them in Slack's
        history (reconciliation) instead of posting them again. A platform that cannot be searched
        (Teams) has each accepted row marked at once instead.
        """
        report = DispatchReport()
        with self._sessions.begin() as session:
            rows = claim_due(
                session,
                now=self._clock.now(),
                owner=self._owner,
                lease=self._lease,
                limit=self._batch,
                platforms=tuple(self._transports),
            )
            # Refilled in place: the failures' bookkeeping shares this dict.
            self._backoffs.clear()
            self._backoffs.update(get_backoffs(session, team_ids=(row.team_id for row in rows)))
        self._leases.start(rows)
        try:
            for row in rows:
                outcome, late = self._handle(row)
                if outcome != "unmarked":
                    report.add(outcome, late)
        finally:
            self._marks.mark_sent()
            for outcome, late in self._marks.take_marked():
                report.add(outcome, late)
            self._leases.clear()
        if rows:
            log.info("outbox run", extra={"owner": self._owner, **report.as_dict()})
        return report

    def drain(self, budget: timedelta = DRAIN_BUDGET) -> DispatchReport:
        """Run batches while they come back full, for up to `budget` of wall time (a burst of reminders
        due at 08:00 must not wait one tick per ten rows); returns the summed counts."""
        started, total = time.monotonic(), DispatchReport()
        while True:
            report = self.run_once()
            for f in fields(report):
                setattr(total, f.name, getattr(total, f.name) + getattr(report, f.name))
            handled = sum(getattr(report, f.name) for f in fields(report) if f.name != "late")
            if handled < self._batch or time.monotonic() - started >= budget.total_seconds():
                return total

    def abandon(self, *, team_id: str, reason: str) -> int:
        """The workspace removed Bryggan or revoked its token: every row still owed there ends `dead`
        with `reason`, its administrators are not told (nothing can reach them); returns how many."""
        with self._sessions.begin() as session:
            count = abandon_owed(session, team_id=team_id, reason=reason)
        log.warning("outbox abandoned", extra={"team_id": team_id, "reason": reason, "rows": count})
        return count

    def forget_delivered_args(self) -> int:
        """Data minimisation: drop the arguments of messages delivered over KEEP_DELIVERED_ARGS ago."""
        with self._sessions.begin() as session:
            return clear_delivered_args(session, before=self._clock.now() - KEEP_DELIVERED_ARGS)

    def _handle(self, row: OutboxMessage) -> tuple[str, bool]:
        now = self._clock.now()
        parent_key = row.thread_key or row.edit_of  # the message replied to, or rewritten
        unmarked = self._marks.first_unmarked
        if unmarked is not None and (parent_key or self._leases.due(unmarked, now)):
            self._marks.mark_sent()  # a parent sent in this batch must read as sent; a lease must not run out
        backoff, parent = self._backoffs.get(row.team_id), None
        if parent_key or self._leases.due(row.id, now):
            with self._sessions.begin() as session:
                if not self._leases.renew(session, row, now):
                    return "lost", False
                backoff = get_backoff(session, team_id=row.team_id)
                parent = (
                    get_outbox_message(session, team_id=row.team_id, key=parent_key) if parent_key else None
                )
        if backoff is not None and backoff > now:
            # The platform told another row of this batch (or another replica) to wait: this one waits too.
            return self._marks.defer(row, backoff), False
        if _missed(row, now):
            return self._marks.close(row, "missed", status=DeliveryStatus.MISSED), False
        expired = row.expires_at is not None and now >= row.expires_at
        transport = self._transport(row)
        if row.edit_of:
            return self._edit_when_sent(transport, row, parent, now, expired)
        sent_parent = parent is not None and parent.status == DeliveryStatus.SENT
        parent_id = sent_id(transport, parent) if parent is not None and sent_parent else None
        # A parent given up for time (not for a broken channel) leaves its replies to stand on their own.
        orphan = parent is not None and parent.status in (DeliveryStatus.MISSED, DeliveryStatus.EXPIRED)
        if row.thread_key and parent_id is None and not orphan:
            return self._without_parent(row, parent, now, expired), False
        if expired and not row.needs_reconcile:
            return self._marks.close(row, "expired", status=DeliveryStatus.EXPIRED), False
        return self._attempt(transport, row, now, expired, parent_id)

    def _transport(self, row: OutboxMessage) -> Transport:
        return self._transports[row.platform]  # claimed only for a platform it has

    def _attempt(
        self, transport: Transport, row: OutboxMessage, now: datetime, expired: bool, parent_id: str | None
    ) -> tuple[str, bool]:
        conversation: str | None = None
        try:
            conversation = transport.open(row)
            found = transport.find(row, conversation, parent_id) if row.needs_reconcile else None
        except Exception as exc:  # any platform or network failure: classified, never lost
            return self._failures.failed(
                transport,
                row,
                now,
                exc,
                channel=transport.keep(conversation),
                needs_reconcile=row.needs_reconcile,
            ), False
        if found is not None:
            return self._marks.sent(transport, row, found, "reconciled")
        kept = transport.keep(conversation)
        if expired:
            return self._marks.close(row, "expired", status=DeliveryStatus.EXPIRED, channel_id=kept), False
        try:
            rendered = self._render(row)
        except transport.errors as exc:  # rendering may ask the platform (a user's language): same rules
            return self._failures.failed(
                transport, row, now, exc, channel=kept, needs_reconcile=row.needs_reconcile
            ), False
        except UnreadableText:  # sealed with a key no longer configured: the admins are told which
            return self._failures.dead(row, now, "text_unreadable", kept), False
        except Exception as exc:  # a template bug must not stop the other rows
            log.warning("outbox render failed", extra={"outbox_id": row.id, "kind": type(exc).__name__})
            return self._failures.dead(row, now, "render_failed", kept), False
        # Checked again just before posting, so a slow reconciliation cannot outlive the lease.
        if not self._leases.hold(row):
            return "lost", False
        try:
            posted = transport.post(row, conversation, rendered, parent_id)
        except Exception as exc:  # unclear outcomes are reconciled before any re-send
            return self._failures.failed(transport, row, now, exc, channel=kept, needs_reconcile=None), False
        return self._marks.sent(transport, row, posted, "sent")

    def _edit_when_sent(
        self,
        transport: Transport,
        row: OutboxMessage,
        target: OutboxMessage | None,
        now: datetime,
        expired: bool,
    ) -> tuple[str, bool]:
        if target is not None and target.status == DeliveryStatus.SENT and sent_id(transport, target):
            return self._edit(transport, row, target, now, expired)
        if target is not None and target.status in (DeliveryStatus.MISSED, DeliveryStatus.EXPIRED):
            # Never posted: there is nothing to rewrite.
            gone = f"parent_{target.status}"
            return self._marks.close(row, "expired", status=DeliveryStatus.EXPIRED, last_error=gone), False
        return self._without_parent(row, target, now, expired), False

    def _edit(
        self, transport: Transport, row: OutboxMessage, target: OutboxMessage, now: datetime, expired: bool
    ) -> tuple[str, bool]:
        """Rewrite the message sent for `target` (chat.update, Teams' PUT): doing it twice is harmless,
        so an unclear outcome is simply tried again, without looking first."""
        channel = transport.keep(target.channel_id)
        if expired:
            return self._marks.close(row, "expired", status=DeliveryStatus.EXPIRED), False
        try:
            rendered = self._render(row)
        except transport.errors as exc:
            return self._failures.failed(
                transport, row, now, exc, channel=channel, needs_reconcile=False
            ), False
        except Exception as exc:  # a template bug must not stop the other rows
            log.warning("outbox render failed", extra={"outbox_id": row.id, "kind": type(exc).__name__})
            return self._failures.dead(row, now, "render_failed", channel), False
        if not self._leases.hold(row):
            return "lost", False
        try:
            posted = transport.edit(row, target, rendered)
        except Exception as exc:
            return self._failures.failed(
                transport, row, now, exc, channel=channel, needs_reconcile=False
            ), False
        return self._marks.sent(transport, row, posted, "sent")

    def _without_parent(
        self, row: OutboxMessage, parent: OutboxMessage | None, now: datetime, expired: bool
    ) -> str:
        if expired:
            return self._marks.close(row, "expired", status=DeliveryStatus.EXPIRED)
        if parent is not None and parent.status not in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
            # The parent will never be sent; its own failure already told the administrators.
            return self._marks.close(
                row, "dead", status=DeliveryStatus.DEAD, last_error=f"parent_{parent.status}"
            )
        return self._marks.defer(
            row, max(now + PARENT_WAIT, parent.next_attempt_at if parent else now + self._lease)
        )


def _missed(row: OutboxMessage, now: datetime) -> bool:
    first_attempt = row.attempts == 1 and not row.needs_reconcile
    return (
        first_attempt
        and row.grace_seconds is not None
        and now > row.due_at + timedelta(seconds=row.grace_seconds)
    )

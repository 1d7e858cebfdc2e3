"""Delivers the outbox: each owed message once, across restarts and replicas (see docs/decisions.md).

The claims, leases, back-offs and marks are one logic for every platform; the calls to Slack or Teams
are a `Transport` each (scheduler/transport.py, scheduler/teams_transport.py), chosen by the row's
`platform`.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.crypto import UnreadableText
from bot.notices import Notice, key_of
from scheduler.reconcile import EVENT_TYPE
from scheduler.transport import Posted, Rendered, SlackTransport, Transport, sent_id
from storage.models import DeliveryStatus, OutboxMessage
from storage.outbox import (
    abandon_owed,
    add_outbox_message,
    claim_due,
    clear_delivered_args,
    finish,
    get_backoff,
    get_backoffs,
    get_outbox_message,
    renew_lease,
    set_backoff,
)

__all__ = ["EVENT_TYPE", "DispatchReport", "Dispatcher", "Render", "Rendered"]

log = logging.getLogger("bryggan.outbox")

FAILURE_TEMPLATE = Notice.DELIVERY_FAILED
MAX_ATTEMPTS = 10
# Sent rows keep their key (idempotence) but not their words for longer than this.
KEEP_DELIVERED_ARGS = timedelta(days=1)
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=15)
LATE_AFTER = timedelta(seconds=60)
PARENT_WAIT = timedelta(seconds=5)
# A tick drains full batches for at most this long (wall time), staying inside the 2-second tick.
DRAIN_BUDGET = timedelta(seconds=1.5)
# A lease is renewed (one transaction) only once less than this share of it is left: a row handled
# soon after its claim still holds most of its lease, and asking the database again buys nothing.
RENEW_BELOW = 0.75


Render = Callable[[OutboxMessage], Rendered]


@dataclass(frozen=True)
class _Mark:
    """A row the platform has accepted, to be marked sent in the batch's closing transaction."""

    row: OutboxMessage
    changes: dict[str, Any]
    outcome: str
    late: bool
    delay: float


@dataclass
class DispatchReport:
    """What one run did, by outcome (`late` counts sent or reconciled rows that came late)."""

    sent: int = 0
    retried: int = 0
    reconciled: int = 0
    dead: int = 0
    expired: int = 0
    missed: int = 0
    late: int = 0
    waiting: int = 0  # put back unattempted: a thread parent not sent yet, or the workspace backed off
    lost: int = 0  # rows whose lease another dispatcher took over

    def add(self, outcome: str, late: bool) -> None:
        """Count one row's outcome."""
        setattr(self, outcome, getattr(self, outcome) + 1)
        self.late += late

    def as_dict(self) -> dict[str, int]:
        """The non-zero counts, for logs."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


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
        self._on_dead = on_dead  # e.g. an asker told their case never reached anyone
        self._on_sent = on_sent  # the metrics: seconds after its due time a row reached its platform
        # Written in the unit of work that marks the row sent, so exactly once per message the platform
        # accepted (the audit of a case text shown): never for a retried attempt or a dead row.
        self._record_sent = record_sent
        self._on_pause = on_pause  # the metrics: the platform said 429 and the workspace backs off
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
        self._admins = admins
        self._lease = lease
        self._batch = batch
        self._rng = rng or random.Random()
        # The batch in hand: each row's lease, the workspaces' back-offs, rows sent but not yet
        # marked, and outcomes decided when they were marked.
        self._leases: dict[int, datetime] = {}
        self._backoffs: dict[str, datetime] = {}
        self._unmarked: list[_Mark] = []
        self._marked: list[tuple[str, bool]] = []

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
            self._backoffs = get_backoffs(session, team_ids=(row.team_id for row in rows))
        self._leases = {row.id: row.lease_until for row in rows if row.lease_until is not None}
        try:
            for row in rows:
                outcome, late = self._handle(row)
                if outcome != "unmarked":
                    report.add(outcome, late)
        finally:
            self._mark_sent()
            for outcome, late in self._marked:
                report.add(outcome, late)
            self._marked, self._leases = [], {}
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
        if self._unmarked and (parent_key or self._renew_due(self._unmarked[0].row.id, now)):
            self._mark_sent()  # a parent sent in this batch must read as sent; a lease must not run out
        backoff, parent = self._backoffs.get(row.team_id), None
        if parent_key or self._renew_due(row.id, now):
            with self._sessions.begin() as session:
                if not self._renew(session, row, now):
                    return "lost", False
                backoff = get_backoff(session, team_id=row.team_id)
                parent = (
                    get_outbox_message(session, team_id=row.team_id, key=parent_key) if parent_key else None
                )
        if backoff is not None and backoff > now:
            # The platform told another row of this batch (or another replica) to wait: this one waits too.
            return self._defer(row, backoff), False
        if _missed(row, now):
            return self._close(row, "missed", status=DeliveryStatus.MISSED), False
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
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED), False
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
            return self._failed(
                transport,
                row,
                now,
                exc,
                channel=transport.keep(conversation),
                needs_reconcile=row.needs_reconcile,
            ), False
        if found is not None:
            return self._sent(transport, row, found, "reconciled")
        kept = transport.keep(conversation)
        if expired:
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED, channel_id=kept), False
        try:
            rendered = self._render(row)
        except transport.errors as exc:  # rendering may ask the platform (a user's language): same rules
            return self._failed(
                transport, row, now, exc, channel=kept, needs_reconcile=row.needs_reconcile
            ), False
        except UnreadableText:  # sealed with a key no longer configured: the admins are told which
            return self._dead(row, now, "text_unreadable", kept), False
        except Exception as exc:  # a template bug must not stop the other rows
            log.warning("outbox render failed", extra={"outbox_id": row.id, "kind": type(exc).__name__})
            return self._dead(row, now, "render_failed", kept), False
        # Checked again just before posting, so a slow reconciliation cannot outlive the lease.
        if not self._hold(row):
            return "lost", False
        try:
            posted = transport.post(row, conversation, rendered, parent_id)
        except Exception as exc:  # unclear outcomes are reconciled before any re-send
            return self._failed(transport, row, now, exc, channel=kept, needs_reconcile=None), False
        return self._sent(transport, row, posted, "sent")

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
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED, last_error=gone), False
        return self._without_parent(row, target, now, expired), False

    def _edit(
        self, transport: Transport, row: OutboxMessage, target: OutboxMessage, now: datetime, expired: bool
    ) -> tuple[str, bool]:
        """Rewrite the message sent for `target` (chat.update, Teams' PUT): doing it twice is harmless,
        so an unclear outcome is simply tried again, without looking first."""
        channel = transport.keep(target.channel_id)
        if expired:
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED), False
        try:
            rendered = self._render(row)
        except transport.errors as exc:
            return self._failed(transport, row, now, exc, channel=channel, needs_reconcile=False), False
        except Exception as exc:  # a template bug must not stop the other rows
            log.warning("outbox render failed", extra={"outbox_id": row.id, "kind": type(exc).__name__})
            return self._dead(row, now, "render_failed", channel), False
        if not self._hold(row):
            return "lost", False
        try:
            posted = transport.edit(row, target, rendered)
        except Exception as exc:
            return self._failed(transport, row, now, exc, channel=channel, needs_reconcile=False), False
        return self._sent(transport, row, posted, "sent")

    def _renew_due(self, row_id: int, now: datetime) -> bool:
        until = self._leases.get(row_id)
        return until is None or until - now < self._lease * RENEW_BELOW

    def _renew(self, session: Session, row: OutboxMessage, now: datetime) -> bool:
        """The lease counts from when this row's work starts, not from the batch's claim."""
        if not renew_lease(session, id=row.id, owner=self._owner, until=now + self._lease):
            return False
        self._leases[row.id] = now + self._lease
        return True

    def _hold(self, row: OutboxMessage) -> bool:
        """Still this row's holder, with most of the lease left (renewed if it was running short)?"""
        now = self._clock.now()
        if not self._renew_due(row.id, now):
            return True
        with self._sessions.begin() as session:
            return self._renew(session, row, now)

    def _without_parent(
        self, row: OutboxMessage, parent: OutboxMessage | None, now: datetime, expired: bool
    ) -> str:
        if expired:
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED)
        if parent is not None and parent.status not in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
            # The parent will never be sent; its own failure already told the administrators.
            return self._close(row, "dead", status=DeliveryStatus.DEAD, last_error=f"parent_{parent.status}")
        return self._defer(
            row, max(now + PARENT_WAIT, parent.next_attempt_at if parent else now + self._lease)
        )

    def _defer(self, row: OutboxMessage, until: datetime) -> str:
        # Waiting is not an attempt: it must not count towards MAX_ATTEMPTS or the grace rule.
        pending = {"status": DeliveryStatus.PENDING, "next_attempt_at": until, "attempts": row.attempts - 1}
        return self._close(row, "waiting", **pending)

    def _sent(
        self, transport: Transport, row: OutboxMessage, posted: Posted, outcome: str
    ) -> tuple[str, bool]:
        # A found message was sent when the platform stored it, not when we found it.
        sent_at = posted.at or self._clock.now()
        late = sent_at - row.due_at > _late_after(row)
        changes = {transport.id_column: posted.id, "sent_at": sent_at, "late": late}
        changes["channel_id"] = posted.conversation
        delay = (sent_at - row.due_at).total_seconds()
        self._unmarked.append(_Mark(row, changes, outcome, late, delay))
        if not transport.reconciles:
            # Nothing could find this message again if the process died before the batch's mark:
            # mark it now, so at most the one row in flight is left unclear (docs/decisions.md).
            self._mark_sent()
        return "unmarked", False

    def _mark_sent(self) -> None:
        """Mark every row the platform accepted since the last call as sent, in one transaction; each row's
        outcome goes to `_marked` (`lost` for one whose lease another dispatcher took over)."""
        marks, self._unmarked = self._unmarked, []
        if not marks:
            return
        finished = []
        with self._sessions.begin() as session:
            for mark in marks:
                done = self._finish(
                    session, mark.row, status=DeliveryStatus.SENT, needs_reconcile=False, **mark.changes
                )
                if done:
                    self._record_sent(session, mark.row)
                finished.append(done)
        for mark, done in zip(marks, finished, strict=True):
            self._marked.append((mark.outcome, mark.late) if done else ("lost", False))
            if done:
                self._on_sent(mark.row, mark.delay)

    def _failed(
        self,
        transport: Transport,
        row: OutboxMessage,
        now: datetime,
        exc: Exception,
        *,
        channel: str | None,
        needs_reconcile: bool | None,
    ) -> str:
        failure = transport.classify(exc)
        log.info("outbox attempt failed", extra={"outbox_id": row.id, "key": row.key, "error": failure.error})
        if failure.permanent:
            return self._dead(row, now, failure.error, channel)
        if failure.retry_after is not None:
            until = now + timedelta(seconds=failure.retry_after)
            with self._sessions.begin() as session:
                set_backoff(session, team_id=row.team_id, until=until)
            known = self._backoffs.get(row.team_id)
            self._backoffs[row.team_id] = (
                until if known is None else max(known, until)
            )  # the batch's rows wait
            self._on_pause()
            pending = {"status": DeliveryStatus.PENDING, "next_attempt_at": until}
            return self._close(row, "retried", last_error=failure.error, channel_id=channel, **pending)
        # None: the post itself failed, so only its own outcome decides (history was checked before it).
        unclear = failure.unclear if needs_reconcile is None else needs_reconcile
        # Outages are waited out (until expires_at); a definite refusal gives up after MAX_ATTEMPTS,
        # even while the row still needs checking: a refusal that never changes must not run for days.
        if not failure.unclear and row.attempts >= MAX_ATTEMPTS:
            return self._dead(row, now, failure.error, channel)
        next_at = now + self._backoff(row.attempts)
        expired = row.expires_at is not None and next_at >= row.expires_at
        return self._close(
            row,
            "expired" if expired else "retried",
            status=DeliveryStatus.EXPIRED if expired else DeliveryStatus.PENDING,
            next_attempt_at=next_at,
            needs_reconcile=unclear,
            last_error=failure.error,
            channel_id=channel,
        )

    def _dead(self, row: OutboxMessage, now: datetime, error: str, channel: str | None) -> str:
        admins = [] if row.template == FAILURE_TEMPLATE else list(self._admins(row.team_id))
        with self._sessions.begin() as session:
            if not self._finish(
                session, row, status=DeliveryStatus.DEAD, last_error=error, channel_id=channel
            ):
                return "lost"
            args = {"key": row.key, "template": row.template, "recipient": row.recipient, "error": error}
            for admin in admins:
                notice = {
                    "key": _notice_key(row.key, admin),
                    "recipient": admin,
                    "template": FAILURE_TEMPLATE,
                }
                add_outbox_message(session, team_id=row.team_id, args=args, due_at=now, now=now, **notice)
        log.warning(
            "outbox dead", extra={"outbox_id": row.id, "key": row.key, "error": error, "admins": len(admins)}
        )
        self._on_dead(row)
        return "dead"

    def _close(self, row: OutboxMessage, outcome: str, **changes: Any) -> str:
        with self._sessions.begin() as session:
            return outcome if self._finish(session, row, **changes) else "lost"

    def _finish(self, session: Session, row: OutboxMessage, **changes: Any) -> bool:
        if changes.get("channel_id", "") is None:
            del changes["channel_id"]  # unknown now; keep what an earlier attempt learnt
        return finish(session, id=row.id, owner=self._owner, lease_owner=None, lease_until=None, **changes)

    def _backoff(self, attempts: int) -> timedelta:
        # Full jitter: replicas retrying after the same outage spread out instead of arriving together.
        ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(max(attempts - 1, 0), 20))
        return timedelta(seconds=self._rng.uniform(0, ceiling.total_seconds()))


def _missed(row: OutboxMessage, now: datetime) -> bool:
    first_attempt = row.attempts == 1 and not row.needs_reconcile
    return (
        first_attempt
        and row.grace_seconds is not None
        and now > row.due_at + timedelta(seconds=row.grace_seconds)
    )


def _late_after(row: OutboxMessage) -> timedelta:
    if row.grace_seconds:
        return min(LATE_AFTER, timedelta(seconds=row.grace_seconds))
    return LATE_AFTER


def _notice_key(key: str, admin: str) -> str:
    notice = key_of(Notice.DELIVERY_FAILED, of=key, admin=admin)
    if len(notice) <= 200:
        return notice
    return key_of(Notice.DELIVERY_FAILED, of=hashlib.sha256(key.encode()).hexdigest(), admin=admin)

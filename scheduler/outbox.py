"""Delivers the outbox: each owed Slack message once, across restarts and replicas (see docs/decisions.md)."""

from __future__ import annotations

import hashlib
import http.client
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.crypto import UnreadableText
from bot.notices import Notice, key_of
from scheduler.reconcile import EVENT_TYPE, find_posted
from scheduler.slack_errors import classify
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

log = logging.getLogger("bryggan.outbox")

FAILURE_TEMPLATE = Notice.DELIVERY_FAILED
# What a Slack call raises when Slack, not our code, failed (URLError and timeouts are OSErrors).
_TRANSPORT_ERRORS = (SlackApiError, OSError, http.client.HTTPException)
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
# Slack's answers to a token it no longer accepts: with a cached token, read it afresh once.
_TOKEN_REFUSED = frozenset(
    {"invalid_auth", "token_revoked", "token_expired", "not_authed", "account_inactive"}
)


@dataclass(frozen=True)
class Rendered:
    """The words of one message: the fallback text and optional Block Kit blocks."""

    text: str
    blocks: list[dict[str, Any]] | None = None


Render = Callable[[OutboxMessage], Rendered]


@dataclass(frozen=True)
class _Mark:
    """A row Slack has accepted, to be marked sent in the batch's closing transaction."""

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
    """Claims due outbox rows and sends each to Slack; no transaction is open during a Slack call."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: Clock,
        client_for: Callable[[str], WebClient],
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
    ) -> None:
        self._on_dead = on_dead  # e.g. an asker told their case never reached anyone
        self._on_sent = on_sent  # the metrics: seconds after its due time a row reached Slack
        # Written in the unit of work that marks the row sent, so exactly once per message Slack
        # accepted (the audit of a case text shown): never for a retried attempt or a dead row.
        self._record_sent = record_sent
        self._on_pause = on_pause  # the metrics: Slack said 429 and the workspace backs off
        self._sessions = sessions
        self._clock = clock
        self._client_for = client_for
        self._render = render
        self._owner = owner
        self._admins = admins
        self._lease = lease
        self._batch = batch
        self._rng = rng or random.Random()
        self._dm_channels: dict[tuple[str, str], str] = {}  # DM ids never change; spares conversations.open
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
        history (reconciliation) instead of posting them again.
        """
        report = DispatchReport()
        with self._sessions.begin() as session:
            rows = claim_due(
                session, now=self._clock.now(), owner=self._owner, lease=self._lease, limit=self._batch
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
            # Slack told another row of this batch (or another replica) to wait: this one waits too.
            return self._defer(row, backoff), False
        if _missed(row, now):
            return self._close(row, "missed", status=DeliveryStatus.MISSED), False
        expired = row.expires_at is not None and now >= row.expires_at
        if row.edit_of:
            return self._edit_when_sent(row, parent, now, expired)
        parent_ts = parent.slack_ts if parent is not None and parent.status == DeliveryStatus.SENT else None
        # A parent given up for time (not for a broken channel) leaves its replies to stand on their own.
        orphan = parent is not None and parent.status in (DeliveryStatus.MISSED, DeliveryStatus.EXPIRED)
        if row.thread_key and parent_ts is None and not orphan:
            return self._without_parent(row, parent, now, expired), False
        if expired and not row.needs_reconcile:
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED), False
        return self._attempt(row, now, expired, parent_ts)

    def _attempt(
        self, row: OutboxMessage, now: datetime, expired: bool, parent_ts: str | None
    ) -> tuple[str, bool]:
        channel = row.channel_id
        try:
            client = self._client_for(row.team_id)  # OAuth mode: may refresh the workspace's token
            channel = self._channel(client, row)
            if row.needs_reconcile:
                client, found = self._call(
                    row.team_id, client, lambda c: find_posted(c, channel, row, parent_ts)
                )
            else:
                found = None
        except Exception as exc:  # any Slack or network failure: classified, never lost
            return self._failed(
                row, now, exc, channel=_conversation(channel), needs_reconcile=row.needs_reconcile
            ), False
        if found is not None:
            return self._sent(row, channel, found, "reconciled")
        if expired:
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED, channel_id=channel), False
        try:
            rendered = self._render(row)
        except _TRANSPORT_ERRORS as exc:  # rendering may ask Slack (a user's language): same rules
            return self._failed(
                row, now, exc, channel=_conversation(channel), needs_reconcile=row.needs_reconcile
            ), False
        except UnreadableText:  # sealed with a key no longer configured: the admins are told which
            return self._dead(row, now, "text_unreadable", _conversation(channel)), False
        except Exception as exc:  # a template bug must not stop the other rows
            log.warning("outbox render failed", extra={"outbox_id": row.id, "kind": type(exc).__name__})
            return self._dead(row, now, "render_failed", _conversation(channel)), False
        # Checked again just before posting, so a slow reconciliation cannot outlive the lease.
        if not self._hold(row):
            return "lost", False
        metadata = {"event_type": EVENT_TYPE, "event_payload": {"key": row.key, "team_id": row.team_id}}
        try:
            _client, response = self._call(
                row.team_id,
                client,
                lambda c: c.chat_postMessage(
                    channel=channel,
                    text=rendered.text,
                    blocks=rendered.blocks,
                    thread_ts=parent_ts,
                    metadata=metadata,
                ),
            )
        except Exception as exc:  # unclear outcomes are reconciled before any re-send
            return self._failed(row, now, exc, channel=_conversation(channel), needs_reconcile=None), False
        posted_in = str(response.get("channel") or channel)
        if row.recipient == channel:  # a DM posted to the user id: remember the DM's id
            self._dm_channels[(row.team_id, row.recipient)] = posted_in
        return self._sent(row, posted_in, str(response["ts"]), "sent")

    def _edit_when_sent(
        self, row: OutboxMessage, target: OutboxMessage | None, now: datetime, expired: bool
    ) -> tuple[str, bool]:
        if target is not None and target.status == DeliveryStatus.SENT and target.slack_ts:
            return self._edit(row, target, now, expired)
        if target is not None and target.status in (DeliveryStatus.MISSED, DeliveryStatus.EXPIRED):
            # Never posted: there is nothing to rewrite.
            gone = f"parent_{target.status}"
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED, last_error=gone), False
        return self._without_parent(row, target, now, expired), False

    def _edit(
        self, row: OutboxMessage, target: OutboxMessage, now: datetime, expired: bool
    ) -> tuple[str, bool]:
        """Rewrite the message sent for `target` (chat.update): doing it twice is harmless, so an
        unclear outcome is simply tried again, without looking first."""
        channel = str(target.channel_id)
        if expired:
            return self._close(row, "expired", status=DeliveryStatus.EXPIRED), False
        try:
            rendered = self._render(row)
        except _TRANSPORT_ERRORS as exc:
            return self._failed(row, now, exc, channel=channel, needs_reconcile=False), False
        except Exception as exc:  # a template bug must not stop the other rows
            log.warning("outbox render failed", extra={"outbox_id": row.id, "kind": type(exc).__name__})
            return self._dead(row, now, "render_failed", channel), False
        if not self._hold(row):
            return "lost", False
        try:
            self._call(
                row.team_id,
                self._client_for(row.team_id),
                lambda c: c.chat_update(
                    channel=channel, ts=target.slack_ts, text=rendered.text, blocks=rendered.blocks
                ),
            )
        except Exception as exc:
            return self._failed(row, now, exc, channel=channel, needs_reconcile=False), False
        return self._sent(row, channel, str(target.slack_ts), "sent")

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

    def _call(
        self, team_id: str, client: WebClient, call: Callable[[WebClient], Any]
    ) -> tuple[WebClient, Any]:
        """`call(client)` and the client that answered. A client whose token Slack refuses may carry a
        token cached from before a reinstall (scheduler/workspaces.py): the call is made once more
        with the token read afresh, if it differs. A refused call posted nothing, so that is safe."""
        try:
            return client, call(client)
        except SlackApiError as exc:
            forget = getattr(self._client_for, "forget", None)
            if forget is None or exc.response.get("error") not in _TOKEN_REFUSED:
                raise
            forget(team_id)
            fresh = self._client_for(team_id)
            if fresh is client:
                raise
            return fresh, call(fresh)

    def _channel(self, client: WebClient, row: OutboxMessage) -> str:
        if row.recipient[:1] not in ("U", "W"):
            return row.recipient
        if row.channel_id:
            return row.channel_id
        cache_key = (row.team_id, row.recipient)
        if cache_key not in self._dm_channels:
            if not row.needs_reconcile:
                # Posting to a user id opens the DM and names it in the response: this spares
                # conversations.open, whose 50-a-minute limit would otherwise pace a burst of DMs.
                return row.recipient
            opened = client.conversations_open(users=row.recipient)  # history needs the DM's id
            self._dm_channels[cache_key] = str(opened["channel"]["id"])
        return self._dm_channels[cache_key]

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

    def _sent(self, row: OutboxMessage, channel: str, ts: str, outcome: str) -> tuple[str, bool]:
        # A found message was sent when Slack stamped it, not when we found it.
        sent_at = self._clock.now() if outcome == "sent" else datetime.fromtimestamp(float(ts), UTC)
        late = sent_at - row.due_at > _late_after(row)
        changes = {"slack_ts": ts, "sent_at": sent_at, "late": late, "channel_id": channel}
        delay = (sent_at - row.due_at).total_seconds()
        self._unmarked.append(_Mark(row, changes, outcome, late, delay))
        return "unmarked", False

    def _mark_sent(self) -> None:
        """Mark every row Slack accepted since the last call as sent, in one transaction; each row's
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
        row: OutboxMessage,
        now: datetime,
        exc: Exception,
        *,
        channel: str | None,
        needs_reconcile: bool | None,
    ) -> str:
        failure = classify(exc)
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


def _conversation(channel: str | None) -> str | None:
    """A conversation id worth keeping on the row; a user id (a DM not yet opened) is not one."""
    return None if channel is None or channel[:1] in ("U", "W") else channel


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

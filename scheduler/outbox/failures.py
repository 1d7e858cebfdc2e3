"""A failed attempt's bookkeeping: retry with backoff, back the workspace off, or give the row up
(`dead`) and tell the workspace's administrators, as the platform's error class says."""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.notices import Notice, key_of
from scheduler.outbox.marks import Marks
from scheduler.transport import Transport
from storage.models import DeliveryStatus, OutboxMessage
from storage.outbox import add_outbox_message, set_backoff

log = logging.getLogger("bryggan.outbox")

FAILURE_TEMPLATE = Notice.DELIVERY_FAILED
MAX_ATTEMPTS = 10
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=15)


class Failures:
    """What a failed attempt leaves behind, for one dispatcher.

    `backoffs` is the batch's: the dispatcher refills it at each claim, and a 429 here makes the
    batch's other rows of that workspace wait too.
    """

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        marks: Marks,
        backoffs: dict[str, datetime],
        admins: Callable[[str], Iterable[str]],
        rng: random.Random,
        on_dead: Callable[[OutboxMessage], object],
        on_pause: Callable[[], object],
    ) -> None:
        self._sessions = sessions
        self._marks = marks
        self._backoffs = backoffs
        self._admins = admins
        self._rng = rng
        self._on_dead = on_dead  # e.g. an asker told their case never reached anyone
        self._on_pause = on_pause  # the metrics: the platform said 429 and the workspace backs off

    def failed(
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
            return self.dead(row, now, failure.error, channel)
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
            return self._marks.close(row, "retried", last_error=failure.error, channel_id=channel, **pending)
        # None: the post itself failed, so only its own outcome decides (history was checked before it).
        unclear = failure.unclear if needs_reconcile is None else needs_reconcile
        # Outages are waited out (until expires_at); a definite refusal gives up after MAX_ATTEMPTS,
        # even while the row still needs checking: a refusal that never changes must not run for days.
        if not failure.unclear and row.attempts >= MAX_ATTEMPTS:
            return self.dead(row, now, failure.error, channel)
        next_at = now + self._backoff(row.attempts)
        expired = row.expires_at is not None and next_at >= row.expires_at
        return self._marks.close(
            row,
            "expired" if expired else "retried",
            status=DeliveryStatus.EXPIRED if expired else DeliveryStatus.PENDING,
            next_attempt_at=next_at,
            needs_reconcile=unclear,
            last_error=failure.error,
            channel_id=channel,
        )

    def dead(self, row: OutboxMessage, now: datetime, error: str, channel: str | None) -> str:
        admins = [] if row.template == FAILURE_TEMPLATE else list(self._admins(row.team_id))
        with self._sessions.begin() as session:
            if not self._marks.finish(
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

    def _backoff(self, attempts: int) -> timedelta:
        # Full jitter: replicas retrying after the same outage spread out instead of arriving together.
        ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(max(attempts - 1, 0), 20))
        return timedelta(seconds=self._rng.uniform(0, ceiling.total_seconds()))


def _notice_key(key: str, admin: str) -> str:
    notice = key_of(Notice.DELIVERY_FAILED, of=key, admin=admin)
    if len(notice) <= 200:
        return notice
    return key_of(Notice.DELIVERY_FAILED, of=hashlib.sha256(key.encode()).hexdigest(), admin=admin)

"""Writing a claimed row's outcome, only while its lease is still this dispatcher's.

Rows a platform accepted wait in `unmarked` and are marked sent together, in one transaction, at the
end of the batch (sooner when the dispatcher asks); the outcome each then gets waits in `marked` for
the run's report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from scheduler.transport import Posted, Transport
from storage.models import DeliveryStatus, OutboxMessage
from storage.outbox import finish

LATE_AFTER = timedelta(seconds=60)


@dataclass(frozen=True)
class Mark:
    """A row the platform has accepted, to be marked sent in the batch's closing transaction."""

    row: OutboxMessage
    changes: dict[str, Any]
    outcome: str
    late: bool
    delay: float


class Marks:
    """Finishes rows for one dispatcher (its `owner`), and keeps the accepted ones until they are marked."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: Clock,
        owner: str,
        on_sent: Callable[[OutboxMessage, float], object],
        record_sent: Callable[[Session, OutboxMessage], object],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._owner = owner
        self._on_sent = on_sent
        self._record_sent = record_sent
        self._unmarked: list[Mark] = []
        self._marked: list[tuple[str, bool]] = []

    @property
    def first_unmarked(self) -> int | None:
        """The id of the oldest accepted row not marked yet (its lease runs out first), if any."""
        return self._unmarked[0].row.id if self._unmarked else None

    def take_marked(self) -> list[tuple[str, bool]]:
        """The outcomes (and lateness) decided when rows were marked, since the last call."""
        marked, self._marked = self._marked, []
        return marked

    def sent(
        self, transport: Transport, row: OutboxMessage, posted: Posted, outcome: str
    ) -> tuple[str, bool]:
        # A found message was sent when the platform stored it, not when we found it.
        sent_at = posted.at or self._clock.now()
        late = sent_at - row.due_at > _late_after(row)
        changes = {transport.id_column: posted.id, "sent_at": sent_at, "late": late}
        changes["channel_id"] = posted.conversation
        delay = (sent_at - row.due_at).total_seconds()
        self._unmarked.append(Mark(row, changes, outcome, late, delay))
        if not transport.reconciles:
            # Nothing could find this message again if the process died before the batch's mark:
            # mark it now, so at most the one row in flight is left unclear (docs/decisions.md).
            self.mark_sent()
        return "unmarked", False

    def mark_sent(self) -> None:
        """Mark every row the platform accepted since the last call as sent, in one transaction; each row's
        outcome goes to `marked` (`lost` for one whose lease another dispatcher took over)."""
        marks, self._unmarked = self._unmarked, []
        if not marks:
            return
        finished = []
        with self._sessions.begin() as session:
            for mark in marks:
                done = self.finish(
                    session, mark.row, status=DeliveryStatus.SENT, needs_reconcile=False, **mark.changes
                )
                if done:
                    self._record_sent(session, mark.row)
                finished.append(done)
        for mark, done in zip(marks, finished, strict=True):
            self._marked.append((mark.outcome, mark.late) if done else ("lost", False))
            if done:
                self._on_sent(mark.row, mark.delay)

    def defer(self, row: OutboxMessage, until: datetime) -> str:
        # Waiting is not an attempt: it must not count towards MAX_ATTEMPTS or the grace rule.
        pending = {"status": DeliveryStatus.PENDING, "next_attempt_at": until, "attempts": row.attempts - 1}
        return self.close(row, "waiting", **pending)

    def close(self, row: OutboxMessage, outcome: str, **changes: Any) -> str:
        with self._sessions.begin() as session:
            return outcome if self.finish(session, row, **changes) else "lost"

    def finish(self, session: Session, row: OutboxMessage, **changes: Any) -> bool:
        if changes.get("channel_id", "") is None:
            del changes["channel_id"]  # unknown now; keep what an earlier attempt learnt
        return finish(session, id=row.id, owner=self._owner, lease_owner=None, lease_until=None, **changes)


def _late_after(row: OutboxMessage) -> timedelta:
    if row.grace_seconds:
        return min(LATE_AFTER, timedelta(seconds=row.grace_seconds))
    return LATE_AFTER

"""The leases of the batch in hand: renewed (one transaction) only when running short, so a row handled
soon after its claim asks the database nothing more."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from storage.models import OutboxMessage
from storage.outbox import renew_lease

# A lease is renewed only once less than this share of it is left.
RENEW_BELOW = 0.75


class Leases:
    """Each claimed row's lease end, as this dispatcher last set it."""

    def __init__(
        self, *, sessions: sessionmaker[Session], clock: Clock, owner: str, lease: timedelta
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._owner = owner
        self._lease = lease
        self._until: dict[int, datetime] = {}

    def start(self, rows: Iterable[OutboxMessage]) -> None:
        """The batch just claimed: each row's lease as the claim set it."""
        self._until = {row.id: row.lease_until for row in rows if row.lease_until is not None}

    def clear(self) -> None:
        """The batch is done."""
        self._until = {}

    def due(self, row_id: int, now: datetime) -> bool:
        """Is this row's lease running short (or unknown), so that it must be renewed before work?"""
        until = self._until.get(row_id)
        return until is None or until - now < self._lease * RENEW_BELOW

    def renew(self, session: Session, row: OutboxMessage, now: datetime) -> bool:
        """The lease counts from when this row's work starts, not from the batch's claim."""
        if not renew_lease(session, id=row.id, owner=self._owner, until=now + self._lease):
            return False
        self._until[row.id] = now + self._lease
        return True

    def hold(self, row: OutboxMessage) -> bool:
        """Still this row's holder, with most of the lease left (renewed if it was running short)?"""
        now = self._clock.now()
        if not self.due(row.id, now):
            return True
        with self._sessions.begin() as session:
            return self.renew(session, row, now)

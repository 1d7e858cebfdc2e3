"""Slack may deliver an event more than once (retries, replicas); each is handled once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from storage.events import claim_event, delete_events_before

# Slack's last retry comes about five minutes after the first attempt; a day is ample.
KEEP_EVENT_IDS = timedelta(days=1)


class Deliveries:
    """Deduplicates Events API deliveries on `event_id` in the shared database."""

    def __init__(self, *, sessions: sessionmaker[Session], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    def first(self, *, team_id: str, event_id: str) -> bool:
        """True exactly once per (team, event_id), whichever replica asks first."""
        with self._sessions.begin() as session:
            return claim_event(session, team_id=team_id, event_id=event_id, at=self._clock.now())

    def forget_old(self) -> int:
        """Delete remembered event ids older than KEEP_EVENT_IDS; returns how many."""
        with self._sessions.begin() as session:
            return delete_events_before(session, before=self._clock.now() - KEEP_EVENT_IDS)

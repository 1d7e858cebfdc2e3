"""Events API deliveries already handled, so a retry (possibly on another replica) is handled once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import ProcessedEvent


def claim_event(session: Session, *, team_id: str, event_id: str, at: datetime) -> bool:
    """Record `event_id` as handled; False when another delivery already claimed it."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(ProcessedEvent)
        .values(team_id=team_id, event_id=event_id, received_at=at)
        .on_conflict_do_nothing()
        .returning(ProcessedEvent.event_id)
    )
    # RETURNING, not rowcount: the driver's rowcount for an ORM insert is not reliable on psycopg.
    return session.execute(statement).first() is not None


def delete_events_before(session: Session, *, before: datetime) -> int:
    """Forget deliveries older than `before` (Slack stops retrying after minutes); returns the count."""
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < before))
    return result.rowcount  # type: ignore[attr-defined]

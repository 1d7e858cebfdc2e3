"""The audit trail: who did what, when (ids and kinds only, never user text)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEvent


def add_audit_event(
    session: Session,
    *,
    team_id: str,
    at: datetime,
    actor_id: str,
    action: str,
    school_id: int | None = None,
    subject_id: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Record one audited action in the current unit of work."""
    event = AuditEvent(
        team_id=team_id,
        at=at,
        actor_id=actor_id,
        action=action,
        school_id=school_id,
        subject_id=subject_id,
        detail=detail,
    )
    session.add(event)
    session.flush()
    return event


def list_audit_events(
    session: Session, *, team_id: str | None, since: datetime | None, until: datetime | None
) -> list[AuditEvent]:
    """Audited actions with `since <= at < until` (either open), of one workspace or all, oldest first."""
    query = select(AuditEvent)
    if team_id is not None:
        query = query.where(AuditEvent.team_id == team_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return list(session.scalars(query.order_by(AuditEvent.at, AuditEvent.id)))

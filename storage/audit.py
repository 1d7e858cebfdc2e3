"""The audit trail: who did what, when (ids and kinds only, never user text)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import AuditEvent


class AuditAction(StrEnum):
    """Every audited action. The values are the strings stored since each action was first audited:
    the audit trail is a record and its exports are read by people and scripts, so they never change."""

    SCHOOL_CREATED = "school_created"
    SCHOOL_LINKED = "school_linked"
    SCHOOL_MOVED = "school_moved"
    SCHOOL_IMPORTED = "school_imported"
    SCHOOL_UPDATED = "school_updated"
    CONTACT_ASSIGNED = "contact_assigned"
    DEPUTY_ASSIGNED = "deputy_assigned"
    DEPUTY_ENDED = "deputy_ended"
    HANDOVER = "handover"
    HANDOVER_NOTE_SENT = "handover_note_sent"
    PROFILE_UPDATED = "profile_updated"
    ABSENCE_REGISTERED = "absence_registered"
    CONSULTATION_SUBMITTED = "consultation_submitted"
    CONSULTATION_ACKNOWLEDGED = "consultation_acknowledged"
    CONSULTATION_HOLDER_CHANGED = "consultation_holder_changed"
    CONSULTATION_FORWARDED = "consultation_forwarded"
    CONSULTATION_REPLIED = "consultation_replied"
    CONSULTATION_ADDED_TO = "consultation_added_to"
    CONSULTATION_WITHDRAWN = "consultation_withdrawn"
    CONSULTATION_CLOSED = "consultation_closed"  # stored with its outcome: consultation_closed:<outcome>
    CONSULTATION_CALL_PROPOSED = "consultation_call_proposed"
    CONSULTATION_CALL_AGREED = "consultation_call_agreed"
    CONSULTATION_CALL_DECLINED = "consultation_call_declined"
    CONSULTATION_REMINDER_SNOOZED = "consultation_reminder_snoozed"
    CONSULTATION_TEXT_SHOWN = "consultation_text_shown"
    CONSULTATION_TEXT_PURGED = "consultation_text_purged"
    CONSULTATION_TEXT_DELETED = "consultation_text_deleted"
    EHT_SCHEDULE = "eht.schedule"
    EHT_CANCEL = "eht.cancel"
    EHT_MOVE = "eht.move"
    EHT_ITEM = "eht.item"
    EHT_NOTES = "eht.notes"
    EHT_FEED_ISSUED = "eht.feed_issued"  # subject: the feed's row id; never its token
    EHT_FEED_REVOKED = "eht.feed_revoked"
    SETTING_CHANGED = "setting_changed"  # subject: the setting's key; its value is never recorded
    SETTING_RESET = "setting_reset"


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


def list_audit_team_ids(session: Session) -> list[str]:
    """Every workspace with at least one audited action."""
    return list(session.scalars(select(AuditEvent.team_id).distinct().order_by(AuditEvent.team_id)))

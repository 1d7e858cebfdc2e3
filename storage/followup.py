"""What the term follow-up reads: consultations, assignments, absences, notes and agenda items in a window."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.audit import AuditAction
from storage.models import Absence, AgendaItem, Assignment, AuditEvent, Consultation, ConsultationReply


def consultations_received(
    session: Session, *, team_id: str, start: datetime, end: datetime
) -> list[Consultation]:
    """Consultations received in [start, end)."""
    return list(
        session.scalars(
            select(Consultation).where(
                Consultation.team_id == team_id,
                Consultation.received_at >= start,
                Consultation.received_at < end,
            )
        )
    )


def all_assignments(session: Session, *, team_id: str) -> list[Assignment]:
    """Every contact and deputy period of the workspace, oldest first."""
    return list(
        session.scalars(
            select(Assignment).where(Assignment.team_id == team_id).order_by(Assignment.starts_at)
        )
    )


def absences_between(session: Session, *, team_id: str, first: date, last: date) -> list[Absence]:
    """Absences (not cancelled) overlapping [first, last]."""
    return list(
        session.scalars(
            select(Absence).where(
                Absence.team_id == team_id,
                Absence.cancelled_at.is_(None),
                Absence.first_day <= last,
                Absence.last_day >= first,
            )
        )
    )


def agenda_item_counts(session: Session, *, team_id: str, first: date, last: date) -> dict[int, int]:
    """Agenda items raised per school for meetings in [first, last]."""
    rows = session.execute(
        select(AgendaItem.school_id, func.count())
        .where(AgendaItem.team_id == team_id, AgendaItem.day >= first, AgendaItem.day <= last)
        .group_by(AgendaItem.school_id)
    )
    return {school_id: count for school_id, count in rows}


def first_replies(session: Session, *, team_id: str, start: datetime, end: datetime) -> dict[int, datetime]:
    """When the receiving side (anyone but the asker) first replied, per case received in [start, end)."""
    rows = session.execute(
        select(ConsultationReply.consultation_id, func.min(ConsultationReply.at))
        .join(Consultation, Consultation.id == ConsultationReply.consultation_id)
        .where(
            Consultation.team_id == team_id,
            Consultation.received_at >= start,
            Consultation.received_at < end,
            ConsultationReply.author_id != Consultation.asker_id,
        )
        .group_by(ConsultationReply.consultation_id)
    )
    return {case_id: at for case_id, at in rows}


def texts_purged(session: Session, *, team_id: str) -> dict[str, int]:
    """Texts withdrawn as personal data after delivery, per case number (from the audit trail)."""
    rows = session.execute(
        select(AuditEvent.subject_id, AuditEvent.detail).where(
            AuditEvent.team_id == team_id, AuditEvent.action == AuditAction.CONSULTATION_TEXT_PURGED
        )
    )
    counts: dict[str, int] = {}
    for number, detail in rows:
        # The detail lists what one press withdrew: "description", "reply:2", or both.
        counts[number] = counts.get(number, 0) + len((detail or "description").split(","))
    return counts

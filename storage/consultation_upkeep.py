"""Query functions for consultation upkeep (reminders, retention): session first, keyword-only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import Consultation, ConsultationReply, ConsultationStatus, OutboxMessage, School


def list_open_received_by(session: Session, *, until: datetime) -> list[tuple[Consultation, School]]:
    """Open (not yet taken) consultations of every workspace received at or before `until`, oldest first."""
    rows = session.execute(
        select(Consultation, School)
        .join(School, (School.id == Consultation.school_id) & (School.team_id == Consultation.team_id))
        .where(Consultation.status == ConsultationStatus.OPEN, Consultation.received_at <= until)
        .order_by(Consultation.received_at, Consultation.id)
    )
    return [(case, school) for case, school in rows]


def open_team_ids(session: Session, *, until: datetime) -> list[str]:
    """The workspaces with open (not yet taken) consultations received at or before `until`."""
    query = (
        select(Consultation.team_id)
        .where(Consultation.status == ConsultationStatus.OPEN, Consultation.received_at <= until)
        .distinct()
        .order_by(Consultation.team_id)
    )
    return list(session.scalars(query))


def list_closed_with_text(session: Session, *, closed_before: datetime) -> list[Consultation]:
    """Closed consultations of every workspace, closed before `closed_before`, not yet cleared by retention.

    Cleared is `text_deleted_at`, not an empty description: a description withdrawn as personal data
    may leave replies behind, and retention still owes them."""
    return list(
        session.scalars(
            select(Consultation)
            .where(
                Consultation.status == ConsultationStatus.CLOSED,
                Consultation.closed_at < closed_before,
                Consultation.text_deleted_at.is_(None),
            )
            .order_by(Consultation.closed_at, Consultation.id)
        )
    )


def clear_reply_bodies(session: Session, *, team_id: str, consultation_id: int) -> int:
    """Forget the (encrypted) bodies of a consultation's replies; returns how many were still kept."""
    statement = (
        update(ConsultationReply)
        .where(
            ConsultationReply.team_id == team_id,
            ConsultationReply.consultation_id == consultation_id,
            ConsultationReply.body.is_not(None),
        )
        .values(body=None)
        .returning(ConsultationReply.id)
        .execution_options(synchronize_session=False)
    )
    return len(session.execute(statement).all())


def strip_outbox_texts(session: Session, *, team_id: str, consultation_id: int) -> int:
    """Drop the sealed `text` (and `replies`) from the args of a consultation's outbox rows; returns how many
    had them."""
    rows = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.team_id == team_id,
            OutboxMessage.key.like(f"consultation:{consultation_id}:%"),
        )
    )
    stripped = 0
    for row in rows:
        if "text" in row.args or "replies" in row.args:
            # A new dict, not an in-place edit: the JSON column only notices reassignment.
            row.args = {name: value for name, value in row.args.items() if name not in ("text", "replies")}
            stripped += 1
    session.flush()
    return stripped

"""Query functions for consultations: session first, keyword-only, flush never commit."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import Consultation, ConsultationReply, ConsultationStatus


def next_seq(session: Session, *, team_id: str, year: int) -> int:
    """The next case number of the year in this workspace (the unique constraint catches a race)."""
    current = session.scalar(
        select(func.max(Consultation.seq)).where(Consultation.team_id == team_id, Consultation.year == year)
    )
    return (current or 0) + 1


def add_consultation(session: Session, consultation: Consultation) -> Consultation:
    """Stage a new consultation and give it an id."""
    session.add(consultation)
    session.flush()
    return consultation


def get_consultation(session: Session, *, team_id: str, consultation_id: int) -> Consultation | None:
    """One consultation by id, within the workspace."""
    return session.scalar(
        select(Consultation).where(Consultation.team_id == team_id, Consultation.id == consultation_id)
    )


def add_reply(session: Session, reply: ConsultationReply) -> int:
    """Stage a reply; returns how many replies the case now has."""
    session.add(reply)
    session.flush()
    return (
        session.scalar(
            select(func.count())
            .select_from(ConsultationReply)
            .where(
                ConsultationReply.team_id == reply.team_id,
                ConsultationReply.consultation_id == reply.consultation_id,
            )
        )
        or 0
    )


def list_replies(session: Session, *, team_id: str, consultation_id: int) -> list[ConsultationReply]:
    """A case's replies, both ways, oldest first."""
    return list(
        session.scalars(
            select(ConsultationReply)
            .where(ConsultationReply.team_id == team_id, ConsultationReply.consultation_id == consultation_id)
            .order_by(ConsultationReply.at, ConsultationReply.id)
        )
    )


def list_open_for(
    session: Session, *, team_id: str, person_id: str, school_ids: list[int]
) -> list[Consultation]:
    """Cases not closed that `person_id` asked, received, took, or that belong to schools they serve."""
    involved = or_(
        Consultation.asker_id == person_id,
        Consultation.routed_to == person_id,
        Consultation.acknowledged_by == person_id,
        Consultation.holder_id == person_id,
        Consultation.school_id.in_(school_ids),
    )
    return list(
        session.scalars(
            select(Consultation)
            .where(
                Consultation.team_id == team_id, Consultation.status != ConsultationStatus.CLOSED, involved
            )
            .order_by(Consultation.received_at)
        )
    )

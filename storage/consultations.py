"""Query functions for consultations: session first, keyword-only, flush never commit."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Consultation, ConsultationReply


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
            .where(ConsultationReply.consultation_id == reply.consultation_id)
        )
        or 0
    )

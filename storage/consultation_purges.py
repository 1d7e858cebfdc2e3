"""Query functions for withdrawing a delivered text: the reply, and the outbox rows of its case."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import ConsultationReply, OutboxMessage


def get_reply(
    session: Session, *, team_id: str, consultation_id: int, reply_id: int
) -> ConsultationReply | None:
    """One reply of one consultation, within the workspace."""
    return session.scalar(
        select(ConsultationReply).where(
            ConsultationReply.team_id == team_id,
            ConsultationReply.consultation_id == consultation_id,
            ConsultationReply.id == reply_id,
        )
    )


def reply_position(session: Session, reply: ConsultationReply) -> int:
    """The reply's place among its case's replies, counted from 1 (the number in its outbox key)."""
    earlier = session.scalar(
        select(func.count())
        .select_from(ConsultationReply)
        .where(
            ConsultationReply.team_id == reply.team_id,
            ConsultationReply.consultation_id == reply.consultation_id,
            ConsultationReply.id <= reply.id,
        )
    )
    return earlier or 0


def list_case_outbox(session: Session, *, team_id: str, consultation_id: int) -> list[OutboxMessage]:
    """Every outbox row owed for one consultation, whatever its status, in the order they were owed."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.team_id == team_id,
                OutboxMessage.key.startswith(f"consultation:{consultation_id}:", autoescape=True),
            )
            .order_by(OutboxMessage.id)
        )
    )

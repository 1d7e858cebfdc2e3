"""Read-only queries for operators (`bryggan doctor`, /metrics): counts and ages, never texts in clear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Consultation, ConsultationReply, DeliveryStatus, OutboxMessage, School


def count_outbox(session: Session) -> dict[tuple[str, str], int]:
    """Outbox rows by (status, template)."""
    rows = session.execute(
        select(OutboxMessage.status, OutboxMessage.template, func.count()).group_by(
            OutboxMessage.status, OutboxMessage.template
        )
    )
    return {(str(status), template): count for status, template, count in rows}


def count_failed_since(session: Session, *, since: datetime) -> dict[str, int]:
    """Dead and expired rows due since `since`, by status."""
    rows = session.execute(
        select(OutboxMessage.status, func.count())
        .where(
            OutboxMessage.status.in_((DeliveryStatus.DEAD, DeliveryStatus.EXPIRED)),
            OutboxMessage.due_at >= since,
        )
        .group_by(OutboxMessage.status)
    )
    return {str(status): count for status, count in rows}


def oldest_pending_due(session: Session, *, now: datetime) -> datetime | None:
    """The due time of the oldest row that is due and not yet delivered, if any."""
    return session.scalar(
        select(func.min(OutboxMessage.due_at)).where(
            OutboxMessage.status.in_((DeliveryStatus.PENDING, DeliveryStatus.SENDING)),
            OutboxMessage.due_at <= now,
        )
    )


def list_linked_channels(session: Session) -> list[tuple[str, str, str]]:
    """(team id, school name, channel id) of every school bound to a channel, by team and name."""
    rows = session.execute(
        select(School.team_id, School.name, School.channel_id)
        .where(School.channel_id.is_not(None))
        .order_by(School.team_id, School.name)
    )
    return [(team, name, channel) for team, name, channel in rows if channel]


def first_sealed_text(session: Session) -> str | None:
    """One stored sealed text (a case, a reply or an outbox text) to try the keys on, if any."""
    found = session.scalar(select(Consultation.description).where(Consultation.description.is_not(None)))
    if found is None:
        found = session.scalar(select(ConsultationReply.body).where(ConsultationReply.body.is_not(None)))
    if found is None:
        for args in session.scalars(select(OutboxMessage.args)):
            if isinstance(args.get("text"), str):
                return str(args["text"])
    return found

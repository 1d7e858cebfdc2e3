"""EHT meeting series, per-occurrence changes, agenda items and notes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import AgendaItem, MeetingChange, MeetingNote, MeetingSeries


def get_series(session: Session, *, team_id: str, school_id: int) -> MeetingSeries | None:
    """The school's current series, if it has one."""
    return session.scalars(
        select(MeetingSeries).where(
            MeetingSeries.team_id == team_id,
            MeetingSeries.school_id == school_id,
            MeetingSeries.ended_on.is_(None),
        )
    ).first()


def list_series(session: Session, *, team_id: str) -> list[MeetingSeries]:
    """Every current series in the workspace."""
    return list(
        session.scalars(
            select(MeetingSeries).where(MeetingSeries.team_id == team_id, MeetingSeries.ended_on.is_(None))
        )
    )


def series_history(session: Session, *, team_id: str, since: date) -> list[MeetingSeries]:
    """Every series that applied on or after `since`, current and replaced, oldest first."""
    return list(
        session.scalars(
            select(MeetingSeries)
            .where(
                MeetingSeries.team_id == team_id,
                (MeetingSeries.ended_on.is_(None)) | (MeetingSeries.ended_on >= since),
            )
            .order_by(MeetingSeries.id)
        )
    )


def save_series(session: Session, series: MeetingSeries, *, old_ends_on: date) -> MeetingSeries:
    """Make `series` the school's current one; the previous one is kept, ended on `old_ends_on`."""
    old = get_series(session, team_id=series.team_id, school_id=series.school_id)
    if old is not None:
        old.ended_on = old_ends_on
        session.flush()
    session.add(series)
    session.flush()
    return series


def changes_of(session: Session, *, team_id: str, school_ids: list[int]) -> list[MeetingChange]:
    """Cancellations and moves of these schools' occurrences."""
    if not school_ids:
        return []
    return list(
        session.scalars(
            select(MeetingChange).where(
                MeetingChange.team_id == team_id, MeetingChange.school_id.in_(school_ids)
            )
        )
    )


def save_change(session: Session, change: MeetingChange) -> MeetingChange:
    """Record a cancellation or move, replacing any earlier change of the same occurrence."""
    session.execute(
        delete(MeetingChange).where(
            MeetingChange.team_id == change.team_id,
            MeetingChange.school_id == change.school_id,
            MeetingChange.day == change.day,
        )
    )
    session.add(change)
    session.flush()
    return change


def add_agenda_item(session: Session, item: AgendaItem) -> AgendaItem:
    """Store one agenda item."""
    session.add(item)
    session.flush()
    return item


def agenda_items(session: Session, *, team_id: str, school_id: int, day: date) -> list[AgendaItem]:
    """One occurrence's agenda, in the order it was raised."""
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.team_id == team_id, AgendaItem.school_id == school_id, AgendaItem.day == day)
            .order_by(AgendaItem.id)
        )
    )


def count_agenda_items(
    session: Session, *, team_id: str, school_id: int, days: list[date]
) -> dict[date, int]:
    """How many items each of these occurrences has."""
    if not days:
        return {}
    rows = session.execute(
        select(AgendaItem.day, func.count())
        .where(AgendaItem.team_id == team_id, AgendaItem.school_id == school_id, AgendaItem.day.in_(days))
        .group_by(AgendaItem.day)
    )
    return {day: count for day, count in rows}


def get_note(session: Session, *, team_id: str, school_id: int, day: date) -> MeetingNote | None:
    """The notes of one occurrence, if recorded."""
    return session.scalars(
        select(MeetingNote).where(
            MeetingNote.team_id == team_id, MeetingNote.school_id == school_id, MeetingNote.day == day
        )
    ).first()


def save_note(session: Session, note: MeetingNote) -> tuple[MeetingNote, bool]:
    """Store an occurrence's notes, replacing earlier ones; True when they are the first."""
    old = get_note(session, team_id=note.team_id, school_id=note.school_id, day=note.day)
    if old is not None:
        session.delete(old)
        session.flush()
    session.add(note)
    session.flush()
    return note, old is None


def noted_meetings(
    session: Session,
    *,
    team_id: str,
    first: date,
    last: date | None = None,
    school_ids: list[int] | None = None,
) -> set[tuple[int, date]]:
    """(school, series day) of meetings with notes from `first` (to `last`), optionally of some schools."""
    query = select(MeetingNote.school_id, MeetingNote.day).where(
        MeetingNote.team_id == team_id, MeetingNote.day >= first
    )
    if last is not None:
        query = query.where(MeetingNote.day <= last)
    if school_ids is not None:
        query = query.where(MeetingNote.school_id.in_(school_ids))
    return {(school_id, day) for school_id, day in session.execute(query)}

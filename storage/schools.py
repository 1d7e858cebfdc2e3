"""Query functions for schools: session first, keyword-only, flush never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import School


def get_school_by_channel(session: Session, *, team_id: str, channel_id: str) -> School | None:
    """The school bound to `channel_id`, if any."""
    return session.scalar(select(School).where(School.team_id == team_id, School.channel_id == channel_id))


def add_school(session: Session, school: School) -> School:
    """Stage a new school and give it an id."""
    session.add(school)
    session.flush()
    return school

"""Query functions for schools: session first, keyword-only, flush never commit."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from storage.models import School

# Built once: every slash command asks this, and building the expression cost more than running it.
_BY_CHANNEL = select(School).where(
    School.team_id == bindparam("team_id"), School.channel_id == bindparam("channel_id")
)


def get_school_by_channel(session: Session, *, team_id: str, channel_id: str) -> School | None:
    """The school bound to `channel_id`, if any."""
    return session.scalar(_BY_CHANNEL, {"team_id": team_id, "channel_id": channel_id})


def get_school(session: Session, *, team_id: str, school_id: int) -> School | None:
    """The school with this id in this workspace."""
    return session.scalar(select(School).where(School.team_id == team_id, School.id == school_id))


def get_school_by_name(session: Session, *, team_id: str, name: str) -> School | None:
    """The school whose name equals `name`, ignoring case."""
    return session.scalar(
        select(School).where(School.team_id == team_id, func.lower(School.name) == name.casefold())
    )


def list_schools(session: Session, *, team_id: str) -> list[School]:
    """Every school of the workspace, by name."""
    return list(session.scalars(select(School).where(School.team_id == team_id).order_by(School.name)))


def add_school(session: Session, school: School) -> School:
    """Stage a new school and give it an id."""
    session.add(school)
    session.flush()
    return school


def list_team_ids(session: Session) -> list[str]:
    """Every workspace that has at least one school."""
    return list(session.scalars(select(School.team_id).distinct().order_by(School.team_id)))

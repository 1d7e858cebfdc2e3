"""Query functions for assignments, absences and contact profiles."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Connection, and_, bindparam, func, select
from sqlalchemy.orm import Session

from storage.models import Absence, Assignment, ContactProfile, Role, School

# Asked on many requests (coverage, reminders, profiles), so built once: building the expression cost
# more than running it.
_CURRENT = select(Assignment).where(
    Assignment.team_id == bindparam("team_id"),
    Assignment.school_id.in_(bindparam("school_ids", expanding=True)),
    Assignment.ends_at.is_(None),
)
_OVERLAPPING = (
    select(Absence)
    .where(
        Absence.team_id == bindparam("team_id"),
        Absence.person_id.in_(bindparam("person_ids", expanding=True)),
        Absence.cancelled_at.is_(None),
        Absence.first_day <= bindparam("last_day"),
        Absence.last_day >= bindparam("first_day"),
    )
    .order_by(Absence.first_day)
)
_PROFILES = select(ContactProfile).where(
    ContactProfile.team_id == bindparam("team_id"),
    ContactProfile.person_id.in_(bindparam("person_ids", expanding=True)),
)


class Seat(NamedTuple):
    """One current seat (contact or deputy) of a school, with its holder's profile and absence today.

    A school with no seat filled gives one Seat with `role` and `person_id` None.
    """

    school_id: int
    school_name: str
    channel_id: str | None
    role: Role | None
    person_id: str | None
    starts_at: datetime | None
    away_until: date | None  # the last day of the holder's absences covering `today`, if any
    title: str | None
    phone: str | None
    reachable: str | None


# The contact card in one round trip: the school, its open assignments, each holder's profile and
# the end of their absence today. Plain columns of the tables, not ORM objects: the card only reads,
# and loading four kinds of objects cost more than the query itself.
_school, _seat, _profile, _absence = (
    School.__table__,
    Assignment.__table__,
    ContactProfile.__table__,
    Absence.__table__,
)
_AWAY_UNTIL = (
    select(func.max(_absence.c.last_day))
    .where(
        _absence.c.team_id == _seat.c.team_id,
        _absence.c.person_id == _seat.c.person_id,
        _absence.c.cancelled_at.is_(None),
        _absence.c.first_day <= bindparam("today"),
        _absence.c.last_day >= bindparam("today"),
    )
    .scalar_subquery()
)
_SEATS = (
    select(
        _school.c.id,
        _school.c.name,
        _school.c.channel_id,
        _seat.c.role,
        _seat.c.person_id,
        _seat.c.starts_at,
        _AWAY_UNTIL,
        _profile.c.title,
        _profile.c.phone,
        _profile.c.reachable,
    )
    .select_from(
        _school.outerjoin(
            _seat,
            and_(
                _seat.c.team_id == _school.c.team_id,
                _seat.c.school_id == _school.c.id,
                _seat.c.ends_at.is_(None),
            ),
        ).outerjoin(
            _profile, and_(_profile.c.team_id == _seat.c.team_id, _profile.c.person_id == _seat.c.person_id)
        )
    )
    .where(_school.c.team_id == bindparam("team_id"), _school.c.channel_id == bindparam("channel_id"))
)


def school_seats(connection: Connection, *, team_id: str, channel_id: str, today: date) -> list[Seat]:
    """The current seats of the school bound to `channel_id` (none: no school is bound there)."""
    rows = connection.execute(_SEATS, {"team_id": team_id, "channel_id": channel_id, "today": today})
    return [Seat(*row) for row in rows]


def current_assignments(session: Session, *, team_id: str, school_ids: list[int]) -> list[Assignment]:
    """The open (not ended) assignments of these schools."""
    return list(session.scalars(_CURRENT, {"team_id": team_id, "school_ids": list(school_ids)}))


def assignments_of_person(session: Session, *, team_id: str, person_id: str) -> list[Assignment]:
    """The open assignments held by `person_id`, oldest first."""
    return list(
        session.scalars(
            select(Assignment)
            .where(
                Assignment.team_id == team_id,
                Assignment.person_id == person_id,
                Assignment.ends_at.is_(None),
            )
            .order_by(Assignment.starts_at, Assignment.id)
        )
    )


def assignment_history(session: Session, *, team_id: str, school_id: int) -> list[Assignment]:
    """Every assignment of a school, current and ended, oldest first."""
    return list(
        session.scalars(
            select(Assignment)
            .where(Assignment.team_id == team_id, Assignment.school_id == school_id)
            .order_by(Assignment.starts_at, Assignment.id)
        )
    )


def end_assignment(
    session: Session, *, team_id: str, school_id: int, role: Role, at: datetime
) -> Assignment | None:
    """End the school's open assignment in `role` at `at`; returns it, or None if there was none."""
    current = session.scalar(
        select(Assignment).where(
            Assignment.team_id == team_id,
            Assignment.school_id == school_id,
            Assignment.role == role,
            Assignment.ends_at.is_(None),
        )
    )
    if current is not None:
        current.ends_at = at
        session.flush()
    return current


def add_assignment(session: Session, assignment: Assignment) -> Assignment:
    """Stage a new assignment."""
    session.add(assignment)
    session.flush()
    return assignment


def absences_overlapping(
    session: Session, *, team_id: str, person_ids: list[str], first_day: date, last_day: date
) -> list[Absence]:
    """Absences (not cancelled) of these people that overlap [first_day, last_day]."""
    values = {
        "team_id": team_id,
        "person_ids": list(person_ids),
        "first_day": first_day,
        "last_day": last_day,
    }
    return list(session.scalars(_OVERLAPPING, values))


def add_absence(session: Session, absence: Absence) -> Absence:
    """Stage a new absence."""
    session.add(absence)
    session.flush()
    return absence


def get_profiles(session: Session, *, team_id: str, person_ids: list[str]) -> dict[str, ContactProfile]:
    """Profiles of these people, by person id (absent when never set)."""
    rows = session.scalars(_PROFILES, {"team_id": team_id, "person_ids": list(person_ids)})
    return {row.person_id: row for row in rows}


def save_profile(session: Session, profile: ContactProfile) -> ContactProfile:
    """Insert or replace a person's profile."""
    merged = session.merge(profile)
    session.flush()
    return merged


def get_assignment(session: Session, *, team_id: str, assignment_id: int) -> Assignment | None:
    """One assignment by id, within the workspace."""
    return session.scalar(
        select(Assignment).where(Assignment.team_id == team_id, Assignment.id == assignment_id)
    )


def assignment_ended_at(session: Session, *, school_id: int, role: Role, at: datetime) -> Assignment | None:
    """The assignment in `role` at the school that ended exactly at `at` (the one a new period replaced)."""
    return session.scalar(
        select(Assignment).where(
            Assignment.school_id == school_id, Assignment.role == role, Assignment.ends_at == at
        )
    )


def long_absences(
    session: Session, *, team_id: str, person_ids: list[str], today: date, since: date
) -> set[str]:
    """People away on `today` in an absence that began on or before `since`."""
    if not person_ids:
        return set()
    return {
        a.person_id
        for a in absences_overlapping(
            session, team_id=team_id, person_ids=person_ids, first_day=today, last_day=today
        )
        if a.first_day <= since
    }

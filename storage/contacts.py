"""Query functions for assignments, absences and contact profiles."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from storage.models import Absence, Assignment, ContactProfile, Role

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


def current_assignments(session: Session, *, team_id: str, school_ids: list[int]) -> list[Assignment]:
    """The open (not ended) assignments of these schools."""
    return list(session.scalars(_CURRENT, {"team_id": team_id, "school_ids": list(school_ids)}))


def serving_people(session: Session, *, team_id: str) -> set[str]:
    """Everyone holding an open (not ended) contact or deputy assignment in the workspace."""
    found = select(Assignment.person_id).where(Assignment.team_id == team_id, Assignment.ends_at.is_(None))
    return set(session.scalars(found))


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


def assignment_ended_at(
    session: Session, *, team_id: str, school_id: int, role: Role, at: datetime
) -> Assignment | None:
    """The assignment in `role` at the school that ended exactly at `at` (the one a new period replaced)."""
    return session.scalar(
        select(Assignment).where(
            Assignment.team_id == team_id,
            Assignment.school_id == school_id,
            Assignment.role == role,
            Assignment.ends_at == at,
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

"""The contact card's read: a school's contact and deputy, their profiles and absences, in one row.

`/kontakt` is the command typed most, so its read is one query returning at most one row, of plain
columns rather than ORM objects: the school, and for each seat (contact, deputy) its holder, since
when, the last day of their absence if they are away on the given day, and their profile. Each call
into SQLite lets other threads take the interpreter, which costs far more under load than the query
itself; one row is the fewest such calls a read can make.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, bindparam, func, select

from storage.models import Absence, Assignment, ContactProfile, Role, School


class Holder(NamedTuple):
    """Who holds a seat now, and how they are reached."""

    person_id: str
    starts_at: datetime
    away_until: date | None  # the last day of their absences covering the day asked about, if any
    title: str | None
    phone: str | None
    reachable: str | None


class SchoolSeats(NamedTuple):
    """A school and who holds its two seats (None: the seat is empty)."""

    school_id: int
    name: str
    channel_id: str | None
    contact: Holder | None
    deputy: Holder | None


_school = School.__table__
_absence = Absence.__table__


def _holder(role: Role) -> tuple[Callable[[Any], Any], list[Any]]:
    """How to join the current holder of `role` and their profile onto the school, and their columns."""
    seat = Assignment.__table__.alias(f"{role.value}_seat")
    profile = ContactProfile.__table__.alias(f"{role.value}_profile")
    away_until = (
        select(func.max(_absence.c.last_day))
        .where(
            _absence.c.team_id == seat.c.team_id,
            _absence.c.person_id == seat.c.person_id,
            _absence.c.cancelled_at.is_(None),
            _absence.c.first_day <= bindparam("today"),
            _absence.c.last_day >= bindparam("today"),
        )
        .scalar_subquery()
    )

    def join(onto: Any) -> Any:
        current = and_(
            seat.c.team_id == _school.c.team_id,
            seat.c.school_id == _school.c.id,
            seat.c.role == role,
            seat.c.ends_at.is_(None),  # the current period: at most one a seat (uq_assignments_current)
        )
        own = and_(profile.c.team_id == seat.c.team_id, profile.c.person_id == seat.c.person_id)
        return onto.outerjoin(seat, current).outerjoin(profile, own)

    columns = [
        seat.c.person_id,
        seat.c.starts_at,
        away_until,
        profile.c.title,
        profile.c.phone,
        profile.c.reachable,
    ]
    return join, columns


_join_contact, _contact = _holder(Role.CONTACT)
_join_deputy, _deputy = _holder(Role.DEPUTY)
# Built once: building the expression costs more than running it.
_SCHOOL_SEATS = (
    select(_school.c.id, _school.c.name, _school.c.channel_id, *_contact, *_deputy)
    .select_from(_join_deputy(_join_contact(_school)))
    .where(_school.c.team_id == bindparam("team_id"), _school.c.channel_id == bindparam("channel_id"))
)
_HOLDER = len(Holder._fields)


def school_seats(connection: Connection, *, team_id: str, channel_id: str, today: date) -> SchoolSeats | None:
    """The school bound to `channel_id` and who holds its seats, away or not on `today`; None if unbound."""
    row = connection.execute(
        _SCHOOL_SEATS, {"team_id": team_id, "channel_id": channel_id, "today": today}
    ).first()
    if row is None:
        return None
    contact, deputy = row[3 : 3 + _HOLDER], row[3 + _HOLDER :]
    return SchoolSeats(
        row[0],
        row[1],
        row[2],
        Holder(*contact) if contact[0] is not None else None,
        Holder(*deputy) if deputy[0] is not None else None,
    )

"""The contact card's read: a school's contact and deputy, their profiles and absences, in one row.

`/kontakt` is the command typed most, so its read is one query returning at most one row, of plain
columns rather than ORM objects: the school, and for each seat (contact, deputy) its holder, since
when, the last day of their absence if they are away on the given day, and their profile. Each call
into SQLite lets other threads take the interpreter, which costs far more under load than the query
itself; one row is the fewest such calls a read can make.

Better still is no call at all: `CardSeats` keeps each read until something could have changed it.
Every engine made by `storage.db.make_engine` is watched (`watch`): a statement that writes one of
the card's tables marks its connection, and when that connection goes back to the pool (after its
commit or rollback) the process-wide change stamp moves on, so a write through this process is seen
by the very next read. A write by another process (a replica, the CLI) is seen by every read that
starts more than `OTHER_WRITERS_SECONDS` after it was committed: no kept read is older than that.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, and_, bindparam, event, func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import TextClause

from storage.db import read_only
from storage.models import Absence, Assignment, ContactProfile, Role, School

# How long a kept read may be used: the bound on seeing another process's write (README, "Measured").
OTHER_WRITERS_SECONDS = 2.0
# Reads kept at once, a few hundred bytes each: every school's channel of a large municipality.
READS_KEPT = 4096


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


# --- kept reads and what ends them ------------------------------------------------------------------

_CARD_TABLES = frozenset(t.name for t in (_school, _absence, Assignment.__table__, ContactProfile.__table__))
_WROTE = "bryggan_card_tables_written"  # set in a pooled connection's info until it is checked in
_stamps = itertools.count(1)
_stamp = [0]  # the current change stamp: a fresh number after each such write, never one seen before


def watch(engine: Engine) -> None:
    """Move the change stamp on after any unit of work on `engine` that wrote the card's tables."""
    event.listen(engine, "before_execute", _note_write)
    event.listen(engine, "checkin", _after_unit_of_work)


def _note_write(connection: Connection, statement: Any, *_args: Any) -> None:
    if isinstance(statement, UpdateBase):
        if statement.table.name not in _CARD_TABLES:  # type: ignore[attr-defined]
            return
    elif isinstance(statement, (TextClause, str)):
        # Plain SQL is not parsed: anything but a read counts as a write to the card's tables.
        if str(statement).lstrip()[:6].upper() in ("SELECT", "PRAGMA"):
            return
    else:
        return
    connection.info[_WROTE] = True


def _after_unit_of_work(_dbapi_connection: Any, record: Any) -> None:
    # A checkin follows the commit (or rollback), so a read that takes the new stamp sees the write.
    if record is not None and record.info.pop(_WROTE, False):
        bump()


def bump() -> None:
    """Treat every kept read as out of date (a write the watch cannot see, e.g. another tool's)."""
    _stamp[0] = next(_stamps)


class CardSeats:
    """`school_seats` for the card, kept per (workspace, channel, day) until a write could change it."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        seconds: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._seconds = OTHER_WRITERS_SECONDS if seconds is None else seconds
        self._monotonic = monotonic
        self._kept: dict[tuple[str, str, date], tuple[int, float, SchoolSeats | None]] = {}

    def school_seats(self, *, team_id: str, channel_id: str, today: date) -> SchoolSeats | None:
        """As `school_seats`, from a kept read when no write since could have changed it."""
        key = (team_id, channel_id, today)
        stamp, started = _stamp[0], self._monotonic()
        kept = self._kept.get(key)
        if kept is not None and kept[0] == stamp and started - kept[1] < self._seconds:
            return kept[2]
        # The stamp is taken before the read: a write committed meanwhile leaves this read unused.
        with read_only(self._sessions) as connection:
            seats = school_seats(connection, team_id=team_id, channel_id=channel_id, today=today)
        if len(self._kept) >= READS_KEPT:
            self._kept.clear()
        self._kept[key] = (stamp, started, seats)
        return seats

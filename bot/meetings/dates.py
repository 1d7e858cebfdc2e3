"""A school's EHT series as dates: its occurrences after changes, holidays and breaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from bot.clock import LocalClock
from bot.errors import BrygganError
from bot.meetings.breaks import Calendar
from bot.meetings.recurrence import Change, Occurrence, Series, occurrences
from storage.meetings import changes_of, get_series
from storage.models import MeetingSeries, School

# How far ahead reminders are owed: far enough to outlast an outage, near enough to track changes.
HORIZON = timedelta(weeks=3)
# How far back: the notes reminder comes two working days after a meeting (a long weekend included).
LOOKBACK = timedelta(days=8)
# How far ahead people look for the next meetings: across a summer break.
LOOK_AHEAD = timedelta(weeks=16)


def as_series(row: MeetingSeries) -> Series:
    """The stored series as the recurrence rules read it."""
    return Series(
        row.weekday, row.start_time, row.every_weeks, row.anchor, timedelta(minutes=row.duration_minutes)
    )


def series_row(session: Session, school: School) -> MeetingSeries:
    """The school's series; BrygganError('eht_no_series') when it has none."""
    row = get_series(session, team_id=school.team_id, school_id=school.id)
    if row is None:
        raise BrygganError("eht_no_series")
    return row


@dataclass(frozen=True, slots=True)
class Days:
    """A workspace's meeting days: its clock in its own time zone and its calendar (holidays, breaks).

    Read before a unit of work (either may read the database) and handed down through it.
    """

    clock: LocalClock
    calendar: Calendar


class MeetingDates:
    """Expands a stored series with its changes, skipping the days the calendar rules out."""

    def occurrences(
        self, session: Session, row: MeetingSeries, first: date, last: date, days: Days
    ) -> list[Occurrence]:
        """The series' occurrences with series days from `first` to `last`, in its workspace's `days`."""
        changes = {
            c.day: Change(c.day, c.kind, c.new_day, c.new_start)
            for c in changes_of(session, team_id=row.team_id, school_ids=[row.school_id])
        }
        return occurrences(
            as_series(row),
            changes=changes,
            skip=days.calendar.skip,
            zone=days.clock.zone,
            first=first,
            last=last,
        )

    def occurrence(self, session: Session, row: MeetingSeries, day: date, days: Days) -> Occurrence:
        """The occurrence whose series day, or new day when moved, is `day`."""
        window = self.occurrences(session, row, day - timedelta(days=60), day + timedelta(days=60), days)
        for found in window:
            if found.day == day or (found.held and days.clock.local(found.starts_at).date() == day):
                return found
        raise BrygganError("eht_no_meeting_on", day=day.isoformat())

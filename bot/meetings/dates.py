"""A school's EHT series as dates: its occurrences after changes, holidays and breaks."""

from __future__ import annotations

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


class MeetingDates:
    """Expands a stored series with its changes, skipping the days the calendar rules out."""

    def __init__(self, *, clock: LocalClock) -> None:
        self._clock = clock

    def occurrences(
        self, session: Session, row: MeetingSeries, first: date, last: date, calendar: Calendar
    ) -> list[Occurrence]:
        """The series' occurrences with series days from `first` to `last`; `calendar` is the series'
        workspace's, read before the caller's unit of work (it may read the database itself)."""
        changes = {
            c.day: Change(c.day, c.kind, c.new_day, c.new_start)
            for c in changes_of(session, team_id=row.team_id, school_ids=[row.school_id])
        }
        return occurrences(
            as_series(row),
            changes=changes,
            skip=calendar.skip,
            zone=self._clock.zone,
            first=first,
            last=last,
        )

    def occurrence(self, session: Session, row: MeetingSeries, day: date, calendar: Calendar) -> Occurrence:
        """The occurrence whose series day, or new day when moved, is `day`."""
        window = self.occurrences(session, row, day - timedelta(days=60), day + timedelta(days=60), calendar)
        for found in window:
            if found.day == day or (found.held and self._clock.local(found.starts_at).date() == day):
                return found
        raise BrygganError("eht_no_meeting_on", day=day.isoformat())

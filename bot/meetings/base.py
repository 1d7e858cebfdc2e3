"""Shared plumbing of the meeting use cases: the school, its series as dates, the audit and the sync."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.clock import Clock
from bot.contacts.reading import school_of_channel
from bot.errors import BrygganError
from bot.meetings.breaks import Calendar
from bot.meetings.recurrence import Change, Occurrence, Series, occurrences
from storage.audit import add_audit_event
from storage.meetings import changes_of, get_series
from storage.models import MeetingChange, MeetingNote, MeetingSeries, School

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


class MeetingsBase:
    """What every meeting use case shares."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: Clock,
        zone: ZoneInfo,
        calendar: Calendar,
        grace: timedelta,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._zone = zone
        self._calendar = calendar
        self._grace = grace

    def today(self) -> date:
        """The municipality's calendar day now."""
        return self._clock.now().astimezone(self._zone).date()

    def _local(self, instant: datetime) -> datetime:
        return instant.astimezone(self._zone)

    @staticmethod
    def _school(session: Session, actor: Actor, channel_id: str) -> School:
        return school_of_channel(session, actor, channel_id)

    @staticmethod
    def _series_row(session: Session, school: School) -> MeetingSeries:
        row = get_series(session, team_id=school.team_id, school_id=school.id)
        if row is None:
            raise BrygganError("eht_no_series")
        return row

    def _occurrences(self, session: Session, row: MeetingSeries, first: date, last: date) -> list[Occurrence]:
        changes = {
            c.day: Change(c.day, c.kind, c.new_day, c.new_start)
            for c in changes_of(session, team_id=row.team_id, school_ids=[row.school_id])
        }
        return occurrences(
            as_series(row), changes=changes, skip=self._calendar.skip, zone=self._zone, first=first, last=last
        )

    def _occurrence(self, session: Session, row: MeetingSeries, day: date) -> Occurrence:
        """The occurrence whose series day, or new day when moved, is `day`."""
        window = self._occurrences(session, row, day - timedelta(days=60), day + timedelta(days=60))
        for found in window:
            if found.day == day or (found.held and self._local(found.starts_at).date() == day):
                return found
        raise BrygganError("eht_no_meeting_on", day=day.isoformat())

    def _sync(self, session: Session, school: School) -> None:
        """Bring the school's owed reminders in line with its meetings (the Reminders part does it)."""
        raise NotImplementedError

    def _announce_change(
        self, session: Session, school: School, found: Occurrence, change: MeetingChange
    ) -> None:
        """Tell the school channel about a cancelled or moved meeting (the Reminders part does it)."""
        raise NotImplementedError

    def _post_notes(self, session: Session, school: School, found: Occurrence, note: MeetingNote) -> None:
        """Queue the notes into the meeting's channel thread (the Reminders part does it)."""
        raise NotImplementedError

    def _audit(self, session: Session, actor: Actor, action: str, school: School, subject: str) -> None:
        add_audit_event(
            session,
            team_id=actor.team_id,
            at=self._clock.now(),
            actor_id=actor.user_id,
            action=action,
            school_id=school.id,
            subject_id=subject,
        )

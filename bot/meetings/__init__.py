"""EHT meetings: each school's rhythm, its reminders, agenda items and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.audit import Auditor
from bot.clock import WorkspaceClocks
from bot.meetings.agenda import Agenda
from bot.meetings.breaks import Calendar, SchoolBreak, load_breaks
from bot.meetings.calendar_feeds import CalendarFeeds
from bot.meetings.calendar_file import CalendarFiles
from bot.meetings.dates import Days, MeetingDates
from bot.meetings.planning import Planning
from bot.meetings.reminders import Reminders
from bot.meetings.targets import Noted, Target
from bot.meetings.views import MeetingLine, Schedule, Upcoming
from bot.notices import Notifier


@dataclass(frozen=True, slots=True)
class Meetings:
    """The meeting services; planning and notes keep the reminders in step through `reminders`."""

    planning: Planning
    agenda: Agenda
    calendar_files: CalendarFiles
    reminders: Reminders
    feeds: CalendarFeeds

    @classmethod
    def compose(
        cls,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        notices: Notifier,
        audit: Auditor,
        calendar: Callable[[str], Calendar],
        grace: timedelta,
        public_url: str | None = None,
    ) -> Meetings:
        """Each service with its collaborators; the app factory passes the shared ones."""

        def days(team_id: str) -> Days:
            return Days(clock.for_team(team_id), calendar(team_id))

        dates = MeetingDates()
        reminders = Reminders(sessions=sessions, dates=dates, days=days, notices=notices, grace=grace)
        return cls(
            planning=Planning(
                sessions=sessions,
                days=days,
                dates=dates,
                notices=notices,
                audit=audit,
                reminders=reminders,
            ),
            agenda=Agenda(
                sessions=sessions,
                days=days,
                dates=dates,
                audit=audit,
                reminders=reminders,
            ),
            calendar_files=CalendarFiles(sessions=sessions, days=days, dates=dates),
            reminders=reminders,
            feeds=CalendarFeeds(
                sessions=sessions,
                clock=clock,
                days=days,
                dates=dates,
                audit=audit,
                public_url=public_url,
            ),
        )


__all__ = [
    "Calendar",
    "MeetingLine",
    "Meetings",
    "Noted",
    "Schedule",
    "SchoolBreak",
    "Target",
    "Upcoming",
    "load_breaks",
]

"""EHT meetings: each school's rhythm, its reminders, agenda items and notes (see DESIGN.md)."""

from __future__ import annotations

from bot.meetings.agenda import Agenda, Noted, Target
from bot.meetings.breaks import Calendar, SchoolBreak, load_breaks
from bot.meetings.calendar_file import CalendarFiles
from bot.meetings.planning import Planning
from bot.meetings.reminders import Reminders
from bot.meetings.views import MeetingLine, Schedule, Upcoming


class Meetings(Planning, Agenda, CalendarFiles, Reminders):
    """Every meeting use case."""


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

"""What the meeting use cases return: plain values for the handlers to word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.meetings.recurrence import SkipKind, Status


@dataclass(frozen=True, slots=True)
class MeetingLine:
    """One occurrence as people see it: when (local time), what became of it, and why."""

    day: date  # the series day: the occurrence's identity
    starts: datetime  # local
    status: Status
    reason: str | None = None  # a skipped one's holiday key or break name (bot.meetings.breaks)
    reason_kind: SkipKind | None = None
    items: int = 0


@dataclass(frozen=True, slots=True)
class Schedule:
    """A school's series, as set."""

    school: str
    weekday: int
    start: str  # HH:MM
    every_weeks: int
    duration: int
    place: str | None
    remind_at: str
    lead: int


@dataclass(frozen=True, slots=True)
class Replacement:
    """An existing series and the one that would replace it, awaiting confirmation."""

    old: Schedule
    new: Schedule


@dataclass(frozen=True, slots=True)
class Upcoming:
    schedule: Schedule
    meetings: tuple[MeetingLine, ...]

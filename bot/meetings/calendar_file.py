"""The series as an iCalendar file (RFC 5545) that Outlook and Google Calendar import.

One recurring event (RRULE) bounded by the horizon the holiday and break data cover; cancelled and
skipped meetings are EXDATEs; a moved meeting is an override with the same UID and a RECURRENCE-ID.
The zone is written with yearly rules (calendar_zone) so that every common reader expands it alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar
from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.clock import LocalClock
from bot.contacts.reading import school_of_channel
from bot.meetings.calendar_zone import vtimezone
from bot.meetings.dates import Days, MeetingDates, as_series, series_row
from bot.meetings.recurrence import Occurrence, Series, Status

# Far enough for the school year; holidays and breaks beyond it are not known well enough.
CALENDAR_SPAN = timedelta(weeks=40)
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class CalendarWords:
    """The words the file carries, in the channel's language."""

    summary: str
    description: str


@dataclass(frozen=True, slots=True)
class CalendarFile:
    filename: str
    content: bytes
    meetings: int
    school: str


class CalendarFiles:
    """The .ics export of a school's series."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        days: Callable[[str], Days],
        dates: MeetingDates,
    ) -> None:
        self._sessions = sessions
        self._days = days
        self._dates = dates

    def calendar_file(self, actor: Actor, *, channel_id: str, words: CalendarWords) -> CalendarFile:
        """The school's coming meetings as one .ics file."""
        days = self._days(actor.team_id)
        clock = days.clock
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            row = series_row(session, school)
            found = self._dates.occurrences(session, row, clock.today(), clock.today() + CALENDAR_SPAN, days)
            place, school_name = row.place, school.name
            series = as_series(row)
        now = clock.now()
        found = [o for o in found if o.ends_at > now]
        cal = new_calendar(title_of(words.summary, school_name))
        if found:
            uid = f"eht-{actor.team_id}-{school.id}@bryggan"
            first, last = found[0], found[-1]
            # A year more than the series: a meeting moved past New Year still finds its zone.
            cal.add_component(vtimezone(clock.zone, first.day.year, last.day.year + 1))
            rule = {"freq": "weekly", "interval": series.every_weeks, "until": last.starts_at.astimezone(UTC)}
            start = _planned_start(first, series, clock)
            master = self._event(uid, words, school_name, place, now, start, series.duration)
            master.add("rrule", rule)
            for o in found:
                if o.status in (Status.CANCELLED, Status.SKIPPED):
                    master.add("exdate", _planned_start(o, series, clock))
            cal.add_component(master)
            for o in found:
                if o.status is Status.MOVED:
                    override = self._event(
                        uid, words, school_name, place, now, clock.local(o.starts_at), o.duration
                    )
                    override.add("recurrence-id", _planned_start(o, series, clock))
                    cal.add_component(override)
        held = sum(1 for o in found if o.held)
        return CalendarFile(f"eht-{slug(school_name)}.ics", cal.to_ical(), held, school_name)

    def _event(
        self,
        uid: str,
        words: CalendarWords,
        school: str,
        place: str | None,
        now: datetime,
        start: datetime,
        duration: timedelta | None = None,
    ) -> icalendar.Event:
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", now.astimezone(UTC))
        event.add("sequence", sequence_at(now))  # grows with every export: newer wins on import
        event.add("summary", title_of(words.summary, school))
        event.add("description", words.description)
        event.add("dtstart", start)
        event.add("duration", duration or timedelta(hours=1))
        if place:
            event.add("location", place)
        return event


def new_calendar(title: str) -> icalendar.Calendar:
    """An empty VCALENDAR named `title`, as every calendar Bryggan writes begins."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Bryggan//EHT//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    return cal


def title_of(summary: str, school: str) -> str:
    """A meeting's title in a calendar: the word for it and the school, nothing else."""
    return f"{summary} – {school}"


def sequence_at(revised: datetime) -> int:
    """SEQUENCE for a version of an event revised at `revised`: a later second, a higher number.

    Seconds since 2020 fit RFC 5545's 32-bit integer until 2088 and exceed the minutes since 1970
    that exports before them carried, so a new export still wins over an old one.
    """
    return int((revised - _SEQUENCE_EPOCH).total_seconds())


def slug(name: str) -> str:
    """The school's name as a file name's part: ASCII letters, digits and hyphens.

    Only ASCII: the name goes into a Content-Disposition header, which HTTP servers write as Latin-1
    (a Sámi "č" or "ŋ" there would fail the response). Marks are dropped ("å" → "a"), other letters too.
    """
    plain = unicodedata.normalize("NFKD", name.lower())
    cleaned = "".join(
        c if c.isascii() and c.isalnum() else "-" for c in plain if not unicodedata.combining(c)
    )
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "skola"


def _planned_start(found: Occurrence, series: Series, clock: LocalClock) -> datetime:
    return datetime.combine(found.day, series.start, tzinfo=clock.zone)

"""Setting a school's EHT series, reading what is coming, and cancelling or moving one meeting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.clock import LocalClock
from bot.contacts.reading import school_of_channel
from bot.dates import parse_day
from bot.errors import BrygganError
from bot.meetings.dates import LOOK_AHEAD, Days, MeetingDates, series_row
from bot.meetings.recurrence import Occurrence, Status, first_day
from bot.meetings.reminders import Reminders
from bot.meetings.views import MeetingLine, Replacement, Schedule, Upcoming
from bot.meetings.words import ScheduleWords, parse_move, parse_schedule
from bot.notices import Notice, Notifier
from bot.privacy import require_non_identifying
from storage.audit import AuditAction
from storage.meetings import count_agenda_items, get_series, save_change, save_series
from storage.models import ChangeKind, MeetingChange, MeetingSeries, School

UPCOMING = 6


def _kept(wanted: ScheduleWords, old: MeetingSeries | None) -> ScheduleWords:
    """The typed schedule, with what was not typed taken from the series it replaces."""
    if old is None:
        return wanted
    kept = {
        "every_weeks": old.every_weeks,
        "duration": old.duration_minutes,
        "remind_at": old.remind_at,
        "lead": old.contact_lead_minutes,
        "place": old.place,
    }
    return replace(wanted, **{k: v for k, v in kept.items() if k not in wanted.given})


def schedule_of(school: School, row: MeetingSeries) -> Schedule:
    """The series as shown to people."""
    return Schedule(
        school.name,
        row.weekday,
        row.start_time.strftime("%H:%M"),
        row.every_weeks,
        row.duration_minutes,
        row.place,
        row.remind_at.strftime("%H:%M"),
        row.contact_lead_minutes,
    )


class Planning:
    """The series and its occurrences."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        days: Callable[[str], Days],  # a workspace's clock and calendar, by its team id
        dates: MeetingDates,
        notices: Notifier,
        audit: Auditor,
        reminders: Reminders,
    ) -> None:
        self._sessions = sessions
        self._days = days
        self._dates = dates
        self._notices = notices
        self._audit = audit
        self._reminders = reminders

    def set_schedule(
        self, actor: Actor, *, channel_id: str, words: list[str], confirmed: bool = False
    ) -> Upcoming | Replacement:
        """Set the school's series from the command's words; the first meeting is the next one.

        An existing series is replaced only once confirmed: until then the old and the new are returned.
        What the words leave out (place, length, reminders, rhythm) is kept from the old series.
        """
        wanted = parse_schedule(words)
        if wanted.place:  # posted in the channel and in every reminder: guarded like any free text
            require_non_identifying(wanted.place, purpose="meeting_place")
        days = self._days(actor.team_id)  # before the unit of work: it may read the database
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            old = get_series(session, team_id=school.team_id, school_id=school.id)
            new = self._new_series(actor, school, _kept(wanted, old), days.clock)
            if old is not None and not confirmed:
                return Replacement(schedule_of(school, old), schedule_of(school, new))
            before = schedule_of(school, old) if old is not None else None
            row = save_series(session, new, old_ends_on=self._old_end(session, school, days))
            self._audit.record(
                session,
                AuditAction.EHT_SCHEDULE,
                by=actor,
                school_id=school.id,
                subject_id=f"{row.weekday}:{row.start_time:%H%M}",
            )
            self._reminders.sync(session, school, days)
            if before is not None:
                self._announce_schedule(session, school, before, schedule_of(school, row), row.id)
            return self._upcoming(session, school, row, days)

    def _announce_schedule(
        self, session: Session, school: School, old: Schedule, new: Schedule, row_id: int
    ) -> None:
        if not school.channel_id:
            return
        self._notices.notify(
            session,
            Notice.EHT_SCHEDULE_CHANGED,
            team_id=school.team_id,
            recipient=school.channel_id,
            args={"school": school.name, "old": asdict(old), "new": asdict(new)},
            key={"school": school.id, "series": row_id},
        )

    def upcoming(self, actor: Actor, *, channel_id: str) -> Upcoming:
        """The next meetings, skipped and cancelled ones included with their reason."""
        days = self._days(actor.team_id)
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            return self._upcoming(session, school, series_row(session, school), days)

    def cancel(self, actor: Actor, *, channel_id: str, day_text: str) -> MeetingLine:
        """Cancel the meeting on a day (its series day or, if moved, its new day)."""
        days = self._days(actor.team_id)
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            row = series_row(session, school)
            found = self._future(session, row, day_text, days)
            change = MeetingChange(kind=ChangeKind.CANCELLED, new_day=None, new_start=None)
            self._change(session, actor, school, found, change, AuditAction.EHT_CANCEL, days)
            return self._line(found, Status.CANCELLED, days.clock)

    def move(self, actor: Actor, *, channel_id: str, words: list[str]) -> tuple[MeetingLine, MeetingLine]:
        """Move one meeting to another day and/or time; refused onto a holiday, a break or the past."""
        days = self._days(actor.team_id)
        clock = days.clock
        day, new_day, new_start = parse_move(words, today=clock.today())
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            row = series_row(session, school)
            found = self._future(session, row, day.isoformat(), days)
            target_day = new_day or clock.local(found.starts_at).date()
            target_time = new_start or clock.local(found.starts_at).time()
            self._check_target(days, target_day, target_time)
            change = MeetingChange(kind=ChangeKind.MOVED, new_day=target_day, new_start=target_time)
            self._change(session, actor, school, found, change, AuditAction.EHT_MOVE, days)
            moved = Occurrence(
                found.day, Status.MOVED, _instant(target_day, target_time, clock), found.duration
            )
            return self._line(found, found.status, clock), self._line(moved, Status.MOVED, clock)

    def _old_end(self, session: Session, school: School, days: Days) -> date:
        # The replaced series still owns a meeting that already started today; otherwise it ends yesterday.
        old = get_series(session, team_id=school.team_id, school_id=school.id)
        today = days.clock.today()
        if old is None:
            return today
        started = [
            o
            for o in self._dates.occurrences(session, old, today, today, days)
            if o.starts_at <= days.clock.now()
        ]
        return today if started else today - timedelta(days=1)

    def _new_series(
        self, actor: Actor, school: School, wanted: ScheduleWords, clock: LocalClock
    ) -> MeetingSeries:
        now = clock.now()
        return MeetingSeries(
            team_id=actor.team_id,
            school_id=school.id,
            weekday=wanted.weekday,
            start_time=wanted.start,
            every_weeks=wanted.every_weeks,
            anchor=first_day(wanted.weekday, wanted.start, now, clock.zone),
            duration_minutes=wanted.duration,
            place=wanted.place,
            remind_at=wanted.remind_at,
            contact_lead_minutes=wanted.lead,
            updated_by=actor.user_id,
            updated_at=now,
        )

    def _upcoming(self, session: Session, school: School, row: MeetingSeries, days: Days) -> Upcoming:
        now, today = days.clock.now(), days.clock.today()
        found = self._dates.occurrences(session, row, today - timedelta(days=1), today + LOOK_AHEAD, days)
        ahead = [o for o in found if o.starts_at > now][:UPCOMING]
        items = count_agenda_items(
            session, team_id=school.team_id, school_id=school.id, days=[o.day for o in ahead]
        )
        lines = tuple(self._line(o, o.status, days.clock, items.get(o.day, 0)) for o in ahead)
        return Upcoming(schedule_of(school, row), lines)

    def _future(self, session: Session, row: MeetingSeries, day_text: str, days: Days) -> Occurrence:
        day = parse_day(day_text, today=days.clock.today())
        found = self._dates.occurrence(session, row, day, days)
        if found.starts_at <= days.clock.now():
            raise BrygganError("eht_meeting_past", day=day.isoformat())
        if found.status is Status.CANCELLED:
            raise BrygganError("eht_already_cancelled", day=day.isoformat())
        if found.status is Status.SKIPPED and found.skip is not None:
            raise BrygganError(
                "eht_already_skipped",
                day=day.isoformat(),
                reason=found.skip.name,
                reason_kind=found.skip.kind,
            )
        return found

    def _check_target(self, days: Days, day: date, wall: time) -> None:
        reason = days.calendar.skip(day)
        if reason is not None:
            raise BrygganError(
                "eht_move_onto_skip", day=day.isoformat(), reason=reason.name, reason_kind=reason.kind
            )
        if _instant(day, wall, days.clock) <= days.clock.now():
            raise BrygganError("eht_move_into_past", day=day.isoformat())

    def _change(
        self,
        session: Session,
        actor: Actor,
        school: School,
        found: Occurrence,
        change: MeetingChange,
        action: AuditAction,
        days: Days,
    ) -> None:
        change.team_id, change.school_id, change.day = actor.team_id, school.id, found.day
        change.created_by, change.created_at = actor.user_id, days.clock.now()
        save_change(session, change)
        self._audit.record(session, action, by=actor, school_id=school.id, subject_id=found.day.isoformat())
        self._reminders.sync(session, school, days)
        self._reminders.announce_change(session, school, found, change, days.clock)

    def _line(self, found: Occurrence, status: Status, clock: LocalClock, items: int = 0) -> MeetingLine:
        skip = found.skip
        return MeetingLine(
            found.day,
            clock.local(found.starts_at),
            status,
            skip.name if skip else None,
            skip.kind if skip else None,
            items,
        )


def _instant(day: date, wall: time, clock: LocalClock) -> datetime:
    return datetime.combine(day, wall, tzinfo=clock.zone).astimezone(UTC)  # as Occurrence keeps it

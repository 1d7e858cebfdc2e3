"""Agenda items before a meeting and notes after it; both non-identifying, both through the guard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.audit import Auditor
from bot.contacts.reading import school_of_channel
from bot.errors import BrygganError
from bot.meetings.dates import LOOK_AHEAD, Days, MeetingDates, series_row
from bot.meetings.recurrence import Occurrence
from bot.meetings.reminders import Reminders
from bot.meetings.targets import Noted, Target
from bot.privacy import IdentifyingText, require_non_identifying
from storage.audit import AuditAction
from storage.meetings import add_agenda_item, get_note, save_note
from storage.models import AgendaItem, MeetingNote, MeetingSeries, School
from storage.schools import get_school

MAX_ITEM = 300
MAX_NOTE = 1500
# Notes may be written for a meeting up to this long after it.
NOTES_WINDOW = timedelta(days=30)


class Agenda:
    """Agenda items and notes."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        days: Callable[[str], Days],
        dates: MeetingDates,
        audit: Auditor,
        reminders: Reminders,
    ) -> None:
        self._sessions = sessions
        self._days = days
        self._dates = dates
        self._audit = audit
        self._reminders = reminders

    def add_item(
        self, actor: Actor, *, text: str, channel_id: str | None = None, target: Target | None = None
    ) -> date:
        """Guard, then add an agenda item to `target` (or the channel's next meeting); returns its day."""
        text = " ".join(text.split())
        if not text:
            raise BrygganError("eht_item_empty")
        if len(text) > MAX_ITEM:
            raise BrygganError("eht_item_too_long", most=MAX_ITEM)
        require_non_identifying(text, purpose="agenda_item")
        days = self._days(actor.team_id)
        clock = days.clock
        with self._sessions.begin() as session:
            school, found = self._resolve(session, actor, channel_id, target, days)
            if not found.held or found.starts_at <= clock.now():
                raise BrygganError("eht_item_meeting_gone")
            item = AgendaItem(
                team_id=actor.team_id,
                school_id=school.id,
                day=found.day,
                text=text,
                author_id=actor.user_id,
                created_at=clock.now(),
            )
            add_agenda_item(session, item)
            self._audit.record(
                session, AuditAction.EHT_ITEM, by=actor, school_id=school.id, subject_id=found.day.isoformat()
            )
            return clock.local(found.starts_at).date()

    def last_held(self, actor: Actor, *, channel_id: str) -> Target:
        """The most recent meeting that was held (its notes are the ones to write)."""
        days = self._days(actor.team_id)
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id)
            row = series_row(session, school)
            now, today = days.clock.now(), days.clock.today()
            held = [
                o
                for o in self._dates.occurrences(session, row, today - NOTES_WINDOW, today, days)
                if o.held and o.starts_at <= now
            ]
            if not held:
                raise BrygganError("eht_no_past_meeting")
            return Target(school.id, held[-1].day)

    def require_school_channel(self, actor: Actor, target: Target, *, channel_id: str | None) -> None:
        """Refuse a meeting of another school than the channel the gesture came from (its members act)."""
        with self._sessions.begin() as session:
            school = school_of_channel(session, actor, channel_id or "")
            if school.id != target.school_id:
                raise BrygganError("eht_other_school")

    def notes_of(self, actor: Actor, target: Target) -> MeetingNote | None:
        """The notes already written for `target`, to pre-fill the modal."""
        with self._sessions.begin() as session:
            note = get_note(session, team_id=actor.team_id, school_id=target.school_id, day=target.day)
            if note is not None:
                session.expunge(note)
            return note

    def save_notes(
        self, actor: Actor, *, target: Target, decisions: str, actions: str, follow_up: str
    ) -> Noted:
        """Guard every field, store the notes (replacing earlier ones), show them in the meeting thread."""
        fields = {"decisions": decisions.strip(), "actions": actions.strip(), "follow_up": follow_up.strip()}
        if not fields["decisions"]:
            raise BrygganError("eht_notes_empty")
        for name, value in fields.items():
            if len(value) > MAX_NOTE:
                raise BrygganError("eht_notes_too_long", field=name, most=MAX_NOTE)
            try:
                require_non_identifying(value, purpose="meeting_notes")
            except IdentifyingText as refused:
                refused.params["field"] = name  # shown beside the field it is about, not the first one
                raise
        days = self._days(actor.team_id)
        clock = days.clock
        with self._sessions.begin() as session:
            school, found = self._resolve(session, actor, None, target, days)
            if not found.held or found.starts_at > clock.now():
                raise BrygganError("eht_notes_not_held")
            note = MeetingNote(
                team_id=actor.team_id,
                school_id=school.id,
                day=found.day,
                decisions=fields["decisions"],
                actions=fields["actions"] or None,
                follow_up=fields["follow_up"] or None,
                author_id=actor.user_id,
                recorded_at=clock.now(),
            )
            note, first = save_note(session, note)
            self._audit.record(
                session,
                AuditAction.EHT_NOTES,
                by=actor,
                school_id=school.id,
                subject_id=found.day.isoformat(),
            )
            self._reminders.sync(session, school, days)  # the notes reminder is no longer owed
            self._reminders.post_notes(session, school, found, note, clock)
            return Noted(target, school.name, first)

    def _resolve(
        self,
        session: Session,
        actor: Actor,
        channel_id: str | None,
        target: Target | None,
        days: Days,
    ) -> tuple[School, Occurrence]:
        if target is None:
            school = school_of_channel(session, actor, channel_id or "")
            return school, self._next_held(session, series_row(session, school), days)
        school = get_school(session, team_id=actor.team_id, school_id=target.school_id)
        if school is None:
            raise BrygganError("school_not_found")
        return school, self._dates.occurrence(session, series_row(session, school), target.day, days)

    def _next_held(self, session: Session, row: MeetingSeries, days: Days) -> Occurrence:
        now, today = days.clock.now(), days.clock.today()
        ahead = self._dates.occurrences(session, row, today, today + LOOK_AHEAD, days)
        for found in ahead:
            if found.held and found.starts_at > now:
                return found
        raise BrygganError("eht_no_next_meeting")

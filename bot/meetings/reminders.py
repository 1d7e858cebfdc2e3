"""The reminder materialiser: each school's coming meetings become outbox rows with unique keys.

It is a sync, not a one-way expansion: every run (and every change to a school's meetings) computes
the rows owed over the horizon, inserts the missing ones with "on conflict do nothing" and withdraws
pending rows no longer owed (a cancelled or moved meeting, a new acting contact, notes written).
A pending row owed under the same key but at another instant (the workspace's time zone changed, so
the same wall-clock time is a new instant) is withdrawn and owed again at the new one.
Any number of replicas may run it at once; the unique key keeps each reminder single.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.clock import LocalClock
from bot.contacts.coverage import away_on, cover
from bot.meetings.dates import HORIZON, LOOKBACK, Days, MeetingDates
from bot.meetings.recurrence import Occurrence, Status
from bot.meetings.targets import Target
from bot.notices import NOTICE_LIFETIME, Notice, Notifier, key_of
from bot.workhours import WorkingHours, is_working_day
from storage.contacts import absences_overlapping, current_assignments
from storage.meetings import agenda_items, list_series, noted_meetings
from storage.models import DeliveryStatus, MeetingChange, MeetingNote, MeetingSeries, Role, School
from storage.outbox import get_outbox_message, owed_keys, withdraw
from storage.schools import list_schools, list_team_ids

PREFIX = "eht:"  # what every reminder's key starts with (bot/notices.py declares them)
NOTES_AFTER_WORKING_HOURS = 18  # two working days of 08–17
MAX_ITEMS_SHOWN = 15


@dataclass(frozen=True, slots=True)
class Owed:
    notice: Notice
    parts: dict[str, object]  # of the notice's key pattern
    recipient: str
    args: dict[str, Any]
    due_at: datetime
    grace: timedelta
    expires_at: datetime
    thread_key: str | None = None

    @property
    def key(self) -> str:
        return key_of(self.notice, **self.parts)


@dataclass
class _Team:
    """What one sync reads once per workspace."""

    schools: dict[int, School]
    series: list[MeetingSeries]
    acting: Callable[[int, date], str | None]
    noted: set[tuple[int, date]] = field(default_factory=set)


class Reminders:
    """Owing, withdrawing and rendering the meeting reminders, and the channel's notices of changes."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        dates: MeetingDates,
        days: Callable[[str], Days],
        notices: Notifier,
        grace: timedelta,
    ) -> None:
        self._sessions = sessions
        self._dates = dates
        self._days = days
        self._notices = notices
        self._grace = grace

    def materialise(self) -> int:
        """Sync every workspace's reminders over the horizon; returns how many rows were added."""
        added = 0
        for team_id in self._team_ids():
            days = self._days(team_id)  # before the unit of work: it may read the database
            with self._sessions.begin() as session:
                added += self._sync_team(session, team_id, days, school_id=None)
        return added

    def live_args(self, team_id: str, template: str, args: dict[str, Any]) -> dict[str, Any]:
        """What a reminder shows that may change after it was owed: the agenda so far."""
        if template not in (Notice.EHT_DAY_BEFORE, Notice.EHT_CONTACT_SOON):
            return {}
        target = Target.decode(args["id"])
        with self._sessions.begin() as session:
            items = agenda_items(session, team_id=team_id, school_id=target.school_id, day=target.day)
            texts = [item.text for item in items]
        return {"items": texts[:MAX_ITEMS_SHOWN], "more_items": max(0, len(texts) - MAX_ITEMS_SHOWN)}

    def _team_ids(self) -> list[str]:
        with self._sessions.begin() as session:
            return list_team_ids(session)

    def sync(self, session: Session, school: School, days: Days) -> None:
        """Bring the school's owed reminders in line with its meetings, in the caller's unit of work."""
        self._sync_team(session, school.team_id, days, school_id=school.id)

    def _sync_team(self, session: Session, team_id: str, days: Days, *, school_id: int | None) -> int:
        clock = days.clock
        now = clock.now()
        first, last = clock.today() - LOOKBACK, clock.today() + HORIZON
        team = self._read_team(session, team_id, school_id, first, last)
        owed: dict[str, Owed] = {}
        for row in team.series:
            school = team.schools.get(row.school_id)
            if school is None or not school.channel_id:
                continue
            for found in self._dates.occurrences(session, row, first, last, days):
                for item in self._owed(school, row, found, team, clock):
                    owed[item.key] = item
        prefix = PREFIX if school_id is None else f"{PREFIX}{school_id}:"
        since = datetime.combine(first, datetime.min.time(), tzinfo=clock.zone)
        existing = owed_keys(session, team_id=team_id, prefix=prefix, due_from=since)
        # Not owed any more, or owed at another instant (the zone changed): withdrawn, then owed anew.
        # Both instants are in UTC (the column's type and `_owe` see to it), where no hour repeats.
        stale = [
            k
            for k, (status, due_at) in existing.items()
            if status == DeliveryStatus.PENDING and (k not in owed or owed[k].due_at != due_at)
        ]
        for key in withdraw(session, team_id=team_id, keys=stale):
            del existing[key]
        added = 0
        present = set(existing)
        for key, item in owed.items():
            if key in existing or item.due_at + item.grace < now:
                continue  # already owed, or too late to be of use: never created just to be missed
            present.add(key)
            # Thread under the day-before reminder only when that reminder exists (not set up too late).
            thread_key = item.thread_key if item.thread_key in present else None
            added += self._notices.notify(
                session,
                item.notice,
                team_id=team_id,
                recipient=item.recipient,
                args=item.args,
                key=item.parts,
                due_at=item.due_at,
                grace=item.grace,
                expires_at=item.expires_at,
                thread_key=thread_key,
            )
        return added

    def _read_team(
        self, session: Session, team_id: str, school_id: int | None, first: date, last: date
    ) -> _Team:
        series = [s for s in list_series(session, team_id=team_id) if school_id in (None, s.school_id)]
        ids = [s.school_id for s in series]
        schools = {s.id: s for s in list_schools(session, team_id=team_id) if s.id in ids}
        roles: dict[int, dict[Role, str]] = {}
        for a in current_assignments(session, team_id=team_id, school_ids=ids):
            roles.setdefault(a.school_id, {})[a.role] = a.person_id
        people = sorted({p for r in roles.values() for p in r.values()})
        absences = (
            absences_overlapping(
                session,
                team_id=team_id,
                person_ids=people,
                first_day=first,
                last_day=last + timedelta(days=1),
            )
            if people
            else []
        )

        def acting(school: int, day: date) -> str | None:
            away = away_on(absences, day)
            held = roles.get(school, {})
            return cover(held.get(Role.CONTACT), held.get(Role.DEPUTY), away).acting_person

        noted = noted_meetings(session, team_id=team_id, first=first, school_ids=ids)
        return _Team(schools, series, acting, noted)

    def _owed(
        self, school: School, row: MeetingSeries, found: Occurrence, team: _Team, clock: LocalClock
    ) -> list[Owed]:
        channel = school.channel_id or ""
        local = clock.local(found.starts_at)
        meeting = {"school": school.id, "starts": f"{local:%Y-%m-%dT%H%M}"}
        args = self._args(school, row, found, clock)
        day_before = self._day_before(found, row, clock)
        if found.status is Status.SKIPPED:
            skip = found.skip
            reason = {"reason": skip.name if skip else "", "reason_kind": skip.kind if skip else ""}
            return [
                self._owe(
                    Notice.EHT_SKIPPED,
                    meeting | {"recipient": channel},
                    channel,
                    args | reason,
                    day_before,
                    found.starts_at,
                )
            ]
        if not found.held:
            return []
        on_day_before = meeting | {"recipient": channel}
        parent = key_of(Notice.EHT_DAY_BEFORE, **on_day_before)
        owed = [self._owe(Notice.EHT_DAY_BEFORE, on_day_before, channel, args, day_before, found.starts_at)]
        person = team.acting(school.id, local.date())
        if person:
            soon = found.starts_at - timedelta(minutes=row.contact_lead_minutes)
            owed.append(
                self._owe(
                    Notice.EHT_CONTACT_SOON,
                    meeting | {"recipient": person},
                    person,
                    args,
                    soon,
                    found.starts_at,
                )
            )
        if (school.id, found.day) not in team.noted:
            prompt_at = found.ends_at
            remind_at = WorkingHours(clock.zone).add(found.ends_at, NOTES_AFTER_WORKING_HOURS)
            for notice, due in ((Notice.EHT_NOTES_PROMPT, prompt_at), (Notice.EHT_NOTES_REMINDER, remind_at)):
                owed.append(
                    self._owe(
                        notice,
                        meeting | {"recipient": channel},
                        channel,
                        args,
                        due,
                        due + NOTICE_LIFETIME,
                        parent,
                        timedelta(days=1),
                    )
                )
        return owed

    def _owe(
        self,
        notice: Notice,
        parts: dict[str, object],
        recipient: str,
        args: dict[str, Any],
        due: datetime,
        expires: datetime,
        thread_key: str | None = None,
        grace: timedelta | None = None,
    ) -> Owed:
        # A reminder is useless once its meeting starts: the grace never reaches past that. The due
        # instant is kept in UTC: an aware wall time in a zone's repeated hour never equals an instant
        # of another zone (PEP 495), so comparing it with the stored one would withdraw it at every sync.
        usable = max(timedelta(0), expires - due)
        return Owed(
            notice,
            parts,
            recipient,
            args,
            due.astimezone(UTC),
            min(grace or self._grace, usable),
            expires,
            thread_key,
        )

    def _args(
        self, school: School, row: MeetingSeries, found: Occurrence, clock: LocalClock
    ) -> dict[str, Any]:
        return {
            "id": Target(school.id, found.day).encode(),
            "school": school.name,
            "channel": school.channel_id,
            "starts": clock.local(found.starts_at).isoformat(),
            "ends": clock.local(found.ends_at).isoformat(),
            "moved": found.status is Status.MOVED,
            "place": row.place,
        }

    def _day_before(self, found: Occurrence, row: MeetingSeries, clock: LocalClock) -> datetime:
        day = clock.local(found.starts_at).date() - timedelta(days=1)
        while not is_working_day(day):
            day -= timedelta(days=1)
        return datetime.combine(day, row.remind_at, tzinfo=clock.zone)

    def announce_change(
        self, session: Session, school: School, found: Occurrence, change: MeetingChange, clock: LocalClock
    ) -> None:
        """Tell the school channel about a cancelled or moved meeting (`clock`: the school's workspace's)."""
        if not school.channel_id:
            return
        zone = clock.zone
        args = {
            "school": school.name,
            "starts": clock.local(found.starts_at).isoformat(),
            "new_starts": datetime.combine(change.new_day, change.new_start, tzinfo=zone).isoformat()
            if change.kind == "moved" and change.new_day and change.new_start
            else None,
        }
        self._notices.notify(
            session,
            Notice.EHT_MOVED if change.kind == "moved" else Notice.EHT_CANCELLED,
            team_id=school.team_id,
            recipient=school.channel_id,
            args=args,
            key={"school": school.id, "day": found.day.isoformat(), "change": change.id},
        )

    def post_notes(
        self, session: Session, school: School, found: Occurrence, note: MeetingNote, clock: LocalClock
    ) -> None:
        """Queue the notes into the meeting's channel thread (under its day-before reminder, if sent)."""
        if not school.channel_id:
            return
        local = clock.local(found.starts_at)
        parent = key_of(
            Notice.EHT_DAY_BEFORE,
            school=school.id,
            starts=f"{local:%Y-%m-%dT%H%M}",
            recipient=school.channel_id,
        )
        has_parent = get_outbox_message(session, team_id=school.team_id, key=parent) is not None
        args = {
            "school": school.name,
            "starts": local.isoformat(),
            "decisions": note.decisions,
            "actions": note.actions,
            "follow_up": note.follow_up,
            "author": note.author_id,
        }
        self._notices.notify(
            session,
            Notice.EHT_NOTES,
            team_id=school.team_id,
            recipient=school.channel_id,
            args=args,
            key={"school": school.id, "day": found.day.isoformat(), "note": note.id},
            thread_key=parent if has_parent else None,
        )

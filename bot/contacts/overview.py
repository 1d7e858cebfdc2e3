"""Overviews: one's App Home, and the administrators' weekly digest of schools that need attention."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.clock import LocalClock, WorkspaceClocks
from bot.contacts import reading
from bot.contacts.views import SchoolStatus
from bot.notices import Notice, Notifier, key_of
from storage.contacts import assignments_of_person, long_absences
from storage.outbox import get_outbox_message
from storage.schools import list_schools, list_team_ids

if TYPE_CHECKING:
    from bot.workspace_settings import ValuesOf

# Monday morning in the municipality's zone; after downtime the digest still goes that week.
DIGEST_AT = time(7, 0)
DIGEST_GRACE = timedelta(days=2)
# A contact away longer than this is flagged to administrators in the weekly digest.
LONG_ABSENCE = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class Home:
    """What the App Home shows: one's own schools, and for administrators those needing attention."""

    mine: tuple[SchoolStatus, ...]
    attention: tuple[SchoolStatus, ...] | None  # None for non-administrators


class Overviews:
    """The App Home and the weekly digest."""

    def __init__(
        self,
        *,
        sessions: sessionmaker[Session],
        clock: WorkspaceClocks,
        notices: Notifier,
        workspace: ValuesOf,
        can_post: Callable[[str, str], bool | None] = lambda _team, _channel: None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._notices = notices
        self._workspace = workspace
        # Whether Bryggan can post in (team, channel): False when it cannot, None when unknown.
        self._can_post = can_post

    def home(self, actor: Actor) -> Home:
        """The actor's App Home content."""
        clock = self._clock.for_team(actor.team_id)
        with self._sessions.begin() as session:
            schools = list_schools(session, team_id=actor.team_id)
            held = {
                a.school_id
                for a in assignments_of_person(session, team_id=actor.team_id, person_id=actor.user_id)
            }
            statuses = reading.statuses_now(session, clock, team_id=actor.team_id, schools=schools)
            attention = (
                [s for s, _ in self._needing_attention(session, actor.team_id, statuses, clock)]
                if actor.is_admin
                else None
            )
        mine = tuple(s for s in statuses if s.school_id in held)
        return Home(mine=mine, attention=tuple(attention) if attention is not None else None)

    def queue_weekly_digest(self) -> int:
        """From Monday 07:00 in each workspace's zone, queue its ISO week's digest DM for each of its
        administrators (once a week)."""
        with self._sessions.begin() as session:
            teams = list_team_ids(session)
        # Before any unit of work: both may read the database.
        clocks = {team_id: self._clock.for_team(team_id) for team_id in teams}
        weeks = {team_id: week for team_id in teams if (week := _digest_week(clocks[team_id])) is not None}
        admins = {team_id: sorted(self._workspace(team_id).admin_users) for team_id in weeks}
        with self._sessions.begin() as session:
            linked = {
                team_id: [
                    (s.name, s.channel_id) for s in list_schools(session, team_id=team_id) if s.channel_id
                ]
                for team_id, (week, _due) in weeks.items()
                if admins[team_id]
                and get_outbox_message(
                    session,
                    team_id=team_id,
                    key=key_of(Notice.WEEKLY_DIGEST, week=week, admin=admins[team_id][0]),
                )
                is None
            }
        # Asked of Slack once a week, outside any transaction (no lock is held across a Slack call).
        unpostable = {team: self._unpostable(team, channels) for team, channels in linked.items()}
        queued = 0
        with self._sessions.begin() as session:
            for team_id in linked:
                clock, (week, due) = clocks[team_id], weeks[team_id]
                statuses = reading.statuses_now(
                    session, clock, team_id=team_id, schools=list_schools(session, team_id=team_id)
                )
                flagged = self._needing_attention(session, team_id, statuses, clock)
                if not flagged and not unpostable[team_id]:
                    continue  # nothing to act on: no message, no noise
                args = {
                    "week": week,
                    "schools": [_digest_row(s, long_away) for s, long_away in flagged],
                    "unpostable": unpostable[team_id],
                }
                for admin in admins[team_id]:
                    queued += self._notices.notify(
                        session,
                        Notice.WEEKLY_DIGEST,
                        team_id=team_id,
                        recipient=admin,
                        args=args,
                        key={"week": week, "admin": admin},
                        due_at=due,
                        grace=DIGEST_GRACE,
                        expires_at=due + timedelta(days=7),
                    )
        return queued

    def _unpostable(self, team_id: str, channels: list[tuple[str, str | None]]) -> list[dict[str, str]]:
        """The linked schools whose channel Bryggan cannot post in (unknown answers are left out)."""
        return [
            {"name": name, "channel": channel}
            for name, channel in channels
            if channel and self._can_post(team_id, channel) is False
        ]

    def _needing_attention(
        self, session: Session, team_id: str, statuses: list[SchoolStatus], clock: LocalClock
    ) -> list[SchoolStatus]:
        today = clock.today()
        contacts = [s.coverage.contact for s in statuses if s.coverage.contact]
        long_away = long_absences(
            session, team_id=team_id, person_ids=contacts, today=today, since=today - LONG_ABSENCE
        )
        flagged = [(s, s.coverage.contact in long_away) for s in statuses]
        return [(s, away) for s, away in flagged if s.coverage.uncovered or away]


def _digest_week(clock: LocalClock) -> tuple[str, datetime] | None:
    """This ISO week's name and the digest's due instant (Monday 07:00 in `clock`'s zone), once due."""
    local = clock.local(clock.now())
    monday = local.date() - timedelta(days=local.weekday())
    due = datetime.combine(monday, DIGEST_AT, tzinfo=clock.zone)
    if local < due:
        return None
    return f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}", due


def _digest_row(status: SchoolStatus, long_away: bool) -> dict[str, object]:
    state = "vacant" if status.coverage.vacant else "long_absence" if long_away else "uncovered"
    return {
        "name": status.name,
        "channel": status.channel_id,
        "state": state,
        "contact": status.coverage.contact,
        "until": status.coverage.contact_away_until.isoformat()
        if status.coverage.contact_away_until
        else None,
    }

"""Reading use cases: the contact card, history, the overview and one's own schools."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor, require_admin
from bot.clock import WorkspaceClocks
from bot.contacts import reading
from bot.contacts.views import ContactCard, Period, Profile, SchoolStatus
from storage.contacts import assignment_history
from storage.db import read_only
from storage.schools import list_schools

if TYPE_CHECKING:
    from bot.workspace_settings import ValuesOf


class ContactQueries:
    """The reading use cases."""

    def __init__(
        self, *, sessions: sessionmaker[Session], clock: WorkspaceClocks, workspace: ValuesOf
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._workspace = workspace

    def card(self, actor: Actor, *, channel_id: str) -> ContactCard:
        """The contact card for the school bound to `channel_id` (unlinked: how to link it)."""
        # Before the read: the clock may read the settings, which the values below then find cached.
        clock = self._clock.for_team(actor.team_id)
        with read_only(self._sessions) as connection:
            found = reading.card_of_channel(connection, clock, team_id=actor.team_id, channel_id=channel_id)
        values = self._workspace(actor.team_id)
        admins, intake = tuple(sorted(values.admin_users)), values.intake_text
        if found is None:
            return ContactCard(admins=admins, intake=intake)
        status, profiles = found
        return ContactCard(admins=admins, intake=intake, school=status, profiles=profiles)

    def history(self, actor: Actor, *, channel_id: str) -> tuple[str, list[Period]]:
        """The school's contacts and deputies over time, with days served (today counts as served)."""
        clock = self._clock.for_team(actor.team_id)
        with self._sessions.begin() as session:
            school = reading.school_of_channel(session, actor, channel_id)
            periods = []
            for a in assignment_history(session, team_id=actor.team_id, school_id=school.id):
                first = clock.local(a.starts_at).date()
                last = clock.local(a.ends_at).date() if a.ends_at else None
                days = ((last or clock.today()) - first).days + (0 if last else 1)
                periods.append(Period(a.person_id, a.role.value, first, last, max(days, 0)))
            return school.name, periods

    def overview(self, actor: Actor) -> list[SchoolStatus]:
        """Administrators: every school, uncovered first, then vacant, then by name."""
        require_admin(actor)
        return self.all_statuses(actor.team_id)

    def all_statuses(self, team_id: str) -> list[SchoolStatus]:
        """Every school's coverage today, uncovered first, then vacant, then by name."""
        clock = self._clock.for_team(team_id)
        with self._sessions.begin() as session:
            schools = list_schools(session, team_id=team_id)
            found = reading.statuses_now(session, clock, team_id=team_id, schools=schools)
        return sorted(found, key=_attention_first)

    def profile_of(self, actor: Actor) -> Profile:
        """The actor's own profile (empty when never set)."""
        with self._sessions.begin() as session:
            return reading.profiles(session, team_id=actor.team_id, person_ids=[actor.user_id])[actor.user_id]


def _attention_first(status: SchoolStatus) -> tuple[bool, bool, str]:
    return (not status.coverage.uncovered, not status.coverage.vacant, status.name.casefold())

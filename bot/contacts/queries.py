"""Reading use cases: the contact card, history, the overview and one's own schools."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor, require_admin
from bot.clock import LocalClock, WorkspaceClocks
from bot.contacts import reading
from bot.contacts.views import ContactCard, Period, Profile, SchoolStatus
from storage.cards import READS_KEPT, CardSeats, SchoolSeats
from storage.contacts import assignment_history
from storage.schools import list_schools

if TYPE_CHECKING:
    from bot.workspace_settings import ValuesOf, WorkspaceValues


class ContactQueries:
    """The reading use cases."""

    def __init__(
        self, *, sessions: sessionmaker[Session], clock: WorkspaceClocks, workspace: ValuesOf
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._workspace = workspace
        self._seats = CardSeats(sessions)  # the card's read, kept until a write could change it
        # Per (workspace, channel): the card last made and the read, settings and zone it was made of.
        self._cards: dict[
            tuple[str, str], tuple[SchoolSeats | None, WorkspaceValues, tzinfo, ContactCard]
        ] = {}

    def card(self, actor: Actor, *, channel_id: str) -> ContactCard:
        """The contact card for the school bound to `channel_id` (unlinked: how to link it).

        The same card object while its read, the workspace's settings and the zone are the same
        objects: what it is made of has not changed, and the reply rendered for it can be reused.
        """
        # Before the read: the clock may read the settings, which the values below then find cached.
        clock = self._clock.for_team(actor.team_id)
        seats = self._seats.school_seats(team_id=actor.team_id, channel_id=channel_id, today=clock.today())
        values, zone = self._workspace(actor.team_id), clock.zone
        key = (actor.team_id, channel_id)
        kept = self._cards.get(key)
        if kept is not None and kept[0] is seats and kept[1] is values and kept[2] is zone:
            return kept[3]
        card = self._card_of(seats, values, clock)
        if len(self._cards) >= READS_KEPT:
            self._cards.clear()
        self._cards[key] = (seats, values, zone, card)
        return card

    def _card_of(self, seats: SchoolSeats | None, values: WorkspaceValues, clock: LocalClock) -> ContactCard:
        found = reading.card_of_seats(seats, clock)
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

"""Contacts: which social secretary a school turns to. (Foundation: the channel-to-school lookup.)"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.actors import Actor
from bot.clock import Clock
from storage.schools import get_school_by_channel


@dataclass(frozen=True, slots=True)
class ContactCard:
    """What `/kontakt` shows: the channel's school (None when unlinked) and who can link it."""

    school: str | None
    admins: tuple[str, ...]


class Contacts:
    """Use cases around a school's contact person."""

    def __init__(self, *, sessions: sessionmaker[Session], clock: Clock, admin_users: frozenset[str]) -> None:
        self._sessions = sessions
        self._clock = clock
        self._admins = tuple(sorted(admin_users))

    def card(self, actor: Actor, *, channel_id: str) -> ContactCard:
        """The contact card for the school bound to `channel_id`."""
        with self._sessions.begin() as session:
            school = get_school_by_channel(session, team_id=actor.team_id, channel_id=channel_id)
            return ContactCard(school=school.name if school else None, admins=self._admins)

"""Remembering how to reach Teams tenants, people and channels, from every activity Teams sends.

Teams gives a bot no way to start a chat it has not heard of: a person's 1:1 conversation and a
channel's id arrive on activities (install, conversationUpdate, each message), with the service
URL to call back. Each is kept in `teams_addresses` (storage/teams_addresses.py) under its short
internal id; the outbox's Teams sender reads them there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from handlers.channels import Found, Postability
from handlers.teams.activities import Where
from storage import teams_addresses
from storage.contacts import serving_people
from storage.teams_addresses import internal_id


class Addresses:
    """Writes and reads Teams addresses, one unit of work a call (sync: run it off the event loop)."""

    def __init__(self, sessions: sessionmaker[Session], now: Callable[[], datetime]) -> None:
        self._sessions, self._now = sessions, now

    def seen(
        self, where: Where, *, installed: bool = True, mentioned: Mapping[str, str] | None = None
    ) -> None:
        """Remember the tenant, the sender (their 1:1 chat when it is one), a team's channel, and
        the people the message @mentions (Teams vouches for them: an administrator may name them),
        each person with the display name Teams shows, so a notice can mention them by it."""
        at = self._now()
        common = {"tenant_id": where.tenant, "service_url": where.service_url, "at": at}
        with self._sessions.begin() as session:
            for person, name in (mentioned or {}).items():
                known = teams_addresses.get_address(session, id=internal_id("user", person))
                if known is None:  # a mention says neither chat nor install: only who they are
                    teams_addresses.remember(
                        session, kind="user", teams_id=person, installed=False, name=name, **common
                    )
                else:
                    teams_addresses.rename(known, name)
            teams_addresses.remember(session, kind="tenant", teams_id=where.tenant, **common)
            # In a personal chat the app's install is the person's own; in a team the person stays
            # reachable (or not) through their own chat, so there they are only seen.
            known = (
                None
                if where.personal
                else teams_addresses.get_address(session, id=internal_id("user", where.user))
            )
            teams_addresses.remember(
                session,
                kind="user",
                teams_id=where.user,
                conversation_id=where.conversation if where.personal else None,
                installed=installed if where.personal else bool(known and known.installed),
                lang=where.lang,
                name=where.user_name,
                **common,
            )
            if where.channel:
                teams_addresses.remember(
                    session,
                    kind="channel",
                    teams_id=where.channel,
                    conversation_id=where.channel,
                    installed=installed,
                    parent_teams_id=where.team,
                    **common,
                )
            if where.team and not installed:
                # Removed from the team: no channel of it can be written to any more, not only this one.
                teams_addresses.uninstall_team(
                    session, tenant_id=where.tenant, parent_teams_id=where.team, at=at
                )

    def channels(self, where: Where, channel_ids: Iterable[str]) -> None:
        """Remember every channel of the team the app was just added to."""
        at = self._now()
        with self._sessions.begin() as session:
            for channel in channel_ids:
                teams_addresses.remember(
                    session,
                    kind="channel",
                    teams_id=channel,
                    tenant_id=where.tenant,
                    service_url=where.service_url,
                    conversation_id=channel,
                    parent_teams_id=where.team,
                    at=at,
                )

    def names(self, team_id: str, ids: Iterable[str]) -> dict[str, str]:
        """The display name of each of these people (internal ids) Bryggan knows by name in the tenant."""
        return {internal: person.name for internal, person in self.people(team_id, ids).items()}

    def people(self, team_id: str, ids: Iterable[str]) -> dict[str, teams_addresses.Person]:
        """The Teams id and kept display name of each of these people Bryggan knows by name."""
        with self._sessions.begin() as session:
            return teams_addresses.names_of(session, team_id=team_id, ids=ids)

    def colleagues(self, team_id: str, *, besides: str) -> list[tuple[str, str]]:
        """The people a case may be forwarded to in Teams, by name (internal id, name): those who
        serve a school of the workspace as contact or deputy now (social services' staff: never a
        pupil of a school tenant, nor someone who has left), whom Bryggan knows by name and can write
        to (the app in their own chat, so the new holder is told), but `besides`. Teams' people
        picker answers with Entra ids Bryggan does not keep, and would offer the whole tenant."""
        with self._sessions.begin() as session:
            serving = serving_people(session, team_id=team_id)
            people = teams_addresses.addresses_of(session, team_id=team_id, kind="user")
            reachable = [
                (p.id, str(p.name))
                for p in people
                if p.id in serving and p.name and p.installed and p.id != besides
            ]
        return sorted(reachable, key=lambda person: (person[1].casefold(), person[0]))

    def teams_id(self, team_id: str, internal: str) -> str | None:
        """The Teams id behind a person's internal id in this workspace, if Bryggan has seen them."""
        with self._sessions.begin() as session:
            row = teams_addresses.get_address(session, id=internal)
            if row is None or row.team_id != team_id or row.kind != "user":
                return None
            return row.teams_id

    def postability(self, where: Where) -> Found:
        """Whether Bryggan can post in the channel `where` is, Teams' answer to Slack's conversations.info:
        a team's channel (a chat is no school's channel) whose address Bryggan keeps, with the app
        installed in its team. Nothing is asked of Teams: a channel's address is what sending needs."""
        if where.kind != "channel" or not where.channel:
            return Found(Postability.UNSEEN, "channel_not_found")
        with self._sessions.begin() as session:
            row = teams_addresses.get_address(session, id=where.channel_id)
            if row is None or row.kind != "channel" or row.team_id != where.team_id:
                return Found(Postability.UNSEEN, "channel_not_found")
            return Found(Postability.POSTABLE if row.installed else Postability.NOT_MEMBER)

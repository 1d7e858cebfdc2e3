"""Teams addresses: the short internal id of a tenant, person or channel, and how to reach it.

The internal id is derived from Teams' own id (a hash), so an incoming activity needs no lookup to
know whom it is about; only sending needs the row (service URL, conversation id).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Literal, NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import TeamsAddress

Kind = Literal["tenant", "user", "channel"]
_PREFIX: dict[str, str] = {"tenant": "MT", "user": "MU", "channel": "MC"}
NAME_LENGTH = 200  # the `name` column's width: a longer display name is cut, not refused
PLATFORM_PREFIX = "M"  # no Slack id starts with M: a workspace id tells its platform at a glance


class Person(NamedTuple):
    """A Teams person as a mention needs them: their Teams id and display name."""

    teams_id: str
    name: str


def internal_id(kind: Kind, teams_id: str) -> str:
    """The id Bryggan's tables use for a Teams id: a prefix and 24 base32 characters of its hash."""
    digest = hashlib.sha256(f"{kind}\0{teams_id}".encode()).digest()[:15]
    return _PREFIX[kind] + base64.b32encode(digest).decode("ascii")


def is_teams(any_id: str) -> bool:
    """Whether an internal id (a workspace, person or channel) is a Teams one."""
    return any_id[:2] in _PREFIX.values()


def remember(
    session: Session,
    *,
    kind: Kind,
    teams_id: str,
    tenant_id: str,
    service_url: str,
    at: datetime,
    conversation_id: str | None = None,
    installed: bool = True,
    lang: str | None = None,
    parent_teams_id: str | None = None,
    name: str | None = None,
) -> TeamsAddress:
    """Insert or refresh an address; a known conversation id, language (a person's, "sv" or "en"),
    team (a channel's Teams team id) or display name (a person's) is kept when none is given."""
    key = internal_id(kind, teams_id)
    row = session.get(TeamsAddress, key)
    if row is None:
        row = TeamsAddress(
            id=key,
            kind=kind,
            team_id=internal_id("tenant", tenant_id),
            teams_id=teams_id,
            tenant_id=tenant_id,
            service_url=service_url,
            conversation_id=conversation_id,
            installed=installed,
            lang=lang,
            parent_teams_id=parent_teams_id,
            name=_name(name),
            updated_at=at,
        )
        session.add(row)
    else:
        row.service_url, row.installed, row.updated_at = service_url, installed, at
        if conversation_id:
            row.conversation_id = conversation_id
        if lang:
            row.lang = lang
        if parent_teams_id:
            row.parent_teams_id = parent_teams_id
        rename(row, name)
    session.flush()
    return row


def rename(row: TeamsAddress, name: str | None) -> None:
    """Keep the display name Teams shows now; none (an activity without one) keeps the known one."""
    if _name(name):
        row.name = _name(name)


def _name(name: str | None) -> str | None:
    return name.strip()[:NAME_LENGTH] or None if name else None


def get_address(session: Session, *, id: str) -> TeamsAddress | None:
    """The address behind an internal id, if Bryggan has seen it."""
    return session.get(TeamsAddress, id)


def names_of(session: Session, *, team_id: str, ids: Iterable[str]) -> dict[str, Person]:
    """Each of these people (internal ids) whom Bryggan knows by name in a tenant, as Teams knows them."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.scalars(
        select(TeamsAddress).where(
            TeamsAddress.id.in_(wanted),
            TeamsAddress.team_id == team_id,
            TeamsAddress.kind == "user",
            TeamsAddress.name.is_not(None),
        )
    )
    return {row.id: Person(row.teams_id, str(row.name)) for row in rows}


def addresses_of(session: Session, *, team_id: str, kind: Kind) -> list[TeamsAddress]:
    """Every address of one kind in a tenant (its people, or its channels)."""
    return list(
        session.scalars(
            select(TeamsAddress).where(TeamsAddress.team_id == team_id, TeamsAddress.kind == kind)
        )
    )


def set_installed(session: Session, *, id: str, installed: bool, at: datetime) -> bool:
    """Mark whether the app is installed for that person or channel; True when the row exists."""
    done = session.execute(
        update(TeamsAddress).where(TeamsAddress.id == id).values(installed=installed, updated_at=at)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def uninstall_team(session: Session, *, tenant_id: str, parent_teams_id: str, at: datetime) -> int:
    """Mark every channel of a Teams team not installed (the app was removed from the team); how many."""
    done = session.execute(
        update(TeamsAddress)
        .where(
            TeamsAddress.team_id == internal_id("tenant", tenant_id),
            TeamsAddress.kind == "channel",
            TeamsAddress.parent_teams_id == parent_teams_id,
        )
        .values(installed=False, updated_at=at)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]

"""Per-workspace settings: the values a workspace overrides, one row per setting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import SLACK_BOTS, AuditEvent, School, WorkspaceSetting


def stored_settings(session: Session, *, team_id: str) -> dict[str, str]:
    """The workspace's own values by key; a key without a row takes the environment's default."""
    rows = session.scalars(select(WorkspaceSetting).where(WorkspaceSetting.team_id == team_id))
    return {row.key: row.value for row in rows}


def stored_by_workspace(session: Session, *, key: str) -> dict[str, str]:
    """Every workspace's own value for `key`, by team id (workspaces on the default are left out)."""
    rows = session.execute(
        select(WorkspaceSetting.team_id, WorkspaceSetting.value).where(WorkspaceSetting.key == key)
    )
    return {team_id: value for team_id, value in rows}


def put_setting(session: Session, *, team_id: str, key: str, value: str, by: str, at: datetime) -> bool:
    """Store the workspace's value for `key`; False when it already held exactly that value."""
    row = session.get(WorkspaceSetting, (team_id, key))
    if row is not None and row.value == value:
        return False
    if row is None:
        session.add(WorkspaceSetting(team_id=team_id, key=key, value=value, updated_by=by, updated_at=at))
    else:
        row.value, row.updated_by, row.updated_at = value, by, at
    session.flush()
    return True


def drop_setting(session: Session, *, team_id: str, key: str) -> bool:
    """Remove the workspace's value for `key` (the default applies again); False when it had none."""
    result = session.execute(
        delete(WorkspaceSetting).where(WorkspaceSetting.team_id == team_id, WorkspaceSetting.key == key)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def known_team_ids(session: Session) -> list[str]:
    """Every workspace the database knows: with schools, audited actions, settings or an installation."""
    columns = (School.team_id, AuditEvent.team_id, WorkspaceSetting.team_id, SLACK_BOTS.c.team_id)
    teams: set[str] = set()
    for column in columns:
        teams.update(t for t in session.scalars(select(column).distinct()) if t)
    return sorted(teams)

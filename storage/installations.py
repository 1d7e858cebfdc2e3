"""Slack installations (OAuth mode) on Bryggan's database, with every token sealed at rest.

slack_sdk's SQLAlchemy installation store keeps tokens in plain text. The store here is the same
store with its token columns typed `SealedToken`: a value is sealed on its way into the database and
opened on its way out, so Bolt, the token rotator and the dispatcher only ever see plain tokens while
the tables hold none. The tables themselves are declared in storage/models.py (Alembic owns them).
"""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, String, Table, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from storage.models import (
    SEALED_TOKEN_LENGTH,
    SLACK_BOTS,
    SLACK_INSTALLATIONS,
    SLACK_OAUTH_STATES,
    TOKEN_COLUMNS,
)

log = logging.getLogger("bryggan.installations")

# PostgreSQL advisory locks are keyed by two integers: this space, and a hash of the team id.
REFRESH_LOCK_SPACE = 0x42525947  # "BRYG"
_team_locks: dict[str, threading.Lock] = {}  # SQLite: one process, so a lock per team in memory
_team_locks_guard = threading.Lock()


class Box(Protocol):
    """What seals and opens a text (bot.crypto.TextBox)."""

    def seal(self, text: str) -> str: ...

    def open(self, token: str) -> str: ...


class SealedToken(TypeDecorator[str]):
    """A token column: sealed with the box when written, opened when read."""

    impl = String(SEALED_TOKEN_LENGTH)
    cache_ok = True

    def __init__(self, box: Box) -> None:
        super().__init__()
        self.box = box

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else self.box.seal(value)

    def process_result_value(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else self.box.open(value)


class SealedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy installation store whose tokens never reach the database in clear."""

    def __init__(self, *, client_id: str, engine: Engine, box: Box) -> None:
        super().__init__(
            client_id=client_id,
            engine=engine,
            bots_table_name=SLACK_BOTS.name,
            installations_table_name=SLACK_INSTALLATIONS.name,
            logger=log,
        )
        # The store's own copies of the tables (it builds them on a private MetaData), retyped.
        self.bots = _sealed(self.bots, box)
        self.installations = _sealed(self.installations, box)
        # Told the team id whenever this process stores or deletes a workspace's tokens, so a cache
        # of them (the outbox's, scheduler/workspaces.py) never outlives a change made here.
        self._on_change: list[Callable[[str], object]] = []

    def on_change(self, listener: Callable[[str], object]) -> None:
        """Call `listener(team_id)` after each save or delete of that workspace's tokens here."""
        self._on_change.append(listener)

    def save(self, installation: Installation) -> None:
        super().save(installation)
        self._changed(installation.team_id)

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(bot)
        self._changed(bot.team_id)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        super().delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self._changed(team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        super().delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)
        self._changed(team_id)

    def _changed(self, team_id: str | None) -> None:
        for listener in self._on_change:
            listener(team_id or "")

    def create_tables(self) -> None:
        raise RuntimeError("the installation tables come from the migrations (bryggan db upgrade)")

    @contextmanager
    def refresh_lock(self, team_id: str) -> Iterator[None]:
        """Held while a workspace's token is refreshed: one thread of one replica at a time.

        With rotation a refresh token is good once, so a second concurrent refresh is refused
        (`invalid_refresh_token`) and its replica is left without a token. On PostgreSQL the lock is
        a transaction-level advisory lock, released by the commit however the block ends; SQLite
        allows one process only, so a lock in memory is enough there.
        """
        if self.engine.dialect.name != "postgresql":
            with _team_lock(team_id):
                yield
            return
        with self.engine.begin() as connection:
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:space, :key)"),
                {"space": REFRESH_LOCK_SPACE, "key": _int32(zlib.crc32(team_id.encode()))},
            )
            yield


class OAuthStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's SQLAlchemy OAuth state store on the migrated table (states are not secret)."""

    def __init__(self, *, engine: Engine, expiration_seconds: int) -> None:
        super().__init__(
            expiration_seconds=expiration_seconds,
            engine=engine,
            logger=log,
            table_name=SLACK_OAUTH_STATES.name,
        )

    def create_tables(self) -> None:
        raise RuntimeError("the OAuth state table comes from the migrations (bryggan db upgrade)")


def _team_lock(team_id: str) -> threading.Lock:
    with _team_locks_guard:
        return _team_locks.setdefault(team_id, threading.Lock())


def _int32(value: int) -> int:
    """An unsigned 32-bit hash as PostgreSQL's signed `int4` (a collision only makes two teams wait)."""
    return value - (1 << 32) if value >= 1 << 31 else value


def _sealed(table: Table, box: Box) -> Table:
    """A copy of `table` whose token columns seal and open through `box`."""
    copy = table.to_metadata(MetaData())
    for name in TOKEN_COLUMNS:
        if name in copy.c:
            copy.c[name].type = SealedToken(box)
    return copy


def installed_teams(session: Session, *, client_id: str) -> list[str]:
    """The workspaces holding a bot token of this app (Bolt deletes an uninstalled workspace's rows)."""
    c = SLACK_BOTS.c
    query = select(c.team_id).where(
        c.client_id == client_id, c.bot_token.is_not(None), c.team_id.is_not(None)
    )
    return sorted(set(session.scalars(query.distinct())))


def reseal_tokens(session: Session, *, reseal: Callable[[str], str | None]) -> None:
    """Replace each stored sealed token by `reseal(token)` (None: leave it), for key rotation."""
    for table in (SLACK_INSTALLATIONS, SLACK_BOTS):
        columns = [table.c[name] for name in TOKEN_COLUMNS if name in table.c]
        for row in session.execute(select(table.c.id, *columns)).mappings().all():
            changes: dict[str, Any] = {}
            for column in columns:
                value = row[column.name]
                if value is not None and (new := reseal(value)) is not None:
                    changes[column.name] = new
            if changes:
                session.execute(update(table).where(table.c.id == row["id"]).values(**changes))

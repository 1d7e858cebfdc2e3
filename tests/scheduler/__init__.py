"""The outbox test bed: a real database, the Slack stand-in on a FakeClock, and dispatchers against both."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FakeClock
from localslack import LocalSlack, Workspace
from localslack.models import Message
from scheduler.outbox import EVENT_TYPE, Dispatcher, Render, Rendered
from storage.db import make_engine, make_sessions
from storage.models import DeliveryStatus, OutboxMessage
from storage.outbox import add_outbox_message, list_outbox
from tests.slackbed import BOT_TOKEN, CHANNELS, PEOPLE, TEAM

ADMINS = (PEOPLE.admin, PEOPLE.slack_admin)


def render(row: OutboxMessage) -> Rendered:
    """Words for a test row; the "broken" template fails like a template bug would."""
    if row.template == "broken":
        raise KeyError("missing template variable")
    return Rendered(text=f"{row.template} {row.args.get('n', '')}".strip())


class Bed:
    """One test's database, clock and Slack, with helpers to owe messages and read what Slack holds."""

    def __init__(self, database_url: str, clock: FakeClock, slack: LocalSlack, workspace: Workspace) -> None:
        self.engine = make_engine(database_url)
        self.sessions: sessionmaker[Session] = make_sessions(self.engine)
        self.clock = clock
        self.slack = slack
        self.workspace = workspace
        self.backend = self.engine.dialect.name

    def client(self, team_id: str = TEAM) -> WebClient:
        """A client with no automatic re-send, as the dispatcher must have."""
        assert team_id == TEAM
        return WebClient(token=BOT_TOKEN, base_url=self.slack.api_url, retry_handlers=[], timeout=5)

    def dispatcher(
        self,
        owner: str = "A",
        *,
        client_for: Callable[[str], WebClient] | None = None,
        admins: Callable[[str], Iterable[str]] = lambda _team: ADMINS,
        render: Render = render,
        **options: Any,
    ) -> Dispatcher:
        """A dispatcher with its own session factory, as a separate replica would have."""
        return Dispatcher(
            sessions=make_sessions(self.engine),
            clock=self.clock,
            client_for=client_for or self.client,
            render=render,
            owner=owner,
            admins=admins,
            rng=random.Random(7),
            **options,
        )

    def owe(
        self,
        key: str,
        recipient: str = CHANNELS.berzelius,
        *,
        template: str = "reminder",
        due_in: timedelta = timedelta(0),
        **options: Any,
    ) -> bool:
        """Enqueue one message due `due_in` from now."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            return add_outbox_message(
                session,
                team_id=TEAM,
                key=key,
                recipient=recipient,
                template=template,
                args={"n": key},
                due_at=now + due_in,
                now=now,
                **options,
            )

    def rows(self, status: DeliveryStatus | None = None) -> list[OutboxMessage]:
        """The workspace's outbox rows."""
        with self.sessions.begin() as session:
            return list_outbox(session, team_id=TEAM, status=status)

    def row(self, key: str) -> OutboxMessage:
        """The row owed under `key`."""
        (found,) = [row for row in self.rows() if row.key == key]
        return found

    def posted(self, key: str) -> list[Message]:
        """Every message the stand-in stored that carries `key` in Bryggan's metadata."""
        return [m for m in self.workspace.messages if carried_key(m) == key]

    def calls(self, method: str) -> int:
        """How many times the stand-in was called with `method`."""
        return sum(1 for name, _team, _args in list(self.slack.calls) if name == method)

    def advance(self, delta: timedelta) -> None:
        """Move the shared clock."""
        self.clock.advance(delta)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def carried_key(message: Message) -> str | None:
    """The outbox key in a stored message's metadata, if Bryggan put one there."""
    metadata = message.metadata or {}
    if metadata.get("event_type") != EVENT_TYPE:
        return None
    return metadata["event_payload"].get("key")

"""How the outbox reaches one chat platform: the dispatcher's claims, leases, back-offs and marks are
shared (scheduler/outbox/); only the calls to Slack or Teams differ, behind `Transport`."""

from __future__ import annotations

import http.client
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from scheduler.reconcile import EVENT_TYPE, find_posted
from scheduler.slack_errors import Failure, classify
from storage.models import OutboxMessage

# Slack's answers to a token it no longer accepts: with a cached token, read it afresh once.
_TOKEN_REFUSED = frozenset(
    {"invalid_auth", "token_revoked", "token_expired", "not_authed", "account_inactive"}
)


@dataclass(frozen=True)
class Rendered:
    """The words of one message: the fallback text and optional Block Kit blocks."""

    text: str
    blocks: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Posted:
    """A message the platform holds: its id, where it is, and when it was stored if not just now."""

    id: str  # Slack's ts, or Teams' activity id
    conversation: str | None  # kept on the row as channel_id; None keeps what the row has
    at: datetime | None = None  # a message found by reconciliation was sent when the platform stored it


class Transport(Protocol):
    """One platform's calls. Every method may raise; `classify` says what a raised error means."""

    id_column: ClassVar[str]  # the outbox column holding the platform's id of a sent message
    # Whether `find` can see an earlier post: without it, each accepted row is marked at once.
    reconciles: ClassVar[bool]
    errors: tuple[type[Exception], ...]  # the platform's failures (rendering may raise them too)

    def open(self, row: OutboxMessage) -> str:
        """The conversation the row goes to (may ask the platform)."""
        ...

    def find(self, row: OutboxMessage, conversation: str, parent_id: str | None) -> Posted | None:
        """The message a row owes, if the platform already holds it (after an unclear outcome)."""
        ...

    def post(
        self, row: OutboxMessage, conversation: str, rendered: Rendered, parent_id: str | None
    ) -> Posted:
        """Post the row's words, in the thread of `parent_id` when given."""
        ...

    def edit(self, row: OutboxMessage, target: OutboxMessage, rendered: Rendered) -> Posted:
        """Rewrite the message sent for `target` (doing it twice is harmless)."""
        ...

    def keep(self, conversation: str | None) -> str | None:
        """The conversation worth keeping on the row's channel_id (None: keep what it has)."""
        ...

    def classify(self, exc: Exception) -> Failure:
        """Give up, retry, or check before retrying."""
        ...


def sent_id(transport: Transport, row: OutboxMessage) -> str | None:
    """The platform's id of the message a row was sent as."""
    return getattr(row, transport.id_column)


class SlackTransport:
    """Slack's Web API through each workspace's client, which has no automatic re-send."""

    id_column: ClassVar[str] = "slack_ts"
    reconciles: ClassVar[bool] = True
    # What a Slack call raises when Slack, not our code, failed (URLError and timeouts are OSErrors).
    errors = (SlackApiError, OSError, http.client.HTTPException)

    def __init__(self, client_for: Callable[[str], WebClient]) -> None:
        self._client_for = client_for
        self._dm_channels: dict[tuple[str, str], str] = {}  # DM ids never change; spares conversations.open

    def open(self, row: OutboxMessage) -> str:
        """A channel, the DM already known, or the user id itself (Slack opens the DM on post)."""
        client = self._client_for(row.team_id)  # OAuth mode: may refresh the workspace's token
        if row.recipient[:1] not in ("U", "W"):
            return row.recipient
        if row.channel_id:
            return row.channel_id
        cache_key = (row.team_id, row.recipient)
        if cache_key not in self._dm_channels:
            if not row.needs_reconcile:
                # Posting to a user id opens the DM and names it in the response: this spares
                # conversations.open, whose 50-a-minute limit would otherwise pace a burst of DMs.
                return row.recipient
            opened = client.conversations_open(users=row.recipient)  # history needs the DM's id
            self._dm_channels[cache_key] = str(opened["channel"]["id"])
        return self._dm_channels[cache_key]

    def find(self, row: OutboxMessage, conversation: str, parent_id: str | None) -> Posted | None:
        """Look for the row's key in the conversation's history (scheduler/reconcile.py)."""
        ts = self._call(row.team_id, lambda c: find_posted(c, conversation, row, parent_id))
        if ts is None:
            return None
        return Posted(ts, conversation, datetime.fromtimestamp(float(ts), UTC))

    def post(
        self, row: OutboxMessage, conversation: str, rendered: Rendered, parent_id: str | None
    ) -> Posted:
        """chat.postMessage, carrying the row's key in metadata for reconciliation."""
        metadata = {"event_type": EVENT_TYPE, "event_payload": {"key": row.key, "team_id": row.team_id}}
        response = self._call(
            row.team_id,
            lambda c: c.chat_postMessage(
                channel=conversation,
                text=rendered.text,
                blocks=rendered.blocks,
                thread_ts=parent_id,
                metadata=metadata,
            ),
        )
        posted_in = str(response.get("channel") or conversation)
        if row.recipient == conversation:  # a DM posted to the user id: remember the DM's id
            self._dm_channels[(row.team_id, row.recipient)] = posted_in
        return Posted(str(response["ts"]), posted_in)

    def edit(self, row: OutboxMessage, target: OutboxMessage, rendered: Rendered) -> Posted:
        """chat.update of the target's message."""
        channel = str(target.channel_id)
        self._call(
            row.team_id,
            lambda c: c.chat_update(
                channel=channel, ts=target.slack_ts, text=rendered.text, blocks=rendered.blocks
            ),
        )
        return Posted(str(target.slack_ts), channel)

    def keep(self, conversation: str | None) -> str | None:
        """A conversation id worth keeping; a user id (a DM not yet opened) is not one."""
        return None if conversation is None or conversation[:1] in ("U", "W") else conversation

    def classify(self, exc: Exception) -> Failure:
        """scheduler/slack_errors.py's table."""
        return classify(exc)

    def _call(self, team_id: str, call: Callable[[WebClient], Any]) -> Any:
        """`call(client)`. A client whose token Slack refuses may carry a token cached from before a
        reinstall (scheduler/workspaces.py): the call is made once more with the token read afresh,
        if it differs. A refused call posted nothing, so that is safe."""
        client = self._client_for(team_id)
        try:
            return call(client)
        except SlackApiError as exc:
            forget = getattr(self._client_for, "forget", None)
            if forget is None or exc.response.get("error") not in _TOKEN_REFUSED:
                raise
            forget(team_id)
            fresh = self._client_for(team_id)
            if fresh is client:
                raise
            return call(fresh)

"""Reconciliation: whether Slack already holds the message an outbox row owes, found by its key."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from storage.models import OutboxMessage

EVENT_TYPE = "bryggan_outbox"
# Hosts' clocks and Slack's differ a little; look a minute further back than the first possible post.
RECONCILE_SKEW = timedelta(seconds=60)


def find_posted(client: WebClient, channel: str, row: OutboxMessage, parent_ts: str | None) -> str | None:
    """The ts of a message already carrying this row's key, if Slack has one."""
    oldest = f"{(max(row.created_at, row.due_at) - RECONCILE_SKEW).timestamp():.6f}"
    cursor: str | None = None
    while True:
        common: dict[str, Any] = {"channel": channel, "oldest": oldest, "limit": 200, "cursor": cursor}
        if parent_ts:  # replies are not in conversations.history
            page = _replies_or_none(client, parent_ts, common)
            if page is None:  # the parent is gone: Slack posts a reply to it at the top level
                return find_posted(client, channel, row, None)
        else:
            page = client.conversations_history(include_all_metadata=True, **common)
        for message in page.get("messages") or []:
            if carries(message, row.key):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None


def carries(message: dict[str, Any], key: str) -> bool:
    """Whether a Slack message carries Bryggan's metadata for `key`."""
    metadata = message.get("metadata") or {}
    return (
        metadata.get("event_type") == EVENT_TYPE and (metadata.get("event_payload") or {}).get("key") == key
    )


def _replies_or_none(client: WebClient, parent_ts: str, common: dict[str, Any]) -> Any:
    """A page of a thread; None when Slack has no such thread in that conversation."""
    try:
        return client.conversations_replies(ts=parent_ts, include_all_metadata=True, **common)
    except SlackApiError as exc:
        if exc.response.get("error") == "thread_not_found":
            return None
        raise

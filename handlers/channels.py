"""Can Bryggan post in a channel? conversations.info's is_member and is_archived.

Needs channels:read (public channels) and groups:read (private ones), nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


class Postability(Enum):
    POSTABLE = "postable"
    NOT_MEMBER = "not_member"  # a public channel Bryggan was never invited to
    ARCHIVED = "archived"
    UNSEEN = "unseen"  # channel_not_found (a private channel without Bryggan, or deleted), or another error


@dataclass(frozen=True, slots=True)
class Found:
    """What conversations.info said about one channel (the Slack error code when it refused)."""

    state: Postability
    error: str = ""


def postability(client: WebClient, channel_id: str) -> Found:
    """Whether Bryggan can post in `channel_id`, without posting anything there."""
    try:
        answer = client.conversations_info(channel=channel_id)
    except SlackApiError as exc:
        return Found(Postability.UNSEEN, str(exc.response.get("error", "")))
    except OSError:  # no answer (URLError and timeouts are OSErrors)
        return Found(Postability.UNSEEN, "connection")
    channel = answer.get("channel") or {}
    if channel.get("is_archived"):
        return Found(Postability.ARCHIVED)
    if not channel.get("is_member"):
        return Found(Postability.NOT_MEMBER)
    return Found(Postability.POSTABLE)


def can_post(client: WebClient, channel_id: str) -> bool | None:
    """True or False when Slack said so; None when it could not tell (rate limit, outage, scope)."""
    found = postability(client, channel_id)
    if found.state is Postability.UNSEEN and found.error != "channel_not_found":
        return None
    return found.state is Postability.POSTABLE
